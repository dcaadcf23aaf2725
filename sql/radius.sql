-- Radius from the capital on the Afghanistan 2021 sample, then differential
-- tests on random places worldwide: within_radius against a brute-force
-- geodesic scan, front_series against front() repeated per step.
\i test/sql/fixture.sql
SET TimeZone = 'Asia/Kabul';
SET extra_float_digits = 0;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
\set QUIET on
\o /dev/null
\i data/load_sample.sql
\o
\set QUIET off
-- a few places that are not capitals
SELECT frontline.add_place('Bagram', 'base', ST_Point(69.2650, 34.9461, 4326), 'Afghanistan', 'Parwan') AS bagram,
       frontline.add_place('Logar district', 'district',
                           ST_MakeEnvelope(68.9, 33.9, 69.1, 34.1, 4326), 'Afghanistan', 'Logar') AS logar,
       frontline.add_place('Nowhere', 'site', ST_Point(70, 35, 4326)) AS no_country,
       frontline.add_place('Khorog', 'city', ST_Point(71.5531, 37.4897, 4326), 'Tajikistan', 'GBAO') AS capital_less;

-- from_capital: the article's places, by name and by id, national and provincial
SELECT p AS place, f.capital, round(f.km::numeric, 3) AS km, round(f.bearing::numeric, 3) AS bearing, f.compass, f.phrase
  FROM unnest(ARRAY['Pul-e-Alam', 'Maidan Shahr', 'Mazar-i-Sharif', 'Kandahar', 'Charikar', 'Kabul', 'Bagram', 'Logar district']) p,
       frontline.from_capital(p) f;
SELECT p AS place, f.capital, round(f.km::numeric, 3) AS km, f.compass, f.phrase
  FROM unnest(ARRAY['Bagram', 'Pul-e-Alam', 'Logar district']) p, frontline.from_capital(p, 'provincial') f;
SELECT f.phrase FROM frontline.from_capital(frontline.find_place('pul-e alam')) f;
SELECT count(*) AS no_row_for_null FROM frontline.from_capital(NULL::integer);
SELECT err('SELECT * FROM frontline.from_capital(''Pul-e-Alm'')');
SELECT err('SELECT * FROM frontline.from_capital(''Kabul'', ''district'')');
SELECT err('SELECT * FROM frontline.from_capital(''Kabul'', NULL)');
SELECT err('SELECT * FROM frontline.from_capital(99999)');
SELECT err('SELECT * FROM frontline.from_capital(''Nowhere'')');
SELECT err('SELECT * FROM frontline.from_capital(''Nowhere'', ''provincial'')');
SELECT err('SELECT * FROM frontline.from_capital(''Khorog'')');
SELECT err('SELECT * FROM frontline.from_capital(''Khorog'', ''provincial'')');
BEGIN;
UPDATE frontline.place SET capital = 'national' WHERE name = 'Charikar';
SELECT err('SELECT * FROM frontline.from_capital(''Bagram'')');
ROLLBACK;

-- within_radius: the article's "within 100 km of Kabul" on 14 August at noon
SELECT place_id, place, kind, round(km::numeric, 3) AS km, round(bearing::numeric, 3) AS bearing, compass, controller
  FROM frontline.within_radius('Kabul', 100, '2021-08-14 12:00+04:30');
SELECT place, controller FROM frontline.within_radius('kabul', 100, '2021-08-14 12:00+04:30', 'taliban');
SELECT count(*) AS contested FROM frontline.within_radius('Kabul', 300, '2021-08-14 12:00+04:30', 'contested');
SELECT place, round(km::numeric, 1) AS km, controller FROM frontline.within_radius('Kabul', 40);
SELECT place, controller FROM frontline.within_radius('Kabul', 100, '2021-08-16 12:00+04:30', 'Afghan government');
SELECT place, controller FROM frontline.within_radius('Kabul', 70, '2021-08-14 12:00+04:30', 'unknown');
-- front's disc search checks its radius once a call, not once per
-- candidate, in the generic plans front uses from its first call (and
-- PostgreSQL from the sixth): PL/pgSQL calls counted by track_functions,
-- 8 calls of front
SELECT count(*) AS places_within_1000_km FROM frontline.within_radius('Kabul', 1000);
BEGIN;
SET LOCAL track_functions = 'pl';
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT count(f.place) AS fronts
  FROM generate_series(1, 8) i, frontline.front('Taliban', 'Kabul', timestamptz '2021-08-14 12:00+04:30' + i * interval '1 s') f;
