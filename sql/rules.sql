-- Input rules hold at the table and in every script (issue 9, section 5):
-- contenders are actors, each once, for plain INSERT, UPDATE and COPY too;
-- renaming an actor renames it among contenders; names fold in every
-- script and must fold to something; coordinates outside a source CRS's
-- domain are refused.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
\set VERBOSITY default
-- claim ids depend on what ran before in this database: masked
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || regexp_replace(msg, 'claim [0-9]+', 'claim N') || coalesce(' DETAIL: ' || det, '');
END
$$;
SELECT frontline.add_actor('Rules A') > 0 AS a, frontline.add_actor('Rules B') > 0 AS b;
INSERT INTO frontline.place (place_id, name, kind, geom) VALUES (9001, 'Rules Town', 'town', 'SRID=4326;POINT(30 45)');
-- contenders: not an actor, a case twin, a duplicate, then a valid row
SELECT pg_temp.err($q$INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT place_id, '2022-01-01Z', 'contested', '{Rules A,Nobody}' FROM frontline.place WHERE name = 'Rules Town'$q$);
SELECT pg_temp.err($q$INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT place_id, '2022-01-01Z', 'contested', '{Rules A,rules a}' FROM frontline.place WHERE name = 'Rules Town'$q$);
SELECT pg_temp.err($q$INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT place_id, '2022-01-01Z', 'contested', '{Rules A,Rules A}' FROM frontline.place WHERE name = 'Rules Town'$q$);
INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT place_id, '2022-01-01Z', 'contested', '{Rules A,Rules B}' FROM frontline.place WHERE name = 'Rules Town';
SELECT pg_temp.err($q$UPDATE frontline.control_event SET contenders = '{Rules A,Ghost}' WHERE contenders @> '{Rules B}'$q$);
-- many rows in one statement (the trigger's plan kept past its first
-- executions): the first row that breaks the rule is named; all valid pass
SELECT pg_temp.err($q$INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT 9001, timestamptz '2022-03-01Z' + g * interval '1 day', 'contested',
       CASE WHEN g IN (15, 18) THEN ARRAY['Rules B', 'Rules Ghost ' || g] ELSE ARRAY['Rules B', 'Rules A'] END
  FROM generate_series(1, 20) g ORDER BY g$q$);
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT 9001, timestamptz '2022-03-01Z' + g * interval '1 day', 'contested', ARRAY['Rules B', 'Rules A']
  FROM generate_series(1, 20) g;
SELECT count(*) AS contested_rows FROM frontline.control_event WHERE place_id = 9001 AND at >= '2022-03-01Z';
ROLLBACK;
-- an actor and a claim naming it written by one statement: the rule sees it
BEGIN;
WITH a AS (INSERT INTO frontline.actor (name) VALUES ('Rules Cee') RETURNING name)
INSERT INTO frontline.control_event (place_id, at, state, contenders)
SELECT 9001, '2022-04-01Z', 'contested', ARRAY['Rules A', (SELECT name FROM a)];
SELECT contenders FROM frontline.control_event WHERE place_id = 9001 AND at = '2022-04-01Z';
ROLLBACK;
-- COPY keeps the rule too (23503; the message names the claim id)
\set VERBOSITY sqlstate
COPY frontline.control_event (place_id, at, state, contenders) FROM stdin;
9001	2022-01-02 00:00:00+00	contested	{"Rules A","Not an actor"}
\.
\set VERBOSITY default
-- an actor renamed: renamed among the contenders; one named there cannot be deleted
UPDATE frontline.actor SET name = 'Rules Bee' WHERE name = 'Rules B';
SELECT contenders FROM frontline.control_event WHERE contenders @> '{Rules A}';
SELECT frontline.control_at('Rules Town', '2022-01-05Z') AS controller,
       frontline.state_at(frontline.history('Rules Town'), '2022-01-05Z') AS state;
DELETE FROM frontline.actor WHERE name = 'Rules Bee';
-- names fold in every script; names that fold to nothing are refused
SELECT frontline.add_place('Херсон', 'city', 'SRID=4326;POINT(32.62 46.64)') > 0 AS added;
SELECT frontline.add_alias('Херсон', 'Kherson', 'en');
SELECT frontline.find_place('херсон') = frontline.find_place('ХЕРСОН') AS cyrillic_case,
       frontline.find_place('Kherson') = frontline.find_place('херсон') AS alias;
SELECT frontline.add_place('Αθήνα', 'city', 'SRID=4326;POINT(23.73 37.98)') > 0 AS added;
SELECT frontline.find_place('ΑΘΗΝΑ') = frontline.find_place('αθηνα') AS greek_case_and_accents;
SELECT frontline.fold_name('مَزارِ شريف') = frontline.fold_name('مزار شریف') AS arabic_persian_spellings;
SELECT frontline.add_place('!!!', 'town', 'SRID=4326;POINT(1 1)');
SELECT frontline.add_place(E'\u00a0', 'town', 'SRID=4326;POINT(1 1)');
SELECT frontline.add_actor(E'\t');
SELECT frontline.add_alias('Херсон', '---');
SELECT frontline.control_at('', '2022-01-01Z');
SELECT frontline.find_actor('...');
\set VERBOSITY terse
INSERT INTO frontline.place (name, kind, geom) VALUES ('???', 'town', 'SRID=4326;POINT(1 1)');
INSERT INTO frontline.actor (name) VALUES ('--');
\set VERBOSITY default
-- a source CRS's domain: EPSG:3857 would put (1e30, 1e30) on the North Pole
SELECT frontline.add_place('Far away', 'town', 'SRID=3857;POINT(1e30 1e30)');
SELECT frontline.geodesic_km('SRID=3857;POINT(1e30 1e30)', 'SRID=4326;POINT(0 0)');
SELECT round(frontline.geodesic_km('SRID=3857;POINT(3631244 5887695)', 'SRID=4326;POINT(32.62 46.64)')::numeric, 3) AS km_from_mercator;
SELECT frontline.add_place('Mercator Town', 'town', 'SRID=3857;POINT(3631244 5887695)') > 0 AS added_within_domain;
