-- One model of distance and contact (issue 9, section 4).  A place's shape
-- has geodesic edges; its distance from a point is the WGS84 geodesic
-- distance to its nearest point, 0 when the point lies inside (decided on
-- PostGIS's geography, whose edges are great circles).  On polygons at high
-- latitude, where a straight lon/lat edge and a geodesic edge are tens of
-- kilometres apart, and across the antimeridian, every radius function must
-- equal a brute-force scan with geodesic_km, and the cache and the claims
-- paths must agree.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
SELECT setseed(0.31);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B');
-- wide boxes in the Arctic (their bottom edge bulges 2-3 degrees north as a
-- geodesic), boxes across the antimeridian, and small ones
INSERT INTO frontline.place (name, kind, geom)
SELECT 'arctic' || i, 'region',
       ST_MakeEnvelope(x, y, x + w, y + h, 4326)
  FROM (SELECT i, -170 + 300 * random() AS x, 58 + 20 * random() AS y, 20 + 40 * random() AS w, 2 + 6 * random() AS h
          FROM generate_series(1, 12) i) b
 WHERE x + w <= 180;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'dateline' || i, 'region',
       ST_GeomFromText(format('POLYGON((%s %s,%s %s,%s %s,%s %s,%s %s))',
                              180 - a, y, -180 + b, y, -180 + b, y + h, 180 - a, y + h, 180 - a, y), 4326)
  FROM (SELECT i, 1 + 8 * random() AS a, 1 + 8 * random() AS b, -70 + 140 * random() AS y, 1 + 5 * random() AS h
          FROM generate_series(1, 8) i) d;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'small' || i, 'district', ST_Expand(ST_Point(-180 + 360 * random(), 55 + 30 * random(), 4326), 0.2)
  FROM generate_series(1, 30) i;
DELETE FROM frontline.place WHERE ST_XMin(geom) < -180 OR ST_XMax(geom) > 180 OR ST_YMax(geom) > 90;
-- capitals: inside a box on the lon/lat plane but outside it on the
-- ellipsoid (just above a bottom edge), next to the antimeridian, and random
INSERT INTO frontline.place (name, kind, geom, capital, country)
SELECT 'cap_bulge' || p.place_id, 'city', ST_Point((ST_XMin(p.geom) + ST_XMax(p.geom)) / 2, ST_YMin(p.geom) + 0.3, 4326),
       'national', 'c' || p.place_id
  FROM frontline.place p WHERE p.name LIKE 'arctic%' AND ST_XMax(p.geom) - ST_XMin(p.geom) > 30;
INSERT INTO frontline.place (name, kind, geom, capital, country)
SELECT 'cap_dateline' || i, 'city', ST_Point(CASE WHEN i % 2 = 0 THEN 179.7 ELSE -179.7 END, -60 + 20 * i, 4326),
       'national', 'd' || i
  FROM generate_series(0, 6) i;
INSERT INTO frontline.place (name, kind, geom, capital, country)
SELECT 'cap_random' || i, 'city', ST_Point(-180 + 360 * random(), 50 + 35 * random(), 4326), 'national', 'r' || i
  FROM generate_series(1, 8) i;
CREATE TEMP TABLE caps AS SELECT name, geom FROM frontline.place WHERE name LIKE 'cap%';
SELECT count(*) AS places, (SELECT count(*) FROM caps) AS capitals FROM frontline.place;
-- the bulge: inside on the plane, outside on the ellipsoid, and the distance says so
SELECT count(*) FILTER (WHERE ST_Intersects(c.geom, p.geom)) AS planar_inside,
       count(*) FILTER (WHERE frontline.geodesic_km(c.geom, p.geom) > 0) AS geodesic_outside
  FROM caps c JOIN frontline.place p ON c.name = 'cap_bulge' || p.place_id;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2022-01-01Z'::timestamptz + (g * interval '3 days'),
       'control', CASE WHEN random() < 0.5 THEN 'A' ELSE 'B' END, 's' || (1 + g % 2)
  FROM frontline.place p, generate_series(0, 4) g
 WHERE p.name NOT LIKE 'cap%' AND random() < 0.7;
CREATE TEMP TABLE radii (r float8);
INSERT INTO radii VALUES (5), (60), (400), (2500);

-- brute force: geodesic_km over every pair
CREATE TEMP TABLE bf AS
SELECT c.name AS center, radii.r, p.place_id, frontline.geodesic_km(c.geom, p.geom) AS km,
       frontline.control_at(p.place_id, '2022-01-08Z') AS controller
  FROM caps c CROSS JOIN radii CROSS JOIN frontline.place p
 WHERE frontline.geodesic_km(c.geom, p.geom) <= radii.r;
-- within_radius from the cache (the owner)
CREATE TEMP TABLE wr_cache AS
SELECT c.name AS center, radii.r, w.place_id, w.km, w.controller
  FROM caps c, radii, frontline.within_radius(c.name, radii.r, '2022-01-08Z') w;
-- ... and from the claims (a role whose row-level security hides nothing)
CREATE ROLE fl_contact_reader;
GRANT USAGE ON SCHEMA frontline TO fl_contact_reader;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor, frontline.control_event TO fl_contact_reader;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY everything ON frontline.control_event FOR SELECT TO fl_contact_reader USING (true);
GRANT SELECT ON caps, radii TO fl_contact_reader;
CREATE TEMP TABLE wr_claims (center text, r float8, place_id integer, km float8, controller text);
GRANT ALL ON wr_claims TO fl_contact_reader;
CREATE TEMP TABLE fronts_claims (actor text, center text, place text, km float8);
GRANT ALL ON fronts_claims TO fl_contact_reader;
SET ROLE fl_contact_reader;
SELECT frontline.cache_usable() AS reader_uses_cache;
INSERT INTO wr_claims
SELECT c.name, radii.r, w.place_id, w.km, w.controller
  FROM caps c, radii, frontline.within_radius(c.name, radii.r, '2022-01-08Z') w;
INSERT INTO fronts_claims
SELECT a.actor, c.name, f.place, f.km
  FROM caps c, (VALUES ('A'), ('B')) a(actor), frontline.front(a.actor, c.name, '2022-01-08Z') f;
RESET ROLE;
SELECT (SELECT count(*) FROM bf) AS pairs,
       (SELECT count(*) FROM (SELECT * FROM bf EXCEPT ALL SELECT * FROM wr_cache) x) AS only_brute_force,
       (SELECT count(*) FROM (SELECT * FROM wr_cache EXCEPT ALL SELECT * FROM bf) x) AS only_within_radius,
       (SELECT count(*) FROM (SELECT * FROM wr_cache EXCEPT ALL SELECT * FROM wr_claims) x)
     + (SELECT count(*) FROM (SELECT * FROM wr_claims EXCEPT ALL SELECT * FROM wr_cache) x) AS cache_vs_claims;
-- front: the nearest place each actor holds, against the brute force, on both paths
CREATE TEMP TABLE fronts_cache AS
SELECT a.actor, c.name AS center, f.place, f.km
  FROM caps c, (VALUES ('A'), ('B')) a(actor), frontline.front(a.actor, c.name, '2022-01-08Z') f;
SELECT count(*) AS fronts,
       count(*) FILTER (WHERE abs(f.km - b.km) > 1e-9 OR b.km IS NULL) AS front_differs_from_brute_force
  FROM fronts_cache f
  LEFT JOIN LATERAL (SELECT min(frontline.geodesic_km(c.geom, p.geom)) AS km
                       FROM caps c, frontline.place p
                      WHERE c.name = f.center AND p.name NOT LIKE 'cap%'
                        AND frontline.control_at(p.place_id, '2022-01-08Z') = f.actor) b ON true;
SELECT (SELECT count(*) FROM (SELECT * FROM fronts_cache EXCEPT ALL SELECT * FROM fronts_claims) x)
     + (SELECT count(*) FROM (SELECT * FROM fronts_claims EXCEPT ALL SELECT * FROM fronts_cache) x) AS front_cache_vs_claims;
-- front_series equals front per step
SELECT count(*) AS mismatches FROM (
    SELECT c.name, s.t, s.place, s.km
      FROM caps c, frontline.front_series('A', c.name, '2022-01-01Z', '2022-01-13Z', '2 days') s
    EXCEPT ALL
    SELECT c.name, t, f.place, f.km
      FROM caps c, generate_series(timestamptz '2022-01-01Z', '2022-01-13Z', '2 days') t
      LEFT JOIN LATERAL frontline.front('A', c.name, t) f ON true) x;
DROP POLICY everything ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_contact_reader;
REVOKE ALL ON SCHEMA frontline FROM fl_contact_reader;
DROP TABLE wr_claims, fronts_claims, caps, radii;
DROP ROLE fl_contact_reader;

-- contact of a point and a polygon is ST_Covers on the geography, of other
-- pairs ST_Intersects: for points inside, outside, on the vertices and
-- within a few metres of them, and on edges that are great circles
-- (meridians, the equator: of a polygon and of its hole, where ST_Covers
-- alone says no), geodesic_km is 0 exactly when PostGIS's geography says
-- they meet, in either argument order, for polygons and multipolygons
SELECT setseed(0.53);
CREATE TEMP TABLE shapes AS
SELECT place_id, geom FROM frontline.place WHERE GeometryType(geom) = 'POLYGON'
UNION ALL
SELECT -1, ST_Multi(ST_Union(geom)) FROM frontline.place WHERE name LIKE 'small%' AND place_id % 3 = 0
UNION ALL
SELECT -2, ST_GeomFromText('POLYGON((20 0,30 0,30 8,20 8,20 0),(24 2,26 2,26 6,24 6,24 2))', 4326);
CREATE TEMP TABLE pts AS
SELECT ST_Point(-180 + 360 * random(), 50 + 40 * random(), 4326) AS pt FROM generate_series(1, 200)
UNION ALL
SELECT d.geom FROM shapes s, ST_DumpPoints(s.geom) d WHERE s.place_id % 4 = 0
UNION ALL
SELECT ST_Point(greatest(-180, least(180, ST_X(d.geom) + j * 0.00003)), least(90, ST_Y(d.geom) + k * 0.00003), 4326)
  FROM shapes s, ST_DumpPoints(s.geom) d, (VALUES (-1), (1)) a(j), (VALUES (-1), (1)) b(k)
 WHERE s.place_id % 4 = 1
UNION ALL
SELECT ST_Point(x, y, 4326)
  FROM (VALUES (20, 3.5), (30, 1.25), (25, 0), (21.5, 0), (24, 3), (26, 5.5), (25, 4), (25, 1)) e(x, y);
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE met) AS meeting,
       count(*) FILTER (WHERE (frontline.geodesic_km(pt, geom) = 0) IS DISTINCT FROM met) AS point_first_differs,
       count(*) FILTER (WHERE (frontline.geodesic_km(geom, pt) = 0) IS DISTINCT FROM met) AS polygon_first_differs
  FROM (SELECT p.pt, s.geom, ST_Intersects(geography(p.pt), geography(s.geom)) AS met
          FROM pts p, shapes s
         WHERE ST_DWithin(geography(p.pt), geography(s.geom), 50000)) x;
DROP TABLE shapes, pts;
