-- ------------------------------------------------------------------ geodesy (PROJ geodesic.h)
-- Every distance and azimuth is computed by PROJ's geod_inverse / geod_direct
-- on the WGS84 ellipsoid.  Geometries reach the C code as WKB written by
-- PostGIS (ST_AsBinary), after PostGIS has brought them to EPSG:4326.
-- COST, in units of cpu_operator_cost: a point-to-point geod_inverse takes
-- about 1 us (COST 50); a distance or azimuth between shapes reads WKB and
-- searches every edge (COST 500); a circle is hundreds of geod_direct calls
-- (COST 1000).

CREATE OR REPLACE FUNCTION frontline._geo_check(wkb bytea, srid integer, what text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__geo_check' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._geo_check(bytea, integer, text) IS
  'Internal: validates WGS84 WKB (not empty, finite, lon -180..180, lat -90..90); NULL wkb means the SRID was 0 or unknown. Raises 22023 naming `what`.';

-- IMMUTABLE like PostGIS's own ST_Transform, which also reads spatial_ref_sys.
CREATE OR REPLACE FUNCTION frontline.geo_wgs84(g @postgis@.geometry, what text DEFAULT 'geometry') RETURNS @postgis@.geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN frontline._geo_check(@postgis@.ST_AsBinary(x.g4326), @postgis@.ST_SRID(geo_wgs84.g), geo_wgs84.what)
                THEN x.g4326 END
      FROM (SELECT CASE WHEN @postgis@.ST_SRID(geo_wgs84.g) = 4326 THEN @postgis@.ST_Force2D(geo_wgs84.g)
                        WHEN @postgis@.ST_SRID(geo_wgs84.g) <> 0
                         AND EXISTS (SELECT 1 FROM @postgis@.spatial_ref_sys s WHERE s.srid = @postgis@.ST_SRID(geo_wgs84.g))
                        THEN frontline._transform_to_wgs84(geo_wgs84.g, geo_wgs84.what) END AS g4326) x;
END;
COMMENT ON FUNCTION frontline.geo_wgs84(@postgis@.geometry, text) IS
  'The geometry in EPSG:4326 (2D), transformed by PostGIS when it has another SRID; errors (22023, naming `what`) on no SRID, unknown SRID, empty, NaN/infinite or out-of-range coordinates';

CREATE OR REPLACE FUNCTION frontline._geodesic_m(a bytea, b bytea, touching boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'frontline__geodesic_m' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 500;
COMMENT ON FUNCTION frontline._geodesic_m(bytea, bytea, boolean) IS
  'Internal: metres between two WGS84 WKB shapes (0 when touching), through PROJ geod_inverse';

CREATE OR REPLACE FUNCTION frontline._geodesic_azimuth(a bytea, b bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'frontline__geodesic_azimuth' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 500;
COMMENT ON FUNCTION frontline._geodesic_azimuth(bytea, bytea) IS
  'Internal: initial azimuth 0..360 from the first vertex of a to the first vertex of b (PROJ geod_inverse); NULL when they coincide';

CREATE OR REPLACE FUNCTION frontline._geodesic_area_m2(wkb bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'frontline__geodesic_area_m2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 100;
COMMENT ON FUNCTION frontline._geodesic_area_m2(bytea) IS
  'Internal: area in m² of the polygons of a 2-D WKB in lon/lat on the WGS84 ellipsoid (PROJ geod_polygon; exterior rings count, holes are taken away)';

CREATE OR REPLACE FUNCTION frontline._geodesic_circle(center bytea, radius_km float8, segments integer) RETURNS bytea
    AS 'MODULE_PATHNAME', 'frontline__geodesic_circle' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 1000;
COMMENT ON FUNCTION frontline._geodesic_circle(bytea, float8, integer) IS
  'Internal: WKB polygon of a geodesic circle (PROJ geod_direct), cut at the antimeridian, closed over a pole it contains';

CREATE OR REPLACE FUNCTION frontline.geodesic_inverse(lat1 float8, lon1 float8, lat2 float8, lon2 float8,
                                           OUT distance_m float8, OUT azimuth1 float8, OUT azimuth2 float8)
    AS 'MODULE_PATHNAME', 'frontline_geodesic_inverse' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION frontline.geodesic_inverse(float8, float8, float8, float8) IS
  'The inverse geodesic problem on WGS84 (PROJ geod_inverse): distance in metres and the azimuths (degrees, -180..180) at both ends';

CREATE OR REPLACE FUNCTION frontline.geodesic_direct(lat1 float8, lon1 float8, azimuth1 float8, distance_m float8,
                                          OUT lat2 float8, OUT lon2 float8, OUT azimuth2 float8)
    AS 'MODULE_PATHNAME', 'frontline_geodesic_direct' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 50;
COMMENT ON FUNCTION frontline.geodesic_direct(float8, float8, float8, float8) IS
  'The direct geodesic problem on WGS84 (PROJ geod_direct): where you arrive after distance_m metres at azimuth1 degrees (lon2 unrolled)';

CREATE OR REPLACE FUNCTION frontline._geodesic_point_km(ax float8, ay float8, bx float8, by float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'frontline__geodesic_point_km' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION frontline._geodesic_point_km(float8, float8, float8, float8) IS
  'Internal: km between two lon/lat points (PROJ geod_inverse); NULL coordinates (an empty point) are an error';

CREATE OR REPLACE FUNCTION frontline._geodesic_point_azimuth(ax float8, ay float8, bx float8, by float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'frontline__geodesic_point_azimuth' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 50;
COMMENT ON FUNCTION frontline._geodesic_point_azimuth(float8, float8, float8, float8) IS
  'Internal: initial azimuth 0..360 between two lon/lat points (PROJ geod_inverse); NULL when they coincide';

CREATE OR REPLACE FUNCTION frontline._geodesic_km_4326(a @postgis@.geometry, b @postgis@.geometry) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN frontline._geo_check(@postgis@.ST_AsBinary(a), 4326, 'geometry a')
             AND frontline._geo_check(@postgis@.ST_AsBinary(b), 4326, 'geometry b')
            THEN frontline._geodesic_m(@postgis@.ST_AsBinary(a), @postgis@.ST_AsBinary(b),
                     CASE WHEN @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) = 'POINT' THEN false
                          WHEN @postgis@.GeometryType(a) = 'GEOMETRYCOLLECTION'
                            OR @postgis@.GeometryType(b) = 'GEOMETRYCOLLECTION' THEN @postgis@.ST_Intersects(a, b)
                          WHEN @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) IN ('POLYGON', 'MULTIPOLYGON')
                          THEN @postgis@.ST_Covers(b::@postgis@.geography, a::@postgis@.geography)
                          WHEN @postgis@.GeometryType(b) = 'POINT' AND @postgis@.GeometryType(a) IN ('POLYGON', 'MULTIPOLYGON')
                          THEN @postgis@.ST_Covers(a::@postgis@.geography, b::@postgis@.geography)
                          ELSE @postgis@.ST_Intersects(a::@postgis@.geography, b::@postgis@.geography) END) / 1000.0 END;
COMMENT ON FUNCTION frontline._geodesic_km_4326(@postgis@.geometry, @postgis@.geometry) IS
  'Internal: geodesic_km of two 2D EPSG:4326 geometries of any type (validated WKB to PROJ; contact decided on the geography, whose edges are great circles like the geodesic edges the distance uses; collections, which geography does not take, on the lon/lat geometry)';

CREATE OR REPLACE FUNCTION frontline._bearing_4326(a @postgis@.geometry, b @postgis@.geometry) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN frontline._geo_check(@postgis@.ST_AsBinary(a), 4326, 'geometry a')
             AND frontline._geo_check(@postgis@.ST_AsBinary(b), 4326, 'geometry b')
            THEN frontline._geodesic_azimuth(
                     @postgis@.ST_AsBinary(CASE WHEN @postgis@.GeometryType(a) = 'POINT' THEN a ELSE @postgis@.ST_PointOnSurface(a) END),
                     @postgis@.ST_AsBinary(CASE WHEN @postgis@.GeometryType(b) = 'POINT' THEN b ELSE @postgis@.ST_PointOnSurface(b) END)) END;
COMMENT ON FUNCTION frontline._bearing_4326(@postgis@.geometry, @postgis@.geometry) IS
  'Internal: bearing of two 2D EPSG:4326 geometries of any type (lines and polygons by ST_PointOnSurface)';

-- Written as one CASE so that the planner inlines it: two lon/lat points
-- (the common case) go straight to PROJ; other lon/lat geometries through
-- WKB, spelt out here rather than by calling _geodesic_km_4326 /
-- _bearing_4326: the planner does not inline a function whose argument is
-- costly (ST_Force2D) and used more than once, and a SQL function that is
-- not inlined starts an executor on every call (in within_radius, 10 % of
-- the time went to the polygons' two such calls); ST_Force2D returns a 2-D
-- geometry as it is.  Other SRIDs are transformed by PostGIS first
-- (geo_wgs84).  NULL in gives NULL out (ST_SRID(NULL) is NULL and the
-- helpers are strict).  Contact (distance 0) is decided on the geography:
-- a point and a polygon by ST_Covers, a test of the point against the
-- polygon's edges, which took a twentieth of the time of ST_Intersects, a
-- distance over every edge (1.2 ms against 0.05 ms for the 194 polygons
-- within 100 km of the bench's capital); other pairs by ST_Intersects.
CREATE OR REPLACE FUNCTION frontline.geodesic_km(a @postgis@.geometry, b @postgis@.geometry) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN @postgis@.ST_SRID(a) = 4326 AND @postgis@.ST_SRID(b) = 4326
             AND @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) = 'POINT'
            THEN frontline._geodesic_point_km(@postgis@.ST_X(a), @postgis@.ST_Y(a), @postgis@.ST_X(b), @postgis@.ST_Y(b))
            WHEN @postgis@.ST_SRID(a) = 4326 AND @postgis@.ST_SRID(b) = 4326
            THEN CASE WHEN frontline._geo_check(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(a)), 4326, 'geometry a')
                       AND frontline._geo_check(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(b)), 4326, 'geometry b')
                      THEN frontline._geodesic_m(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(a)), @postgis@.ST_AsBinary(@postgis@.ST_Force2D(b)),
                               CASE WHEN @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) = 'POINT' THEN false
                                    WHEN @postgis@.GeometryType(a) = 'GEOMETRYCOLLECTION'
                                      OR @postgis@.GeometryType(b) = 'GEOMETRYCOLLECTION'
                                    THEN @postgis@.ST_Intersects(@postgis@.ST_Force2D(a), @postgis@.ST_Force2D(b))
                                    WHEN @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) IN ('POLYGON', 'MULTIPOLYGON')
                                    THEN @postgis@.ST_Covers(@postgis@.ST_Force2D(b)::@postgis@.geography,
                                                             @postgis@.ST_Force2D(a)::@postgis@.geography)
                                    WHEN @postgis@.GeometryType(b) = 'POINT' AND @postgis@.GeometryType(a) IN ('POLYGON', 'MULTIPOLYGON')
                                    THEN @postgis@.ST_Covers(@postgis@.ST_Force2D(a)::@postgis@.geography,
                                                             @postgis@.ST_Force2D(b)::@postgis@.geography)
                                    ELSE @postgis@.ST_Intersects(@postgis@.ST_Force2D(a)::@postgis@.geography,
                                                                 @postgis@.ST_Force2D(b)::@postgis@.geography) END) / 1000.0 END
            ELSE frontline._geodesic_km_4326(frontline.geo_wgs84(a, 'geometry a'),
                                             frontline.geo_wgs84(b, 'geometry b')) END;
