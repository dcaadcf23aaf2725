-- ACLED import (issue 12): the three layouts ACLED has published, copied
-- as users copy them (a staging table named by the CSV header, COPY with
-- HEADER), from synthetic exports written for the project (data/acled/:
-- CRLF line ends, trailing spaces in actor names, rows out of date order,
-- same-day conflicts, two-digit years, embedded newlines in notes, rows
-- without coordinates or with impossible dates).
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
\i data/load_sample.sql
\set ON_ERROR_STOP 0
SELECT count(*) AS sample_places FROM frontline.place \gset

-- 1. the 2023+ layout
\set header `head -1 data/acled/acled-2023-layout.csv`
SELECT frontline.acled_staging('acled_2023', :'header');
\copy acled_2023 FROM 'data/acled/acled-2023-layout.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) AS staged, count(*) FILTER (WHERE notes LIKE E'%\n%') AS notes_with_newline FROM acled_2023;
SELECT * FROM frontline.import_acled('acled_2023');
-- one actor for "Military Forces of Somalia (2022-) " with and without the
-- trailing space; the Jubaland sub-unit is another actor
SELECT name FROM frontline.actor WHERE name LIKE 'Military Forces of Somalia%' OR name = 'Al Shabaab' ORDER BY 1;
-- Mahaas: taken on 5 March; on 10 March two rows disagree and the more
-- precise one (time_precision 1, Al Shabaab) wins over the week-precise
-- one, whatever the order of the file; "Mahaas Village" 220 m away stays
-- another place
SELECT p.name, p.kind, e.at::date, e.state, e.actor, e.source, e.confidence, e.external_id, e.reported_at
  FROM frontline.control_event e JOIN frontline.place p USING (place_id)
 WHERE e.external_id LIKE 'acled:SOM%' ORDER BY e.at, e.external_id;
SELECT frontline.history('Mahaas')::text AS mahaas, frontline.control_at('Mahaas Village', '2023-03-15Z') AS village;
SELECT count(*) AS places_named_mahaas FROM frontline.place WHERE name LIKE 'Mahaas%';
-- importing the same export again adds nothing
SELECT * FROM frontline.import_acled('acled_2023') WHERE outcome LIKE 'claims%';
-- a revised export (same event id, changed row) replaces the claim
UPDATE acled_2023 SET actor1 = 'Military Forces of Somalia (2022-)', time_precision = '1', timestamp = '1679999999'
 WHERE event_id_cnty = 'SOM90004';
SELECT * FROM frontline.import_acled('acled_2023') WHERE outcome LIKE 'claims%';
SELECT count(*) AS claims_for_som90004, min(actor) AS actor FROM frontline.control_event WHERE external_id = 'acled:SOM90004';
SELECT frontline.history('Mahaas')::text AS mahaas_revised;

-- 2. the 2019-2022 layout: names matched to the sample's places through
-- folding (Pul-e Alam is Pul-e-Alam) in the same admin1
\set header `head -1 data/acled/acled-2019-layout.csv`
SELECT frontline.acled_staging('acled_2019', :'header');
\copy acled_2019 FROM 'data/acled/acled-2019-layout.csv' WITH (FORMAT csv, HEADER true)
SELECT * FROM frontline.import_acled('acled_2019');
SELECT p.name, e.at::date, e.actor, e.confidence
  FROM frontline.control_event e JOIN frontline.place p USING (place_id)
 WHERE e.external_id LIKE 'acled:AFG%' ORDER BY e.at;
SELECT (SELECT count(*) FROM frontline.place) - :sample_places - 3 AS new_places_beyond_somalia;

-- 3. the pre-2019 layout: a pandas index column, the kind in event_type,
-- non-violent transfers imported as unknown, a two-digit 1999
\set header `head -1 data/acled/acled-pre2019-layout.csv`
SELECT frontline.acled_staging('acled_2018', :'header');
\copy acled_2018 FROM 'data/acled/acled-pre2019-layout.csv' WITH (FORMAT csv, HEADER true)
SELECT * FROM frontline.import_acled('acled_2018');
SELECT p.name, e.at::date, e.state, e.actor, left(e.note, 60) AS note
  FROM frontline.control_event e JOIN frontline.place p USING (place_id)
 WHERE e.external_id LIKE 'acled:NIG%' ORDER BY e.at;
SELECT count(*) AS nigeria_actors FROM frontline.actor WHERE name LIKE 'Military Forces of Nigeria (2015-)%';

-- 4. dates
SELECT d, y, frontline.parse_acled_date(d, y)
  FROM (VALUES ('2021-08-15', NULL), ('15 August 2021', 2021), ('06 March 2020', NULL), ('9-May-20', 2020),
               ('9-May-20', NULL), ('31-12-19', 2019), ('31-12-19', NULL), ('20-11-99', NULL), ('20-11-99', 1999),
               ('04-01-04', 2004), ('1 Sept 2015', NULL), (E'15/08/2021\r', NULL), ('29-02-20', 2020)) v(d, y);