SELECT pg_stat_get_xact_function_calls('frontline.check_radius(float8,text)'::regprocedure) AS radius_checks;
COMMIT;
-- by source: Reuters dates Pul-e-Alam's fall a day later than AFP
SELECT s AS source, w.place, w.controller
  FROM unnest(ARRAY['AFP', 'Reuters']) s,
       frontline.within_radius('Kabul', 70, '2021-08-13 12:00+04:30', sources => ARRAY[s, 'frontline sample']) w
 WHERE w.place = 'Pul-e-Alam';
SELECT err('SELECT * FROM frontline.within_radius(''Kabull'', 100)');
SELECT err('SELECT * FROM frontline.within_radius(NULL, 100)');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', NULL)');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 0)');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', -5)');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', ''NaN'')');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', ''Infinity'')');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 50000)');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 100, ''infinity'')');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 100, NULL, ''Taliban'')');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 100, ''2021-08-14'', ''Talibn'')');
SELECT err('SELECT * FROM frontline.within_radius(''Kabul'', 100, ''2021-08-14'', NULL, NULL, 1.5)');

-- rings: who held what within 50 / 100 / 200 km of Kabul
SELECT * FROM frontline.rings('Kabul', '2021-08-14 12:00+04:30', ARRAY[200, 50, 100]);
SELECT * FROM frontline.rings('Kabul', '2021-08-15 12:00+04:30', ARRAY[100]);
SELECT err('SELECT * FROM frontline.rings(''Kabul'', ''2021-08-14'', ARRAY[]::float8[])');
SELECT err('SELECT * FROM frontline.rings(''Kabul'', ''2021-08-14'', ARRAY[50, 50])');
SELECT err('SELECT * FROM frontline.rings(''Kabul'', ''2021-08-14'', ARRAY[50, NULL])');
SELECT err('SELECT * FROM frontline.rings(''Kabul'', ''2021-08-14'', ARRAY[-50])');
SELECT err('SELECT * FROM frontline.rings(''Kabul'', NULL, ARRAY[50])');
SELECT err('SELECT * FROM frontline.rings(''Kabul'', ''2021-08-14'', NULL)');
SELECT err('SELECT * FROM frontline.rings(''Kabull'', ''2021-08-14'', ARRAY[50])');

-- front: the Taliban's closest approach to Kabul; the government holds Kabul itself until the 15th
SELECT d::date AS day, f.place, round(f.km::numeric, 3) AS km, f.compass
  FROM generate_series(timestamptz '2021-08-05 12:00+04:30', '2021-08-16 12:00+04:30', '1 day') d
  LEFT JOIN LATERAL frontline.front('Taliban', 'Kabul', d) f ON true ORDER BY d;
SELECT place, km FROM frontline.front('Afghan government', 'Kabul', '2021-08-14 12:00+04:30');
SELECT err('SELECT * FROM frontline.front(''Talibn'', ''Kabul'', now())');
SELECT err('SELECT * FROM frontline.front(''contested'', ''Kabul'', now())');
SELECT err('SELECT * FROM frontline.front(''Taliban'', ''Kabul'', NULL)');
SELECT err('SELECT * FROM frontline.front(''Taliban'', ''Kabul'', ''-infinity'')');
SELECT err('SELECT * FROM frontline.front(''Taliban'', NULL, now())');

-- front_series: the same, in one sweep
SELECT t::date AS day, place, round(km::numeric, 3) AS km
  FROM frontline.front_series('Taliban', 'Kabul', '2021-08-05 12:00+04:30', '2021-08-16 12:00+04:30', '1 day');
