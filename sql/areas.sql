-- Territory areas (issue 11): dated maps as area claims, the rule per point,
-- import_territory on files shaped like DeepStateMap's and ISW's
-- (data/territory/, written for the project), area_snapshot, area_series
-- and front() measured from the map.
--  1. import: 3-D coordinates, GeometryCollections, bilingual /// names with
--     newlines, no-break spaces, typos, dates and i18n keys, labels and
--     arrows skipped, a layer whose file is the status ("*"), a
--     self-intersecting ring repaired, re-import replaces, a failed import
--     changes nothing;
--  2. reads against independent PostGIS computations;
--  3. a differential test on random maps against plain SQL;
--  4. errors, constraints, row-level security;
--  5. the ground cache against the claims, through every kind of write;
--  6. a map of many polygons: ST_Union calls counted.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET extra_float_digits = 0;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor,
         frontline.control_area, frontline.area_layer RESTART IDENTITY CASCADE;
\set d1 `cat data/territory/deepstate-2022-09-01.geojson`
\set d2 `cat data/territory/deepstate-2022-09-10.geojson`
\set i2 `cat data/territory/isw-assessed-2022-09-10.geojson`

-- 1. import
SELECT status, features, round(area_km2) AS km2, action
  FROM frontline.import_territory(:'d1', '2022-09-01Z', 'DeepStateMap', 'deepstate', default_actor => 'Ukraine');
SELECT layer, default_state, default_actor, extent IS NULL AS everywhere FROM frontline.area_layer;
SELECT status, features, round(area_km2) AS km2, action
  FROM frontline.import_territory(:'d2', '2022-09-10Z', 'DeepStateMap', 'deepstate');
SELECT status, features, round(area_km2) AS km2, action
  FROM frontline.import_territory(:'i2', '2022-09-10Z', 'ISW', 'isw-assessed', '{"*": "Russian forces"}', reported_at => '2022-09-11 02:00Z');
-- the same map again replaces it
SELECT status, features, action
  FROM frontline.import_territory(:'d2', '2022-09-10Z', 'DeepStateMap', 'deepstate');
SELECT source, layer, at, state, actor, count(*), bool_and(ST_IsValid(geom)) AS valid, max(ST_NDims(geom)) AS dims
  FROM frontline.control_area GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
-- statuses as import_territory reads them
SELECT l, frontline.normalize_status(l)
  FROM unnest(ARRAY[E'Окуповано /// Occupied\n', E'Occupied\u00a0', 'Звільнено 25.03', 'Taken back 25.03',
                    ' Recaptured', 'Contensed', 'Під питанням', 'geoJSON.status.occupied', 'geoJSON.status.unknown',
                    'Historical']) l;
-- a failed import changes nothing: the second feature is outside lon/lat
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": [
   {"type": "Feature", "properties": {"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [[[30,40],[31,40],[31,41],[30,40]]]}},
   {"type": "Feature", "properties": {"status": "occupied"}, "geometry": {"type": "Polygon", "coordinates": [[[3000000,4000000],[3100000,4000000],[3100000,4100000],[3000000,4000000]]]}}]}',
   '2022-09-10Z', 'DeepStateMap', 'deepstate');
SELECT count(*) AS deepstate_0910_claims FROM frontline.control_area WHERE source = 'DeepStateMap' AND at = '2022-09-10Z';

-- 2. reads
-- areas: geodesic (a 1 degree cell at the equator is 12,309 km² on WGS84)
SELECT round(frontline.geodesic_area_km2('SRID=4326;POLYGON((0 0,1 0,1 1,0 1,0 0))')) AS equator_cell_km2,
       round(frontline.geodesic_area_km2('SRID=4326;POLYGON((0 60,1 60,1 61,0 61,0 60))')) AS cell_at_60n_km2;
-- PROJ's geod_polygon (C) against PostGIS's spheroidal ST_Area(geography)
-- on 500 random polygons with holes, small and continental, both
-- orientations: equal to 0.01 %
SELECT setseed(0.2024);
CREATE TEMP TABLE polys AS
SELECT i, CASE WHEN i % 2 = 0 THEN ST_Reverse(g) ELSE g END AS g
  FROM (SELECT i, ST_Difference(ST_Buffer(ST_Point(x, y, 4326), r, 8 + i % 20),
                                ST_Buffer(ST_Point(x + r / 3, y, 4326), r / 4, 6)) AS g
          FROM (SELECT i, -170 + 340 * random() AS x, -70 + 140 * random() AS y,
                       (ARRAY[0.001, 0.1, 2, 8])[1 + i % 4] * (0.5 + random()) AS r
                  FROM generate_series(1, 500) i) p) q;
SELECT count(*) AS polygons,
       count(*) FILTER (WHERE abs(frontline.geodesic_area_km2(g) / (ST_Area(g::geography, true) / 1e6) - 1) <= 1e-4) AS equal_to_0_01_percent,
       count(*) FILTER (WHERE ST_NumInteriorRings(ST_GeometryN(g, 1)) > 0) > 400 AS with_holes
  FROM polys;
