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