SELECT count(*) AS steps FROM frontline.front_series('Taliban', 'Kabul', '2021-08-01', '2021-08-01', '1 hour');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-10'', ''2021-08-01'', ''1 day'')');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-01'', ''2021-08-10'', ''0 days'')');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-01'', ''2021-08-10'', ''-1 day'')');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-01'', ''2121-08-10'', ''1 minute'')');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-01'', ''2021-08-10'', NULL)');
SELECT err('SELECT * FROM frontline.front_series(''Taliban'', ''Kabul'', ''2021-08-01'', ''infinity'', ''1 day'')');
SELECT err('SELECT * FROM frontline.front_series(''Nobody'', ''Kabul'', ''2021-08-01'', ''2021-08-10'', ''1 day'')');
-- the internal aggregate refuses steps out of time order
SELECT err($$SELECT frontline._front_hist(1, '{}', 'A', 1.0, ARRAY[timestamptz '2021-01-05', '2021-01-01'])$$);

-- row-level security: a role that may not see AP's claims gets, from every
-- radius function, exactly the owner's answers computed without AP
CREATE ROLE fl_radius_analyst;
GRANT USAGE ON SCHEMA frontline TO fl_radius_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_radius_analyst;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY hide_ap ON frontline.control_event FOR SELECT TO fl_radius_analyst USING (source IS DISTINCT FROM 'AP');
CREATE TEMP TABLE not_ap AS SELECT array_agg(DISTINCT source) AS s FROM frontline.control_event WHERE source <> 'AP';
CREATE TEMP TABLE owner_radius AS
SELECT 'within' AS f, d::text AS t, w.place, w.controller, NULL::float8 AS km
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.within_radius('Kabul', 500, d, NULL, (SELECT s FROM not_ap)) w
UNION ALL
SELECT 'rings', d::text, r.inner_km::text, r.controller, r.places
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.rings('Kabul', d, ARRAY[100, 300, 500], (SELECT s FROM not_ap)) r
UNION ALL
SELECT 'front', d::text, f.place, NULL, f.km
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.front('Taliban', 'Kabul', d, (SELECT s FROM not_ap)) f
UNION ALL
SELECT 'series', f.t::text, f.place, NULL, f.km
  FROM frontline.front_series('Taliban', 'Kandahar', '2021-08-11Z', '2021-08-16Z', '12 hours', (SELECT s FROM not_ap)) f;
GRANT SELECT ON owner_radius TO fl_radius_analyst;
-- the owner sees AP's Kandahar claim of the 12th
SELECT place, controller FROM frontline.within_radius('Kabul', 500, '2021-08-12 12:00Z', 'Taliban') WHERE place = 'Kandahar';
SET ROLE fl_radius_analyst;
SELECT count(*) AS analyst_sees_kandahar_taken
  FROM frontline.within_radius('Kabul', 500, '2021-08-12 12:00Z', 'Taliban') WHERE place = 'Kandahar';
CREATE TEMP TABLE analyst_radius AS
SELECT 'within' AS f, d::text AS t, w.place, w.controller, NULL::float8 AS km
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.within_radius('Kabul', 500, d) w
UNION ALL
SELECT 'rings', d::text, r.inner_km::text, r.controller, r.places
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.rings('Kabul', d, ARRAY[100, 300, 500]) r
UNION ALL
SELECT 'front', d::text, f.place, NULL, f.km
  FROM generate_series(timestamptz '2021-08-11Z', '2021-08-16Z', '12 hours') d,
       frontline.front('Taliban', 'Kabul', d) f
UNION ALL
SELECT 'series', f.t::text, f.place, NULL, f.km
  FROM frontline.front_series('Taliban', 'Kandahar', '2021-08-11Z', '2021-08-16Z', '12 hours') f;
SELECT (SELECT count(*) FROM analyst_radius) AS rows,
       (SELECT count(*) FROM (SELECT * FROM analyst_radius EXCEPT ALL SELECT * FROM owner_radius) x) AS analyst_only,
       (SELECT count(*) FROM (SELECT * FROM owner_radius EXCEPT ALL SELECT * FROM analyst_radius) x) AS owner_only;
