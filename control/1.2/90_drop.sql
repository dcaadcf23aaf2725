-- ------------------------------------------------------------------ 1.1 -> 1.2: what goes
DROP FUNCTION frontline._cache_on_insert();
DROP FUNCTION frontline._cache_on_update();
DROP FUNCTION frontline._cache_on_delete();
DROP FUNCTION frontline._cache_on_truncate();
DROP FUNCTION frontline._cache_on_place_insert();
DROP FUNCTION frontline._cache_refresh(integer[]);
-- the cache as 1.2 keeps it (max_event filled), computed from the claims
SELECT frontline.refresh_cache();
