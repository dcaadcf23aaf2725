-- No frontline function resolves a name through a schema others can create
-- in (issue 9).  Hostile overloads of every built-in and PostGIS function
-- and operator that frontline's SQL uses are planted in public (PostGIS's
-- schema here) and in pg_temp (test/sql/plant_hostile.sql, generated from
-- the catalogue); then, as a superuser whose search_path puts public and
-- pg_temp before pg_catalog, every API function is called.  A planted
-- function raises HO001: no call may end with it, and the answers equal
-- those computed before the planting.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
-- a small world of its own
SELECT frontline.add_actor('Hostile Red', 'state', '#cc0000') > 0 AS red,
       frontline.add_actor('Hostile Blue', 'state', '#0000cc') > 0 AS blue;
SELECT frontline.add_place('Hostile Capital', 'city', 'SRID=4326;POINT(10 50)', country => 'Hostilia',
                           admin1 => 'H1', capital => 'national', population => 1000) > 0 AS capital,
       frontline.add_place('Hostile Town', 'town', 'SRID=4326;POINT(10.5 50.2)', country => 'Hostilia',
                           admin1 => 'H1', population => 100) > 0 AS town,
       frontline.add_place('Hostile District', 'district',
                           'SRID=4326;POLYGON((11 50,11.5 50,11.5 50.5,11 50.5,11 50))', country => 'Hostilia',
                           admin1 => 'H1') > 0 AS district;
SELECT frontline.record_control('Hostile Town', 'Hostile Red', '2022-01-01Z', 'src1', 0.8) > 0 AS c1,
       frontline.record_control('Hostile Town', 'Hostile Blue', '2022-02-01Z', 'src2', 0.6) > 0 AS c2,
       frontline.record_contested('Hostile District', '2022-01-15Z', ARRAY['Hostile Red', 'Hostile Blue'], 'src1') > 0 AS c3,
       frontline.record_control('Hostile Capital', 'Hostile Blue', '2022-01-01Z', 'src1') > 0 AS c4;
