-- Maps, tiles and BI views (issue 12), on the Afghanistan sample: the
-- GeoJSON against snapshot(), tiles (their bytes are decoded by GDAL in
-- test/clients.sh), the SVG's content (Chromium renders it there), the
-- views against the read functions, and every error.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
\i data/load_sample.sql
\set ON_ERROR_STOP 0

-- 1. GeoJSON: one feature per place, the same controllers as snapshot()
SELECT g->>'type' AS type, jsonb_array_length(g->'features') AS features,
       (SELECT count(*) FROM frontline.place) AS places,
       (SELECT count(*) FROM jsonb_array_elements(g->'features') f
         WHERE (f->'properties'->>'controller') IS DISTINCT FROM
               (SELECT s.controller FROM frontline.snapshot('2021-08-15 12:00Z') s WHERE s.place_id = (f->>'id')::int)) AS differ,
       (SELECT count(DISTINCT f->'geometry'->>'type') FROM jsonb_array_elements(g->'features') f) AS geometry_types,
       g ? 'crs' AS has_crs
  FROM frontline.snapshot_geojson('2021-08-15 12:00Z') g;
SELECT (f->'properties') - 'since'::text AS kabul, f->'properties'->>'since' AS since
  FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-15 12:00Z')->'features') f
 WHERE f->'properties'->>'name' = 'Kabul';
-- the filters reach the map
SELECT (SELECT count(*) FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-14 12:00Z', ARRAY['AP'])->'features') f
         WHERE f->'properties'->>'controller' = 'Taliban')
     = (SELECT count(*) FROM frontline.snapshot('2021-08-14 12:00Z', ARRAY['AP']) WHERE controller = 'Taliban') AS ap_filter_applies,
       (SELECT count(*) FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-14 12:00Z', as_of => '2021-08-01Z')->'features') f
         WHERE f->'properties'->>'controller' = 'Taliban') AS taliban_as_known_on_1_august;
-- areas become features of their own
SELECT count(*) FROM frontline.import_territory('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
   "geometry": {"type": "Polygon", "coordinates": [[[65.0, 31.0], [66.5, 31.0], [66.5, 32.0], [65.0, 32.0], [65.0, 31.0]]]}}]}',
   '2021-08-13Z', 'test-map', 'test', '{"*": "Taliban"}');
SELECT f->>'id' AS id, f->'geometry'->>'type' AS geometry, f->'properties'->>'controller' AS controller,
       (f->'properties'->>'area_km2')::float8 > 15000 AS large
  FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-15 12:00Z')->'features') f
 WHERE f->'properties'->>'layer' = 'areas';

-- 2. tiles: bytes for a tile with places, nothing for an empty one; the
-- Martin function takes the same parameters as JSON
SELECT length(frontline.control_mvt(0, 0, 0, '2021-08-15Z')) > 500 AS world_tile,
       length(frontline.control_mvt(7, 88, 50, '2021-08-15Z')) > 100 AS kabul_tile,
       length(frontline.control_mvt(7, 0, 0, '2021-08-15Z')) AS empty_tile,
       frontline.control_tiles(7, 88, 50, '{"at": "2021-08-15T00:00:00Z"}') = frontline.control_mvt(7, 88, 50, '2021-08-15Z') AS martin_same,
       frontline.control_tiles(7, 88, 50, '{"at": "2021-08-15T00:00:00Z", "sources": "AP,AFP"}')
         = frontline.control_mvt(7, 88, 50, '2021-08-15Z', '{AP,AFP}') AS martin_sources,
       frontline.control_tiles(7, 88, 50, '{"at": "2021-08-15T00:00:00Z", "sources": ["AP"], "min_confidence": 0.5}')
         = frontline.control_mvt(7, 88, 50, '2021-08-15Z', '{AP}', 0.5) AS martin_array;
SELECT p.provolatile, p.proparallel, p.proargnames[1:3] AS first_three,
       CASE WHEN p.proname = 'control_tiles' THEN obj_description(p.oid, 'pg_proc')::json ->> 'description' IS NOT NULL END AS json_description
  FROM pg_proc p WHERE p.oid IN ('frontline.control_mvt'::regproc, 'frontline.control_tiles'::regproc) ORDER BY p.proname;
