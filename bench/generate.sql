-- Deterministic benchmark data (psql variables: places, events, seed).
-- Places cluster around 50 capitals in an Afghanistan-sized region (lon
-- 60..75, lat 29..38), 10 % of them small polygons; 5 actors; claims over two
-- years: 80 % control, 10 % contested (two named contenders), 10 % unknown,
-- from 6 sources, 20 % unrated.
\set ON_ERROR_STOP 1
SELECT setseed(:seed);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name, kind)
VALUES ('Government', 'state'), ('Insurgents', 'insurgency'), ('Militia A', 'militia'),
       ('Militia B', 'militia'), ('Coalition', 'coalition');
CREATE TEMP TABLE caps AS
SELECT i, 60.5 + 14 * random() AS lon, 29.5 + 8 * random() AS lat FROM generate_series(1, 50) i;
INSERT INTO frontline.place (name, kind, geom, country, admin1, capital, population)
SELECT 'Capital ' || i, 'city', ST_Point(lon, lat, 4326), 'Benchland', 'Province ' || i,
       CASE WHEN i = 1 THEN 'national' ELSE 'provincial' END, (200000 + random() * 2000000)::bigint
  FROM caps ORDER BY i;
-- the others: Gaussian offsets (Box-Muller, sigma 0.35 degrees) around a random capital
INSERT INTO frontline.place (name, kind, geom, country, admin1, population)
SELECT 'Place ' || n,
       CASE WHEN poly THEN 'district' ELSE 'village' END,
       CASE WHEN poly THEN ST_Expand(ST_Point(x, y, 4326), 0.01) ELSE ST_Point(x, y, 4326) END,
       'Benchland', 'Province ' || c,
       CASE WHEN random() < 0.8 THEN (100 + exp(random() * 10))::bigint END
  FROM (SELECT n, c, random() < 0.1 AS poly,
               greatest(60.02, least(74.98, caps.lon + 0.35 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) AS x,
               greatest(29.02, least(37.98, caps.lat + 0.35 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))) AS y
          FROM (SELECT n, 1 + floor(random() * 50)::int AS c FROM generate_series(51, :places) n) g
          JOIN caps ON caps.i = g.c) s;
-- reported_at: published from a day before (a forecast) to a month after the instant
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT p, t, st,
       CASE WHEN st = 'control' THEN (ARRAY['Government', 'Government', 'Insurgents', 'Insurgents', 'Militia A', 'Militia B', 'Coalition'])[1 + floor(random() * 7)::int] END,
       CASE WHEN st = 'contested' THEN
            CASE floor(random() * 3)::int WHEN 0 THEN ARRAY['Government', 'Insurgents']
                 WHEN 1 THEN ARRAY['Insurgents', 'Militia A'] ELSE ARRAY['Coalition', 'Militia B'] END END,
       (ARRAY['AP', 'AFP', 'Reuters', 'ACLED', 'local', 'ISW'])[1 + floor(random() * 6)::int],
       CASE WHEN random() < 0.2 THEN NULL ELSE round(random()::numeric, 1)::real END,
       t + (random() * 31 - 1) * interval '1 day'
  FROM (SELECT 1 + floor(random() * :places)::int AS p,
               timestamptz '2022-01-01Z' + random() * interval '730 days' AS t,
               CASE WHEN r < 0.8 THEN 'control' WHEN r < 0.9 THEN 'contested' ELSE 'unknown' END AS st
          FROM (SELECT random() AS r FROM generate_series(1, :events)) g) s;
ANALYZE frontline.place;
ANALYZE frontline.control_event;
