-- Install, and check the catalogue: every object commented, labels honest.
\i test/sql/fixture.sql
-- a fresh install, whatever the files before this one left
SET client_min_messages = warning;
DROP EXTENSION frontline CASCADE;
RESET client_min_messages;
CREATE EXTENSION frontline CASCADE;
SELECT extversion FROM pg_extension WHERE extname = 'frontline';
SELECT nspname FROM pg_namespace n JOIN pg_extension e ON e.extnamespace = n.oid WHERE e.extname = 'frontline';

-- err() comes from test/sql/fixture.sql

-- every function, type, table, operator and operator class of the extension has a comment
SELECT d.classid::regclass, d.objid,
       pg_describe_object(d.classid, d.objid, 0) AS object
  FROM pg_depend d
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE d.deptype = 'e'
   AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_class'::regclass,
                     'pg_operator'::regclass, 'pg_opclass'::regclass)
   AND NOT (d.classid = 'pg_class'::regclass AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('S', 'i'))
   AND NOT (d.classid = 'pg_type'::regclass AND (SELECT typtype FROM pg_type WHERE oid = d.objid) <> 'b')
   AND obj_description(d.objid, d.classid::regclass::name) IS NULL
 ORDER BY 3;

-- No SECURITY DEFINER function at all (the cache is maintained at commit by
-- C code, docs/design-1.2.md); every PL/pgSQL function runs with
-- search_path = pg_catalog, pg_temp; C functions IMMUTABLE except the cache's
-- trigger and maintenance functions, table readers STABLE, writers VOLATILE
SELECT p.proname, p.prorettype::regtype, p.proconfig
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE p.prosecdef ORDER BY 1;
SELECT p.proname, p.proconfig
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
   AND p.proconfig[1] IS DISTINCT FROM 'search_path=pg_catalog, pg_temp'
 ORDER BY 1;
-- the few functions that set more than their search_path, and what they set
-- (the radius and front functions run without parallel workers, 70_radius.sql;
-- the claims fallbacks without JIT, 55_read.sql; place_at and control_at(point)
-- plan once per session, 65_areas.sql, and so do within_radius, front and
-- front_series, 70_radius.sql;
-- the commit-time flush without JIT, 50_cache.sql)
SELECT p.proname, pg_get_function_identity_arguments(p.oid) LIKE '%geometry%' AS on_geometry, p.proconfig[2:] AS more
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE cardinality(p.proconfig) > 1
 ORDER BY 1, 2, 3;
SELECT p.proname, p.provolatile, p.proparallel, count(*)
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE (p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype) AND (p.provolatile <> 'v' OR p.proparallel <> 'u'))
    OR (p.proname LIKE 'record_%' AND p.provolatile <> 'v')
    OR (p.proname IN ('snapshot', 'changes', 'history', 'find_place') AND p.provolatile <> 's')
    OR (p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') AND p.provolatile <> 'i'
        AND p.proname NOT IN ('cache_mark', 'cache_guard', '_cache_pending', 'cache_usable', 'refresh_cache', '_area_cache_usable', 'area_mark',
                              '_policy_cache', '_claim_sets_usable', 'cache_policy', 'uncache_policy', 'policy_cache_refusal',
                              'policy_ddl', 'policy_using', 'flush_execute', 'flush_execute_sequential', 'check_contenders',
                              'cache_ddl')
        -- the single-place reads in C read the cache (or the claims): STABLE
        AND NOT (p.proname IN ('_history', 'control_at', 'history') AND p.provolatile = 's'))
 GROUP BY 1, 2, 3;

-- pg_dump keeps the user data
SELECT unnest(extconfig)::regclass::text AS dumped FROM pg_extension WHERE extname = 'frontline' ORDER BY 1;
