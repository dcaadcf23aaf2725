-- ------------------------------------------------------------------ 1.1 -> 1.2: what goes
-- the SECURITY DEFINER cache triggers and their helper
DROP FUNCTION frontline._cache_on_insert();
DROP FUNCTION frontline._cache_on_update();
DROP FUNCTION frontline._cache_on_delete();
DROP FUNCTION frontline._cache_on_truncate();
DROP FUNCTION frontline._cache_on_place_insert();
DROP FUNCTION frontline._cache_refresh(integer[]);
-- the read paths that wrote the rule again: every read now goes through
-- frontline._histories() and frontline._claims()
DROP FUNCTION frontline._controller_at(integer, timestamptz, text[], real);
DROP FUNCTION frontline._histories(timestamptz, text[], real);
DROP AGGREGATE frontline._front_sweep(integer, timestamptz, boolean, float8, timestamptz[]);
DROP FUNCTION frontline._front_sweep_trans(internal, integer, timestamptz, boolean, float8, timestamptz[]);
DROP FUNCTION frontline._front_sweep_final(internal);
DROP AGGREGATE frontline._series_sweep(integer, timestamptz, text, bigint, timestamptz[], bigint, bigint, bigint);
DROP FUNCTION frontline._series_sweep_trans(internal, integer, timestamptz, text, bigint, timestamptz[], bigint, bigint, bigint);
DROP FUNCTION frontline._series_sweep_final(internal);
-- the cache as 1.2 keeps it (max_event filled), computed from the claims
SELECT frontline.refresh_cache();
