-- The write API: add_actor, add_place, add_alias, record_*; every error leaves the tables unchanged.
\i test/sql/fixture.sql
SET search_path = frontline, public;
SET TimeZone = 'UTC';
TRUNCATE control_event, place_alias, place, actor RESTART IDENTITY CASCADE;

SELECT add_actor('Taliban', 'insurgency', '#e31a1c') > 0 AS ok;
SELECT add_actor('Afghan government', 'state') > 0 AS ok;
SELECT add_actor('NRF') > 0 AS ok;
SELECT name, kind, color FROM actor ORDER BY name;
SELECT err($$SELECT frontline.add_actor('taliban')$$);
SELECT err($$SELECT frontline.add_actor('Unknown')$$);
SELECT err($$SELECT frontline.add_actor(NULL)$$);
SELECT err($$SELECT frontline.add_actor('')$$);
SELECT err($$SELECT frontline.add_actor('X', NULL, 'blue')$$);
SELECT err($$SELECT frontline.add_actor(E'X\tY')$$);

SELECT add_place('Kabul', 'city', ST_SetSRID(ST_MakePoint(69.17233, 34.52813), 4326), 'Afghanistan', 'Kabul', 'national', 4434550) > 0 AS ok;
SELECT add_place('Mazar-i-Sharif', 'city', 'SRID=4326;POINT(67.1109 36.70904)', 'Afghanistan', 'Balkh', 'provincial') > 0 AS ok;
SELECT add_place('Pul-e-Alam', 'city', 'SRID=4326;POINT(69.02274 33.99529)', 'Afghanistan', 'Logar', 'provincial') > 0 AS ok;
-- other SRIDs are transformed (Web Mercator here)
SELECT add_place('Kabul province', 'province',
                 ST_Transform('SRID=4326;POLYGON((68.6 34.2, 69.9 34.2, 69.9 35.0, 68.6 35.0, 68.6 34.2))'::geometry, 3857),
                 'Afghanistan', 'Kabul') > 0 AS ok;
SELECT name, kind, ST_SRID(geom), round(ST_XMin(geom)::numeric, 4) AS xmin, capital FROM place ORDER BY place_id;
SELECT err($$SELECT frontline.add_place('X', 'city', 'POINT(1 1)')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=999999;POINT(1 1)')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;POINT EMPTY')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;POINT(69 91)')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', ST_SetSRID(ST_MakePoint('NaN', 1), 4326))$$);
SELECT err($$SELECT frontline.add_place('X', 'city', ST_SetSRID(ST_MakePoint('Infinity', 1), 4326))$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;LINESTRING(0 0, 1 1)')$$);
SELECT err($$SELECT frontline.add_place('X', 'metropolis', 'SRID=4326;POINT(1 1)')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;POINT(1 1)', capital => 'federal')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', NULL)$$);
SELECT err($$SELECT frontline.add_place(NULL, 'city', 'SRID=4326;POINT(1 1)')$$);
SELECT err($$SELECT frontline.add_place('X', 'city', 'SRID=4326;POINT(1 1)', population => -5)$$);

SELECT add_alias('Mazar-i-Sharif', 'Mazār-e Sharīf');
SELECT add_alias('mazar i sharif', 'Balch', 'nl');
SELECT add_alias('Mazar-i-Sharif', 'Balch', 'nl');
SELECT alias, lang FROM place_alias ORDER BY alias;
SELECT err($$SELECT frontline.add_alias('Kabul', 'Balch')$$);
SELECT err($$SELECT frontline.add_alias('Kabol', 'X')$$);
SELECT err($$SELECT frontline.add_alias('Kabul', NULL)$$);

SELECT record_control('Kabul', 'Afghan government', '2021-08-01 00:00+04:30', 'baseline') > 0 AS ok;
SELECT record_control('KABUL', 'taliban', '2021-08-15 00:00+04:30', 'AP', 0.9, 'entered the capital') > 0 AS ok;
SELECT record_contested('Pul-e-Alam', '2021-08-13Z', ARRAY['Taliban', 'afghan government'], 'AFP', 0.5) > 0 AS ok;
SELECT record_contested('Pul-e-Alam', '2021-08-12Z') > 0 AS ok;
SELECT record_unknown('Mazār-e Sharīf', '2021-08-13Z', 'VOA') > 0 AS ok;
SELECT p.name, e.at, e.state, e.actor, e.contenders, e.source, e.confidence, e.note
  FROM control_event e JOIN place p USING (place_id) ORDER BY e.event_id;
CREATE TEMP TABLE before AS SELECT * FROM control_event;
SELECT err($$SELECT frontline.record_control('Kabol', 'Taliban', now())$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Talibn', now())$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'contested', now())$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', 'infinity')$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', '-infinity')$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', NULL)$$);
SELECT err($$SELECT frontline.record_control(NULL, 'Taliban', now())$$);
SELECT err($$SELECT frontline.record_control('Kabul', NULL, now())$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', now(), 'AP', 1.01)$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', now(), 'AP', -0.1)$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', now(), 'AP', 'NaN')$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', now(), '')$$);
SELECT err($$SELECT frontline.record_contested('Kabul', now(), ARRAY['Taliban'])$$);
SELECT err($$SELECT frontline.record_contested('Kabul', now(), ARRAY['Taliban', 'taliban'])$$);
SELECT err($$SELECT frontline.record_contested('Kabul', now(), ARRAY['Taliban', NULL])$$);
SELECT err($$SELECT frontline.record_contested('Kabul', now(), ARRAY['Taliban', 'ISIS-K'])$$);
SELECT err($$SELECT frontline.record_unknown('Kabul', 'infinity')$$);
SELECT err($$SELECT frontline.record_unknown(NULL, now())$$);
SELECT (SELECT count(*) FROM (SELECT * FROM control_event EXCEPT SELECT * FROM before) d) AS added,
       (SELECT count(*) FROM (SELECT * FROM before EXCEPT SELECT * FROM control_event) d) AS removed;