SELECT t, controller, round(area_km2) AS km2
  FROM unnest('{2022-08-31Z,2022-09-05Z,2022-09-12Z}'::timestamptz[]) t, frontline.area_snapshot(t) ORDER BY 1, 2;
SELECT controller, round(area_km2) AS km2 FROM frontline.area_snapshot('2022-09-12Z', sources => '{ISW}');
-- ISW's map was published on the 11th: as of noon on the 10th, ISW's layer
-- is empty and the whole picture is DeepState's
SELECT count(*) AS isw_as_of_10th FROM frontline.area_snapshot('2022-09-12Z', layer => 'isw-assessed', as_of => '2022-09-10 12:00Z');
SELECT count(*) AS isw_as_of_11th FROM frontline.area_snapshot('2022-09-12Z', layer => 'isw-assessed', as_of => '2022-09-11 12:00Z');
SELECT (SELECT array_agg((controller, round(area_km2)) ORDER BY controller) FROM frontline.area_snapshot('2022-09-12Z', as_of => '2022-09-10 12:00Z'))
     = (SELECT array_agg((controller, round(area_km2)) ORDER BY controller) FROM frontline.area_snapshot('2022-09-12Z', '{DeepStateMap}')) AS as_of_is_deepstate;
-- no double counting: the union of the claims at the moment equals the total
SELECT round(sum(s.area_km2)) = round(frontline.geodesic_area_km2(
         (SELECT ST_Union(a.geom) FROM frontline.control_area a
           WHERE a.at = (SELECT max(at) FROM frontline.control_area WHERE source = 'DeepStateMap' AND at <= '2022-09-05Z')
             AND a.source = 'DeepStateMap' AND a.state <> 'unknown'))) AS snapshot_is_the_map
  FROM frontline.area_snapshot('2022-09-05Z', sources => '{DeepStateMap}') s;
-- the headline numbers, against a hand-written PostGIS baseline
SELECT t, round(held_km2) AS held, round(gained_km2) AS gained, round(lost_km2) AS lost
  FROM frontline.area_series('Russian forces', '2022-09-08Z', '2022-09-11Z', '1 day', sources => '{DeepStateMap}');
WITH m(t, g) AS (
    SELECT d, (SELECT ST_Union(a.geom) FROM frontline.control_area a
                WHERE a.source = 'DeepStateMap' AND a.actor = 'Russian forces'
                  AND a.at = (SELECT max(at) FROM frontline.control_area WHERE source = 'DeepStateMap' AND at <= d))
      FROM unnest('{2022-09-09Z,2022-09-10Z}'::timestamptz[]) d)
SELECT round(ST_Area(ST_Difference(a.g, b.g)::geography) / 1e6) AS baseline_gained,
       round(ST_Area(ST_Difference(a.g, b.g)::geography) / 1e6) = 0
       AND round(ST_Area(ST_Difference(b.g, a.g)::geography) / 1e6) = (SELECT round(lost_km2) FROM frontline.area_series('Russian forces', '2022-09-10Z', '2022-09-10Z', '1 day', sources => '{DeepStateMap}')) AS series_equals_baseline
  FROM m a, m b WHERE a.t = '2022-09-10Z' AND b.t = '2022-09-09Z';
-- two sources, two layers: a read of all layers under sources =>
-- '{DeepStateMap}' is answered from DeepState's layer in the ground cache
-- (its claims are exactly those passing), the same as from the claims
SELECT frontline._area_cache_key('{DeepStateMap}', 0, NULL, NULL) AS deepstate_only,
       frontline._area_cache_key('{ISW}', 0, NULL, NULL) AS isw_only,
       frontline._area_cache_key('{ISW,DeepStateMap}', 0, NULL, NULL) AS both_sources,
       frontline._area_cache_key('{DeepStateMap}', 0.5, NULL, NULL) AS unrated_left_out,
       frontline._area_cache_key('{DeepStateMap}', 0, '2022-09-05Z', NULL) AS as_of_before_a_map;
CREATE TEMP TABLE two_cached AS
SELECT s.src, a.* FROM unnest('{DeepStateMap,ISW}'::text[]) s(src)
 CROSS JOIN LATERAL frontline.area_series('Russian forces', '2022-08-30Z', '2022-09-12Z', '1 day', sources => ARRAY[s.src]) a;
BEGIN;
UPDATE frontline.control_area SET note = note WHERE area_id = (SELECT min(area_id) FROM frontline.control_area);
CREATE TEMP TABLE two_claims AS
SELECT s.src, a.* FROM unnest('{DeepStateMap,ISW}'::text[]) s(src)
 CROSS JOIN LATERAL frontline.area_series('Russian forces', '2022-08-30Z', '2022-09-12Z', '1 day', sources => ARRAY[s.src]) a;