COMMENT ON FUNCTION frontline.geodesic_km(@postgis@.geometry, @postgis@.geometry) IS
  'Ellipsoidal (WGS84) distance in km through PROJ geod_inverse; for lines and polygons the distance to the nearest point (edges are geodesics), 0 when they intersect. Other SRIDs are transformed by PostGIS. NULL when an argument is NULL.';

CREATE OR REPLACE FUNCTION frontline.bearing(a @postgis@.geometry, b @postgis@.geometry) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN @postgis@.ST_SRID(a) = 4326 AND @postgis@.ST_SRID(b) = 4326
             AND @postgis@.GeometryType(a) = 'POINT' AND @postgis@.GeometryType(b) = 'POINT'
            THEN frontline._geodesic_point_azimuth(@postgis@.ST_X(a), @postgis@.ST_Y(a), @postgis@.ST_X(b), @postgis@.ST_Y(b))
            WHEN @postgis@.ST_SRID(a) = 4326 AND @postgis@.ST_SRID(b) = 4326
            THEN CASE WHEN frontline._geo_check(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(a)), 4326, 'geometry a')
                       AND frontline._geo_check(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(b)), 4326, 'geometry b')
                      THEN frontline._geodesic_azimuth(
                               @postgis@.ST_AsBinary(CASE WHEN @postgis@.GeometryType(a) = 'POINT' THEN @postgis@.ST_Force2D(a)
                                                          ELSE @postgis@.ST_PointOnSurface(@postgis@.ST_Force2D(a)) END),
                               @postgis@.ST_AsBinary(CASE WHEN @postgis@.GeometryType(b) = 'POINT' THEN @postgis@.ST_Force2D(b)
                                                          ELSE @postgis@.ST_PointOnSurface(@postgis@.ST_Force2D(b)) END)) END
            ELSE frontline._bearing_4326(frontline.geo_wgs84(a, 'geometry a'),
                                         frontline.geo_wgs84(b, 'geometry b')) END;