-- a two-digit year belongs to ACLED's span (1997-2096): a year column
-- outside it is refused, never read as 1919 or 1920
SELECT frontline.parse_acled_date('31-12-19', 1919) AS never_1919;
SELECT frontline.parse_acled_date('2023-02-30');
SELECT frontline.parse_acled_date('9-May-20', 2021);
SELECT frontline.parse_acled_date('15 Augusta 2021');
-- fuzz: random strings from the formats' alphabet never raise anything but
-- 22007, and what parses is a real date of the year given
SELECT setseed(0.77);
CREATE TEMP TABLE fuzz AS
SELECT (SELECT string_agg(substr('0123456789-/ .AaMmyJjuUgGSsepOoNnDdc', 1 + floor(random() * 37)::int, 1), '')
          FROM generate_series(1, 1 + (i % 14))) AS s,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 1990 + i % 40 END AS y
  FROM generate_series(1, 20000) i;
-- and 2,000 real dates written in the four export formats parse back
CREATE TEMP TABLE written AS
SELECT d, to_char(d, (ARRAY['YYYY-MM-DD', 'DD FMMonth YYYY', 'FMDD-Mon-YY', 'DD-MM-YY'])[1 + i % 4]) AS s,
       CASE WHEN i % 2 = 0 THEN extract(year FROM d)::int END AS y
  FROM (SELECT i, '1997-01-01'::date + (random() * 12000)::int AS d FROM generate_series(1, 2000) i) x;
SELECT count(*) AS written, count(*) FILTER (WHERE frontline.parse_acled_date(s, y) = d) AS parsed_back FROM written;
INSERT INTO fuzz SELECT s, y FROM written;
CREATE FUNCTION pg_temp.try_date(s text, y integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RETURN to_char(frontline.parse_acled_date(s, y), 'YYYY-MM-DD');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT count(*) AS inputs,
       count(*) FILTER (WHERE r ~ '^\d{4}-') >= 2000 AS many_parsed,
       count(*) FILTER (WHERE r = '22007') > 1000 AS many_rejected,
       count(*) FILTER (WHERE r !~ '^\d{4}-' AND r <> '22007') AS other_outcomes,
       count(*) FILTER (WHERE r ~ '^\d{4}-' AND y IS NOT NULL AND left(r, 4)::int <> y) AS wrong_year,
       count(*) FILTER (WHERE r ~ '^\d{4}-' AND NOT left(r, 4)::int BETWEEN 1000 AND 2096) AS odd_century
  FROM (SELECT s, y, pg_temp.try_date(s, y) AS r FROM fuzz) x;

-- 5. errors
CREATE TEMP TABLE not_acled (a text, b text);
SELECT * FROM frontline.import_acled('not_acled');
SELECT * FROM frontline.import_acled(NULL);
SELECT * FROM frontline.import_acled('acled_2023', place_tolerance_m => -1);
SELECT frontline.acled_staging('bad_staging', 'a,,b');
SELECT frontline.acled_staging('bad_staging', NULL);
SELECT frontline.acled_staging('acled_2023', 'a,b');

-- 6. a large export costs a few lookups a row, not a read of every place
-- per row: counted in calls of fold_name (no timing).  2,000 places more,
-- then 400 rows, 300 of them changes of territory at new locations; when the
-- place lookup was an OR over name and alias, each row folded every place's
-- name (1,230,892 calls on this data), now about 6 calls a row (1,807)
INSERT INTO frontline.place (name, kind, geom, country, admin1)
SELECT 'Filler ' || i, 'village', ST_SetSRID(ST_MakePoint(40 + (i % 50) * 0.1, 10 + (i / 50) * 0.1), 4326), 'Somalia', 'Bay'
  FROM generate_series(1, 2000) i;
CREATE TEMP TABLE acled_many AS SELECT * FROM acled_2023 WITH NO DATA;
INSERT INTO acled_many (event_id_cnty, event_date, year, time_precision, event_type, sub_event_type, actor1,
                        country, admin1, location, latitude, longitude, geo_precision, source)
SELECT 'MANY' || i, '2023-04-01', '2023', '1', 'Battles',
       CASE WHEN i % 4 = 0 THEN 'Armed clash' ELSE 'Non-state actor overtakes territory' END,
       'Al Shabaab', 'Somalia', 'Gedo', 'Many ' || i, (2 + i * 0.001)::text, (42 + i * 0.001)::text, '1', 'Test'
  FROM generate_series(1, 400) i;
SET track_functions = 'all';
SELECT pg_stat_reset_single_function_counters('frontline.fold_name(text)'::regprocedure);
SELECT outcome, rows FROM frontline.import_acled('acled_many') WHERE outcome IN ('claims added', 'places created');
SELECT pg_stat_force_next_flush();
SELECT calls BETWEEN 300 AND 300 * 20 AS fold_name_calls_linear
  FROM pg_stat_user_functions WHERE funcid = 'frontline.fold_name(text)'::regprocedure;
RESET track_functions;