COMMIT;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.held_km2 > 0) AS held,
       count(*) FILTER (WHERE abs(a.held_km2 - b.held_km2) <= 1e-3 * greatest(a.held_km2, 1)
                          AND abs(a.gained_km2 - b.gained_km2) <= 1e-3 * greatest(a.gained_km2, 1)
                          AND abs(a.lost_km2 - b.lost_km2) <= 1e-3 * greatest(a.lost_km2, 1)) AS equal
  FROM two_cached a FULL JOIN two_claims b USING (src, t);
-- the rule per point
SELECT t, frontline.control_at('SRID=4326;POINT(36.8 50)'::geometry, t) AS east_of_kharkiv,
       frontline.control_at('SRID=4326;POINT(36.45 50)'::geometry, t) AS strip,
       frontline.control_at('SRID=4326;POINT(37.05 50)'::geometry, t) AS at_37_05,
       frontline.control_at('SRID=4326;POINT(37.05 50)'::geometry, t, sources => '{ISW}') AS isw_only,
       frontline.control_at('SRID=4326;POINT(34 45)'::geometry, t) AS crimea
  FROM unnest('{2022-08-01Z,2022-09-02Z,2022-09-11Z}'::timestamptz[]) t ORDER BY t;
-- places and areas: a claim about the place beats an area claim at the
-- same instant; a later claim of either kind wins
INSERT INTO frontline.actor (name) VALUES ('Afghan government') ON CONFLICT DO NOTHING;
SELECT frontline.add_place('Kharkiv', 'city', 'SRID=4326;POINT(36.2304 49.9935)', 'UA', 'Kharkiv Oblast', 'provincial') > 0 AS kharkiv;
SELECT frontline.add_place('Testville', 'town', 'SRID=4326;POINT(36.8 50)', 'UA') > 0 AS testville;
SELECT frontline.add_place('Test district', 'district', 'SRID=4326;POLYGON((36.6 49.9,37.0 49.9,37.0 50.1,36.6 50.1,36.6 49.9))', 'UA') > 0 AS district;
SELECT frontline.record_control('Testville', 'Ukraine', '2022-09-01Z', 'AP') > 0,
       frontline.record_control('Testville', 'Russian forces', '2022-09-05Z', 'AP') > 0,
       frontline.record_control('Test district', 'Afghan government', '2022-09-06Z', 'AP') > 0;
SELECT t, frontline.control_at('SRID=4326;POINT(36.8 50)'::geometry, t) AS at_testville,
       frontline.control_at('SRID=4326;POINT(36.801 50)'::geometry, t, prefer_points => false) AS district_first,
       frontline.control_at('SRID=4326;POINT(36.7 50.05)'::geometry, t, tolerance_m => 0) AS in_district
  FROM unnest('{2022-09-02Z,2022-09-06Z,2022-09-07Z,2022-09-11Z}'::timestamptz[]) t ORDER BY t;
SELECT p.name AS point_first, q.name AS polygon_first
  FROM frontline.place p, frontline.place q
 WHERE p.place_id = frontline.place_at('SRID=4326;POINT(36.801 50)')
   AND q.place_id = frontline.place_at('SRID=4326;POINT(36.801 50)', prefer_points => false);
-- the front from the map: geodesic distance to the nearest ground held
-- (places answer from their own claims: Testville, Russian by AP's claim of
-- the 5th, is the nearest on the 12th)
SELECT f.place, round(f.km::numeric, 1) AS km, f.compass,
       round(f.km::numeric, 1) = round((SELECT ST_Distance(g.geom::geography, 'SRID=4326;POINT(36.2304 49.9935)'::geography) / 1000
                                   FROM frontline.area_snapshot('2022-09-02Z') g WHERE g.controller = 'Russian forces')::numeric, 1) AS equals_postgis
  FROM frontline.front('Russian forces', 'Kharkiv', '2022-09-02Z') f;
SELECT t, place, round(km::numeric, 1) AS km
  FROM frontline.front_series('Russian forces', 'Kharkiv', '2022-08-31Z', '2022-09-12Z', '4 days');
-- within_radius and rings count the ground too: a row '(area)' per
-- controller of ground within the radius (at the distance front() gives),
-- and per band the km² each held, against PostGIS by hand
SELECT place, kind, round(km::numeric, 1) AS km, compass, controller
  FROM frontline.within_radius('Kharkiv', 60, '2022-09-02Z') WHERE kind IN ('area', 'town') ORDER BY km, place;
SELECT count(*) AS area_rows,
       bool_and(round(w.km::numeric, 3) = round(f.km::numeric, 3)) AS same_as_front
  FROM frontline.within_radius('Kharkiv', 200, '2022-09-02Z', held_by => 'Russian forces') w,
       frontline.front('Russian forces', 'Kharkiv', '2022-09-02Z', sources => '{DeepStateMap}') f
 WHERE w.kind = 'area';
SELECT count(*) AS beyond_10_km FROM frontline.within_radius('Kharkiv', 10, '2022-09-02Z') WHERE kind = 'area';
SELECT count(*) FILTER (WHERE kind = 'area') AS area_rows_without_areas, count(*) AS places
  FROM frontline.within_radius('Kharkiv', 60, '2022-09-02Z', areas => false);
