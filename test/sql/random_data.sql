-- Random extra data for the upgrade and dump/restore tests (on top of the sample).
SELECT setseed(0.123);
SELECT frontline.add_actor('Militia ' || i) FROM generate_series(1, 3) i;
INSERT INTO frontline.place (name, kind, geom, country)
SELECT 'Random place ' || i, 'town', ST_Point(60 + 10 * random(), 30 + 8 * random(), 4326), 'Afghanistan'
  FROM generate_series(1, 200) i;
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence)
SELECT p, t, st,
       CASE WHEN st = 'control' THEN (ARRAY['Taliban', 'Militia 1', 'Militia 2', 'Militia 3'])[1 + floor(random() * 4)::int] END,
       CASE WHEN st = 'contested' THEN ARRAY['Taliban', 'Militia 2'] END,
       (ARRAY['AP', 'AFP', 'x', NULL])[1 + floor(random() * 4)::int],
       CASE WHEN random() < 0.3 THEN NULL ELSE round(random()::numeric, 1)::real END
  FROM (SELECT (SELECT min(place_id) FROM frontline.place) + floor(random() * 230)::int AS p,
               '2021-06-01Z'::timestamptz + random() * interval '300 days' AS t,
               (ARRAY['control', 'control', 'contested', 'unknown'])[1 + floor(random() * 4)::int] AS st
          FROM generate_series(1, 3000)) g
 WHERE p IN (SELECT place_id FROM frontline.place);
-- control_history values stored by a user
CREATE TABLE public.saved_histories (id integer PRIMARY KEY, h frontline.control_history);
INSERT INTO public.saved_histories SELECT place_id, frontline.history(place_id) FROM frontline.place;
