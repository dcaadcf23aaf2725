-- The seed article's questions, answered from the sample (data/).
-- Times are shown in Kabul time; a claim dated by day only counts from the
-- start of that day in Asia/Kabul (00:00 UTC+04:30).
\set ON_ERROR_STOP 1
\pset footer off
SET TimeZone = 'Asia/Kabul';

\echo
\echo '== Who held each city at noon (Kabul time) on each day, 6-16 August 2021'
\echo '   (all sources; where sources disagree the earliest claim of a change counts,'
\echo '    because the state is that of the latest claim at or before the moment)'
SELECT to_char(d, 'Dy DD Mon') AS day,
       frontline.control_at('Mazar-i-Sharif', d + interval '12 hours') AS "Mazar-i-Sharif",
       frontline.control_at('Kandahar',       d + interval '12 hours') AS "Kandahar",
       frontline.control_at('Pul-e-Alam',     d + interval '12 hours') AS "Pul-e-Alam",
       frontline.control_at('Maidan Shahr',   d + interval '12 hours') AS "Maidan Shahr",
       frontline.control_at('Kabul',          d + interval '12 hours') AS "Kabul"
  FROM generate_series(timestamptz '2021-08-06', '2021-08-16', interval '1 day') AS d;

\echo '== Provincial capitals that changed hands, per day (Kabul time)'
SELECT to_char(c.at, 'Dy DD Mon') AS day, count(*) AS capitals,
       string_agg(c.place || ' (' || coalesce(c.source, 'unsourced') || ')', ', ' ORDER BY c.place) AS taken
  FROM frontline.changes('2021-08-02', '2021-08-17') c
 GROUP BY c.at ORDER BY c.at;

\echo '== Sources disagree: when did Kandahar and Pul-e-Alam fall, by source?'
SELECT p.place, s.source,
       frontline.first_held(frontline.history(p.place, ARRAY[s.source]), 'Taliban') AS taliban_from
  FROM (VALUES ('Kandahar'), ('Pul-e-Alam')) p(place)
 CROSS JOIN (VALUES ('AP'), ('AFP'), ('Reuters'), ('CNN'), ('Amu TV')) s(source)
 WHERE frontline.first_held(frontline.history(p.place, ARRAY[s.source]), 'Taliban') IS NOT NULL
 ORDER BY 1, 3, 2;

\echo '== What was known when: noon on 13 and on 14 August, with only what had been published by then'
\echo '   (the sample''s claims carry their publication day: data/SOURCES.md)'
SELECT to_char(k, 'Dy DD Mon HH24:MI') AS as_of,
       count(*) FILTER (WHERE s.controller = 'Taliban') AS taliban_capitals_known,
       (SELECT count(*) FROM frontline.snapshot(k) x WHERE x.controller = 'Taliban') AS taliban_capitals_as_now_known,
       string_agg(s.place, ', ' ORDER BY s.place) FILTER (WHERE s.controller IS DISTINCT FROM 'Taliban'
                                                           AND s.place IN ('Kandahar', 'Pul-e-Alam', 'Gardez', 'Mazar-i-Sharif', 'Herat', 'Lashkar Gah')) AS not_yet_known_taken
  FROM (VALUES (timestamptz '2021-08-13 12:00+04:30'), ('2021-08-14 12:00+04:30')) v(k),
       LATERAL frontline.snapshot(k, as_of => k) s
 GROUP BY k ORDER BY k;

\echo '== Fall windows: the earliest and the latest day a single source gives for the fall'
SELECT p AS place, to_char(w.earliest, 'DD Mon') AS earliest, array_to_string(w.earliest_sources, ', ') AS by,
       to_char(w.latest, 'DD Mon') AS latest, array_to_string(w.latest_sources, ', ') AS by_latest, w.sources_agree
  FROM unnest(ARRAY['Kandahar', 'Pul-e-Alam', 'Gardez', 'Mazar-i-Sharif']) p,
       LATERAL frontline.fall_window(p, 'Taliban') w;

\echo '== How Kandahar''s known history changed as the reports came in'
SELECT to_char(known_at, 'DD Mon HH24:MI') AS learned, source, to_char(at, 'DD Mon') AS changed_on,
       from_controller, to_controller
  FROM frontline.revisions('Kandahar');