-- places only (areas => false: a query without the areas' branch) are the
-- place rows of the call with areas, in the same order, whatever the filter
SELECT count(*) AS calls,
       count(*) FILTER (WHERE a.rows IS DISTINCT FROM b.rows) AS calls_that_differ,
       sum(cardinality(a.rows)) AS place_rows
  FROM (VALUES (NULL::text, NULL::text[]), ('Russian forces', NULL), ('unknown', NULL), (NULL, '{DeepStateMap}'),
               ('contested', NULL)) f(who, src),
       (VALUES (20.0::float8), (60), (150)) r(km),
       LATERAL (SELECT array_agg((w.place_id, w.place, w.kind, w.km, w.bearing, w.compass, w.controller)::text
                                 ORDER BY n) AS rows
                  FROM frontline.within_radius('Kharkiv', r.km, '2022-09-02Z', f.who, f.src, areas => false)
                       WITH ORDINALITY w(place_id, place, kind, km, bearing, compass, controller, n)) a,
       LATERAL (SELECT array_agg((w.place_id, w.place, w.kind, w.km, w.bearing, w.compass, w.controller)::text
                                 ORDER BY n) AS rows
                  FROM frontline.within_radius('Kharkiv', r.km, '2022-09-02Z', f.who, f.src)
                       WITH ORDINALITY w(place_id, place, kind, km, bearing, compass, controller, n)
                 WHERE w.kind <> 'area') b;
SELECT inner_km, outer_km, controller, places, round(area_km2) AS km2
  FROM frontline.rings('Kharkiv', '2022-09-02Z', '{25,50,100}');
SELECT round(r.area_km2) = round(frontline.geodesic_area_km2(ST_Intersection(s.geom,
           ST_Difference(ST_Buffer(k.geom::geography, 50000, 32)::geometry, ST_Buffer(k.geom::geography, 25000, 32)::geometry)))) AS band_equals_postgis
  FROM frontline.rings('Kharkiv', '2022-09-02Z', '{25,50,100}') r,
       frontline.area_snapshot('2022-09-02Z') s, frontline.place k
 WHERE r.inner_km = 25 AND r.controller = 'Russian forces' AND s.controller = 'Russian forces' AND k.name = 'Kharkiv';

-- 3. differential: random maps (boxes on a grid, three sources, two layers,
-- one with a default), random points and moments: control_at against the
-- rule written in plain SQL, and area_snapshot against control_at
TRUNCATE frontline.control_area, frontline.area_layer;
SELECT setseed(0.4242);
INSERT INTO frontline.area_layer (layer, default_state, default_actor) VALUES ('full', 'control', 'Ukraine');
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source, confidence, reported_at)
SELECT l, ST_Multi(ST_MakeEnvelope(x, y, x + 1 + floor(random() * 3), y + 1 + floor(random() * 3), 4326)), t, st,
       CASE WHEN st = 'control' THEN (ARRAY['Russian forces', 'Ukraine', 'Afghan government'])[1 + floor(random() * 3)::int] END,
       s, CASE WHEN random() < 0.3 THEN NULL ELSE round(random()::numeric, 1)::real END, t
  FROM (SELECT (ARRAY['part', 'part', 'full'])[1 + floor(random() * 3)::int] AS l,
               10 + floor(random() * 8) AS x, 10 + floor(random() * 8) AS y,
               '2023-01-01Z'::timestamptz + floor(random() * 20)::int * interval '1 day' AS t,
               (ARRAY['control', 'control', 'control', 'contested', 'unknown'])[1 + floor(random() * 5)::int] AS st,
               (ARRAY['s1', 's2', 's3'])[1 + floor(random() * 3)::int] AS s
          FROM generate_series(1, 300)) g;
CREATE TEMP TABLE q AS
SELECT i, ST_SetSRID(ST_MakePoint(9.5 + floor(random() * 12), 9.5 + floor(random() * 12)), 4326) AS pt,
       '2022-12-30Z'::timestamptz + floor(random() * 24 * 4)::int * interval '6 hours' AS t,
       CASE WHEN random() < 0.3 THEN '{s1,s2}'::text[] END AS src,
       (ARRAY[0, 0, 0.5])[1 + floor(random() * 3)::int]::real AS m
  FROM generate_series(1, 2000) i;
