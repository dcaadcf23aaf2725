-- The data model: constraints hold for plain INSERT/COPY, names fold.
\i test/sql/fixture.sql
SET search_path = frontline, public;
TRUNCATE control_event, place_alias, place, actor RESTART IDENTITY CASCADE;
SET TimeZone = 'UTC';

SELECT fold_name('Mazār-e Sharīf'), fold_name('MAZAR-E SHARIF'), fold_name('Pul-e ‘Alam'), fold_name('Ṭālibān'),
       fold_name('Straße Œuvre Ærø'), fold_name('کابل'), fold_name('');
SELECT name_distance('kabul', 'kabol'), name_distance('', 'abc'), name_distance('ā', 'a');

-- plain INSERT works for bulk loads
INSERT INTO actor (name) VALUES ('Taliban'), ('Afghan government');
INSERT INTO place (name, kind, geom, country, admin1, capital)
VALUES ('Kabul', 'city', 'SRID=4326;POINT(69.17233 34.52813)', 'Afghanistan', 'Kabul', 'national');
INSERT INTO control_event (place_id, at, actor, source) SELECT place_id, '2021-08-15Z', 'Taliban', 'AP' FROM place;
COPY control_event (place_id, at, state, contenders, source, confidence) FROM stdin;
1	2021-08-14 00:00:00+00	contested	{Taliban,"Afghan government"}	AFP	0.5
1	2021-08-13 00:00:00+00	unknown	\N	\N	\N
\.
SELECT at, state, actor, contenders, source, confidence FROM control_event ORDER BY at;

-- constraints reject bad rows, with the constraint named
SELECT err($$INSERT INTO frontline.actor (name) VALUES ('Contested')$$);
SELECT err($$INSERT INTO frontline.actor (name) VALUES (' padded')$$);
SELECT err($$INSERT INTO frontline.actor (name) VALUES ('taliban')$$);
SELECT err($$INSERT INTO frontline.actor (name, color) VALUES ('X', 'red')$$);
SELECT err($$INSERT INTO frontline.place (name, kind, geom) VALUES ('X', 'planet', 'SRID=4326;POINT(0 0)')$$);
SELECT err($$INSERT INTO frontline.place (name, kind, geom) VALUES ('X', 'city', 'SRID=4326;POINT(0 91)')$$);
SELECT err($$INSERT INTO frontline.place (name, kind, geom) VALUES ('X', 'city', 'SRID=4326;LINESTRING(0 0, 1 1)')$$);
SELECT err($$INSERT INTO frontline.place (name, kind, geom) VALUES ('X', 'city', 'POINT(0 0)')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor) VALUES (1, 'infinity', 'Taliban')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor) VALUES (1, now(), 'Nobody')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, state) VALUES (1, now(), 'control')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, state, actor) VALUES (1, now(), 'contested', 'Taliban')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, state, contenders) VALUES (1, now(), 'contested', '{Taliban}')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor, confidence) VALUES (1, now(), 'Taliban', 1.5)$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor, confidence) VALUES (1, now(), 'Taliban', 'NaN')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor, source) VALUES (1, now(), 'Taliban', ' ')$$);
SELECT err($$INSERT INTO frontline.control_event (place_id, at, actor) VALUES (999, now(), 'Taliban')$$);
SELECT count(*) AS events_unchanged FROM control_event;

-- renaming an actor follows into the claims
UPDATE actor SET name = 'Islamic Emirate' WHERE name = 'Taliban';
SELECT DISTINCT actor FROM control_event WHERE actor IS NOT NULL;
UPDATE actor SET name = 'Taliban' WHERE name = 'Islamic Emirate';

-- the reads see plain inserts at once
SELECT control_at('Kabul', '2021-08-13 12:00Z') AS unknown_state, control_at('Kabul', '2021-08-14 12:00Z') AS contested,
       control_at('Kabul', '2021-08-15 12:00Z') AS taliban, history('Kabul');
TRUNCATE control_event, place_alias, place, actor CASCADE;
