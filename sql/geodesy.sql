-- Geodesy through PROJ: Karney's GeodTest rows, PostGIS's own spheroidal
-- distance on random pairs, bearings, the compass, circles, and every error.
\i test/sql/fixture.sql
SET extra_float_digits = 0;

-- 1. GeodTest (test/data/GeodTest-100.dat, CC0; see test/data/SOURCES.md)
CREATE TEMP TABLE geodtest (lat1 float8, lon1 float8, azi1 float8, lat2 float8, lon2 float8,
                            azi2 float8, s12 float8, a12 float8, m12 float8, s12area float8);
\copy geodtest FROM 'test/data/GeodTest-100.dat' WITH (FORMAT text, DELIMITER ' ')
CREATE TEMP TABLE gt AS
SELECT g.*, i.distance_m, i.azimuth1, i.azimuth2,
       frontline.geodesic_km(ST_Point(g.lon1, g.lat1, 4326), ST_Point(g.lon2, g.lat2, 4326)) AS km,
       frontline.bearing(ST_Point(g.lon1, g.lat1, 4326), ST_Point(g.lon2, g.lat2, 4326)) AS brg
  FROM geodtest g, frontline.geodesic_inverse(g.lat1, g.lon1, g.lat2, g.lon2) i;
CREATE FUNCTION pg_temp.angdiff(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE
RETURN abs(mod((a - b + 540)::numeric, 360) - 180)::float8;
-- distances within 1 mm, through geodesic_inverse and through geodesic_km
SELECT count(*) AS rows,
       count(*) FILTER (WHERE abs(distance_m - s12) > 0.001) AS inverse_off_by_1mm,
       count(*) FILTER (WHERE abs(km * 1000 - s12) > 0.001) AS geodesic_km_off_by_1mm
  FROM gt;
-- azimuths within 1e-6 degrees where the data define them that well
-- (reduced length m12 >= 1 m); on nearly antipodal rows the azimuth must
-- instead lead, by the direct problem, to the reference point within 1 mm
SELECT count(*) FILTER (WHERE abs(m12) >= 1) AS conditioned,
       count(*) FILTER (WHERE abs(m12) >= 1 AND (pg_temp.angdiff(azimuth1, azi1) > 1e-6
                                              OR pg_temp.angdiff(azimuth2, azi2) > 1e-6
                                              OR pg_temp.angdiff(brg, azi1) > 1e-6)) AS azimuth_off,
       count(*) FILTER (WHERE abs(m12) < 1 AND (
           SELECT (frontline.geodesic_inverse(d.lat2, d.lon2, gt.lat2, gt.lon2)).distance_m
             FROM frontline.geodesic_direct(gt.lat1, gt.lon1, gt.azimuth1, gt.distance_m) d) > 0.001) AS antipodal_off
  FROM gt;
-- the direct problem lands on point 2 within 1 mm, arriving with azi2 within 1e-6 degrees
SELECT count(*) FILTER (WHERE (frontline.geodesic_inverse(d.lat2, d.lon2, gt.lat2, gt.lon2)).distance_m > 0.001
                           OR pg_temp.angdiff(d.azimuth2, gt.azi2) > 1e-6) AS direct_off
  FROM gt, frontline.geodesic_direct(gt.lat1, gt.lon1, gt.azi1, gt.s12) d;

-- 2. random point pairs worldwide against PostGIS ST_Distance(geography) (spheroid): within 1 mm
SELECT setseed(0.31);
CREATE TEMP TABLE pairs AS
SELECT ST_Point(-180 + 360 * random(), -90 + 180 * random(), 4326) AS a,
       ST_Point(-180 + 360 * random(), -90 + 180 * random(), 4326) AS b
  FROM generate_series(1, 3000);
-- plus pairs that are close, on the antimeridian and at the poles
INSERT INTO pairs
SELECT a, ST_Point(ST_X(a) + (random() - 0.5) * 1e-3, greatest(-90, least(90, ST_Y(a) + (random() - 0.5) * 1e-3)), 4326)
  FROM (SELECT ST_Point(-179 + 358 * random(), -89 + 178 * random(), 4326) AS a FROM generate_series(1, 500)) s;
INSERT INTO pairs VALUES (ST_Point(179.9999, 10, 4326), ST_Point(-179.9999, 10, 4326)),
                         (ST_Point(0, 90, 4326), ST_Point(123, 89.5, 4326)),
                         (ST_Point(45, -90, 4326), ST_Point(-45, -90, 4326)),
                         (ST_Point(0, 0, 4326), ST_Point(0, 0, 4326));
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE abs(frontline.geodesic_km(a, b) * 1000 - ST_Distance(a::geography, b::geography)) > 0.001) AS off_by_1mm
  FROM pairs;