-- every API call, as text; run before and after the planting
CREATE TEMP TABLE hostile_calls (n serial, q text);
INSERT INTO hostile_calls (q) VALUES
  ($$SELECT frontline.control_at('Hostile Town', '2022-03-01Z')$$),
  ($$SELECT frontline.control_at(frontline.find_place('hostile town'), '2022-01-10Z', ARRAY['src1'], 0.5)$$),
  ($$SELECT frontline.control_at('SRID=4326;POINT(11.2 50.2)'::geometry, '2022-02-01Z')$$),
  ($$SELECT frontline.history('Hostile Town')::text$$),
  ($$SELECT frontline.history('Hostile Town', ARRAY['src2'])::text$$),
  ($$SELECT string_agg(s.place || '=' || coalesce(s.controller, '-'), ',' ORDER BY s.place) FROM frontline.snapshot('2022-03-01Z') s WHERE s.place LIKE 'Hostile%'$$),
  ($$SELECT count(*) FROM frontline.snapshot('2022-03-01Z', ARRAY['src1'], 0.1)$$),
  ($$SELECT string_agg(c.place || ':' || coalesce(c.to_controller, '-'), ',' ORDER BY c.at, c.place) FROM frontline.changes('2021-12-01Z', '2022-12-01Z') c WHERE c.place LIKE 'Hostile%'$$),
  ($$SELECT string_agg(w.place || ':' || round(w.km::numeric, 3) || ':' || coalesce(w.controller, '-'), ',' ORDER BY w.km) FROM frontline.within_radius('Hostile Capital', 200, '2022-03-01Z') w$$),
  ($$SELECT string_agg(r::text, ',') FROM frontline.rings('Hostile Capital', '2022-03-01Z', ARRAY[10, 50, 100]::float8[]) r$$),
  ($$SELECT f::text FROM frontline.front('Hostile Red', 'Hostile Capital', '2022-01-20Z') f$$),
  ($$SELECT string_agg(f::text, ',') FROM frontline.front_series('Hostile Blue', 'Hostile Capital', '2022-01-01Z', '2022-03-01Z', '1 week') f$$),
  ($$SELECT count(*) FROM frontline.control_series('2022-01-01Z', '2022-03-01Z', '1 week')$$),
  ($$SELECT f::text FROM frontline.from_capital('Hostile Town') f$$),
  ($$SELECT frontline.capital_of(frontline.find_place('Hostile Town'))$$),
  ($$SELECT frontline.place_at('SRID=4326;POINT(10.501 50.2)'::geometry)$$),
  ($$SELECT round(frontline.geodesic_km('SRID=4326;POINT(10 50)'::geometry, 'SRID=4326;POLYGON((11 50,11.5 50,11.5 50.5,11 50.5,11 50))'::geometry)::numeric, 6)$$),
  ($$SELECT round(frontline.bearing('SRID=4326;POINT(10 50)'::geometry, 'SRID=3857;POINT(1200000 6500000)'::geometry)::numeric, 6)$$),
  ($$SELECT frontline.compass(200)$$),
  ($$SELECT @postgis@ST_NPoints(frontline.geodesic_circle('SRID=4326;POINT(10 50)'::geometry, 25, 12))$$),
  ($$SELECT g::text FROM frontline.geodesic_inverse(50, 10, 51, 11) g$$),
  ($$SELECT g::text FROM frontline.geodesic_direct(50, 10, 45, 100000) g$$),
  ($$SELECT frontline.find_actor('hostile red')$$),
  ($$SELECT frontline.cache_usable()$$),
  ($$SELECT count(*) FROM frontline.cache_check()$$),
  ($$SELECT count(*) FROM frontline.place_history h JOIN frontline.place p USING (place_id) WHERE p.name LIKE 'Hostile%'$$),
  ($$SELECT frontline.record_unknown('Hostile Town', '2022-06-01Z', 'src3') > 0$$),
  ($$SELECT frontline.add_alias('Hostile Town', 'Feindstadt', 'de')$$),
  ($$SELECT frontline.add_place('Hostile Village', 'village', 'SRID=3857;POINT(1200000 6500000)'::geometry) > 0$$),
  ($$SELECT frontline.add_actor('Hostile Green') > 0$$),
  ($$SELECT frontline.refresh_cache() > 0$$),
  -- the contenders rule (a C trigger's statements): kept, and broken twice
  ($$SELECT frontline.record_contested('Hostile Town', '2022-07-01Z', ARRAY['Hostile Red', 'Hostile Blue'], 'src4') > 0$$),
  ($$INSERT INTO frontline.control_event (event_id, place_id, at, state, contenders) SELECT 987654, place_id, '2022-07-02Z', 'contested', ARRAY['Hostile Red', 'Nobody'] FROM frontline.place WHERE name = 'Hostile Town' RETURNING 'inserted'$$),
  ($$INSERT INTO frontline.control_event (event_id, place_id, at, state, contenders) SELECT 987655, place_id, '2022-07-02Z', 'contested', ARRAY['Hostile Red', 'Hostile Red'] FROM frontline.place WHERE name = 'Hostile Town' RETURNING 'inserted'$$);
UPDATE hostile_calls SET q = replace(q, '@postgis@', '');
-- each call in a subtransaction that is rolled back; the harness itself is
-- pinned to pg_catalog so that only frontline's own code meets the hostile path
CREATE FUNCTION pg_temp.answer(q text) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    r text;
BEGIN
    BEGIN
        EXECUTE q INTO r;
        RAISE EXCEPTION USING ERRCODE = 'ZZ999', MESSAGE = coalesce(r, '<null>');
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = 'ZZ999' THEN
            RETURN SQLERRM;
        END IF;
        RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
    END;
END $$;
CREATE TEMP TABLE before AS SELECT n, pg_temp.answer(q) AS a FROM hostile_calls;
SELECT n, a FROM before WHERE a LIKE 'ERROR%';
\i test/sql/plant_hostile.sql
SET search_path = public, pg_temp, pg_catalog;
CREATE TEMP TABLE after AS SELECT n, pg_temp.answer(q) AS a FROM hostile_calls;
RESET search_path;
SELECT count(*) AS calls, count(*) FILTER (WHERE a.a LIKE '%HO001%' OR a.a LIKE '%hostile%ran%') AS hostile_code_ran,
       count(*) FILTER (WHERE a.a IS DISTINCT FROM b.a) AS answers_changed
  FROM before b JOIN after a USING (n);
SELECT b.n, b.a AS before, a.a AS after FROM before b JOIN after a USING (n) WHERE a.a IS DISTINCT FROM b.a;
-- clean up what was planted in public
SET client_min_messages = warning;
DO $$
DECLARE
    s text;
BEGIN
    FOR s IN SELECT sig FROM hostile_planted WHERE sig LIKE 'public.%' LOOP
        EXECUTE 'DROP FUNCTION ' || s;
    END LOOP;
    FOR s IN SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proname LIKE 'hostile\_op\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || s || ' CASCADE';
    END LOOP;
END
$$;
RESET client_min_messages;
