-- Every statement below runs with search_path = pg_catalog, pg_temp: SQL
-- function bodies and constraints bind to pg_catalog's objects when they are
-- created, PL/pgSQL functions carry the same path, frontline's own names are
-- written schema-qualified, and PostGIS's names are written @postgis@.name,
-- replaced here by the schema PostGIS is installed in (the PostgreSQL 15
-- equivalent of @extschema:postgis@).  Nothing resolves through a schema that
-- other roles can create objects in, at install time or at run time.
DO $frontline_wrap$
DECLARE
    postgis_schema name;
BEGIN
    SELECT n.nspname INTO postgis_schema
      FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'postgis';
    IF postgis_schema IS NULL THEN
        RAISE EXCEPTION 'frontline needs the postgis extension' USING ERRCODE = 'undefined_object',
              HINT = 'CREATE EXTENSION frontline CASCADE installs it.';
    END IF;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    EXECUTE pg_catalog.replace($frontline_src$