-- symmetric, and a geometry in another SRID is transformed by PostGIS first
SELECT count(*) FILTER (WHERE frontline.geodesic_km(a, b) <> frontline.geodesic_km(b, a)) AS asymmetric FROM pairs;
SELECT round((frontline.geodesic_km(ST_Transform(ST_Point(69.17233, 34.52813, 4326), 3857),
                                     ST_Point(69.0, 34.0, 4326)) * 1000)::numeric, 3) =
       round((frontline.geodesic_km(ST_Point(69.17233, 34.52813, 4326), ST_Point(69.0, 34.0, 4326)) * 1000)::numeric, 3)
       AS srid_3857_same;

-- 3. lines and polygons: the nearest point, 0 inside
SELECT frontline.geodesic_km(ST_Point(0.5, 0.5, 4326), ST_MakeEnvelope(0, 0, 1, 1, 4326)) AS inside,
       frontline.geodesic_km(ST_Point(1, 1, 4326), ST_MakeEnvelope(0, 0, 1, 1, 4326)) AS on_corner,
       round(frontline.geodesic_km(ST_Point(2, 0.5, 4326), ST_MakeEnvelope(0, 0, 1, 1, 4326))::numeric, 4) AS east_of_box,
       round(frontline.geodesic_km(ST_GeomFromText('LINESTRING(0 0, 0 10)', 4326), ST_Point(1, 5, 4326))::numeric, 4) AS to_meridian,
       round(frontline.geodesic_km(ST_GeomFromText('LINESTRING(0 0, 0 10)', 4326),
                                   ST_GeomFromText('LINESTRING(2 5, 3 5)', 4326))::numeric, 4) AS line_line,
       frontline.geodesic_km(ST_GeomFromText('LINESTRING(-1 -1, 1 1)', 4326),
                             ST_GeomFromText('LINESTRING(-1 1, 1 -1)', 4326)) AS crossing;