SELECT frontline.control_mvt(3, 8, 0);
SELECT frontline.control_mvt(-1, 0, 0);
SELECT frontline.control_mvt(25, 0, 0);
SELECT frontline.control_mvt(0, 0, 0, 'infinity');
SELECT frontline.control_tiles(0, 0, 0, '[1]');
SELECT frontline.control_tiles(0, 0, 0, '{"at": "yesterday-ish"}');
SELECT frontline.control_mvt(NULL, 0, 0) IS NULL AS null_tile;

-- 3. SVG: a document with the legend's colours, labels, rings and the date
SELECT s LIKE '<svg xmlns="http://www.w3.org/2000/svg"%' AS svg,
       (SELECT count(*) FROM regexp_matches(s, '<circle ', 'g')) = (SELECT count(*) FROM frontline.place WHERE GeometryType(geom) = 'POINT') AS one_circle_per_point_place,
       s LIKE '%>Kabul</text>%' AS capital_labelled,
       s LIKE '%>100 km</text>%' AS rings,
       s LIKE '%Control on 15 Aug 2021 12:00 UTC%' AS dated,
       s LIKE '%Sources: AP, AFP%' AS sources_named,
       position(frontline.actor_color('Taliban') IN s) > 0 AS taliban_colour,
       xml_is_well_formed_document(s) AS well_formed
  FROM frontline.snapshot_svg('2021-08-15 12:00Z', ARRAY['AP', 'AFP']) s;
SELECT xml_is_well_formed_document(c) AS well_formed, c LIKE '%Distance from Kabul to the nearest ground held by Taliban%' AS titled,
       c LIKE '%Closest: 0.0 km (Kabul) on 15 Aug 2021%' AS closest
  FROM frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day') c;
SELECT frontline.actor_color('Taliban') ~ '^#[0-9a-f]{6}$' AS colour, frontline.actor_color('contested'), frontline.actor_color(NULL);
SELECT frontline.snapshot_svg('2021-08-15Z', width => 10);
SELECT frontline.snapshot_svg('2021-08-15Z', rings_km => array_fill(10::float8, ARRAY[30]));
SELECT frontline.front_chart_svg('Nobody', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day');
SELECT frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-16Z', '2021-08-01Z', '1 day');
SELECT frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day', height => 5);

-- 4. views: typed geometry columns (geometry_columns lists them), unique
-- keys, and the same answers as the read functions
SELECT f_table_name, f_geometry_column, type, srid FROM geometry_columns
 WHERE f_table_schema = 'frontline' AND f_table_name IN ('control_periods', 'daily_control', 'place_distances') ORDER BY 1;
SELECT count(*) = count(DISTINCT period_id) AS periods_unique,
       count(*) = (SELECT sum((SELECT count(*) FROM frontline.periods(h.history))) FROM frontline.place_history h) AS periods_match_history
  FROM frontline.control_periods;
SELECT place, controller, during, source FROM frontline.control_periods WHERE place = 'Kabul' ORDER BY during;
SELECT count(*) = count(DISTINCT id) AS days_unique,
       count(*) = (SELECT count(*) FROM frontline.place) * (SELECT max(at)::date - min(at)::date + 1 FROM frontline.control_event) AS every_place_every_day,
       count(*) FILTER (WHERE controller IS DISTINCT FROM frontline.control_at(place_id, (day + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond')) AS differ
  FROM frontline.daily_control;
SELECT place, capital, round(km) AS km, compass FROM frontline.place_distances WHERE place IN ('Kabul', 'Pul-e-Alam', 'Mazar-i-Sharif') ORDER BY km;
SELECT count(*) FILTER (WHERE round(d.km::numeric, 6) <> round(f.km::numeric, 6)) AS differ_from_from_capital
  FROM frontline.place_distances d CROSS JOIN LATERAL frontline.from_capital(d.place_id) f;
