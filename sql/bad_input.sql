-- The bad-input catalogue: hostile values thrown at every function.  Each
-- must end in a proper ERROR (SQLSTATE of a data-exception-like class, never
-- XX000 internal error) or a correct answer; the server stays up and the
-- tables are unchanged.  A statement_timeout turns a hang into a failure:
-- 60 s, unless the server sets frontline_test.statement_timeout (the
-- valgrind run, scripts/memcheck.sh, where everything is ~30x slower).
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
SELECT set_config('statement_timeout',
                  coalesce(nullif(current_setting('frontline_test.statement_timeout', true), ''), '60s'),
                  false) AS timeout \gset
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
SELECT frontline.add_actor('A') AS a, frontline.add_actor('B') AS b,
       frontline.add_place('P1', 'town', 'SRID=4326;POINT(60 30)', 'C', 'R', 'national') AS p1,
       frontline.add_place('P2', 'district', 'SRID=4326;POLYGON((61 31,62 31,62 32,61 31))', 'C', 'R') AS p2,
       frontline.add_place('Twin', 'town', 'SRID=4326;POINT(63 30)') AS twin1,
       frontline.add_place('Twin', 'village', 'SRID=4326;POINT(64 30)') AS twin2;
SELECT frontline.record_control('P1', 'A', '2021-01-01Z', 's1', 0.5),
       frontline.record_contested('P2', '2021-01-02Z', ARRAY['A', 'B'], 's2'),
       frontline.record_unknown('P1', '2021-01-03Z');

CREATE FUNCTION pg_temp.tables_md5() RETURNS text LANGUAGE sql AS $$
  SELECT md5(concat_ws('|',
    (SELECT string_agg(t::text, ',' ORDER BY t.actor_id) FROM frontline.actor t),
    (SELECT string_agg(t::text, ',' ORDER BY t.place_id) FROM frontline.place t),
    (SELECT string_agg(t::text, ',' ORDER BY t.place_id, t.alias) FROM frontline.place_alias t),
    (SELECT string_agg(t::text, ',' ORDER BY t.event_id) FROM frontline.control_event t)))
$$;
CREATE TEMP TABLE md5_before AS SELECT pg_temp.tables_md5() AS m;

