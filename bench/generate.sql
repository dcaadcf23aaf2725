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
-- Territory maps (issue 11): 365 daily maps of layer bench-map from one
-- source, its default Government within the region.  The Occupiers (an
-- actor of the maps only, so that the place workloads keep their answers) hold
-- the ground east of a front line of 2,000 vertices that moves about half a
-- kilometre a day (west on average, with a slow wobble), less a contested
-- band 5 km wide along it and an enclave (a hole); two islands west of the
-- front come and go.
TRUNCATE frontline.control_area, frontline.area_layer;
INSERT INTO frontline.actor (name, kind) VALUES ('Occupiers', 'army');
INSERT INTO frontline.area_layer (layer, default_state, default_actor, extent)
VALUES ('bench-map', 'control', 'Government', ST_Multi(ST_MakeEnvelope(60, 29, 75, 38, 4326)));
CREATE TEMP TABLE fronts AS
SELECT d, ST_MakeLine(ARRAY(SELECT ST_Point(69 - d * 0.005 + 0.4 * sin(y * 3 + d / 25.0) + 0.05 * sin(y * 40), y, 4326)
                              FROM generate_series(0, 1999) k, LATERAL (SELECT 29 + 9 * k / 1999.0 AS y) yy ORDER BY k)) AS line
  FROM generate_series(0, 364) d;
CREATE TEMP TABLE maps AS
SELECT d, timestamptz '2022-06-01 12:00Z' + d * interval '1 day' AS at, band,
       ST_Union(ST_Difference(ST_Difference(east, band), ST_Buffer(ST_Point(72, 33, 4326), 0.25, 16)),
                CASE WHEN d % 7 < 4 THEN ST_Union(ST_Buffer(ST_Point(65.5, 31, 4326), 0.15, 16), ST_Buffer(ST_Point(66, 35.5, 4326), 0.1, 16))
                     ELSE ST_Buffer(ST_Point(65.5, 31, 4326), 0.15, 16) END) AS held
  FROM (SELECT d, ST_MakePolygon(ST_AddPoint(ST_AddPoint(ST_AddPoint(line, ST_Point(75, 38, 4326)), ST_Point(75, 29, 4326)),
                                             ST_StartPoint(line))) AS east,
               ST_Intersection(ST_Buffer(line, 0.025, 2), ST_MakeEnvelope(60, 29, 75, 38, 4326)) AS band
          FROM fronts) f;
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source, reported_at)
SELECT 'bench-map', ST_Multi(ST_CollectionExtract(ST_MakeValid(held), 3)), at, 'control', 'Occupiers', 'MapDesk', at + interval '6 hours' FROM maps
UNION ALL
SELECT 'bench-map', ST_Multi(ST_CollectionExtract(ST_MakeValid(band), 3)), at, 'contested', NULL, 'MapDesk', at + interval '6 hours' FROM maps;
ANALYZE frontline.control_area;
ANALYZE frontline.place;
ANALYZE frontline.control_event;