-- the rule in plain SQL: area claims covering the point, and per (source,
-- layer with a default) the latest map, whose default holds where it does
-- not cover; latest first, at one instant areas before defaults, then
-- confidence (unrated lowest), then the later recorded
CREATE TEMP TABLE ref AS
SELECT q.i, (SELECT c.controller FROM (
        SELECT a.at, 1 AS rank, a.confidence, a.area_id AS id,
               CASE a.state WHEN 'control' THEN a.actor WHEN 'contested' THEN 'contested' END AS controller
          FROM frontline.control_area a
         WHERE ST_Covers(a.geom, q.pt) AND a.at <= q.t AND (q.src IS NULL OR a.source = ANY (q.src))
           AND (a.confidence >= q.m OR (a.confidence IS NULL AND q.m = 0))
        UNION ALL
        SELECT mp.at, 2, mp.conf, mp.id, 'Ukraine'
          FROM (SELECT a.source, max(a.at) AS at FROM frontline.control_area a
                 WHERE a.layer = 'full' AND a.at <= q.t AND (q.src IS NULL OR a.source = ANY (q.src))
                   AND (a.confidence >= q.m OR (a.confidence IS NULL AND q.m = 0))
                 GROUP BY a.source) lm
          CROSS JOIN LATERAL (SELECT lm.at, max(a.confidence) AS conf, max(a.area_id) AS id FROM frontline.control_area a
                               WHERE a.layer = 'full' AND a.source = lm.source AND a.at = lm.at
                                 AND (a.confidence >= q.m OR (a.confidence IS NULL AND q.m = 0))) mp
        ) c ORDER BY c.at DESC, c.rank, c.confidence DESC NULLS LAST, c.id DESC LIMIT 1) AS controller
  FROM q;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE r.controller IS NOT DISTINCT FROM frontline.control_at(q.pt, q.t, q.src, q.m, 0)) AS equal,
       count(DISTINCT r.controller) AS distinct_answers
  FROM q JOIN ref r USING (i);
-- area_snapshot holds the point for the controller control_at names (the
-- default layer has no extent, so its ground is not drawn: left out)
SELECT count(*) AS points,
       count(*) FILTER (WHERE (SELECT s.controller FROM frontline.area_snapshot(q.t, q.src, q.m, layer => 'part') s
                                WHERE ST_Covers(s.geom, q.pt))
                              IS NOT DISTINCT FROM
                              (SELECT c.controller FROM (
                                  SELECT a.at, a.confidence, a.area_id,
                                         CASE a.state WHEN 'control' THEN a.actor WHEN 'contested' THEN 'contested' END AS controller
                                    FROM frontline.control_area a
                                   WHERE a.layer = 'part' AND ST_Covers(a.geom, q.pt) AND a.at <= q.t
                                     AND (q.src IS NULL OR a.source = ANY (q.src))
                                     AND (a.confidence >= q.m OR (a.confidence IS NULL AND q.m = 0))) c
                                ORDER BY c.at DESC, c.confidence DESC NULLS LAST, c.area_id DESC LIMIT 1)) AS equal
  FROM q WHERE q.i <= 150;

-- 4. errors
SELECT frontline.import_territory('{"type": "Feature"}', '2022-09-01Z', 'x', 'y');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": [], "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}', '2022-09-01Z', 'x', 'y');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": []}', '2022-09-01Z', 'x', 'y', '["occupied"]');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": []}', '2022-09-01Z', 'x', 'y', '{"occupied": 3}');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[1, 2]]}}]}', '2022-09-01Z', 'x', 'y', '{"*": "Ukraine"}');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": []}', 'infinity', 'x', 'y');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": []}', '2022-09-01Z', NULL, 'y');
SELECT frontline.import_territory('{"type": "FeatureCollection", "features": []}', '2022-09-01Z', 'x', 'y', confidence => 2);
SELECT frontline.set_area_layer('y', 'contested');
SELECT frontline.set_area_layer('y', 'Nobody');
SELECT frontline.set_area_layer('y', 'Ukraine', 'SRID=4326;POINT(30 50)');
SELECT * FROM frontline.area_series('Nobody', '2022-09-01Z', '2022-09-02Z', '1 day');
SELECT * FROM frontline.area_series('Ukraine', '2022-09-02Z', '2022-09-01Z', '1 day');
SELECT * FROM frontline.area_snapshot('infinity');
SELECT * FROM frontline.area_snapshot('2022-09-01Z', min_confidence => 1.5);
SELECT frontline.control_at('SRID=4326;LINESTRING(30 50,31 50)'::geometry, '2022-09-01Z');
SELECT (SELECT count(*) FROM frontline.area_snapshot(NULL)) AS null_at_no_rows, frontline.control_at(NULL::geometry, '2022-09-01Z') IS NULL AS null_point;
-- the table enforces the rules: valid 2-D multipolygons in EPSG:4326
\set VERBOSITY terse
INSERT INTO frontline.control_area (layer, geom, at, actor) VALUES ('t', 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))', '2022-01-01Z', 'Ukraine');
INSERT INTO frontline.control_area (layer, geom, at, actor) VALUES ('t', 'SRID=4326;MULTIPOLYGON Z(((0 0 0,1 0 0,1 1 0,0 0 0)))', '2022-01-01Z', 'Ukraine');
INSERT INTO frontline.control_area (layer, geom, at, actor) VALUES ('t', 'MULTIPOLYGON(((0 0,1 0,1 1,0 0)))', '2022-01-01Z', 'Ukraine') RETURNING ST_SRID(geom);
INSERT INTO frontline.control_area (layer, geom, at, state, actor) VALUES ('t', 'SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)))', '2022-01-01Z', 'unknown', 'Ukraine');
INSERT INTO frontline.area_layer (layer, default_state) VALUES ('t2', 'control');
\set VERBOSITY default

