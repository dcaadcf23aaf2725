-- What loading real data by hand showed (issue 12): capitals of several
-- levels, admin1 names that differ in spelling, place_id forms for
-- ambiguous names, the place table keeping add_place's rules, changes() for
-- one place, external ids unique per source.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
\i data/load_sample.sql
\set ON_ERROR_STOP 0

-- 1. Kabul is the national capital and, with no other place of Kabul
-- province marked, its provincial capital too; admin1 spelt differently
-- ("kabul province" is not "Kabul": no match, but "KABUL" and "Kābul" are)
SELECT capital, round(km) AS km, phrase FROM frontline.from_capital('Kabul', 'provincial');
SELECT frontline.add_place('Paghman', 'district', 'SRID=4326;POINT(68.95 34.59)', 'Afghanistan', 'KABUL') > 0 AS paghman,
       frontline.add_place('Sarobi', 'district', 'SRID=4326;POINT(69.76 34.59)', 'Afghanistan', 'Kābul') > 0 AS sarobi,
       frontline.add_place('Mir Bacha Kot', 'district', 'SRID=4326;POINT(69.13 34.75)', 'Afghanistan', 'kabul province') > 0 AS mbk;
SELECT p.name, f.capital, round(f.km) AS km, f.compass
  FROM frontline.place p CROSS JOIN LATERAL frontline.from_capital(p.place_id, 'provincial') f
 WHERE p.name IN ('Paghman', 'Sarobi') ORDER BY 1;
SELECT * FROM frontline.from_capital('Mir Bacha Kot', 'provincial');
-- ... until a province place says that "Kabul province" is admin1 Kabul
SELECT frontline.add_place('Kabul Province', 'province', 'SRID=4326;POLYGON((68.6 34.2,69.9 34.2,69.9 35.0,68.6 35.0,68.6 34.2))',
                           'Afghanistan', 'Kabul') > 0 AS province;
SELECT capital, round(km) AS km FROM frontline.from_capital('Mir Bacha Kot', 'provincial');
-- an explicitly marked provincial capital wins over the national one
SELECT frontline.add_place('Test capital', 'town', 'SRID=4326;POINT(69.3 34.4)', 'Afghanistan', 'Kabul', 'provincial') > 0 AS marked;
SELECT capital FROM frontline.from_capital('Paghman', 'provincial');
DELETE FROM frontline.place WHERE name = 'Test capital';

-- 2. a second place with an existing name warns, and the name becomes
-- ambiguous; the place_id forms answer
SELECT frontline.add_place('Charikar', 'town', 'SRID=4326;POINT(69.17 35.01)', 'Afghanistan', 'Parwan') AS second_charikar \gset
SELECT * FROM frontline.within_radius('Charikar', 30);
SELECT count(*) AS near_second_charikar FROM frontline.within_radius(:second_charikar, 30);
SELECT frontline.record_control(:second_charikar, 'Taliban', '2021-08-14Z', 'test') > 0 AS by_id,
       frontline.record_contested(:second_charikar, '2021-08-15Z', ARRAY['Taliban', 'Afghan government'], 'test') > 0 AS contested_by_id,
       frontline.record_unknown(:second_charikar, '2021-08-16Z', 'test') > 0 AS unknown_by_id;
SELECT frontline.history(:second_charikar)::text;
SELECT inner_km, outer_km, controller, places FROM frontline.rings(frontline.find_place('Kabul'), '2021-08-15 12:00Z', ARRAY[50, 100]) ORDER BY 1, 3;
SELECT place, round(km) AS km FROM frontline.front('Taliban', frontline.find_place('Kabul'), '2021-08-13 12:00Z');
SELECT count(*) AS steps FROM frontline.front_series('Taliban', frontline.find_place('Kabul'), '2021-08-10Z', '2021-08-15Z', '1 day');
-- the name forms and the id forms agree
SELECT (SELECT array_agg(w ORDER BY w.place_id) FROM frontline.within_radius('Kabul', 120, '2021-08-14Z') w)
     = (SELECT array_agg(w ORDER BY w.place_id) FROM frontline.within_radius(frontline.find_place('Kabul'), 120, '2021-08-14Z') w) AS within_same,
       (SELECT array_agg(f) FROM frontline.front_series('Taliban', 'Kabul', '2021-08-01Z', '2021-08-15Z', '1 day') f)
     = (SELECT array_agg(f) FROM frontline.front_series('Taliban', 1, '2021-08-01Z', '2021-08-15Z', '1 day') f) AS front_series_same;
SELECT frontline.within_radius(999999, 10);
SELECT frontline.record_control(999999, 'Taliban', '2021-08-14Z');
SELECT frontline.record_unknown(NULL::integer, '2021-08-14Z');

-- 3. the place table keeps add_place's rules; the hint's repair is accepted
\set VERBOSITY terse
INSERT INTO frontline.place (name, kind, geom) VALUES ('Bowtie', 'district', 'SRID=4326;POLYGON((60 30,61 31,61 30,60 31,60 30))');
SELECT frontline.add_place('Bowtie', 'district', 'SRID=4326;POLYGON((60 30,61 31,61 30,60 31,60 30))');
SELECT frontline.add_place('Bowtie', 'district', ST_CollectionExtract(ST_MakeValid('SRID=4326;POLYGON((60 30,61 31,61 30,60 31,60 30))'::geometry), 3)) > 0 AS repaired_accepted;

\set VERBOSITY default
-- 4. changes() of one place, by name or id
SELECT at, place, from_controller, to_controller FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place => 'Kabul');
SELECT count(*) AS kandahar_changes FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place_id => frontline.find_place('Kandahar'));
SELECT count(*) = (SELECT count(*) FROM frontline.changes('2021-08-01Z', '2021-09-01Z') WHERE place = 'Kandahar') AS same_as_filtered
  FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place => 'Kandahar');
SELECT * FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place => 'Kabul', for_place_id => frontline.find_place('Kandahar'));
SELECT * FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place_id => 999999);
SELECT * FROM frontline.changes('2021-08-01Z', '2021-09-01Z', for_place => 'Nowhereville');

-- 5. an external id names one claim per source
\set VERBOSITY terse
INSERT INTO frontline.control_event (place_id, at, actor, source, external_id) VALUES (1, '2021-08-20Z', 'Taliban', 'ACLED test', 'x1');
INSERT INTO frontline.control_event (place_id, at, actor, source, external_id) VALUES (1, '2021-08-21Z', 'Taliban', 'ACLED test', 'x1');
INSERT INTO frontline.control_event (place_id, at, actor, source, external_id) VALUES (1, '2021-08-21Z', 'Taliban', 'other', 'x1');
INSERT INTO frontline.control_event (place_id, at, actor, source, external_id) VALUES (1, '2021-08-21Z', 'Taliban', 'other', ' ');
