-- Reading control: control_at (name, id, point), history, snapshot, changes; NULLs and errors.
-- Uses the places and claims of write_api, replayed quietly.
\i test/sql/fixture.sql
\set ECHO none
\o /dev/null
SET client_min_messages = warning;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
\i sql/write_api.sql
RESET client_min_messages;
RESET search_path;
RESET TimeZone;
\o
\unset ON_ERROR_STOP
\set ECHO all
SET search_path = frontline, public;
SET TimeZone = 'UTC';

SELECT control_at('Kabul', '2021-07-01Z') AS before_any, control_at('Kabul', '2021-08-10Z') AS aug10,
       control_at('Kabul', '2021-08-14 19:30Z') AS at_fall, control_at('Kabul', '2021-08-14 19:29:59.999999Z') AS just_before,
       control_at('Pul-e-Alam', '2021-08-12 12:00Z') AS pul_contested, control_at('Mazar-i-Sharif', '2021-08-14Z') AS mazar_unknown;
SELECT control_at(find_place('Kabul'), '2021-08-16Z') AS by_id, control_at('kabul', '2021-08-16Z', ARRAY['baseline']) AS baseline_only,
       control_at('Kabul', '2021-08-16Z', NULL, 0.95) AS above_confidence, control_at('Kabul', '2021-08-16Z', ARRAY['AP'], 0.9) AS ap_rated;
-- by point: a point place within tolerance before the polygon covering it
-- (Kabul city inside Kabul province), unless asked otherwise; inside the
-- province polygon, on a point place, nowhere
SELECT place_at('SRID=4326;POINT(69.17 34.53)') = find_place('Kabul') AS point_before_polygon,
       place_at('SRID=4326;POINT(69.17 34.53)', prefer_points => false) = find_place('Kabul province') AS polygon_first,
       place_at('SRID=4326;POINT(69.5 34.8)') = find_place('Kabul province') AS polygon,
       place_at('SRID=4326;POINT(67.12 36.71)') = find_place('Mazar-i-Sharif') AS near_point,
       place_at('SRID=4326;POINT(67.12 36.71)', 100) AS outside_tolerance,
       place_at('SRID=4326;POINT(10 10)') AS nowhere;
SELECT control_at('SRID=4326;POINT(67.12 36.71)'::geometry, '2021-08-16Z') AS mazar_point,
       control_at('SRID=4326;POINT(10 10)'::geometry, '2021-08-16Z') AS nowhere;
-- NULLs: a NULL place or time gives NULL; NULL sources/min_confidence are the defaults
SELECT control_at(NULL::text, now()), control_at('Kabul', NULL), control_at(NULL::integer, now()),
       control_at(NULL::geometry, now()), control_at('Kabul', '2021-08-16Z', NULL, NULL), history(NULL::text);
-- errors
SELECT err($$SELECT frontline.control_at('Kabol', now())$$);
SELECT err($$SELECT frontline.control_at('Mazar', now())$$);
SELECT err($$SELECT frontline.control_at('Atlantis', now())$$);
SELECT err($$SELECT frontline.control_at(424242, now())$$);
SELECT err($$SELECT frontline.control_at('Kabul', 'infinity')$$);
SELECT err($$SELECT frontline.control_at('Kabul', now(), NULL, 1.5)$$);
SELECT err($$SELECT frontline.control_at('Kabul', now(), NULL, -1)$$);
SELECT err($$SELECT frontline.control_at('Kabul', now(), NULL, 'NaN')$$);
SELECT err($$SELECT frontline.control_at('POINT(69 34)'::geometry, now())$$);
SELECT err($$SELECT frontline.control_at('SRID=4326;POINT(69 134)'::geometry, now())$$);
SELECT err($$SELECT frontline.control_at('SRID=4326;LINESTRING(0 0, 1 1)'::geometry, now())$$);
SELECT err($$SELECT frontline.control_at('SRID=4326;POINT EMPTY'::geometry, now())$$);
SELECT err($$SELECT frontline.place_at('SRID=4326;POINT(1 1)', -1)$$);
-- an ambiguous name
SELECT add_place('Kabul', 'province', 'SRID=4326;POLYGON((68 33, 70 33, 70 35, 68 35, 68 33))', 'Afghanistan', 'Kabul') > 0 AS ok;
SELECT err($$SELECT frontline.control_at('Kabul', now())$$);
DELETE FROM place WHERE kind = 'province' AND name = 'Kabul';

SELECT history('Kabul'), history('Pul-e-Alam'), history('Kabul', ARRAY['AP']), history('Kabul', ARRAY['nobody']);
SELECT history(find_place('Mazar-i-Sharif')) = history('Mazar-i-Sharif') AS same;
SELECT err($$SELECT frontline.history(424242)$$);
SELECT err($$SELECT frontline.history('Kabul', NULL, 2)$$);

SELECT place_id IS NOT NULL AS has_id, place, kind, controller, since, ST_AsText(geom) FROM snapshot('2021-08-14Z') ORDER BY place;
SELECT place, controller, since FROM snapshot('2021-08-16Z', ARRAY['AP', 'AFP']) ORDER BY place;
SELECT err($$SELECT * FROM frontline.snapshot('infinity')$$);
SELECT err($$SELECT * FROM frontline.snapshot(NULL)$$);
SELECT err($$SELECT * FROM frontline.snapshot(now(), NULL, 7)$$);

SELECT at, place, from_controller, to_controller, source FROM changes('2021-01-01Z', '2022-01-01Z');
SELECT count(*) FROM changes('2021-08-14 19:30Z', '2021-08-14 19:30Z') AS empty_range;
SELECT at, place FROM changes('2021-08-14 19:30Z', '2021-08-14 19:30:00.000001Z') AS one_microsecond;
SELECT err($$SELECT * FROM frontline.changes('2022-01-01', '2021-01-01')$$);
SELECT err($$SELECT * FROM frontline.changes('-infinity', '2021-01-01')$$);
SELECT err($$SELECT * FROM frontline.changes(NULL, '2021-01-01')$$);
