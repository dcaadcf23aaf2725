/*
 * fl_compat_sql.c — the C entry points of 1.0 and 1.1 under their old
 * names, each forwarding to its 1.2 function (named after its SQL
 * function: frontline_<name>).  The catalogue of an installed 1.0 or 1.1
 * names these until ALTER EXTENSION frontline UPDATE, and the frozen
 * scripts frontline--1.0.sql and frontline--1.0--1.1.sql create them, so a
 * new library must still answer to them.  Nothing in 1.2 uses them.
 */
#include "postgres.h"

#include "fmgr.h"

#define FL_COMPAT(old, new) \
	extern Datum new(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(old); \
	Datum old(PG_FUNCTION_ARGS) { return new(fcinfo); }

FL_COMPAT(claim_set_agg_final, frontline_claim_set_agg_final)
FL_COMPAT(claim_set_agg_trans, frontline_claim_set_agg_trans)
FL_COMPAT(claim_set_in, frontline_claim_set_in)
FL_COMPAT(claim_set_out, frontline_claim_set_out)
FL_COMPAT(claim_set_same, frontline_claim_set_same)
FL_COMPAT(control_history_agg_combine, frontline_control_history_agg_combine)
FL_COMPAT(control_history_agg_deserialize, frontline_control_history_agg_deserialize)
FL_COMPAT(control_history_agg_final, frontline_control_history_agg_final)
FL_COMPAT(control_history_agg_serialize, frontline_control_history_agg_serialize)
FL_COMPAT(control_history_agg_trans, frontline_control_history_agg_trans)
FL_COMPAT(control_history_control_at, frontline_control_at)
FL_COMPAT(control_history_eq, frontline_control_history_eq)
FL_COMPAT(control_history_first_held, frontline_first_held)
FL_COMPAT(control_history_hash, frontline_control_history_hash)
FL_COMPAT(control_history_held, frontline_held)
FL_COMPAT(control_history_in, frontline_control_history_in)
FL_COMPAT(control_history_length, frontline_transitions)
FL_COMPAT(control_history_ne, frontline_control_history_ne)
FL_COMPAT(control_history_out, frontline_control_history_out)
FL_COMPAT(control_history_periods, frontline_periods)
FL_COMPAT(control_history_recv, frontline_control_history_recv)
FL_COMPAT(control_history_send, frontline_control_history_send)
FL_COMPAT(control_history_since, frontline_since)
FL_COMPAT(control_history_state_at, frontline_state_at)
FL_COMPAT(fl_cache_guard, frontline_cache_guard)
FL_COMPAT(fl_cache_mark, frontline_cache_mark)
FL_COMPAT(fl_cache_pending, frontline__cache_pending)
FL_COMPAT(fl_cache_usable, frontline_cache_usable)
FL_COMPAT(fl_check_confidence_sql, frontline_check_confidence)
FL_COMPAT(fl_check_instant_sql, frontline_check_instant)
FL_COMPAT(fl_claims_changes_sql, frontline__claims_changes)
FL_COMPAT(fl_claims_controller, frontline__claims_controller)
FL_COMPAT(fl_claims_history, frontline__claims_history)
FL_COMPAT(fl_compass_sql, frontline_compass)
FL_COMPAT(fl_contested_state_sql, frontline_contested_state)
FL_COMPAT(fl_fold_name_sql, frontline_fold_name)
FL_COMPAT(fl_front_hist_final, frontline__front_hist_final)
FL_COMPAT(fl_front_hist_trans, frontline__front_hist_trans)
FL_COMPAT(fl_geo_check_sql, frontline__geo_check)
FL_COMPAT(fl_geodesic_area_sql, frontline__geodesic_area_m2)
FL_COMPAT(fl_geodesic_azimuth_sql, frontline__geodesic_azimuth)
FL_COMPAT(fl_geodesic_circle_sql, frontline__geodesic_circle)
FL_COMPAT(fl_geodesic_direct_sql, frontline_geodesic_direct)
FL_COMPAT(fl_geodesic_inverse_sql, frontline_geodesic_inverse)
FL_COMPAT(fl_geodesic_m_sql, frontline__geodesic_m)
FL_COMPAT(fl_geodesic_point_azimuth_sql, frontline__geodesic_point_azimuth)
FL_COMPAT(fl_geodesic_point_km_sql, frontline__geodesic_point_km)
FL_COMPAT(fl_gist_compress, frontline__gist_compress)
FL_COMPAT(fl_gist_consistent, frontline__gist_consistent)
FL_COMPAT(fl_gist_decompress, frontline__gist_decompress)
FL_COMPAT(fl_gist_penalty, frontline__gist_penalty)
FL_COMPAT(fl_gist_picksplit, frontline__gist_picksplit)
FL_COMPAT(fl_gist_same, frontline__gist_same)
FL_COMPAT(fl_gist_union, frontline__gist_union)
FL_COMPAT(fl_gkey_in, frontline__gkey_in)
FL_COMPAT(fl_gkey_out, frontline__gkey_out)
FL_COMPAT(fl_held_during, frontline__held_during)
FL_COMPAT(fl_history_changed, frontline__changed)
FL_COMPAT(fl_history_holds, frontline__holds)
FL_COMPAT(fl_name_distance_sql, frontline_name_distance)
FL_COMPAT(fl_refresh_cache, frontline_refresh_cache)
FL_COMPAT(fl_series_hist_final, frontline__series_hist_final)
FL_COMPAT(fl_series_hist_trans, frontline__series_hist_trans)
