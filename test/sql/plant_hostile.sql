-- Plants hostile objects where a careless function would find them: for
-- every built-in and PostGIS function and operator that frontline's SQL uses
-- (taken from the catalogue: the dependencies of its SQL-standard bodies and
-- the names called in its PL/pgSQL sources), an exact-type overload in
-- schema public (PostGIS's schema here) and in pg_temp, polymorphic and
-- "any" arguments replaced by concrete types.  Every planted function raises
-- SQLSTATE HO001.  Run as a superuser; prints how many were planted.
CREATE TEMP TABLE hostile_planted (sig text);
DO $plant$
DECLARE
    ext oid := (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'frontline');
    postgis_ns oid := (SELECT extnamespace FROM pg_catalog.pg_extension WHERE extname = 'postgis');
    f record;
    variant text[];
    concrete text[] := ARRAY['text', 'integer', 'bigint', 'double precision', 'real', 'timestamp with time zone',
                             'boolean', 'interval', 'text[]', 'integer[]', 'timestamp with time zone[]', 'bigint[]'];
    c text;
    args text;
    ret text;
    n integer := 0;
    schemas text[] := ARRAY['public', 'pg_temp'];
    s text;
BEGIN
    FOR f IN
        WITH members AS (
            SELECT d.objid FROM pg_catalog.pg_depend d
             WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = ext
               AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass),
        -- built-ins are pinned: no dependency is recorded on them, so read the
        -- sources (PL/pgSQL text, and SQL-standard bodies as deparsed)
        sources AS (
            SELECT CASE WHEN q.prokind = 'f' AND q.prolang <> (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname = 'c')
                        THEN pg_catalog.pg_get_functiondef(q.oid) ELSE '' END AS src
              FROM pg_catalog.pg_proc q JOIN members m ON m.objid = q.oid),
        used AS (
            SELECT d.refobjid AS oid FROM pg_catalog.pg_depend d JOIN members m ON m.objid = d.objid
             WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
               AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
            UNION
            SELECT p.oid FROM pg_catalog.pg_proc p, sources q
             WHERE p.pronamespace IN ('pg_catalog'::pg_catalog.regnamespace, postgis_ns)
               AND p.prokind = 'f' AND p.proname !~ '^_'
               AND q.src ~* ('[^a-z0-9_]' || p.proname || '\s*\('))
        SELECT DISTINCT p.proname, p.proargtypes::pg_catalog.regtype[] AS types, p.pronargs,
               p.prorettype::pg_catalog.regtype::text AS rettype, p.proretset
          FROM used u JOIN pg_catalog.pg_proc p ON p.oid = u.oid
         WHERE p.pronamespace IN ('pg_catalog'::pg_catalog.regnamespace, postgis_ns) AND p.prokind = 'f'
           AND p.pronargs BETWEEN 1 AND 4
    LOOP
        FOREACH c IN ARRAY concrete LOOP
            args := (SELECT pg_catalog.string_agg(CASE
                        WHEN t::text IN ('anyelement', 'anynonarray', 'anycompatible', 'anycompatiblenonarray', '"any"')
                            THEN c
                        WHEN t::text IN ('anyarray', 'anycompatiblearray')
                            THEN CASE WHEN c LIKE '%[]' THEN c ELSE c || '[]' END
                        ELSE t::text END, ', ' ORDER BY o)
                       FROM pg_catalog.unnest(f.types) WITH ORDINALITY x(t, o));
            ret := CASE WHEN f.rettype IN ('anyelement', 'anyarray', 'anynonarray', 'anycompatible', 'anycompatiblearray',
                                            'record', 'internal', 'void', 'trigger', 'cstring')
                        THEN 'text' ELSE f.rettype END;
            FOREACH s IN ARRAY schemas LOOP
                BEGIN
                    EXECUTE pg_catalog.format(
                        'CREATE FUNCTION %s.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS %L',
                        s, f.proname, args, CASE WHEN f.proretset THEN 'SETOF ' ELSE '' END, ret,
                        pg_catalog.format('BEGIN RAISE EXCEPTION ''hostile %s(%s) ran'' USING ERRCODE = ''HO001''; END',
                                          f.proname, args));
                    INSERT INTO hostile_planted VALUES (pg_catalog.format('%s.%s(%s)', s, f.proname, args));
                    n := n + 1;
                EXCEPTION WHEN duplicate_function OR undefined_object OR invalid_function_definition
                               OR datatype_mismatch OR wrong_object_type OR feature_not_supported THEN
                    NULL;       -- the same signature exists there already (PostGIS in public), or not creatable
                END;
            END LOOP;
            EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(f.types) t
                                   WHERE t::text IN ('anyelement', 'anynonarray', 'anycompatible', 'anycompatiblenonarray',
                                                     '"any"', 'anyarray', 'anycompatiblearray'));
        END LOOP;
    END LOOP;
    -- operators: every built-in or PostGIS operator whose name appears in
    -- frontline's sources, for the types frontline works with
    FOR f IN
        WITH members AS (
            SELECT d.objid FROM pg_catalog.pg_depend d
             WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.refobjid = ext
               AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass),
        sources AS (
            SELECT pg_catalog.string_agg(pg_catalog.pg_get_functiondef(q.oid), ' ') AS src
              FROM pg_catalog.pg_proc q JOIN members m ON m.objid = q.oid
             WHERE q.prokind = 'f' AND q.prolang <> (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname = 'c'))
        SELECT o.oprname, o.oprleft::pg_catalog.regtype::text AS l, o.oprright::pg_catalog.regtype::text AS r,
               o.oprresult::pg_catalog.regtype::text AS res
          FROM pg_catalog.pg_operator o, sources
         WHERE o.oprnamespace IN ('pg_catalog'::pg_catalog.regnamespace, postgis_ns) AND o.oprleft <> 0
           AND o.oprleft::pg_catalog.regtype::text = ANY (concrete || ARRAY['numeric', 'tstzrange', 'name', 'oid', 'geometry', 'geography', 'anyarray', 'anyelement'])
           AND o.oprright::pg_catalog.regtype::text = ANY (concrete || ARRAY['numeric', 'tstzrange', 'name', 'oid', 'geometry', 'geography', 'anyarray', 'anyelement'])
           AND pg_catalog.strpos(sources.src, ' ' || o.oprname || ' ') > 0
    LOOP
        FOREACH c IN ARRAY ARRAY['text', 'integer', 'text[]', 'integer[]'] LOOP
            BEGIN
                args := pg_catalog.format('%s, %s',
                    CASE WHEN f.l LIKE 'any%' THEN c ELSE f.l END, CASE WHEN f.r LIKE 'any%' THEN c ELSE f.r END);
                EXECUTE pg_catalog.format('CREATE FUNCTION public.hostile_op_%s(%s) RETURNS %s LANGUAGE plpgsql AS %L',
                    n, args, CASE WHEN f.res LIKE 'any%' THEN 'boolean' ELSE f.res END,
                    'BEGIN RAISE EXCEPTION ''hostile operator ran'' USING ERRCODE = ''HO001''; END');
                EXECUTE pg_catalog.format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.hostile_op_%s)',
                    f.oprname, pg_catalog.split_part(args, ', ', 1), pg_catalog.split_part(args, ', ', 2), n);
                INSERT INTO hostile_planted VALUES (pg_catalog.format('operator public.%s(%s)', f.oprname, args));
                n := n + 1;
            EXCEPTION WHEN duplicate_function OR duplicate_object OR undefined_object OR invalid_function_definition
                           OR datatype_mismatch OR wrong_object_type OR feature_not_supported OR syntax_error
                           OR invalid_object_definition THEN
                NULL;
            END;
            EXIT WHEN f.l NOT LIKE 'any%' AND f.r NOT LIKE 'any%';
        END LOOP;
    END LOOP;
END
$plant$;
SELECT count(*) > 300 AS many_planted, count(*) FILTER (WHERE sig LIKE 'operator%') > 50 AS operators,
       count(*) FILTER (WHERE sig LIKE 'public.cardinality(integer[])%' OR sig LIKE 'public.format(text, text)%') = 2 AS the_classic_ones
  FROM hostile_planted;