-- 1. the catalogue: every statement must fail with the SQLSTATE shown
CREATE TEMP TABLE catalogue (n serial, q text);
INSERT INTO catalogue (q) VALUES
  -- control_history literals: malformed, truncated, unbalanced, unordered, out of range
  ($$SELECT 'garbage'::frontline.control_history$$),
  ($$SELECT '{'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z='::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=A'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=A,}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z="A}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=A"}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=A} trailing'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00=A}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=A, 2021-01-01T00:00:00Z=B}'::frontline.control_history$$),
  ($$SELECT '{2021-01-02T00:00:00Z=A, 2021-01-01T00:00:00Z=B}'::frontline.control_history$$),
  ($$SELECT '{infinity=A}'::frontline.control_history$$),
  ($$SELECT '{-infinity=A}'::frontline.control_history$$),
  ($$SELECT '{10000-01-01T00:00:00Z=A}'::frontline.control_history$$),
  ($$SELECT '{0000-12-31T00:00:00Z=A}'::frontline.control_history$$),
  ($$SELECT '{2021-02-30T00:00:00Z=A}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T25:00:00Z=A}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00.1234567Z=A}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=contested(A)}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=contested(A,A)}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=""}'::frontline.control_history$$),
  ($$SELECT '{2021-01-01T00:00:00Z=" A"}'::frontline.control_history$$),
  ($$SELECT format('{2021-01-01T00:00:00Z="%s"}', repeat('x', 1001))::frontline.control_history$$),
  ($$SELECT E'{2021-01-01T00:00:00Z="a\x01b"}'::frontline.control_history$$),
  -- instants
  ($$SELECT frontline.control_at('P1', 'infinity')$$),
  ($$SELECT frontline.control_at('P1', '-infinity')$$),
  ($$SELECT frontline.control_at('P1', '10000-01-01Z')$$),
  ($$SELECT frontline.record_control('P1', 'A', 'infinity')$$),
  ($$SELECT frontline.record_control('P1', 'A', '0001-01-01Z'::timestamptz - interval '1 day')$$),
  ($$SELECT * FROM frontline.changes('2021-01-02Z', '2021-01-01Z')$$),
  ($$SELECT * FROM frontline.snapshot(NULL)$$),
  -- coordinates, SRIDs, empty and invalid geometries
  ($$SELECT frontline.add_place('X', 'town', 'SRID=4326;POINT(NaN 0)')$$),
  ($$SELECT frontline.add_place('X', 'town', ST_SetSRID(ST_MakePoint(0, 'Infinity'), 4326))$$),
  ($$SELECT frontline.add_place('X', 'town', 'SRID=4326;POINT(200 0)')$$),
  ($$SELECT frontline.add_place('X', 'town', 'SRID=4326;POINT(0 91)')$$),
  ($$SELECT frontline.add_place('X', 'town', 'POINT(0 0)')$$),
  ($$SELECT frontline.add_place('X', 'town', 'SRID=99999;POINT(0 0)')$$),
  ($$SELECT frontline.add_place('X', 'town', 'SRID=4326;POINT EMPTY')$$),
  ($$SELECT frontline.add_place('X', 'district', 'SRID=4326;POLYGON((0 0,1 1,1 0,0 1,0 0))')$$),
  ($$SELECT frontline.add_place('X', 'town', 'SRID=4326;LINESTRING(0 0,1 1)')$$),
  ($$INSERT INTO frontline.place (name, kind, geom) VALUES ('X', 'town', 'SRID=4326;POINT(0 95)')$$),
  ($$SELECT frontline.control_at('SRID=4326;POINT(NaN NaN)'::geometry, '2021-01-05Z')$$),
  ($$SELECT frontline.control_at('POINT(60 30)'::geometry, '2021-01-05Z')$$),
  ($$SELECT frontline.place_at('SRID=4326;POINT(60 30)', -1)$$),
  ($$SELECT frontline.geodesic_km('SRID=4326;POINT(0 91)', 'SRID=4326;POINT(0 0)')$$),
  ($$SELECT frontline.geodesic_km('SRID=0;POINT(0 1)', 'SRID=4326;POINT(0 0)')$$),
  ($$SELECT frontline.geodesic_km('SRID=4326;GEOMETRYCOLLECTION EMPTY', 'SRID=4326;POINT(0 0)')$$),
  ($$SELECT frontline.bearing(ST_SetSRID(ST_MakePoint(0, 'Infinity'), 4326), 'SRID=4326;POINT(0 0)')$$),
  ($$SELECT frontline.geodesic_circle('SRID=4326;POINT(0 0)', 0)$$),
  ($$SELECT frontline.geodesic_circle('SRID=4326;POINT(0 0)', -1)$$),
  ($$SELECT frontline.geodesic_circle('SRID=4326;POINT(0 0)', 10, 2147483647)$$),
  -- names
  ($$SELECT frontline.control_at('Nowhere', '2021-01-05Z')$$),
  ($$SELECT frontline.control_at('Twin', '2021-01-05Z')$$),
  ($$SELECT frontline.control_at('', '2021-01-05Z')$$),
  ($$SELECT frontline.record_control('P1', 'Nobody', '2021-01-05Z')$$),
  ($$SELECT frontline.record_control('P1', 'contested', '2021-01-05Z')$$),
  ($$SELECT frontline.add_actor('unknown')$$),
  ($$SELECT frontline.add_actor(repeat('x', 1001))$$),
  ($$SELECT frontline.add_actor(E'a\nb')$$),
  ($$SELECT frontline.add_alias('Nowhere', 'N')$$),
  -- contested needs two or more contenders; confidence in 0..1
  ($$SELECT frontline.record_contested('P1', '2021-01-05Z', ARRAY['A'])$$),
  ($$SELECT frontline.record_contested('P1', '2021-01-05Z', ARRAY['A', NULL])$$),
  ($$SELECT frontline.record_contested('P1', '2021-01-05Z', ARRAY['A', 'A'])$$),
  ($$INSERT INTO frontline.control_event (place_id, at, state, contenders) VALUES (1, '2021-01-05Z', 'contested', ARRAY['A'])$$),
  ($$SELECT frontline.record_control('P1', 'A', '2021-01-05Z', 's', 1.5)$$),
  ($$SELECT frontline.record_control('P1', 'A', '2021-01-05Z', 's', -0.1)$$),
  ($$SELECT frontline.record_control('P1', 'A', '2021-01-05Z', 's', 'NaN')$$),
  ($$SELECT frontline.control_at('P1', '2021-01-05Z', NULL, 2)$$),
  ($$INSERT INTO frontline.control_event (place_id, at, actor, confidence) VALUES (1, '2021-01-05Z', 'A', 7)$$),
  -- radii
  ($$SELECT * FROM frontline.within_radius('P1', 0)$$),
  ($$SELECT * FROM frontline.within_radius('P1', -10)$$),
  ($$SELECT * FROM frontline.within_radius('P1', 'NaN')$$),
  ($$SELECT * FROM frontline.rings('P1', '2021-01-05Z', ARRAY[0])$$),
  ($$SELECT * FROM frontline.rings('P1', '2021-01-05Z', ARRAY['NaN']::float8[])$$),
  -- series bounds
  ($$SELECT * FROM frontline.front_series('A', 'P1', '2021-01-01Z', '2021-01-05Z', '0')$$),
  ($$SELECT * FROM frontline.front_series('A', 'P1', '2021-01-01Z', '3021-01-05Z', '1 second')$$),
  ($$SELECT * FROM frontline.front('A', 'P1', 'infinity')$$),
  -- capitals
  ($$SELECT * FROM frontline.from_capital('Twin')$$),
  ($$SELECT * FROM frontline.from_capital('P1', 'nowhere')$$),
  -- a place_id passed as text (an untyped parameter) is looked up as a name;
  -- the hint says how to pass the id
  ($$SELECT frontline.control_at('1', '2021-01-05Z')$$),
  -- a 2-D array where a list is expected: refused by frontline, naming the
  -- argument (it used to fail inside array_position with 0A000)
  ($$SELECT frontline.record_contested('P1', '2021-01-05Z', '{{A},{B}}')$$),
  ($$SELECT frontline.contested_state('{{A},{B}}')$$),
  ($$INSERT INTO frontline.control_event (place_id, at, state, contenders) VALUES (1, '2021-01-05Z', 'contested', '{{A},{B}}')$$),
  ($$SELECT * FROM frontline.rings('P1', '2021-01-05Z', '{{10},{20}}')$$),
  ($$SELECT frontline.snapshot_svg('2021-01-05Z', rings_km => '{{10},{20}}')$$),
  -- a span of more than 292,000 years, whose interval wraps around (the
  -- step count came out negative and generate_series ran for hours)
  ($$SELECT frontline.series_steps('1970-01-01Z', '294276-12-30Z', '1 hour')$$),
  -- a chart of more steps than it has pixels
  ($$SELECT frontline.front_chart_svg('A', 'P1', '2000-01-01Z', '2030-01-01Z', '1 day')$$);
