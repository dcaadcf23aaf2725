-- The argument checks (docs/reference.md, "Argument checks"): public, so
-- that a user's own functions validate as frontline's do.  Each returns its
-- argument (check_claim returns nothing) or raises the SQLSTATE its comment
-- names, with a message that names the value.  The other suites reach them
-- through the functions that call them; here each is called directly, with
-- the values at and just past its bounds.
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
SELECT frontline.add_place('P1', 'town', 'SRID=4326;POINT(60 30)') AS p1;

-- check_instant(t, what): t, or 22008 for an infinite instant or one outside
-- the years 1 to 9999; STRICT (NULL gives NULL); what names the argument
SELECT frontline.check_instant('2021-08-15Z') AS t,
       frontline.check_instant('0001-01-01 00:00Z') AS first_instant,
       frontline.check_instant('9999-12-31 23:59:59Z') AS last_instant,
       frontline.check_instant(NULL) IS NULL AS null_gives_null;
SELECT err($$SELECT frontline.check_instant('infinity')$$) AS infinite,
       err($$SELECT frontline.check_instant('-infinity', 'as_of')$$) AS named_as_of;
SELECT err($$SELECT frontline.check_instant('10000-01-01Z')$$) AS year_10000,
       err($$SELECT frontline.check_instant('0001-12-31 23:00Z BC')$$) AS before_year_1;

-- check_confidence(c): a min_confidence, NULL read as 0; 22003 outside 0..1
SELECT frontline.check_confidence(NULL) AS null_is_0, frontline.check_confidence(0) AS zero,
       frontline.check_confidence(0.5) AS half, frontline.check_confidence(1) AS one;
SELECT err($$SELECT frontline.check_confidence(-0.01)$$) AS below,
       err($$SELECT frontline.check_confidence(1.01)$$) AS above;
SELECT err($$SELECT frontline.check_confidence('NaN')$$) AS nan,
       err($$SELECT frontline.check_confidence('Infinity')$$) AS infinite;

-- check_claim(at, source, confidence): the fields every claim shares
SELECT err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', 0.9)$$) AS full_claim,
       err($$SELECT frontline.check_claim('2021-08-15Z', NULL, NULL)$$) AS no_source_unrated,
       err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', 0)$$) AS confidence_0,
       err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', 1)$$) AS confidence_1;
SELECT err($$SELECT frontline.check_claim(NULL, 'AP', 0.9)$$) AS null_instant;
SELECT err($$SELECT frontline.check_claim('infinity', 'AP', 0.9)$$) AS infinite_instant;
SELECT err($$SELECT frontline.check_claim('2021-08-15Z', ' ', 0.9)$$) AS blank_source;
SELECT err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', 1.5)$$) AS confidence_above,
       err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', -1)$$) AS confidence_below,
       err($$SELECT frontline.check_claim('2021-08-15Z', 'AP', 'NaN')$$) AS confidence_nan;

-- check_place_id(place_id): the id of an existing place, NULL passes; 42704
SELECT frontline.check_place_id(frontline.find_place('P1')) AS p1,
       frontline.check_place_id(NULL) IS NULL AS null_passes;
SELECT err($$SELECT frontline.check_place_id(2)$$) AS missing,
       err($$SELECT frontline.check_place_id(-1)$$) AS negative;

-- check_radius(radius_km, what): a radius in (0, 20004] km
SELECT frontline.check_radius(100) AS r100, frontline.check_radius(0.001) AS one_metre,
       frontline.check_radius(20004) AS half_the_earth;
SELECT err($$SELECT frontline.check_radius(NULL)$$) AS null_radius,
       err($$SELECT frontline.check_radius(NULL, 'max_km')$$) AS named;
SELECT err($$SELECT frontline.check_radius(0)$$) AS zero,
       err($$SELECT frontline.check_radius(-5)$$) AS negative;
SELECT err($$SELECT frontline.check_radius('NaN')$$) AS nan,
       err($$SELECT frontline.check_radius('Infinity')$$) AS infinite;
SELECT err($$SELECT frontline.check_radius(20004.5)$$) AS beyond;

-- check_geometry(g, what, point_only): EPSG:4326, a point or (multi)polygon,
-- in range, valid; other SRIDs are transformed (PROJ, through PostGIS)
SELECT ST_AsText(frontline.check_geometry('SRID=4326;POINT(69.2 34.5)')) AS same,
       ST_AsText(frontline.check_geometry('SRID=4326;POLYGON((60 30,61 30,61 31,60 30))')) AS polygon,
       ST_GeometryType(frontline.check_geometry('SRID=4326;MULTIPOLYGON(((60 30,61 30,61 31,60 30)),((62 30,63 30,63 31,62 30)))')) AS multi;
SELECT ST_SRID(g) AS srid, round(ST_X(g)::numeric, 4) AS lon, round(ST_Y(g)::numeric, 4) AS lat
  FROM frontline.check_geometry('SRID=3857;POINT(7700000 4100000)', 'web mercator point', true) g;
SELECT err($$SELECT frontline.check_geometry(NULL, 'geom')$$) AS null_geometry;
SELECT err($$SELECT frontline.check_geometry('POINT(60 30)')$$) AS no_srid;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;POINT EMPTY', 'site')$$) AS empty;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;LINESTRING(60 30,61 31)')$$) AS line;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;POLYGON((60 30,61 30,61 31,60 30))', 'point', true)$$) AS point_only;
SELECT err($$SELECT frontline.check_geometry('SRID=990001;POINT(60 30)')$$) AS unknown_srid;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;POINT(200 30)')$$) AS longitude_200;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;POINT(60 -91)')$$) AS latitude_minus_91;
SELECT err($$SELECT frontline.check_geometry(ST_SetSRID(ST_MakePoint('NaN', 30), 4326))$$) AS nan_longitude;
SELECT err($$SELECT frontline.check_geometry('SRID=4326;POLYGON((60 30,61 31,61 30,60 31,60 30))', 'district')$$) AS bowtie;

-- series_steps(from_t, to_t, step): the instants, both bounds included when
-- the step lands on to_t; a step of days or months follows the TimeZone
SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', '1 day') AS three_days,
       frontline.series_steps('2021-08-13Z', '2021-08-13Z', '1 day') AS one_instant,
       cardinality(frontline.series_steps('2021-01-31Z', '2021-12-31Z', '1 month')) AS months;
SELECT frontline.series_steps('2021-08-13 00:00Z', '2021-08-13 20:00Z', '6 hours') AS every_6_hours;
SELECT err($$SELECT frontline.series_steps(NULL, '2021-08-15Z', '1 day')$$) AS null_from,
       err($$SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', NULL)$$) AS null_step;
SELECT err($$SELECT frontline.series_steps('2021-08-15Z', '2021-08-13Z', '1 day')$$) AS reversed;
SELECT err($$SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', '0')$$) AS zero_step;
SELECT err($$SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', '-1 day')$$) AS negative_step;
SELECT err($$SELECT frontline.series_steps('2021-08-13Z', '2021-08-15Z', '-1 month 31 days')$$) AS mixed_step;
SELECT err($$SELECT frontline.series_steps('2021-01-01Z', '2022-01-01Z', '1 second')$$) AS too_many_steps;
SELECT cardinality(frontline.series_steps('2021-01-01Z', '2021-01-12 13:46:39Z', '1 second')) AS at_the_limit;