RESET ROLE;
DROP TABLE analyst_radius, owner_radius, not_ap;
DROP POLICY hide_ap ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_radius_analyst;
REVOKE ALL ON SCHEMA frontline FROM fl_radius_analyst;
DROP ROLE fl_radius_analyst;

-- privileges: without SELECT on the claims, the radius functions that need
-- them refuse (42501); geometry-only calls need only the places
CREATE ROLE fl_radius_mapper;
GRANT USAGE ON SCHEMA frontline TO fl_radius_mapper;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor TO fl_radius_mapper;
SET ROLE fl_radius_mapper;
SELECT count(*) AS geometry_only FROM frontline.within_radius('Kabul', 100);
SELECT phrase FROM frontline.from_capital('Pul-e-Alam');
SELECT left(err($$SELECT * FROM frontline.within_radius('Kabul', 100, '2021-08-14Z')$$), 50) AS with_controllers;
SELECT left(err($$SELECT * FROM frontline.front('Taliban', 'Kabul', '2021-08-14Z')$$), 50) AS front;
SELECT left(err($$SELECT * FROM frontline.front_series('Taliban', 'Kabul', '2021-08-10Z', '2021-08-14Z', '1 day')$$), 50) AS front_series;
SELECT left(err($$SELECT * FROM frontline.rings('Kabul', '2021-08-14Z', ARRAY[100])$$), 50) AS rings;
RESET ROLE;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_radius_mapper;
REVOKE ALL ON SCHEMA frontline FROM fl_radius_mapper;
DROP ROLE fl_radius_mapper;

-- ------------------------------------------------------------------ differential, worldwide
SET TimeZone = 'UTC';
SELECT setseed(0.77);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C');
-- centres: mid-latitude, across the antimeridian both ways, near both poles
INSERT INTO frontline.place (name, kind, geom, capital) VALUES
  ('K', 'city', ST_Point(69.17, 34.53, 4326), 'national'),
  ('F', 'city', ST_Point(179.6, -17.5, 4326), 'national'),
  ('W', 'city', ST_Point(-179.8, 65.0, 4326), 'national'),
  ('N', 'site', ST_Point(20.0, 88.5, 4326), NULL),
  ('S', 'site', ST_Point(-60.0, -89.2, 4326), NULL);
CREATE TEMP TABLE radii (r float8);
INSERT INTO radii VALUES (30), (400), (1500);
-- random places around every centre out to twice the largest radius, and
-- places 1 m inside and 1 m outside every radius
CREATE FUNCTION pg_temp.wrap(lon float8) RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN lon - 360 * floor((lon + 180) / 360);
INSERT INTO frontline.place (name, kind, geom)
SELECT 'r' || row_number() OVER (), 'town', ST_Point(pg_temp.wrap(d.lon2), d.lat2, 4326)
  FROM frontline.place c, generate_series(1, 400) i,
       frontline.geodesic_direct(ST_Y(c.geom), ST_X(c.geom), 360 * random(),
                                 1000 * 3000 * random() ^ 2) d;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'e' || row_number() OVER (), 'town', ST_Point(pg_temp.wrap(d.lon2), d.lat2, 4326)
  FROM frontline.place c, radii, (VALUES (-0.001), (0.001)) e(delta), generate_series(1, 6) i,
       frontline.geodesic_direct(ST_Y(c.geom), ST_X(c.geom), 360 * random(), 1000 * (radii.r + e.delta)) d
 WHERE c.name IN ('K', 'F', 'W', 'N', 'S');
-- small polygons, and two places on the same spot (a tie)
INSERT INTO frontline.place (name, kind, geom)
SELECT 'poly' || row_number() OVER (), 'district', ST_Expand(geom, 0.05)
  FROM frontline.place WHERE name LIKE 'r%' AND abs(ST_X(geom)) < 179.9 AND abs(ST_Y(geom)) < 89.9 AND random() < 0.1;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'twin' || name, kind, geom FROM frontline.place WHERE name IN ('r5', 'r405', 'r1201');