CREATE TEMP TABLE outcome AS SELECT n, q, err(q) AS e FROM catalogue;
SELECT n, e FROM outcome ORDER BY n;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE e = 'no error') AS accepted,
       count(*) FILTER (WHERE e ~ '^(XX|58|P0)') AS internal_errors
  FROM outcome;

-- 2. a million transitions: accepted, within memory, and exact
SELECT frontline.transitions(h) AS transitions, frontline.control_at(h, '2021-01-01Z'::timestamptz + interval '999999 seconds') AS last
  FROM (SELECT ('{' || string_agg(to_char(('2021-01-01Z'::timestamptz + i * interval '1 second') AT TIME ZONE 'UTC',
                                          'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '=' || CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END,
                                  ',' ORDER BY i) || '}')::frontline.control_history AS h
          FROM generate_series(0, 999999) i) s;

-- 3. NULL in every argument position, and hostile values of each type in
--    every position, of every SQL-callable function; each call runs in a
--    subtransaction that is always rolled back
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE q;
        RAISE EXCEPTION 'rollback' USING ERRCODE = 'ZZ999';
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = 'ZZ999' THEN
            RETURN 'ok';
        END IF;
        RETURN SQLSTATE;
    END;
END $$;
CREATE TEMP TABLE good (typ regtype, argname text, v text, fn name);
INSERT INTO good VALUES ('text', 'capital', '''national''', 'add_place'), ('text', 'name', '''A''', 'find_actor');
INSERT INTO good (typ, argname, v) VALUES
  ('text', 'place', '''P1'''), ('text', 'capital', '''P1'''), ('text', 'name', '''P1'''), ('text', 'actor', '''A'''),
  ('text', 'held_by', '''A'''), ('text', 'level', '''national'''), ('text', 'kind', '''town'''), ('text', 'alias', '''Alias'''),
  ('text', 'color', '''#ff0000'''), ('text', 'lang', '''en'''), ('text', 'source', '''s1'''), ('text', 'note', '''n'''),
  ('text', 'what', '''x'''), ('text', 'country', '''C'''), ('text', 'admin1', '''R'''), ('text', 'a', '''A'''),
  ('text', 'b', '''B'''), ('text', NULL, '''A'''),
  ('integer', 'segments', '8'), ('integer', NULL, '1'), ('bigint', NULL, '1000'),
  ('timestamptz', NULL, '''2021-01-05Z'''), ('timestamptz', 'from_t', '''2021-01-01Z'''),
  ('timestamptz[]', NULL, 'ARRAY[''2021-01-05Z'']::timestamptz[]'), ('timestamptz', 'to_t', '''2021-01-09Z'''),
  ('float8', NULL, '10'), ('float8', 'lat1', '30'), ('float8', 'lat2', '31'), ('float8', 'ay', '30'), ('float8', 'by', '31'),
  ('real', NULL, '0.5'), ('boolean', NULL, 'false'), ('interval', NULL, '''1 day'''),
  ('text[]', NULL, 'ARRAY[''s1'', ''s2'']'), ('text[]', 'actors', 'ARRAY[''A'', ''B'']'), ('text[]', 'contenders', 'ARRAY[''A'', ''B'']'),
  ('float8[]', NULL, 'ARRAY[10, 20]::float8[]'), ('integer[]', NULL, 'ARRAY[1, 2]'), ('boolean[]', NULL, 'ARRAY[false, true]'),
  ('frontline.holding', NULL, 'ROW(''A'', ''[2021-01-01Z,2021-02-01Z)'')::frontline.holding'), ('tstzrange', NULL, '''[2021-01-01Z,2021-02-01Z)'''),
  ('geometry', NULL, '''SRID=4326;POINT(60 30)''::geometry'),
  ('geometry', 'extent', '''SRID=4326;POLYGON((60 30,61 30,61 31,60 30))''::geometry'),
  ('jsonb', NULL, '''{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [[[60, 30], [61, 30], [61, 31], [60, 30]]]}}]}'''),
  ('jsonb', 'status_map', '''{"occupied": "A"}'''),
  ('json', NULL, '''{"at": "2021-01-05T00:00:00Z", "sources": "s1,s2"}'''), ('regclass', NULL, '''acled_ok'''), ('regclass[]', NULL, '''{frontline_internal.cache_note}'''),
  ('integer', 'width', '900'), ('integer', 'height', '400'), ('integer', 'year', '2021'), ('text', 'd', '''15 August 2021'''),
  ('text', 'header', '''event_date,event_type'''), ('text', 'for_place', '''P1'''), ('text', 'label', '''Окуповано /// Occupied'''),
  ('bytea', NULL, 'decode(''0101000000000000000000244000000000000034c0'', ''hex'')'),
  ('frontline.control_history', NULL, '''{2021-01-01T00:00:00Z=A, 2021-01-04T00:00:00Z=contested(A,B)}''::frontline.control_history'),
  ('frontline_internal.claim_set', NULL, '(SELECT c.claims FROM frontline_internal.claim_cache c WHERE c.claims IS NOT NULL ORDER BY c.place_id LIMIT 1)'),
  ('name', NULL, '''no_such_policy''');
CREATE TEMP TABLE hostile (typ regtype, v text);
INSERT INTO hostile VALUES
  ('text', 'NULL'), ('text', ''''''), ('text', 'repeat(''x'', 100000)'), ('text', '(chr(1) || chr(127))'), ('text', '''contested'''),
  ('text', '''unknown'''), ('text', '''%s%n'''),
  ('integer', 'NULL'), ('integer', '-1'), ('integer', '0'), ('integer', '2147483647'), ('integer', '-2147483648'),
  ('bigint', 'NULL'), ('bigint', '-1'),
  ('timestamptz', 'NULL'), ('timestamptz', '''infinity'''), ('timestamptz', '''-infinity'''), ('timestamptz', '''4713-01-01 BC'''),
  ('timestamptz', '''294276-12-31Z'''),
  ('float8', 'NULL'), ('float8', '''NaN'''), ('float8', '''Infinity'''), ('float8', '''-Infinity'''), ('float8', '-1e308'),
  ('float8', '0'), ('float8', '-0.0'), ('float8', '1e-320'),
  ('real', 'NULL'), ('real', '''NaN'''), ('real', '-1'), ('real', '2'),
  ('boolean', 'NULL'), ('interval', 'NULL'), ('interval', '''0'''), ('interval', '''-1 day'''), ('interval', '''1 microsecond'''),
  ('interval', '''1 month -30 days'''),
  ('text[]', 'NULL'), ('text[]', '''{}'''), ('text[]', 'ARRAY[NULL]::text[]'), ('text[]', 'ARRAY[''A'']'),
  ('text[]', '''{{A,B},{A,B}}'''),
  ('frontline.holding', 'NULL'), ('frontline.holding', 'ROW(NULL, NULL)::frontline.holding'),
  ('frontline.holding', 'ROW(''A'', ''empty'')::frontline.holding'),
  ('integer[]', 'NULL'), ('integer[]', '''{}'''), ('integer[]', 'ARRAY[NULL, -1, 2147483647]::integer[]'),
  ('float8[]', 'NULL'), ('float8[]', '''{}'''), ('float8[]', 'ARRAY[NULL]::float8[]'), ('float8[]', '''{{1,2},{3,4}}'''),
  ('boolean[]', 'NULL'), ('boolean[]', 'ARRAY[NULL]::boolean[]'),
  ('tstzrange', 'NULL'), ('tstzrange', '''empty'''), ('tstzrange', '''(,)'''),
  ('geometry', 'NULL'), ('geometry', '''SRID=4326;POINT EMPTY'''), ('geometry', '''POINT(0 0)'''),
  ('geometry', '''SRID=4326;POINT(NaN 0)'''), ('geometry', '''SRID=4326;POINT(0 -91)'''), ('geometry', '''SRID=99999;POINT(0 0)'''),
  ('geometry', '''SRID=3857;POINT(1e30 1e30)'''), ('geometry', '''SRID=4326;POLYGON((0 0,1 1,1 0,0 1,0 0))'''),
  ('geometry', '''SRID=4326;GEOMETRYCOLLECTION(POINT(1 1),GEOMETRYCOLLECTION EMPTY)'''),
  ('geometry', '''SRID=4326;CIRCULARSTRING(0 0,1 1,2 0)'''), ('geometry', '''SRID=4326;POINT Z (1 2 3)'''),
  ('geometry', '''SRID=4326;TIN(((0 0 0,0 0 1,0 1 0,0 0 0)))'''), ('geometry', '''SRID=4326;POINT(180 90)'''),
  ('bytea', 'NULL'), ('bytea', 'decode('''', ''hex'')'), ('bytea', 'decode(''00'', ''hex'')'),
  ('bytea', 'decode(''01070000000100000001070000'', ''hex'')'), ('bytea', 'decode(''0102000000ffffffff'', ''hex'')'),
  ('frontline.control_history', 'NULL'), ('frontline.control_history', '''{}'''),
  ('frontline_internal.claim_set', 'NULL'),
  ('name', 'NULL'), ('name', ''''''), ('name', 'repeat(''x'', 100)'), ('name', '''%s%n'''),
  ('json', 'NULL'), ('json', '''[]'''), ('json', '''{"at": "soon", "min_confidence": "x"}'''), ('json', '''{"sources": {"a": 1}}'''),
  ('regclass', 'NULL'), ('regclass', '''pg_class'''), ('regclass', '''frontline.place'''),
  ('jsonb', 'NULL'), ('jsonb', '''[]'''), ('jsonb', '''"x"'''), ('jsonb', '''{"type": "FeatureCollection", "features": {}}'''),
  ('jsonb', '''{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]}}]}'''),
  ('jsonb', '''{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}]}'''),
  ('jsonb', '''{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1e300, 0], [1, 1], [0, 0]]]}}]}''');
-- an empty ACLED staging table for the valid calls of import_acled
CREATE TEMP TABLE acled_ok (event_id_cnty text, event_date text, year text, event_type text, sub_event_type text,
                            actor1 text, admin1 text, location text, latitude text, longitude text);
CREATE TEMP TABLE fns AS
SELECT p.oid, p.pronamespace::regnamespace::text AS nsp, p.proname, p.proargtypes::regtype[] AS types,
       coalesce(p.proargnames, '{}') AS names, p.pronargs
  FROM pg_proc p
  JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE p.prokind = 'f' AND p.pronargs > 0
   AND NOT ('internal'::regtype = ANY (p.proargtypes::regtype[]) OR 'cstring'::regtype = ANY (p.proargtypes::regtype[])
            OR 'frontline.control_history_gkey'::regtype = ANY (p.proargtypes::regtype[]));
CREATE FUNCTION pg_temp.good_value(t regtype, n text, f name) RETURNS text LANGUAGE sql AS $$
  SELECT coalesce((SELECT v FROM good WHERE typ = t AND argname = n AND fn = f),
                  (SELECT v FROM good WHERE typ = t AND argname = n AND fn IS NULL),
                  (SELECT v FROM good WHERE typ = t AND argname IS NULL)) || '::' || t::text
$$;
CREATE TEMP TABLE calls AS
SELECT f.proname, i AS pos, h.v AS bad,
       format('SELECT * FROM %I.%I(%s)', f.nsp, f.proname,
              (SELECT string_agg(CASE WHEN j = i THEN h.v || '::' || f.types[j]::text
                                      ELSE pg_temp.good_value(f.types[j], f.names[j + 1], f.proname) END, ', ' ORDER BY j)
                 FROM generate_series(0, f.pronargs - 1) j)) AS q
  FROM fns f, generate_series(0, f.pronargs - 1) i, hostile h
 WHERE h.typ = f.types[i];
SELECT count(*) > 1000 AS many_calls, count(DISTINCT proname) AS functions FROM calls;
-- (add_place warns about the repeated good name: warnings are not shown)
SET client_min_messages = error;
CREATE TEMP TABLE results AS SELECT c.*, pg_temp.try(c.q) AS code FROM calls c;
-- every outcome is an answer or an error of a data class (22 data exception,
-- 23 constraint, 42 undefined object, 54 limit; a 2-D array where a list is
-- expected is 2202E, no longer 0A000 from inside PostgreSQL); list any other
SELECT left(code, 2) AS class, count(*) > 0 AS seen
  FROM results GROUP BY 1 ORDER BY 1;
SELECT q, code FROM results WHERE code <> 'ok' AND left(code, 2) NOT IN ('22', '23', '42', '54') ORDER BY q;
-- the valid calls themselves all work
SELECT f.proname, pg_temp.try(format('SELECT * FROM %I.%I(%s)', f.nsp, f.proname,
           (SELECT string_agg(pg_temp.good_value(f.types[j], f.names[j + 1], f.proname), ', ' ORDER BY j)
              FROM generate_series(0, f.pronargs - 1) j))) AS code
  FROM fns f ORDER BY 1, 2;

RESET client_min_messages;
-- 4. nothing above changed the tables, and the server is still here
SELECT pg_temp.tables_md5() = (SELECT m FROM md5_before) AS tables_unchanged;
SELECT frontline.control_at('P1', '2021-01-02Z') AS still_answering;

-- 5. binary input: control_history values sent through COPY ... (FORMAT
--    binary), valid, truncated and corrupted.  The COPY file is written from
--    SQL (a large object exported by the server), so every byte is ours.
CREATE TEMP TABLE hb (h frontline.control_history);
CREATE FUNCTION pg_temp.copy_binary(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    f text := '/tmp/frontline_regress_' || pg_backend_pid() || '.bin';
    lo oid;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea);
    PERFORM lo_export(lo, f);
    PERFORM lo_unlink(lo);
    DELETE FROM hb;
    RETURN err(format('COPY hb FROM %L (FORMAT binary)', f));
END $$;
CREATE TEMP TABLE sent AS
SELECT frontline.control_history_send('{2021-08-13T19:30:00Z=Taliban, 2021-08-20T00:00:00Z=contested("Afghan government",NRF), 2021-09-01T00:00:00Z=unknown}') AS b;
SELECT length(b) AS bytes FROM sent;
-- the valid value round-trips
SELECT pg_temp.copy_binary(b) AS valid FROM sent;
SELECT h::text AS copied, h OPERATOR(frontline.=) h::text::frontline.control_history AS round_trip FROM hb;
-- every truncation is rejected
SELECT count(*) AS truncations,
       count(*) FILTER (WHERE r LIKE '22P03:%') AS rejected_22p03
  FROM (SELECT pg_temp.copy_binary(substring(b FROM 1 FOR n)) AS r
          FROM sent, generate_series(0, length(b) - 1) n) x;
-- every single-byte corruption (each byte set to 0xff, then to 0x00) is rejected
-- (malformed, a name not valid in the database encoding, a rule broken) or
-- decodes to another valid value (an instant moved, a letter dropped)
SELECT count(*) AS corruptions,
       count(*) FILTER (WHERE r LIKE '22P03:%') AS malformed_22p03,
       count(*) FILTER (WHERE r LIKE '22021:%') AS bad_encoding_22021,
       count(*) FILTER (WHERE r LIKE '22%' AND r NOT LIKE '22P03:%' AND r NOT LIKE '22021:%') AS other_data_errors,
       count(*) FILTER (WHERE r = 'no error') AS accepted,
       count(*) FILTER (WHERE r NOT LIKE '22%' AND r NOT LIKE '54%' AND r <> 'no error') AS not_a_data_error
  FROM (SELECT pg_temp.copy_binary(set_byte(b, n, v)) AS r
          FROM sent, generate_series(0, length(b) - 1) n, (VALUES (255), (0)) val(v)
         WHERE get_byte(b, n) <> v) x;
-- a huge announced count is refused without allocating it
SELECT pg_temp.copy_binary(overlay(b PLACING '\x7fffffff'::bytea FROM 2 FOR 4)) AS huge_count FROM sent;
SELECT pg_temp.tables_md5() = (SELECT m FROM md5_before) AS tables_still_unchanged;

-- the setting frontline.flush_slice (the most places one statement of the
-- commit-time flush recomputes): a positive count; the prefix frontline is
-- the library's, so a misspelt setting is refused, not kept as a placeholder
LOAD '$libdir/frontline';
SET frontline.flush_slice = 0;
SET frontline.flush_slice = 'many';
SET frontline.flush_slices = 10;
SET frontline.flush_slice = 1;
SHOW frontline.flush_slice;
RESET frontline.flush_slice;
SHOW frontline.flush_slice;