-- row-level security on control_area: a role that may see only s1's claims
-- gets only them from every area read
-- (as the owner, s1's claims alone answer differently at many points)
SELECT count(*) AS s1_answers_owner FROM q
 WHERE frontline.control_at(q.pt, q.t, '{s1}', q.m, 0) IS NOT DISTINCT FROM frontline.control_at(q.pt, q.t, NULL, q.m, 0)
   AND q.i <= 300;
CREATE ROLE fl_area_reader;
GRANT USAGE ON SCHEMA frontline TO fl_area_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_area_reader;
GRANT SELECT ON q TO fl_area_reader;
ALTER TABLE frontline.control_area ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_s1 ON frontline.control_area FOR SELECT TO fl_area_reader USING (source = 's1');
SET ROLE fl_area_reader;
SELECT count(*) AS s1_answers FROM q
 WHERE frontline.control_at(q.pt, q.t, '{s1}', q.m, 0) IS NOT DISTINCT FROM frontline.control_at(q.pt, q.t, NULL, q.m, 0)
   AND q.i <= 300;
SELECT round(sum(area_km2)) = (SELECT round(sum(area_km2)) FROM frontline.area_snapshot('2023-01-25Z', '{s1}')) AS snapshot_is_s1s
  FROM frontline.area_snapshot('2023-01-25Z');
RESET ROLE;
DROP POLICY only_s1 ON frontline.control_area;
ALTER TABLE frontline.control_area DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_area_reader;
REVOKE ALL ON SCHEMA frontline FROM fl_area_reader;
REVOKE ALL ON q FROM fl_area_reader;
DROP ROLE fl_area_reader;

-- 5. the ground cache (frontline_internal.area_ground): recomputed at commit
-- from the versions a write touched; reads whose filter leaves every claim
-- in answer from it.  Each answer is compared with the same read computed
-- from the claims: inside a transaction that has written an area claim
-- (its reads never come from the cache).  The same region, and km² to 0.1 %
-- (the issue's bar): a version laid over the one before splits the boxes'
-- long edges elsewhere, which moves their geodesic area by up to 0.05 %.
SELECT count(*) AS versions_off FROM frontline.area_cache_check();
SELECT frontline._area_cache_usable() AS usable,
       frontline._area_cache_serves(NULL, 0, NULL, NULL) AS no_filter,
       frontline._area_cache_serves('{s1,s2,s3}', 0, NULL, 'part') AS every_source,
       frontline._area_cache_serves('{s1,s2}', 0, NULL, 'part') AS two_sources,
       frontline._area_cache_serves(NULL, 0.1, NULL, NULL) AS unrated_claims_out,
       frontline._area_cache_serves(NULL, 0, 'infinity', NULL) AS as_of_after_all,
       frontline._area_cache_serves(NULL, 0, '2023-01-05Z', NULL) AS as_of_before_some,
       frontline._area_cache_serves(NULL, 0, NULL, 'no such layer') AS unknown_layer;
CREATE TEMP TABLE sq AS
SELECT i, (ARRAY['Russian forces', 'Ukraine', 'Afghan government'])[1 + floor(random() * 3)::int] AS actor,
       '2022-12-28Z'::timestamptz + floor(random() * 20)::int * interval '12 hours' AS f,
       (ARRAY['1 day', '1 day', '12 hours', '3 days', '5 days 6 hours'])[1 + floor(random() * 5)::int]::interval AS step,
       (ARRAY[NULL, 'part', 'full'])[1 + floor(random() * 3)::int] AS layer
  FROM generate_series(1, 40) i;
-- the same reads twice, into tables <read>_cached and <read>_claims
CREATE FUNCTION pg_temp.area_reads(path text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TEMP TABLE %I AS SELECT sq.i, s.* FROM sq CROSS JOIN LATERAL
                    frontline.area_series(sq.actor, sq.f, sq.f + 12 * sq.step, sq.step, layer => sq.layer) s', 'series_' || path);
    EXECUTE format('CREATE TEMP TABLE %I AS SELECT sq.i, s.* FROM sq CROSS JOIN LATERAL
                    frontline.area_snapshot(sq.f, layer => sq.layer) s', 'snap_' || path);
    EXECUTE format('CREATE TEMP TABLE %I AS SELECT sq.i, s.* FROM sq CROSS JOIN LATERAL
                    frontline.front_series(sq.actor, ''Kharkiv'', sq.f, sq.f + 12 * sq.step, sq.step) s WHERE sq.i <= 10', 'front_' || path);
    EXECUTE format('CREATE TEMP TABLE %I AS SELECT q.i, frontline.control_at(q.pt, q.t, tolerance_m => 0) AS controller
                      FROM q WHERE q.i <= 500', 'point_' || path);
END $$;
SELECT pg_temp.area_reads('cached');
BEGIN;
UPDATE frontline.control_area SET note = note WHERE area_id = (SELECT min(area_id) FROM frontline.control_area);
SELECT frontline._area_cache_usable() AS usable_after_own_write;
SELECT pg_temp.area_reads('claims');
COMMIT;
SELECT count(*) AS rows, count(*) FILTER (WHERE a.held_km2 > 0) AS held, count(*) FILTER (WHERE a.gained_km2 > 0) AS gained,
       count(*) FILTER (WHERE abs(a.held_km2 - b.held_km2) <= 1e-3 * greatest(a.held_km2, 1)
                          AND abs(a.gained_km2 - b.gained_km2) <= 1e-3 * greatest(a.gained_km2, 1)
                          AND abs(a.lost_km2 - b.lost_km2) <= 1e-3 * greatest(a.lost_km2, 1)) AS equal_to_0_1_pct,
       round(max(abs(a.held_km2 - b.held_km2) / greatest(a.held_km2, 1))::numeric, 4) AS max_rel_held
  FROM series_cached a FULL JOIN series_claims b USING (i, t);
SELECT count(*) AS rows,
       count(*) FILTER (WHERE abs(a.area_km2 - b.area_km2) <= 1e-3 * greatest(a.area_km2, 1)
                          AND ST_Area(ST_SymDifference(a.geom, b.geom)) <= 1e-9 * ST_Area(b.geom)) AS equal
  FROM snap_cached a FULL JOIN snap_claims b USING (i, controller);
SELECT count(*) AS rows, count(*) FILTER (WHERE a.place = '(area)') AS from_areas,
       count(*) FILTER (WHERE a.place IS NOT DISTINCT FROM b.place
                          AND (a.km IS NULL AND b.km IS NULL OR abs(a.km - b.km) < 1e-6)) AS equal
  FROM front_cached a FULL JOIN front_claims b USING (i, t);
SELECT count(*) AS points, count(DISTINCT a.controller) AS answers,
       count(*) FILTER (WHERE a.controller IS NOT DISTINCT FROM b.controller) AS equal
  FROM point_cached a FULL JOIN point_claims b USING (i);
-- every kind of write keeps it right: an older map inserted, a map moved,
-- deleted, a layer's default changed, a layer emptied
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source)
VALUES ('part', ST_Multi(ST_MakeEnvelope(9, 9, 20, 20, 4326)), '2023-01-03Z', 'control', 'Ukraine', 's1');
SELECT count(*) AS off_after_old_map FROM frontline.area_cache_check();
UPDATE frontline.control_area SET at = at + interval '2 days' WHERE area_id % 7 = 0;
SELECT count(*) AS off_after_update FROM frontline.area_cache_check();
DELETE FROM frontline.control_area WHERE area_id % 5 = 0;
SELECT count(*) AS off_after_delete FROM frontline.area_cache_check();
UPDATE frontline.area_layer SET extent = ST_Multi(ST_MakeEnvelope(10, 10, 16, 16, 4326)) WHERE layer = 'full';
SELECT (SELECT count(*) FROM frontline.area_cache_check()) AS off_after_layer,
       (SELECT count(*) FROM frontline_internal.area_ground WHERE controller = 'Ukraine' AND layer_key = 'full' AND held_km2 > 0) > 0 AS default_drawn;
DELETE FROM frontline.control_area WHERE layer = 'part';
SELECT (SELECT count(*) FROM frontline.area_cache_check()) AS off_after_layer_gone,
       (SELECT array_agg(layer_key ORDER BY layer_key) FROM frontline_internal.area_cache_key) AS keys;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE abs(a.held_km2 - b.held_km2) <= 1e-3 * greatest(a.held_km2, 1)) AS equal
  FROM frontline.area_series('Ukraine', '2022-12-31Z', '2023-01-25Z', '2 days') a
  FULL JOIN (SELECT t, coalesce(sum(s.area_km2), 0) AS held_km2
               FROM generate_series('2022-12-31Z'::timestamptz, '2023-01-25Z', '2 days') t
               LEFT JOIN LATERAL frontline.area_snapshot(t, '{s1,s2,s3}', 0.0) s ON s.controller = 'Ukraine'
              GROUP BY t) b USING (t);
-- nobody writes the cache but its maintenance, not even its owner
SELECT err('DELETE FROM frontline_internal.area_ground');
SELECT err('TRUNCATE frontline_internal.area_cache_key');
SELECT err('SELECT frontline_internal.area_apply(NULL)');
-- a load that bypassed the triggers is noticed; refresh_cache() rebuilds
ALTER TABLE frontline.control_area DISABLE TRIGGER USER;
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source)
VALUES ('full', ST_Multi(ST_MakeEnvelope(11, 11, 12, 12, 4326)), '2023-01-04Z', 'control', 'Russian forces', 's2');
ALTER TABLE frontline.control_area ENABLE TRIGGER USER;
SELECT frontline._area_cache_usable() AS usable_after_bypass;
-- ... and still after the next area write through the triggers, whose id is
-- then the largest the ground cache has seen: disabling the triggers wrote
-- a stale note (the ids alone would call the cache complete)
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source)
VALUES ('full', ST_Multi(ST_MakeEnvelope(13, 13, 14, 14, 4326)), '2023-01-05Z', 'control', 'Russian forces', 's2');
SELECT frontline._area_cache_usable() AS usable_after_next_write,
       (SELECT max(area_id) FROM frontline.control_area)
         <= (SELECT max_area FROM frontline_internal.area_cache_key WHERE layer_key = '') AS ids_alone_say_complete,
       (SELECT count(*) FROM frontline_internal.cache_note WHERE cache = 'areas' AND stale) AS stale_notes;
SELECT frontline.refresh_cache() > 0 AS refreshed;
SELECT frontline._area_cache_usable() AS usable_again, (SELECT count(*) FROM frontline.area_cache_check()) AS off,
       (SELECT count(*) FROM frontline_internal.cache_note) AS notes;
TRUNCATE frontline.control_area;
SELECT (SELECT count(*) FROM frontline_internal.area_ground) AS ground_rows, (SELECT count(*) FROM frontline_internal.area_version) AS versions,
       (SELECT array_agg(layer_key) FROM frontline_internal.area_cache_key) AS keys;
-- the check finds a corrupted version (as the owner, with the guard off)
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source)
VALUES ('full', ST_Multi(ST_MakeEnvelope(11, 11, 12, 12, 4326)), '2023-01-04Z', 'control', 'Russian forces', 's2');
ALTER TABLE frontline_internal.area_ground DISABLE TRIGGER area_ground_guard;
UPDATE frontline_internal.area_ground SET held_km2 = held_km2 * 1.01 WHERE controller = 'Russian forces' AND layer_key = '';
ALTER TABLE frontline_internal.area_ground ENABLE TRIGGER area_ground_guard;
SELECT layer_key, controller, round(cached_km2) AS cached, round(computed_km2) AS computed FROM frontline.area_cache_check();
SELECT frontline.refresh_cache() >= 0 AS refreshed;
SELECT count(*) AS off FROM frontline.area_cache_check();
-- ... and a piece of the ground whose box does not hold it (control_at(point)
-- tests the boxes first, so it would miss the piece)
SELECT frontline.control_at('SRID=4326;POINT(11.5 11.5)'::geometry, '2023-01-04 12:00Z', tolerance_m => 0) AS in_the_piece;
ALTER TABLE frontline_internal.area_piece DISABLE TRIGGER area_piece_guard;
UPDATE frontline_internal.area_piece SET x_max = x_min
 WHERE at = '2023-01-04Z' AND controller = 'Russian forces' AND x_min <= 11.5 AND x_max >= 11.5 AND y_min <= 11.5 AND y_max >= 11.5;
ALTER TABLE frontline_internal.area_piece ENABLE TRIGGER area_piece_guard;
SELECT layer_key, at, controller, cached_km2 IS NULL AS reported_missing FROM frontline.area_cache_check();
SELECT frontline.refresh_cache() >= 0 AS refreshed;
SELECT count(*) AS off FROM frontline.area_cache_check();

-- 6. a map of many polygons costs about log2(n) unions a claim, not a union
-- grown at every claim: counted in calls of ST_Union (no timing).  One map
-- of 300 squares tiling a region; the commit computes its ground.  With one
-- union grown per claim that took 292 calls; with unions of 32, 64, ...
-- claims merged like a binary counter, 18
TRUNCATE frontline.control_area;
SELECT jsonb_build_object('type', 'FeatureCollection', 'features',
         jsonb_agg(jsonb_build_object('type', 'Feature', 'properties', jsonb_build_object('name', 'Окуповано /// Occupied ' || i),
                                      'geometry', ST_AsGeoJSON(ST_MakeEnvelope(30 + (i % 20) * 0.05, 45 + (i / 20) * 0.05,
                                                                               30.04 + (i % 20) * 0.05, 45.04 + (i / 20) * 0.05, 4326))::jsonb)))::text AS tiles
  FROM generate_series(0, 299) i \gset
SET track_functions = 'all';
SELECT pg_stat_reset_single_function_counters(p.oid) FROM pg_proc p WHERE p.proname = 'st_union' ORDER BY p.oid;
SELECT status, features, action FROM frontline.import_territory(:'tiles', '2023-02-01Z', 'DeepStateMap', 'tiles');
SELECT pg_stat_force_next_flush();
SELECT sum(f.calls) BETWEEN 1 AND 100 AS st_union_calls_few
  FROM pg_stat_user_functions f JOIN pg_proc p ON p.oid = f.funcid WHERE p.proname = 'st_union';
RESET track_functions;
SELECT count(*) AS off FROM frontline.area_cache_check();
