-- One runnable example per API function, by name: scripts/reference.sql puts
-- each under its function in docs/reference.md, and the test command runs
-- every SQL block of docs/ (test/docs_examples.sh) against the sample.
-- scripts/reference.sh --check fails when an API function has no example.
-- example: acled_staging
SELECT frontline.acled_staging('acled_example', 'event_id_cnty,event_date,year,event_type,sub_event_type,actor1,admin1,location,latitude,longitude');
-- example: actor_color
SELECT frontline.actor_color('Taliban'), frontline.actor_color('contested'), frontline.actor_color(NULL);
-- example: add_actor
SELECT frontline.add_actor('Example Militia', 'militia', '#8c510a');
-- example: add_alias
SELECT frontline.add_alias('Mazar-i-Sharif', 'Mazar-e Sharif (example)', 'en');
-- example: add_place
SELECT frontline.add_place('Example Village', 'village', 'SRID=4326;POINT(69.05 34.40)', 'Afghanistan', 'Wardak');
-- example: area_series
SELECT t, held_km2, gained_km2, lost_km2 FROM frontline.area_series('Taliban', '2021-08-10Z', '2021-08-15Z', '1 day');
-- example: area_snapshot
SELECT controller, round(area_km2) AS km2 FROM frontline.area_snapshot('2021-08-15Z');
-- example: area_cache_check
SELECT count(*) AS stale_versions FROM frontline.area_cache_check();
-- example: bearing
SELECT round(frontline.bearing(k.geom, m.geom)) AS degrees
  FROM frontline.place k, frontline.place m WHERE k.name = 'Kabul' AND m.name = 'Mazar-i-Sharif';
-- example: cache_check
SELECT count(*) AS stale_places FROM frontline.cache_check();
-- example: cache_policy
-- a policy that shows a role only the wire services' claims, cached for it
CREATE POLICY wire_services ON frontline.control_event FOR SELECT TO PUBLIC
    USING (source = ANY ('{AP,AFP,Reuters}'));
SELECT frontline.cache_policy('wire_services') AS places_cached;
SELECT policy_name, valid, places FROM frontline.cached_policies;
-- example: cached_policies
SELECT policy_name, using_expr, valid, places FROM frontline.cached_policies;
-- example: cache_usable
SELECT frontline.cache_usable();
-- example: capital_of
SELECT name FROM frontline.place WHERE place_id = frontline.capital_of(frontline.find_place('Pul-e-Alam'));
-- example: changed_during
SELECT count(*) FROM frontline.place_history WHERE frontline.changed_during(history, '[2021-08-13Z,2021-08-15Z)');
-- example: changes
SELECT at, place, from_controller, to_controller FROM frontline.changes('2021-08-14Z', '2021-08-16Z', for_place => 'Kabul');
-- example: check_claim
SELECT frontline.check_claim('2021-08-15Z', 'AP', 0.9);
-- example: check_confidence
SELECT frontline.check_confidence(NULL), frontline.check_confidence(0.5);
-- example: check_geometry
SELECT ST_AsText(frontline.check_geometry('SRID=3857;POINT(7700000 4100000)'));
-- example: check_instant
SELECT frontline.check_instant('2021-08-15Z');
-- example: check_place_id
SELECT frontline.check_place_id(frontline.find_place('Kabul'));
-- example: check_radius
SELECT frontline.check_radius(100);
-- example: compass
SELECT frontline.compass(200);
-- example: contested_state
SELECT frontline.contested_state(ARRAY['Taliban', 'Afghan government']);
-- example: control_at
SELECT frontline.control_at('Kabul', '2021-08-16Z') AS by_name,
       frontline.control_at('SRID=4326;POINT(69.17 34.53)'::geometry, '2021-08-16Z') AS by_point,
       frontline.control_at('Kandahar', '2021-08-13Z', as_of => '2021-08-12Z') AS as_known_on_the_12th;
-- example: control_history_agg
SELECT frontline.control_history_agg(state, at)::text
  FROM (VALUES ('A', timestamptz '2021-01-01Z'), ('B', '2021-02-01Z')) c(state, at);