SELECT count(*) AS places FROM frontline.place;
-- claims: 3 actors, contested and unknown, 3 sources, over 40 days
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT p, t, st, CASE WHEN st = 'control' THEN (ARRAY['A', 'B', 'C'])[1 + floor(random() * 3)::int] END,
       (ARRAY['s1', 's2', 's3'])[1 + floor(random() * 3)::int], round(random()::numeric, 1)::real
  FROM (SELECT 1 + floor(random() * (SELECT count(*) FROM frontline.place))::int AS p,
               '2022-01-01Z'::timestamptz + floor(random() * 40 * 24)::int * interval '1 hour' AS t,
               (ARRAY['control', 'control', 'control', 'control', 'contested', 'unknown'])[1 + floor(random() * 6)::int] AS st
          FROM generate_series(1, 8000)) g;

-- within_radius equals a brute-force geodesic scan, row for row (place, km, bearing, controller) and in order
CREATE TEMP TABLE wr AS
SELECT c.name AS center, radii.r, w.*, row_number() OVER (PARTITION BY c.name, radii.r ORDER BY w.km, w.place_id) AS rank
  FROM frontline.place c, radii,
       frontline.within_radius(c.name, radii.r, '2022-01-20 12:00Z') w
 WHERE c.name IN ('K', 'F', 'W', 'N', 'S');
CREATE TEMP TABLE bf AS
SELECT c.name AS center, radii.r, p.place_id, p.name AS place, p.kind,
       frontline.geodesic_km(c.geom, p.geom) AS km,
       CASE WHEN frontline.geodesic_km(c.geom, p.geom) > 0 THEN frontline.bearing(c.geom, p.geom) END AS bearing,
       frontline.control_at(p.place_id, '2022-01-20 12:00Z') AS controller
  FROM frontline.place c CROSS JOIN radii CROSS JOIN frontline.place p
 WHERE c.name IN ('K', 'F', 'W', 'N', 'S')
   AND frontline.geodesic_km(c.geom, p.geom) <= radii.r;
SELECT (SELECT count(*) FROM wr) AS rows,
       (SELECT count(*) FROM (SELECT center, r, place_id, place, kind, km, bearing, controller FROM wr
                              EXCEPT ALL SELECT * FROM bf) x) AS only_within_radius,
       (SELECT count(*) FROM (SELECT * FROM bf
                              EXCEPT ALL SELECT center, r, place_id, place, kind, km, bearing, controller FROM wr) x) AS only_brute_force,
       (SELECT count(*) FROM wr a JOIN wr b ON a.center = b.center AND a.r = b.r AND b.rank = a.rank + 1
         WHERE (b.km, b.place_id) < (a.km, a.place_id)) AS out_of_order;
-- the 1-m edge places: exactly those inside count
SELECT center, r, count(*) FILTER (WHERE place LIKE 'e%') AS edge_places FROM wr GROUP BY 1, 2 ORDER BY 1, 2;
-- held_by filters exactly
SELECT count(*) AS filter_mismatches FROM (
    (SELECT c.name, w.place_id FROM frontline.place c, frontline.within_radius(c.name, 1500, '2022-01-20 12:00Z', 'b') w
      WHERE c.name IN ('K', 'F', 'W', 'N', 'S')
     EXCEPT ALL
     SELECT center, place_id FROM wr WHERE r = 1500 AND controller = 'B')
    UNION ALL
    (SELECT c.name, w.place_id FROM frontline.place c, frontline.within_radius(c.name, 1500, '2022-01-20 12:00Z', 'contested') w
      WHERE c.name IN ('K', 'F', 'W', 'N', 'S')
     EXCEPT ALL
     SELECT center, place_id FROM wr WHERE r = 1500 AND controller = 'contested')) x;