-- collections (PostGIS's geography distance fails on this one; frontline does not use it)
SELECT round(frontline.geodesic_km('SRID=4326;GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,2 2))',
                                   'SRID=4326;POINT(2 0)')::numeric, 4) AS collection;
-- the distance to a polygon is the distance to the nearest point of its edges:
-- never more than to any vertex, and within 0.6 % of PostGIS's (whose edges are spherical great circles)
SELECT count(*) AS polygons,
       count(*) FILTER (WHERE d > v + 1e-9) AS worse_than_a_vertex,
       count(*) FILTER (WHERE abs(d - pg) > 0.006 * pg + 1e-6) AS far_from_postgis
  FROM (SELECT frontline.geodesic_km(p, poly) AS d,
               ST_Distance(p::geography, poly::geography) / 1000 AS pg,
               (SELECT min(frontline.geodesic_km(p, (dp).geom)) FROM ST_DumpPoints(poly) dp) AS v
          FROM (SELECT ST_Point(-170 + 340 * random(), -80 + 160 * random(), 4326) AS p,
                       ST_Buffer(ST_Point(-170 + 340 * random(), -70 + 140 * random(), 4326), 1 + 5 * random(), 3) AS poly
                  FROM generate_series(1, 200)) s) r;

-- 4. bearings and the compass
SELECT round(frontline.bearing(ST_Point(0, 0, 4326), ST_Point(0, 1, 4326))::numeric, 9) AS north,
       round(frontline.bearing(ST_Point(0, 0, 4326), ST_Point(1, 0, 4326))::numeric, 9) AS east,
       round(frontline.bearing(ST_Point(0, 1, 4326), ST_Point(0, 0, 4326))::numeric, 9) AS south,
       round(frontline.bearing(ST_Point(1, 0, 4326), ST_Point(0, 0, 4326))::numeric, 9) AS west,
       frontline.bearing(ST_Point(5, 5, 4326), ST_Point(5, 5, 4326)) AS same_point,
       round(frontline.bearing(ST_Point(179.5, 0, 4326), ST_Point(-179.5, 0, 4326))::numeric, 9) AS across_antimeridian;
SELECT d, frontline.compass(d)
  FROM unnest(ARRAY[0, 11.2, 11.25, 22.5, 45, 67.5, 90, 112.5, 135, 157.5, 180, 202.5, 225, 247.5, 270,
                    292.5, 315, 337.5, 348.7, 348.75, 360, -11.25, -90, 1e6]::float8[]) d;
SELECT frontline.compass(NULL) IS NULL AS null_compass;
SELECT err('SELECT frontline.compass(''NaN'')');
SELECT err('SELECT frontline.compass(''Infinity'')');

-- 5. circles: every vertex exactly radius_km away (within 1 mm), valid, right type
CREATE TEMP TABLE circles AS
SELECT i, c, r, frontline.geodesic_circle(c, r, s) AS g
  FROM (SELECT i, ST_Point(-180 + 360 * random(), -90 + 180 * random(), 4326) AS c,
               0.001 + 3000 * random() AS r, 8 + (random() * 100)::int AS s
          FROM generate_series(1, 150) i) x;
INSERT INTO circles VALUES
  (1001, ST_Point(69.17233, 34.52813, 4326), 50, frontline.geodesic_circle(ST_Point(69.17233, 34.52813, 4326), 50)),
  (1002, ST_Point(179.9, 10, 4326), 100, frontline.geodesic_circle(ST_Point(179.9, 10, 4326), 100)),
  (1003, ST_Point(-179.95, -10, 4326), 200, frontline.geodesic_circle(ST_Point(-179.95, -10, 4326), 200)),
  (1004, ST_Point(10, 89, 4326), 300, frontline.geodesic_circle(ST_Point(10, 89, 4326), 300)),
  (1005, ST_Point(-150, -89.5, 4326), 300, frontline.geodesic_circle(ST_Point(-150, -89.5, 4326), 300)),
  (1006, ST_Point(0, 90, 4326), 1000, frontline.geodesic_circle(ST_Point(0, 90, 4326), 1000, 16));
SELECT count(*) AS circles,
       count(*) FILTER (WHERE NOT ST_IsValid(g)) AS invalid,
       count(*) FILTER (WHERE ST_XMin(g) < -180 OR ST_XMax(g) > 180 OR ST_YMin(g) < -90 OR ST_YMax(g) > 90) AS out_of_range,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM ST_DumpPoints(g) dp
            WHERE abs(ST_Y(dp.geom)) < 90
              AND abs(frontline.geodesic_km(c, dp.geom) - r) > 1e-6))AS vertex_off_by_1mm
  FROM circles;
SELECT i, ST_GeometryType(g), ST_NumGeometries(g), ST_NPoints(g),
       ST_Intersects(g, c) AS has_center,
       ST_Intersects(g, ST_Point(0, 90, 4326)) AS has_north_pole,
       ST_Intersects(g, ST_Point(0, -90, 4326)) AS has_south_pole,
       ST_IsPolygonCCW(g) AS ccw
  FROM circles WHERE i > 1000 ORDER BY i;
-- ST_Intersects with the circle agrees with the geodesic distance, away from
-- the chords' sagitta (1 % of the radius here)
SELECT count(*) AS probes,
       count(*) FILTER (WHERE ST_Intersects(g, p) <> (frontline.geodesic_km(c, p) <= r)) AS disagree
  FROM (SELECT c, r, g, (frontline.geodesic_direct(ST_Y(c), ST_X(c), 360 * random(), r * 1000 * f)) AS d
          FROM circles, LATERAL (SELECT CASE WHEN random() < 0.5 THEN 0.2 + 0.78 * random() ELSE 1.02 + random() END AS f
                                   FROM generate_series(1, 20)) k
         WHERE i <= 150) x,
       LATERAL (SELECT ST_Point(mod((x.d).lon2::numeric + 540, 360)::float8 - 180, (x.d).lat2, 4326) AS p) q;
SELECT ST_AsText(ST_SnapToGrid(frontline.geodesic_circle(ST_Point(0, 0, 4326), 100, 4), 1e-9)) AS four_points;
SELECT ST_SRID(frontline.geodesic_circle(ST_Transform(ST_Point(10, 50, 4326), 3857), 10)) AS srid;