-- example: control_mvt
SELECT length(frontline.control_mvt(7, 88, 50, '2021-08-15Z')) AS tile_bytes;
-- example: control_series
SELECT t, controller, places FROM frontline.control_series('2021-08-13Z', '2021-08-15Z', '1 day') ORDER BY t, controller;
-- example: control_tiles
SELECT length(frontline.control_tiles(7, 88, 50, '{"at": "2021-08-15T00:00:00Z", "sources": "AP,AFP"}')) AS tile_bytes;
-- example: disagreements
SELECT place, controllers, sources FROM frontline.disagreements('2021-08-13 12:00Z') LIMIT 3;
-- example: fall_window
SELECT * FROM frontline.fall_window('Kandahar', 'Taliban');
-- example: fall_windows
SELECT place, earliest, latest FROM frontline.fall_windows('Taliban', '2021-08-10Z', '2021-08-16Z') LIMIT 5;
-- example: find_actor
SELECT frontline.find_actor('taliban');
-- example: find_place
SELECT frontline.find_place('mazar e sharif');
-- example: first_held
SELECT frontline.first_held(frontline.history('Kabul'), 'Taliban');
-- example: flush_slice
-- a large load whose commit should keep the backend's memory lower (the default is 1000000)
SET frontline.flush_slice = 100000;
RESET frontline.flush_slice;
-- example: fold_name
SELECT frontline.fold_name('Mazār-e Sharīf');
-- example: from_capital
SELECT phrase FROM frontline.from_capital('Pul-e-Alam');
-- example: front
SELECT place, round(km) AS km, compass FROM frontline.front('Taliban', 'Kabul', '2021-08-13 12:00Z');
-- example: front_chart_svg
SELECT left(frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day'), 60);
-- example: front_series
SELECT t, place, round(km) AS km FROM frontline.front_series('Taliban', 'Kabul', '2021-08-10Z', '2021-08-15Z', '1 day');
-- example: geo_wgs84
SELECT ST_AsText(frontline.geo_wgs84('SRID=3857;POINT(7700000 4100000)'));
-- example: geodesic_area_km2
SELECT round(frontline.geodesic_area_km2('SRID=4326;POLYGON((0 0,1 0,1 1,0 1,0 0))')) AS km2;
-- example: geodesic_circle
SELECT ST_NPoints(frontline.geodesic_circle('SRID=4326;POINT(69.17 34.53)', 100));
-- example: geodesic_direct
SELECT * FROM frontline.geodesic_direct(34.53, 69.17, 180, 61000);
-- example: geodesic_inverse
SELECT round(distance_m) AS m, round(azimuth1) AS az FROM frontline.geodesic_inverse(34.53, 69.17, 36.71, 67.11);
-- example: geodesic_km
SELECT round(frontline.geodesic_km('SRID=4326;POINT(69.17 34.53)', 'SRID=4326;POINT(67.11 36.71)')) AS km;
-- example: held
SELECT frontline.held(frontline.history('Kabul'), 'Taliban', '[2021-08-01Z,2021-09-01Z)');
-- example: held_by
SELECT count(*) FROM frontline.place_history WHERE frontline.held_by(history, 'Taliban', '[2021-08-14Z,2021-08-15Z)');
-- example: history
SELECT frontline.history('Kandahar')::text, frontline.history('Kandahar', ARRAY['AFP'])::text AS afp_only;
-- example: import_acled
SELECT * FROM frontline.import_acled('acled_example');
-- example: import_territory
SELECT * FROM frontline.import_territory('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Example /// Occupied"},
    "geometry": {"type": "Polygon", "coordinates": [[[65.0, 31.0], [66.5, 31.0], [66.5, 32.0], [65.0, 32.0], [65.0, 31.0]]]}}]}',
    '2021-08-13Z', 'example map', 'example', '{"occupied": "Taliban"}');
-- example: name_distance
SELECT frontline.name_distance('mazarisharif', 'mazaresharif');
-- example: normalize_status
SELECT frontline.normalize_status(E'Звільнено 25.03 /// Taken back 25.03\n');
-- example: parse_acled_date
SELECT frontline.parse_acled_date('9-May-20', 2020), frontline.parse_acled_date('15 August 2021');
-- example: periods
SELECT * FROM frontline.periods(frontline.history('Kabul'));
-- example: place_at
SELECT name FROM frontline.place WHERE place_id = frontline.place_at('SRID=4326;POINT(69.18 34.53)');
-- example: record_contested
SELECT frontline.record_contested('Example Village', '2021-08-10Z', ARRAY['Taliban', 'Afghan government'], 'example') > 0;
-- example: record_control
SELECT frontline.record_control('Example Village', 'Taliban', '2021-08-12Z', 'example', 0.8) > 0;
-- example: record_unknown
SELECT frontline.record_unknown('Example Village', '2021-08-20Z', 'example') > 0;
-- example: policy_cache_check
SELECT count(*) AS stale_places FROM frontline.policy_cache_check();
-- example: refresh_cache
SELECT frontline.refresh_cache();
-- example: revisions
SELECT * FROM frontline.revisions('Kandahar');
-- example: rings
SELECT inner_km, outer_km, controller, places FROM frontline.rings('Kabul', '2021-08-13 12:00Z', ARRAY[50, 100, 200]);
-- example: series_steps
SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', '1 day');
-- example: set_area_layer
SELECT frontline.set_area_layer('example', 'unknown', note => 'an example layer: what its maps do not cover is of unknown status');
-- example: since
SELECT frontline.since(frontline.history('Kabul'), '2021-08-20Z');
-- example: snapshot
SELECT place, controller, since FROM frontline.snapshot('2021-08-15 12:00Z') WHERE controller IS DISTINCT FROM 'Taliban';
-- example: snapshot_geojson
SELECT jsonb_array_length(frontline.snapshot_geojson('2021-08-15Z')->'features') AS features;
-- example: snapshot_svg
SELECT left(frontline.snapshot_svg('2021-08-15 12:00Z'), 60);
-- example: sources_at
SELECT * FROM frontline.sources_at('Kandahar', '2021-08-13 12:00Z');
-- example: state_at
SELECT frontline.state_at(frontline.history('Pul-e-Alam'), '2021-08-12 12:00Z');
-- example: transitions
SELECT frontline.transitions(frontline.history('Kabul'));
-- example: winning_claims
SELECT place_id, at, controller, source FROM frontline.winning_claims('2021-08-14Z', ARRAY['AP'], 0) LIMIT 3;
-- example: uncache_policy
SELECT frontline.uncache_policy('wire_services') AS dropped;
DROP POLICY wire_services ON frontline.control_event;
-- example: within_radius
SELECT place, round(km) AS km, compass, controller FROM frontline.within_radius('Kabul', 100, '2021-08-13 12:00Z');
-- example: control_periods
SELECT place, controller, during, source FROM frontline.control_periods WHERE place = 'Kabul' ORDER BY during;
-- example: daily_control
SELECT day, controller FROM frontline.daily_control WHERE place = 'Kandahar' AND day BETWEEN '2021-08-11' AND '2021-08-14' ORDER BY day;
-- example: place_distances
SELECT place, capital, round(km) AS km, compass FROM frontline.place_distances ORDER BY km LIMIT 5;
-- example: place_history
SELECT place_id, history::text FROM frontline.place_history WHERE place_id = frontline.find_place('Kabul');