-- rings add up to within_radius per controller
SELECT count(*) AS ring_mismatches FROM (
    SELECT r.controller, sum(r.places) AS n FROM frontline.rings('W', '2022-01-20 12:00Z', ARRAY[30, 400, 1500]) r GROUP BY 1
    EXCEPT
    SELECT controller, count(*) FROM wr WHERE center = 'W' AND r = 1500 GROUP BY 1) x;

-- front_series equals front() repeated per step, for every actor, centre and filter
CREATE TEMP TABLE fs_cases AS
SELECT a.name AS actor, c.name AS center, s.sources, s.m
  FROM frontline.actor a, frontline.place c,
       (VALUES (NULL::text[], 0::real), (ARRAY['s1', 's3'], 0), (NULL, 0.5)) s(sources, m)
 WHERE c.name IN ('K', 'F', 'N');
SELECT count(*) AS cases,
       sum((SELECT count(*) FROM frontline.front_series(fs_cases.actor, fs_cases.center, '2021-12-31Z', '2022-02-12Z',
                                                       '1 day 5 hours', fs_cases.sources, fs_cases.m))) AS steps,
       sum((SELECT count(*) FROM (
              SELECT t, place, km FROM frontline.front_series(fs_cases.actor, fs_cases.center, '2021-12-31Z', '2022-02-12Z',
                                                              '1 day 5 hours', fs_cases.sources, fs_cases.m)
              EXCEPT ALL
              SELECT t, f.place, f.km
                FROM generate_series(timestamptz '2021-12-31Z', '2022-02-12Z', '1 day 5 hours') t
                LEFT JOIN LATERAL frontline.front(fs_cases.actor, fs_cases.center, t, fs_cases.sources, fs_cases.m) f ON true) x))
         AS mismatches
  FROM fs_cases;

-- _disc_cover, the index search of _within around a point: the polygon
-- itself (not only its box, which covers more) covers every point within
-- the radius, on random centres from 88 S to 88 N, across the antimeridian,
-- radii up to 2000 km, points 1 m inside the radius at random bearings;
-- NULL (ST_DWithin instead) near the poles, beyond 2000 km and around
-- polygons
SELECT setseed(0.31);
CREATE TEMP TABLE covers AS
SELECT c, r, frontline._disc_cover(c, r) AS cover, ST_Point(pg_temp.wrap(d.lon2), d.lat2, 4326) AS pt
  FROM (SELECT ST_Point(360 * random() - 180, 176 * random() - 88, 4326) AS c, 0.01 + 2000 * random() ^ 2 AS r
          FROM generate_series(1, 300)) a,
       generate_series(1, 4) j,
       frontline.geodesic_direct(ST_Y(c), ST_X(c), 360 * random(), 1000 * r - 1) d;
SELECT count(*) AS points, count(cover) AS with_cover,
       count(*) FILTER (WHERE cover IS NULL AND abs(ST_Y(c)) + (1.02 * r + 1) / 110 < 89) AS unexpected_null,
       count(*) FILTER (WHERE NOT ST_Covers(cover, geography(pt))) AS outside_cover
  FROM covers;
SELECT frontline._disc_cover(ST_Point(10, 88.9, 4326), 30) IS NULL AS near_pole,
       frontline._disc_cover(ST_Point(10, 60, 4326), -5) IS NULL AS negative_radius,
       frontline._disc_cover(ST_Point(10, 88.5, 4326), 30) IS NULL AS not_yet_near,
       frontline._disc_cover(ST_Point(10, 60, 4326), 2000.5) IS NULL AS beyond_2000_km,
       frontline._disc_cover(ST_MakeEnvelope(10, 10, 11, 11, 4326), 30) IS NULL AS polygon,
       frontline._disc_cover(NULL, 30) IS NULL AS null_centre,
       ST_NPoints(frontline._disc_cover(ST_Point(179.9, 10, 4326), 100)::geometry) AS antimeridian_points;
-- a centre outside the lon/lat range is refused by the circle's C core
SELECT err($$SELECT frontline._disc_cover(ST_Point(500, 0, 4326), 10)$$);