-- 6. errors: SQLSTATE and a message naming the problem
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, 0), ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, 0, 4326), ST_Point(1, 1, 99999))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, 91, 4326), ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, 0, 4326), ST_Point(200, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(''NaN'', 0, 4326), ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, ''Infinity'', 4326), ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(''SRID=4326;POINT EMPTY''::geometry, ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(''SRID=4326;POLYGON EMPTY''::geometry, ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.geodesic_km(ST_Point(0, 0, 4326), ''SRID=4326;CIRCULARSTRING(0 0, 1 1, 2 0)''::geometry)');
SELECT err('SELECT frontline.bearing(ST_Point(0, 0), ST_Point(1, 1, 4326))');
SELECT err('SELECT frontline.bearing(ST_Point(0, 0, 4326), ST_Point(1, -90.5, 4326))');
SELECT err('SELECT frontline.geodesic_inverse(91, 0, 0, 0)');
SELECT err('SELECT frontline.geodesic_inverse(0, ''NaN'', 0, 0)');
SELECT err('SELECT frontline.geodesic_direct(0, 0, ''NaN'', 1000)');
SELECT err('SELECT frontline.geodesic_direct(0, 0, 90, ''Infinity'')');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), 0)');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), -5)');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), ''NaN'')');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), ''Infinity'')');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), 12000)');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), 10, 2)');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0, 4326), 10, 1000000)');
SELECT err('SELECT frontline.geodesic_circle(ST_MakeEnvelope(0, 0, 1, 1, 4326), 10)');
SELECT err('SELECT frontline.geodesic_circle(ST_Point(0, 0), 10)');
SELECT err('SELECT frontline.geo_wgs84(ST_Point(1, 2, 3857), NULL)') AS null_what_is_fine;
-- internal entry points reject bytes that are not WKB
SELECT err('SELECT frontline._geodesic_m(''\x01'', ''\x01'', false)');
SELECT err('SELECT frontline._geodesic_m(''\x0101000000'', ''\x00'', false)');
SELECT err('SELECT frontline._geodesic_azimuth(''\x0201000000'', ''\x01'')');
SELECT err('SELECT frontline._geodesic_circle(''\x010200000000000000'', 10, 8)');
-- NULL in, NULL out
SELECT frontline.geodesic_km(NULL, ST_Point(0, 0, 4326)) IS NULL AS a,
       frontline.bearing(ST_Point(0, 0, 4326), NULL) IS NULL AS b,
       frontline.geodesic_circle(NULL, 10) IS NULL AS c,
       frontline.geodesic_circle(ST_Point(0, 0, 4326), NULL) IS NULL AS d,
       (frontline.geodesic_inverse(NULL, 0, 0, 0)).distance_m IS NULL AS e;
-- geodesic_km and bearing inline into the query that calls them with
-- columns, and so does their lon/lat branch for polygons: the plan calls
-- _geodesic_m and _geodesic_azimuth (C) itself, where an SQL helper that
-- is not inlined would start an executor per row; _geodesic_km_4326 and
-- _bearing_4326 remain only in the branch for other SRIDs (geo_wgs84)
CREATE TEMP TABLE shapes AS
SELECT 'SRID=4326;POINT(69.2 34.5)'::geometry AS g
UNION ALL SELECT 'SRID=4326;POLYGON((69 34,70 34,70 35,69 35,69 34))';
CREATE FUNCTION pg_temp.plan_calls(q text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    l text;
    calls text[] := '{}';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        calls := calls || ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(l, 'frontline\.(\w+)\(', 'g') m);
    END LOOP;
    RETURN ARRAY(SELECT DISTINCT c FROM unnest(calls) c ORDER BY 1);
END
$$;
SELECT pg_temp.plan_calls($$SELECT frontline.geodesic_km(s.g, 'SRID=4326;POINT(69 34)'),
                                   frontline.bearing(s.g, 'SRID=4326;POINT(69 34)') FROM shapes s$$) AS calls;
SELECT round(frontline.geodesic_km(s.g, 'SRID=4326;POINT(68 34)')::numeric, 3) AS km,
       round(frontline.bearing(s.g, 'SRID=4326;POINT(68 34)')::numeric, 3) AS bearing
  FROM shapes s ORDER BY 1;