COMMENT ON FUNCTION frontline.bearing(@postgis@.geometry, @postgis@.geometry) IS
  'Initial azimuth in degrees [0, 360) of the geodesic from a to b on WGS84 (PROJ geod_inverse); lines and polygons are represented by ST_PointOnSurface; NULL when the points coincide or an argument is NULL';

CREATE OR REPLACE FUNCTION frontline.compass(degrees float8) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_compass' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.compass(float8) IS
  '16-point compass name (N, NNE, NE, ENE, E, ...) of an azimuth in degrees, taken modulo 360; sectors are 22.5 degrees centred on each point';

CREATE OR REPLACE FUNCTION frontline.geodesic_circle(center @postgis@.geometry, radius_km float8, segments integer DEFAULT 72)
RETURNS @postgis@.geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN @postgis@.ST_GeomFromWKB(frontline._geodesic_circle(@postgis@.ST_AsBinary(frontline.geo_wgs84(center, 'center')),
                                                 radius_km, segments), 4326);
COMMENT ON FUNCTION frontline.geodesic_circle(@postgis@.geometry, float8, integer) IS
  'Polygon (EPSG:4326) whose vertices lie exactly radius_km from the centre on WGS84 (PROJ geod_direct), counter-clockwise; cut into a MultiPolygon at the antimeridian; a circle around a pole is closed along the pole''s parallel; a radius enclosing both poles is an error';
