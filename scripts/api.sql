-- The API as the catalogue states it: every function of schema frontline
-- that is not internal (no leading underscore, not a type's support
-- function), with its section, arguments, result and COMMENT.  Included by
-- scripts/reference.sql (docs/reference.md) and scripts/api_table.sql (the
-- README's API table), so both come from this one query.  A function in no
-- section is 'Unsorted', and scripts/reference.sh --check fails on it.
CREATE TEMP VIEW api_functions AS
WITH ext AS (
    SELECT d.classid, d.objid FROM pg_depend d
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
     WHERE d.deptype = 'e'),
sections(section, ord, names) AS (VALUES
    ('Writing claims', 1, '{add_actor,add_place,add_alias,record_control,record_contested,record_unknown}'::text[]),
    ('Reading control', 2, '{control_at,history,snapshot,changes,control_series,place_at,find_place,find_actor,winning_claims}'),
    ('As of: what was known when', 3, '{revisions,sources_at,disagreements,fall_window,fall_windows}'),
    ('Radius from the capital', 4, '{from_capital,within_radius,rings,front,front_series,capital_of,series_steps}'),
    ('Geodesy', 5, '{geodesic_km,bearing,compass,geodesic_circle,geodesic_inverse,geodesic_direct,geo_wgs84,geodesic_area_km2}'),
    ('Areas', 6, '{area_snapshot,area_series,import_territory,set_area_layer,normalize_status}'),
    ('Import', 7, '{import_acled,acled_staging,parse_acled_date}'),
    ('Maps and charts', 8, '{snapshot_geojson,control_mvt,control_tiles,snapshot_svg,front_chart_svg,actor_color}'),
    ('The cache', 9, '{cache_usable,cache_check,area_cache_check,refresh_cache,cache_policy,uncache_policy,policy_cache_check}'),
    ('The control_history type', 10, '{state_at,since,periods,held,first_held,transitions,changed_during,held_by,contested_state,fold_name,name_distance}'),
    ('Argument checks', 12, '{check_claim,check_confidence,check_geometry,check_instant,check_place_id,check_radius}'))
SELECT coalesce(CASE WHEN p.prokind = 'a' THEN 'Aggregates' END, s.section, 'Unsorted') AS section,
       coalesce(CASE WHEN p.prokind = 'a' THEN 11 END, s.ord, 99) AS ord,
       p.oid, p.proname, p.prokind,
       pg_get_function_arguments(p.oid) AS args,
       CASE WHEN p.prokind = 'a' THEN format_type(p.prorettype, NULL) ELSE pg_get_function_result(p.oid) END AS result,
       coalesce(obj_description(p.oid, 'pg_proc'), '') AS comment,
       -- the names of the input arguments, in order
       ARRAY(SELECT coalesce(nullif(n.name, ''), '$' || n.i)
               FROM unnest(coalesce(p.proargnames, array_fill(''::text, ARRAY[p.pronargs])),
                           coalesce(p.proargmodes, array_fill('i'::"char", ARRAY[p.pronargs])))
                    WITH ORDINALITY n(name, mode, i)
              WHERE n.mode IN ('i', 'b', 'v') ORDER BY n.i) AS arg_names
  FROM ext JOIN pg_proc p ON ext.classid = 'pg_proc'::regclass AND p.oid = ext.objid
  LEFT JOIN sections s ON p.proname = ANY (s.names)
 WHERE p.pronamespace = 'frontline'::regnamespace AND p.proname !~ '^_'
   AND p.proname !~ '^control_history_(in|out|recv|send|eq|ne|hash|agg_)';