\echo '== The article''s spellings work too (names are case- and accent-insensitive, with aliases)'
SELECT n AS asked, frontline.control_at(n, '2021-08-15 12:00+04:30') AS "15 Aug noon"
  FROM (VALUES ('Mazār-e Sharīf'), ('Balch'), ('Maidan Sharm'), ('pul-e alam')) v(n);

\echo '== Snapshot at the end of 14 August: who held how many provincial capitals'
SELECT coalesce(controller, 'unknown') AS controller, count(*) AS capitals,
       string_agg(place, ', ' ORDER BY place) FILTER (WHERE controller IS DISTINCT FROM 'Taliban') AS not_taliban
  FROM frontline.snapshot('2021-08-14 23:59+04:30')
 GROUP BY 1 ORDER BY 2 DESC;

\echo '== Kabul''s history as a control_history value'
SELECT frontline.history('Kabul') AS kabul;
SELECT state, during FROM frontline.periods(frontline.history('Kabul'));

\echo '== Which places changed hands on 14 August, and which did the Taliban hold at some moment that day'
\echo '   (changed_during and held_by on the cached histories; in a WHERE clause they use its GiST index)'
SELECT string_agg(p.name, ', ' ORDER BY p.name) FILTER (WHERE frontline.changed_during(h.history, r.day)) AS changed_hands,
       string_agg(p.name, ', ' ORDER BY p.name) FILTER (WHERE frontline.held_by(h.history, 'Taliban', r.day)) AS taliban_held
  FROM frontline.place_history h JOIN frontline.place p USING (place_id),
       (SELECT tstzrange('2021-08-14 00:00+04:30', '2021-08-15 00:00+04:30') AS day) r;

\echo
\echo '== Radius from the capital: how far, which way (WGS84 geodesics through PROJ)'
\echo '   The article: "Pul-e-Alam taken, 70 km from Kabul"; "fighting at Maidan Shahr, 50 km from Kabul".'
\echo '   Those are road distances; as the crow flies (geodesic, city centre to city centre):'
SELECT p AS place, f.phrase, round(f.km::numeric, 1) AS km, round(f.bearing::numeric) AS bearing
  FROM unnest(ARRAY['Pul-e-Alam', 'Maidan Shahr', 'Charikar', 'Ghazni', 'Jalalabad', 'Mazar-i-Sharif', 'Kandahar', 'Herat']) p,
       frontline.from_capital(p) f
 ORDER BY f.km;

\echo '== Who held what within 50 / 100 / 200 km of Kabul, at noon each day, 10-15 August 2021'
SELECT to_char(d, 'Dy DD Mon') AS day, r.inner_km || '-' || r.outer_km || ' km' AS band,
       coalesce(r.controller, 'unknown') AS controller, r.places, r.population
  FROM generate_series(timestamptz '2021-08-10', '2021-08-15', interval '1 day') d
 CROSS JOIN LATERAL frontline.rings('Kabul', d + interval '12 hours', ARRAY[50, 100, 200]) r
 ORDER BY d, r.inner_km, r.controller;

\echo '== Which places within 100 km of Kabul the Taliban held, at noon each day'
SELECT to_char(d, 'Dy DD Mon') AS day,
       coalesce(string_agg(w.place || ' (' || round(w.km) || ' km' || coalesce(' ' || w.compass, '') || ')', ', ' ORDER BY w.km), '-') AS taliban_held
  FROM generate_series(timestamptz '2021-08-10', '2021-08-15', interval '1 day') d
  LEFT JOIN LATERAL frontline.within_radius('Kabul', 100, d + interval '12 hours', 'Taliban') w ON true
 GROUP BY d ORDER BY d;

\echo '== The Taliban''s closest approach to Kabul, day by day (front_series: one sweep over the claims)'
SELECT to_char(f.t, 'Dy DD Mon') AS day, f.place AS nearest_taliban_held, round(f.km::numeric) AS km_from_kabul,
       (SELECT compass FROM frontline.from_capital(f.place)) AS direction
  FROM frontline.front_series('Taliban', 'Kabul', '2021-08-06 12:00+04:30', '2021-08-15 12:00+04:30', '1 day') f;

\echo '== A 100 km geodesic circle around Kabul, for a map layer (GeoJSON, first 120 characters)'
SELECT left(ST_AsGeoJSON(frontline.geodesic_circle(geom, 100), 5), 120) || '...' AS geojson
  FROM frontline.place WHERE name = 'Kabul';
