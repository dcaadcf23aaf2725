-- 60 random places with 4,000 random claims (three actors, four sources, ties
-- at day resolution and in confidence tenths): the data of differential.sql,
-- and of series.sql, which loads it on its own.
SELECT setseed(0.4242);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C d');
INSERT INTO frontline.place (name, kind, geom)
SELECT 'P' || i, 'town', ST_SetSRID(ST_MakePoint(60 + random() * 10, 30 + random() * 8), 4326) FROM generate_series(1, 60) i;
-- claims at day resolution so that several fall on one instant; confidences in tenths so that they tie
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence)
SELECT p, t, st,
       CASE WHEN st = 'control' THEN (ARRAY['A', 'B', 'C d'])[1 + floor(random() * 3)::int] END,
       CASE WHEN st = 'contested' AND random() < 0.5 THEN ARRAY['A', 'C d'] END,
       (ARRAY['s1', 's2', 's3', NULL])[1 + floor(random() * 4)::int],
       CASE WHEN random() < 0.3 THEN NULL ELSE round((random())::numeric, 1)::real END
  FROM (SELECT 1 + floor(random() * 60)::int AS p,
               '2021-01-01Z'::timestamptz + floor(random() * 60)::int * interval '1 day' AS t,
               (ARRAY['control', 'control', 'control', 'contested', 'unknown'])[1 + floor(random() * 5)::int] AS st
          FROM generate_series(1, 4000)) g;
