-- Conflicting claims on the Afghanistan 2021 sample, and the tie-break rules.
\i test/sql/fixture.sql
SET TimeZone = 'Asia/Kabul';
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
\i data/load_sample.sql
SET search_path = frontline, public;

-- the article: Mazar-i-Sharif taken on the 14th, Kandahar "yesterday" (the 13th per AFP, the 12th per AP),
-- Pul-e-Alam on the 14th per Reuters/AP (13th per AFP/CNN), Maidan Shahr on the 15th
SELECT p, control_at(p, '2021-08-13 12:00') AS "13 Aug", control_at(p, '2021-08-14 12:00') AS "14 Aug",
       control_at(p, '2021-08-15 12:00') AS "15 Aug"
  FROM unnest(ARRAY['Mazar-i-Sharif', 'Kandahar', 'Pul-e-Alam', 'Maidan Shahr', 'Kabul', 'Gardez', 'Bazarak']) p;
SELECT control_at('Kandahar', '2021-08-12 12:00', ARRAY['AP']) AS ap, control_at('Kandahar', '2021-08-12 12:00', ARRAY['AFP']) AS afp,
       control_at('Kandahar', '2021-08-12 12:00', ARRAY['Reuters', 'AFP']) AS reuters_afp;
-- Gardez: the unsourced 15 August row is left out by any source filter
SELECT count(*) AS gardez_claims, count(*) FILTER (WHERE source IS NULL) AS unsourced
  FROM control_event WHERE place_id = find_place('Gardez');
SELECT history('Gardez', ARRAY['EFE', 'Amu TV']) = history('Gardez') AS same_resolved_history;
SELECT count(*) AS changes_in_august FROM changes('2021-08-01', '2021-09-01');
SELECT count(*) FILTER (WHERE controller = 'Taliban') AS taliban, count(*) AS capitals FROM snapshot('2021-08-16 12:00');
SELECT at::date, place, source FROM changes('2021-08-14', '2021-08-15') ORDER BY place;

-- tie-breaks at one instant: higher confidence wins, then the one recorded last; unrated ranks below rated
SELECT add_place('Testville', 'town', 'SRID=4326;POINT(65 33)') > 0 AS ok;
SELECT record_control('Testville', 'Afghan government', '2021-08-20 00:00', 'A', 0.9);
SELECT record_control('Testville', 'Taliban', '2021-08-20 00:00', 'B', 0.6);
SELECT record_control('Testville', 'Taliban', '2021-08-20 00:00', 'C');
SELECT control_at('Testville', '2021-08-20 00:00') AS rated_high_wins,
       control_at('Testville', '2021-08-20 00:00', ARRAY['B', 'C']) AS rated_beats_unrated,
       control_at('Testville', '2021-08-20 00:00', NULL, 0.95) AS none_pass,
       control_at('Testville', '2021-08-20 00:00', ARRAY['C']) AS unrated_alone,
       control_at('Testville', '2021-08-20 00:00', ARRAY['C'], 0.1) AS unrated_fails_min;
SELECT record_control('Testville', 'Taliban', '2021-08-20 00:00', 'D', 0.9);
SELECT control_at('Testville', '2021-08-20 00:00') AS equal_confidence_last_recorded_wins;
SELECT at, from_controller, to_controller, source FROM changes('2021-08-19', '2021-08-21') WHERE place = 'Testville';
SELECT since FROM snapshot('2021-08-21') WHERE place = 'Testville';
