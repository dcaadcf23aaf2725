-- ------------------------------------------------------------------ areas: the rule per point
-- Area claims (frontline.control_area) answer by the rule of 45_rule.sql,
-- applied per point: at a point and a moment the latest claim covering the
-- point wins.  Candidates, in this order of precedence at one instant:
--   0. a claim about the place at the point (place_at: a point place within
--      tolerance, else the smallest polygon place covering it),
--   1. an area claim covering the point,
--   2. the default of a map (area_layer: a map of a layer with a default
--      claims the ground it does not cover, within the layer's extent),
-- then the higher confidence (NULL lowest), then the later recorded.
-- sources, min_confidence and as_of filter area claims exactly as they
-- filter place claims, and everything is computed from the rows the caller
-- may SELECT (row-level security on control_area applies).  docs/areas.md.

-- Whether area claims can take part in reads of places and points: the
-- caller may SELECT control_area (a role granted only the 1.1 tables keeps
-- its answers) and there is at least one area claim it can see.
CREATE OR REPLACE FUNCTION frontline._areas_visible() RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (has_table_privilege('frontline.control_area', 'SELECT') AND has_table_privilege('frontline.area_layer', 'SELECT')) THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM frontline.control_area);
END
$$;
COMMENT ON FUNCTION frontline._areas_visible() IS
  'Internal: true when the caller may read frontline.control_area and frontline.area_layer and sees at least one area claim; reads of points and of the front skip the areas otherwise';

-- Every area claim the caller may see under the filters, with its state and
-- controller: the filter and the mapping of the rule (45_rule.sql).
CREATE OR REPLACE FUNCTION frontline._area_claims(sources text[], min_confidence real, as_of timestamptz,
                                                  layer text DEFAULT NULL)
RETURNS TABLE (area_id bigint, layer text, geom @postgis@.geometry, at timestamptz, confidence real,
               state text, controller text, source text, reported_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT a.area_id, a.layer, a.geom, a.at, a.confidence,
           frontline._claim_state(a.state, a.actor, a.contenders),
           frontline._claim_controller(a.state, a.actor),
           a.source, a.reported_at
      FROM frontline.control_area a
     WHERE frontline._claim_passes(a.source, a.confidence, a.reported_at,
                                   _area_claims.sources, _area_claims.min_confidence, _area_claims.as_of)
       AND (_area_claims.layer IS NULL OR a.layer = _area_claims.layer);
END;
COMMENT ON FUNCTION frontline._area_claims(text[], real, timestamptz, text) IS
  'Internal: every area claim the caller may see under the sources/min_confidence/as_of filter (and of one layer when given), with its state and controller as _claims() gives them for places; inlined by the planner';

-- The sources of a layer and the layers without a default, by skipping
-- along the (layer, source, at) index: one descent per value, however many
-- maps there are.  PL/pgSQL loops rather than recursive CTEs, whose row
-- estimates make the planner cost (and JIT-compile) every query using them.
CREATE OR REPLACE FUNCTION frontline._layer_sources(layer text) RETURNS SETOF text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 3 AS $$
DECLARE
    k text;
BEGIN
    k := (SELECT min(coalesce(a.source, '')) FROM frontline.control_area a WHERE a.layer = _layer_sources.layer);
    WHILE k IS NOT NULL LOOP
        RETURN NEXT nullif(k, '');          -- a source is never '': '' is NULL
        k := (SELECT min(coalesce(a.source, '')) FROM frontline.control_area a
               WHERE a.layer = _layer_sources.layer AND coalesce(a.source, '') > k);
    END LOOP;
END
$$;
COMMENT ON FUNCTION frontline._layer_sources(text) IS
  'Internal: the sources (NULL for claims without one) of the area claims of a layer that the caller may see, one index descent each';

CREATE OR REPLACE FUNCTION frontline._layers_without_default() RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    l text;
BEGIN
    l := (SELECT min(a.layer) FROM frontline.control_area a);
    WHILE l IS NOT NULL LOOP
        IF NOT EXISTS (SELECT 1 FROM frontline.area_layer s WHERE s.layer = l AND s.default_state IS NOT NULL) THEN
            RETURN true;
        END IF;
        l := (SELECT min(a.layer) FROM frontline.control_area a WHERE a.layer > l);
    END LOOP;
    RETURN false;
END
$$;
COMMENT ON FUNCTION frontline._layers_without_default() IS
  'Internal: does any area claim the caller may see belong to a layer without a default (area_layer)? One index descent per layer';

-- The maps whose default applies at a moment: per (source, layer) of a
-- layer with a default, the latest map at or before the moment (an older
-- map of the same layer is covered by it everywhere within the extent).
CREATE OR REPLACE FUNCTION frontline._area_defaults(at timestamptz, sources text[], min_confidence real, as_of timestamptz,
                                                    layer text DEFAULT NULL)
RETURNS TABLE (layer text, source text, at timestamptz, confidence real, state text, controller text,
               extent @postgis@.geometry, area_id bigint)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- per source of the layer, one backward descent of the (layer, source,
    -- at) index to its latest map passing the filters, then that map's rows
    SELECT l.layer, s.source, lm.at, mm.confidence,
           CASE l.default_state WHEN 'control' THEN l.default_actor ELSE 'unknown' END,
           CASE l.default_state WHEN 'control' THEN l.default_actor END,
           l.extent, mm.area_id
      FROM frontline.area_layer l
      CROSS JOIN LATERAL frontline._layer_sources(l.layer) s(source)
      CROSS JOIN LATERAL (
            SELECT c.at FROM frontline._area_claims(_area_defaults.sources, _area_defaults.min_confidence, _area_defaults.as_of) c
             WHERE c.layer = l.layer AND coalesce(c.source, '') = coalesce(s.source, '') AND c.at <= _area_defaults.at
             ORDER BY c.at DESC LIMIT 1) lm
      CROSS JOIN LATERAL (
            SELECT max(c.confidence) AS confidence, max(c.area_id) AS area_id
              FROM frontline._area_claims(_area_defaults.sources, _area_defaults.min_confidence, _area_defaults.as_of) c
             WHERE c.layer = l.layer AND coalesce(c.source, '') = coalesce(s.source, '') AND c.at = lm.at) mm
     WHERE l.default_state IS NOT NULL
       AND (_area_defaults.layer IS NULL OR l.layer = _area_defaults.layer);
END;
COMMENT ON FUNCTION frontline._area_defaults(timestamptz, text[], real, timestamptz, text) IS
  'Internal: per (source, layer) of a layer with a default (area_layer), the latest map at or before the moment under the filters, with the default state it claims over the ground it does not cover (extent NULL: everywhere)';

-- The winning claim at a point: place (rank 0), area (1), map default (2).
CREATE OR REPLACE FUNCTION frontline._point_claim(g @postgis@.geometry, place_id integer, at timestamptz, sources text[],
                                                  min_confidence real, as_of timestamptz)
RETURNS TABLE (at timestamptz, rank integer, controller text, state text, source text, layer text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    WITH d AS MATERIALIZED (
        SELECT * FROM frontline._area_defaults(_point_claim.at, _point_claim.sources, _point_claim.min_confidence, _point_claim.as_of))
    SELECT x.at, x.rank, x.controller, x.state, x.source, x.layer FROM (
        (SELECT c.at, 0 AS rank, c.confidence, c.event_id AS id, c.controller, c.state, c.source, NULL::text AS layer
           FROM frontline._claims(_point_claim.sources, _point_claim.min_confidence, _point_claim.as_of) c
          WHERE c.place_id = _point_claim.place_id AND c.at <= _point_claim.at
          ORDER BY c.at DESC, c.confidence DESC NULLS LAST, c.event_id DESC LIMIT 1)
        UNION ALL
        -- area claims of layers without a default: the latest covering one
        -- (GiST)
        (SELECT a.at, 1, a.confidence, a.area_id, a.controller, a.state, a.source, a.layer
           FROM frontline._area_claims(_point_claim.sources, _point_claim.min_confidence, _point_claim.as_of) a
          WHERE @postgis@.ST_Covers(a.geom, _point_claim.g) AND a.at <= _point_claim.at
            AND a.layer <> ALL (ARRAY(SELECT l.layer FROM frontline.area_layer l WHERE l.default_state IS NOT NULL))
            -- skipped (a one-time test) when every layer has a default
            AND frontline._layers_without_default()
          ORDER BY a.at DESC, a.confidence DESC NULLS LAST, a.area_id DESC LIMIT 1)
        UNION ALL
        -- layers with a default: only their latest map counts (it replaces
        -- the earlier ones): its claims covering the point, else its default
        -- (the map's few rows by the (layer, source, at) index, per row of
        -- d: OFFSET 0 and coalesce() keep the planner from testing every
        -- map's polygons; the bounding boxes first, read without detoasting
        -- the polygons)
        (SELECT a.at, 1, a.confidence, a.area_id, a.controller, a.state, a.source, a.layer
           FROM d
           CROSS JOIN LATERAL (
                 SELECT a.* FROM frontline._area_claims(_point_claim.sources, _point_claim.min_confidence, _point_claim.as_of) a
                  WHERE a.layer = d.layer AND coalesce(a.source, '') = coalesce(d.source, '') AND a.at = d.at
                    AND coalesce(a.geom OPERATOR(@postgis@.&&) _point_claim.g
                                 AND @postgis@.ST_Covers(a.geom, _point_claim.g), false)
                 OFFSET 0) a
          ORDER BY a.at DESC, a.confidence DESC NULLS LAST, a.area_id DESC LIMIT 1)
        UNION ALL
        SELECT d.at, 2, d.confidence, d.area_id, d.controller, d.state, d.source, d.layer
          FROM d
         WHERE d.extent IS NULL
            OR d.extent OPERATOR(@postgis@.&&) _point_claim.g AND @postgis@.ST_Covers(d.extent, _point_claim.g)
    ) x
    ORDER BY x.at DESC, x.rank, x.confidence DESC NULLS LAST, x.id DESC
    LIMIT 1;
END;
COMMENT ON FUNCTION frontline._point_claim(@postgis@.geometry, integer, timestamptz, text[], real, timestamptz) IS
  'Internal: the winning claim at a point and a moment: the latest of the place''s claim, the area claims covering the point and the defaults of maps not covering it; at one instant a place claim beats an area claim, which beats a map''s default';

-- place_at and control_at(point) plan their statements once per session
-- (plan_cache_mode = force_generic_plan, for them and what they call): with
-- custom plans PostgreSQL re-planned each of them on every call, because a
-- plan for a known point looks cheaper, and PostGIS's selectivity estimate
-- (it reads the column's spatial statistics) made that planning about a
-- quarter of a call (bench row 10: 200 calls 25 ms -> 15 ms at M).  Every
-- statement's generic plan keeps its index: the box around the point
-- against place_point_idx (point places) / the point against
-- place_polygon_idx (polygon places), the claims by (place_id, at), the
-- maps by (layer, source, at), the ground cache's pieces by version.
--
-- The box holds every point within tolerance_m metres on the WGS84
-- ellipsoid: along a path of length t latitude moves at most t / M0
-- radians (M0 = a (1 - e^2), the least meridian radius of curvature), so
-- the path stays in the band of latitudes within that of the point, where
-- a parallel's radius is at least a cos(band's largest |latitude|), which
-- bounds how far longitude moves.  Both get a margin of 1 ppm and 1e-7
-- degrees (about 1 cm) for rounding; the spheroid distance decides.  Near a
-- pole, or where the box would cross the antimeridian, it spans every
-- longitude of the band.  a = 6378137 m and e^2 = f (2 - f) with
-- f = 1 / 298.257223563 are WGS84's, the FL_WGS84_A / FL_WGS84_F of
-- src/fl_geo.h, written out here as numbers.
CREATE OR REPLACE FUNCTION frontline.place_at(geom @postgis@.geometry, tolerance_m float8 DEFAULT 5000,
                                              prefer_points boolean DEFAULT true)
RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    g @postgis@.geometry;
    x float8;
    y float8;
    dlat float8;
    dlon float8;
    near @postgis@.geometry;
    pid integer;
BEGIN
    IF geom IS NULL THEN
        RETURN NULL;
    END IF;
    IF tolerance_m IS NULL OR NOT (tolerance_m >= 0 AND tolerance_m <= 1000000) THEN
        RAISE EXCEPTION 'tolerance_m % is out of range', coalesce(tolerance_m::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use a distance in metres from 0 to 1000000.';
    END IF;
    g := frontline.check_geometry(geom, 'point', true);
    -- a point place within tolerance is more specific than a polygon
    -- covering it (a city inside its district), unless prefer_points is
    -- false: the preferred kind first, the other when it finds none
    FOR pass IN 1..2 LOOP
        IF (pass = 1) = coalesce(prefer_points, true) THEN
            -- the box (above), made only when the point places are searched
            x := @postgis@.ST_X(g);
            y := @postgis@.ST_Y(g);
            dlat := degrees(tolerance_m * (1 + 1e-6) / (6378137.0 * (1 - 0.00669437999014))) + 1e-7;
            dlon := CASE WHEN abs(y) + dlat < 89.9
                         THEN degrees(tolerance_m * (1 + 1e-6) / (6378137.0 * cos(radians(abs(y) + dlat)))) + 1e-7
                         ELSE 360 END;
            IF x - dlon < -180 OR x + dlon > 180 THEN
                near := @postgis@.ST_MakeEnvelope(-180, greatest(y - dlat, -90), 180, least(y + dlat, 90), 4326);
            ELSE
                near := @postgis@.ST_MakeEnvelope(x - dlon, greatest(y - dlat, -90), x + dlon, least(y + dlat, 90), 4326);
            END IF;
            SELECT p.place_id INTO pid FROM frontline.place p
             WHERE p.geom OPERATOR(@postgis@.&&) near AND @postgis@.GeometryType(p.geom) = 'POINT'
               AND @postgis@.ST_DWithin(p.geom::@postgis@.geography, g::@postgis@.geography, tolerance_m)
             ORDER BY @postgis@.ST_Distance(p.geom::@postgis@.geography, g::@postgis@.geography), p.place_id LIMIT 1;
        ELSE
            SELECT p.place_id INTO pid FROM frontline.place p
             WHERE @postgis@.ST_Covers(p.geom, g) AND @postgis@.GeometryType(p.geom) IN ('POLYGON', 'MULTIPOLYGON')
             ORDER BY @postgis@.ST_Area(p.geom::@postgis@.geography), p.place_id LIMIT 1;
        END IF;
        EXIT WHEN pid IS NOT NULL;
    END LOOP;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION frontline.place_at(@postgis@.geometry, float8, boolean) IS
  'The place at a point: the nearest point place within tolerance_m metres (default 5000, on the WGS84 spheroid), else the smallest polygon place covering it; prefer_points => false puts covering polygons first. NULL if none';

CREATE OR REPLACE FUNCTION frontline.control_at(geom @postgis@.geometry, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0, tolerance_m float8 DEFAULT 5000,
                                     as_of timestamptz DEFAULT NULL, prefer_points boolean DEFAULT true)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
    t timestamptz := frontline.check_instant(at);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    g @postgis@.geometry;
    x float8;
    y float8;
    pid integer;
    c text;
BEGIN
    IF geom IS NULL OR t IS NULL THEN
        RETURN NULL;
    END IF;
    g := frontline.check_geometry(geom, 'point', true);
    pid := frontline.place_at(g, tolerance_m, prefer_points);
    -- no place there: the ground cache's version in force answers, when one
    -- controller's ground covers the point (elsewhere: unknown ground, no
    -- claim, a default without extent, or a border: the rule below).  Its
    -- views are empty unless the caller may read the area claims unfiltered
    -- by row-level security, so this comes before _areas_visible().
    IF pid IS NULL THEN
        -- one statement: the key's row (the filter leaves every claim in),
        -- the version in force, its pieces whose boxes hold the point (read
        -- from the narrow rows, the polygons only for those)
        x := @postgis@.ST_X(g);
        y := @postgis@.ST_Y(g);
        SELECT CASE WHEN count(DISTINCT a.controller) = 1 THEN min(a.controller) END INTO c
          FROM frontline._area_cache_keys ky
          JOIN frontline._area_cache_pieces a
            ON a.at = (SELECT max(v.at) FROM frontline._area_cache_versions v WHERE v.layer_key = '' AND v.at <= t)
         WHERE ky.layer_key = ''
           AND frontline._area_key_serves(ky.sources, ky.null_source, ky.min_confidence, ky.unrated, ky.max_reported, ky.error,
                                          control_at.sources, m, k)
           AND a.x_min <= x AND a.x_max >= x AND a.y_min <= y AND a.y_max >= y
           AND @postgis@.ST_Covers(a.geom, g);
        IF c IS NOT NULL THEN
            RETURN c;
        END IF;
    END IF;
    IF NOT frontline._areas_visible() THEN
        RETURN frontline.control_at(pid, t, sources, m, k);
    END IF;
    SELECT w.controller INTO c FROM frontline._point_claim(g, pid, t, sources, m, k) w;
    RETURN c;
END
$$;
COMMENT ON FUNCTION frontline.control_at(@postgis@.geometry, timestamptz, text[], real, float8, timestamptz, boolean) IS
  'Who controlled the ground at a point: the latest claim about the place there (place_at) or about an area covering it, or the default of the latest map of a layer that has one; at one instant place claims beat area claims, which beat map defaults. The actor, ''contested'', or NULL when nothing is known';

-- ------------------------------------------------------------------ the ground at a moment
-- The rule over areas: claims in rule order (latest first; at one instant
-- area claims before map defaults, then confidence, then recording order);
-- each shows only the ground no earlier-ranked claim covers.  A default
-- without extent covers everything that is left: the walk stops there.
CREATE OR REPLACE FUNCTION frontline._area_ground(at timestamptz, sources text[], min_confidence real,
                                                  as_of timestamptz, layer text DEFAULT NULL, only_controller text DEFAULT NULL,
                                                  after timestamptz DEFAULT NULL)
RETURNS TABLE (controller text, state text, geom @postgis@.geometry)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    r record;
    levels @postgis@.geometry[] := '{}';
    carry @postgis@.geometry;
    merged boolean := false;
    i integer;
    covered_list @postgis@.geometry[] := '{}';
    g @postgis@.geometry;
    d @postgis@.geometry;
    vis @postgis@.geometry;
BEGIN
    FOR r IN
        WITH d AS MATERIALIZED (
            SELECT * FROM frontline._area_defaults(_area_ground.at, sources, min_confidence, as_of, layer))
        SELECT x.* FROM (
            -- a map of a layer with a default replaces that layer's earlier
            -- maps from the same source
            SELECT a.at, 1 AS rank, a.confidence, a.area_id AS id, a.controller, a.state, a.geom, false AS everywhere
              FROM frontline._area_claims(sources, min_confidence, as_of, layer) a
             WHERE a.at <= _area_ground.at AND (after IS NULL OR a.at > after)
               AND NOT EXISTS (SELECT 1 FROM d WHERE d.layer = a.layer AND d.source IS NOT DISTINCT FROM a.source AND a.at < d.at)
            UNION ALL
            SELECT d.at, 2, d.confidence, d.area_id, d.controller, d.state, d.extent, d.extent IS NULL
              FROM d
             WHERE after IS NULL OR d.at > after) x
         ORDER BY x.at DESC, x.rank, x.confidence DESC NULLS LAST, x.id DESC
    LOOP
        EXIT WHEN r.everywhere;
        -- what earlier-ranked claims cover: while there are at most 8, a
        -- list (claims of one map only touch: a difference is kept only
        -- when it takes area away, so no vertex is added); then unions of
        -- 32, 64, 128, ... claims (levels, merged like a binary counter, so
        -- each claim is unioned about log2(n) times) and the claims since
        -- the last merge (covered_list), each taken away where it meets
        -- vis, as the one union grown at every claim did before: that
        -- union, and testing every claim against it, was quadratic (a map
        -- of 2,000 polygons took a minute)
        IF only_controller IS NULL OR r.controller IS NOT DISTINCT FROM only_controller THEN
            vis := r.geom;
            FOR i IN 1 .. coalesce(array_length(levels, 1), 0) LOOP
                CONTINUE WHEN levels[i] IS NULL;
                IF @postgis@.ST_Covers(levels[i], vis) THEN
                    vis := NULL;
                    EXIT;
                ELSIF @postgis@.ST_Intersects(levels[i], vis) THEN
                    vis := @postgis@.ST_CollectionExtract(@postgis@.ST_Difference(vis, levels[i]), 3);
                    EXIT WHEN @postgis@.ST_IsEmpty(vis);
                END IF;
            END LOOP;
            IF vis IS NOT NULL THEN
                FOREACH g IN ARRAY covered_list LOOP
                    EXIT WHEN vis IS NULL OR @postgis@.ST_IsEmpty(vis);
                    IF NOT merged THEN
                        -- only where interiors meet: a difference that takes
                        -- nothing away keeps vis as it was, with no vertex
                        -- added.  (Not ST_Relate: GEOS's relate throws on
                        -- some near-coincident edges of real maps; the
                        -- overlay behind ST_Difference does not.)
                        IF vis OPERATOR(@postgis@.&&) g THEN
                            d := @postgis@.ST_CollectionExtract(@postgis@.ST_Difference(vis, g), 3);
                            IF @postgis@.ST_Area(d) < @postgis@.ST_Area(vis) THEN
                                vis := d;
                            END IF;
                        END IF;
                    ELSIF vis OPERATOR(@postgis@.&&) g THEN
                        IF @postgis@.ST_Covers(g, vis) THEN
                            vis := NULL;
                        ELSIF @postgis@.ST_Intersects(g, vis) THEN
                            vis := @postgis@.ST_CollectionExtract(@postgis@.ST_Difference(vis, g), 3);
                        END IF;
                    END IF;
                END LOOP;
            END IF;
            IF vis IS NOT NULL AND NOT @postgis@.ST_IsEmpty(vis) THEN
                controller := r.controller;
                state := r.state;
                geom := vis;
                RETURN NEXT;
            END IF;
        END IF;
        covered_list := covered_list || r.geom;
        IF cardinality(covered_list) > (CASE WHEN merged THEN 31 ELSE 8 END) THEN
            carry := @postgis@.ST_Union(covered_list);
            covered_list := '{}';
            merged := true;
            i := 1;
            LOOP
                IF i > coalesce(array_length(levels, 1), 0) THEN
                    levels := levels || carry;
                    EXIT;
                ELSIF levels[i] IS NULL THEN
                    levels[i] := carry;
                    EXIT;
                END IF;
                carry := @postgis@.ST_Union(levels[i], carry);
                levels[i] := NULL;
                i := i + 1;
            END LOOP;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION frontline._area_ground(timestamptz, text[], real, timestamptz, text, text, timestamptz) IS
  'Internal: the ground each winning area claim shows at a moment (the rule per point, applied to areas: a claim shows what no later or higher-ranked claim covers), of one controller only when only_controller is given, of the claims and defaults after a moment only when after is given; arguments are not validated here';

-- km² on the WGS84 ellipsoid, by PROJ's geod_polygon in C (PostGIS's
-- spheroidal ST_Area(geography) agrees to 1e-9 on the tests' polygons and
-- is about ten times slower on a map of a few thousand vertices)
CREATE OR REPLACE FUNCTION frontline.geodesic_area_km2(geom @postgis@.geometry) RETURNS float8
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN CASE WHEN @postgis@.ST_IsEmpty(geom) OR @postgis@.ST_IsEmpty(@postgis@.ST_CollectionExtract(geom, 3)) THEN 0
            ELSE frontline._geodesic_area_m2(@postgis@.ST_AsBinary(@postgis@.ST_Force2D(
                     @postgis@.ST_CollectionExtract(frontline.geo_wgs84(geom, 'geom'), 3)))) / 1e6 END;
COMMENT ON FUNCTION frontline.geodesic_area_km2(@postgis@.geometry) IS
  'Area of the polygons of a geometry (any SRID PostGIS knows; checked by geo_wgs84) in km² on the WGS84 ellipsoid (0 when empty; geodesic edges, PROJ''s geod_polygon: holes taken away), never planar degrees';

CREATE OR REPLACE FUNCTION frontline.area_snapshot(at timestamptz, sources text[] DEFAULT NULL,
                                                   min_confidence real DEFAULT 0, layer text DEFAULT NULL,
                                                   as_of timestamptz DEFAULT NULL)
RETURNS TABLE (controller text, geom @postgis@.geometry(MultiPolygon, 4326), area_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    ck text;
BEGIN
    IF t IS NULL THEN
        RETURN;
    END IF;
    ck := frontline._area_cache_key(sources, m, k, layer);
    IF ck IS NOT NULL THEN
        RETURN QUERY
        SELECT g.controller, g.geom, g.held_km2
          FROM frontline._area_cache_ground g
         WHERE g.layer_key = ck
           AND g.at = frontline._area_cache_version(ck, t)
           AND NOT @postgis@.ST_IsEmpty(g.geom)
         ORDER BY 1;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT u.controller, u.g::@postgis@.geometry(MultiPolygon, 4326), frontline.geodesic_area_km2(u.g)
      FROM (SELECT gr.controller,
                   @postgis@.ST_Multi(@postgis@.ST_CollectionExtract(@postgis@.ST_Union(gr.geom), 3)) AS g
              FROM frontline._area_ground(t, sources, m, k, layer) gr
             WHERE gr.controller IS NOT NULL
             GROUP BY gr.controller) u
     WHERE NOT @postgis@.ST_IsEmpty(u.g)
     ORDER BY 1;
END
$$;
COMMENT ON FUNCTION frontline.area_snapshot(timestamptz, text[], real, text, timestamptz) IS
  'The ground each controller (an actor, or ''contested'') held at that moment by the area claims, overlaps resolved by the rule (never counted twice), with its geodesic area in km²; ground of unknown status is left out; a layer default without extent is not drawn';

-- What changed hands between two grounds of one controller (NULL: none):
-- km² gained and lost, geodesic; nothing when the vertices are the same
-- (no new map).  The one definition: area_series, its cached twin and the
-- ground cache's maintenance use it.
CREATE OR REPLACE FUNCTION frontline._gained_lost(cur @postgis@.geometry, prev @postgis@.geometry,
                                                  OUT gained_km2 float8, OUT lost_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ce boolean := coalesce(@postgis@.ST_IsEmpty(cur), true);
    pe boolean := coalesce(@postgis@.ST_IsEmpty(prev), true);
BEGIN
    IF ce OR pe THEN
        gained_km2 := CASE WHEN ce THEN 0 ELSE frontline.geodesic_area_km2(cur) END;
        lost_km2 := CASE WHEN pe THEN 0 ELSE frontline.geodesic_area_km2(prev) END;
    ELSIF @postgis@.ST_OrderingEquals(cur, prev) THEN
        gained_km2 := 0;
        lost_km2 := 0;
    ELSE
        -- checked rather than caught (an EXCEPTION block would open a
        -- subtransaction, which a PARALLEL SAFE function may not)
        IF @postgis@.ST_SRID(cur) <> @postgis@.ST_SRID(prev)
           OR @postgis@.GeometryType(cur) NOT IN ('POLYGON', 'MULTIPOLYGON')
           OR @postgis@.GeometryType(prev) NOT IN ('POLYGON', 'MULTIPOLYGON')
           OR NOT @postgis@.ST_IsValid(cur) OR NOT @postgis@.ST_IsValid(prev) THEN
            RAISE EXCEPTION 'cannot compare a % (SRID %) with a % (SRID %)', @postgis@.GeometryType(cur), @postgis@.ST_SRID(cur),
                            @postgis@.GeometryType(prev), @postgis@.ST_SRID(prev)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Both must be valid polygons or multipolygons in one SRID.';
        END IF;
        gained_km2 := coalesce(frontline.geodesic_area_km2(@postgis@.ST_Difference(cur, prev)), 0);
        lost_km2 := coalesce(frontline.geodesic_area_km2(@postgis@.ST_Difference(prev, cur)), 0);
    END IF;
END
$$;
COMMENT ON FUNCTION frontline._gained_lost(@postgis@.geometry, @postgis@.geometry) IS
  'Internal: km² (geodesic) in cur and not in prev (gained) and in prev and not in cur (lost); NULL or empty is no ground; 0 and 0 when the vertices are the same';

CREATE OR REPLACE FUNCTION frontline.area_series(actor text, from_t timestamptz, to_t timestamptz, step interval,
                                                 sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                                 layer text DEFAULT NULL, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (t timestamptz, held_km2 float8, gained_km2 float8, lost_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 365 AS $$
#variable_conflict use_variable
DECLARE
    a text := frontline.find_actor(actor);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    steps timestamptz[];
    prev @postgis@.geometry;
    cur @postgis@.geometry;
    empty CONSTANT @postgis@.geometry := 'SRID=4326;MULTIPOLYGON EMPTY';
    s timestamptz;
    ck text;
BEGIN
    IF a IS NULL THEN
        RAISE EXCEPTION 'actor must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    steps := frontline.series_steps(f, u, step);
    ck := frontline._area_cache_key(sources, m, k, layer);
    IF ck IS NOT NULL THEN
        RETURN QUERY SELECT * FROM frontline._area_series_cached(a, f - step, steps, ck);
        RETURN;
    END IF;
    -- row t: what the actor held at t, and what it gained and lost since the
    -- step before (t - step; for the first row too)
    SELECT coalesce(@postgis@.ST_Union(gr.geom), empty) INTO prev
      FROM frontline._area_ground(f - step, sources, m, k, layer, a) gr WHERE gr.controller = a;
    FOREACH s IN ARRAY steps LOOP
        SELECT coalesce(@postgis@.ST_Union(gr.geom), empty) INTO cur
          FROM frontline._area_ground(s, sources, m, k, layer, a) gr WHERE gr.controller = a;
        t := s;
        held_km2 := frontline.geodesic_area_km2(cur);
        SELECT d.gained_km2, d.lost_km2 INTO gained_km2, lost_km2 FROM frontline._gained_lost(cur, prev) d;
        RETURN NEXT;
        prev := cur;
    END LOOP;
END
$$;
COMMENT ON FUNCTION frontline.area_series(text, timestamptz, timestamptz, interval, text[], real, text, timestamptz) IS
  'Headline numbers per step: the ground the actor held at t (km², geodesic) and what it gained and lost since t - step (the first row too), from the area claims by the rule';

-- area_series from the ground cache: per step the version in force (one
-- index probe); the same version as the step before: nothing changed hands;
-- consecutive versions: the gain and loss stored with the later one;
-- versions further apart: the two cached grounds are compared (two overlays).
CREATE OR REPLACE FUNCTION frontline._area_series_cached(actor text, before_first timestamptz, steps timestamptz[],
                                                         layer_key text)
RETURNS TABLE (t timestamptz, held_km2 float8, gained_km2 float8, lost_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp ROWS 365 AS $$
#variable_conflict use_variable
DECLARE
    empty CONSTANT @postgis@.geometry := 'SRID=4326;MULTIPOLYGON EMPTY';
    pv timestamptz := frontline._area_cache_version(layer_key, before_first);
    cv timestamptz;
    r record;
    cur @postgis@.geometry;
    prev @postgis@.geometry;
    s timestamptz;
BEGIN
    IF steps IS NULL THEN
        RETURN;
    END IF;
    FOREACH s IN ARRAY steps LOOP
        cv := frontline._area_cache_version(layer_key, s);
        SELECT g.geom, g.held_km2, g.gained_km2, g.lost_km2 INTO r
          FROM frontline._area_cache_ground g
         WHERE g.layer_key = _area_series_cached.layer_key AND g.at = cv AND g.controller = actor;
        t := s;
        held_km2 := coalesce(r.held_km2, 0);
        IF cv IS NOT DISTINCT FROM pv THEN
            gained_km2 := 0;
            lost_km2 := 0;
        ELSIF pv IS NOT DISTINCT FROM (SELECT max(v.at) FROM frontline._area_cache_versions v
                                        WHERE v.layer_key = _area_series_cached.layer_key AND v.at < cv) THEN
            gained_km2 := coalesce(r.gained_km2, 0);
            lost_km2 := coalesce(r.lost_km2, 0);
        ELSE
            cur := coalesce(r.geom, empty);
            prev := coalesce((SELECT g.geom FROM frontline._area_cache_ground g
                               WHERE g.layer_key = _area_series_cached.layer_key AND g.at = pv
                                 AND g.controller = actor), empty);
            SELECT d.gained_km2, d.lost_km2 INTO gained_km2, lost_km2 FROM frontline._gained_lost(cur, prev) d;
        END IF;
        RETURN NEXT;
        pv := cv;
    END LOOP;
END
$$;
COMMENT ON FUNCTION frontline._area_series_cached(text, timestamptz, timestamptz[], text) IS
  'Internal: area_series from the ground cache''s layer_key ('''' for all layers; _area_cache_key says which answers a read); steps ascending, before_first the moment the first row''s gain is counted from';

-- The actor's ground nearest to a point (geodesic, 0 inside): for front()
CREATE OR REPLACE FUNCTION frontline._area_nearest(actor text, center @postgis@.geometry, at timestamptz, sources text[],
                                                   min_confidence real, as_of timestamptz)
RETURNS TABLE (km float8, nearest @postgis@.geometry, layer text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    g @postgis@.geometry;
    ck text;
BEGIN
    -- nothing to resolve when no area claim names the actor and no layer
    -- defaults to it (the usual case for a front of places)
    IF NOT frontline._areas_visible() THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM frontline.control_area a WHERE a.actor = _area_nearest.actor)
       AND NOT EXISTS (SELECT 1 FROM frontline.area_layer l WHERE l.default_actor = _area_nearest.actor) THEN
        RETURN;
    END IF;
    ck := frontline._area_cache_key(sources, min_confidence, as_of, NULL);
    IF ck IS NOT NULL THEN
        g := (SELECT c.geom FROM frontline._area_cache_ground c
               WHERE c.layer_key = ck AND c.at = frontline._area_cache_version(ck, _area_nearest.at)
                 AND c.controller = actor);
    ELSE
        SELECT @postgis@.ST_Union(gr.geom) INTO g
          FROM frontline._area_ground(at, sources, min_confidence, as_of, NULL, actor) gr WHERE gr.controller = actor;
    END IF;
    IF g IS NULL OR @postgis@.ST_IsEmpty(g) THEN
        RETURN;
    END IF;
    km := @postgis@.ST_Distance(g::@postgis@.geography, center::@postgis@.geography, true) / 1000;
    nearest := @postgis@.ST_ClosestPoint(g, center);
    layer := NULL;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION frontline._area_nearest(text, @postgis@.geometry, timestamptz, text[], real, timestamptz) IS
  'Internal: geodesic distance in km from a point to the ground the actor held at that moment by the area claims (0 inside), and the nearest point of it; no row when it held none';

-- ------------------------------------------------------------------ import
CREATE OR REPLACE FUNCTION frontline._ensure_actor(name text) RETURNS text
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n text := btrim(name, E' \t\r\n\u00a0');
    found text;
BEGIN
    SELECT a.name INTO found FROM frontline.actor a WHERE frontline.fold_name(a.name) = frontline.fold_name(n);
    IF found IS NULL THEN
        PERFORM frontline.add_actor(n);
        found := n;
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION frontline._ensure_actor(text) IS
  'Internal (importers, run as their caller, so executable by those who may import): the actor of that name (trimmed; matched ignoring case and accents), added with add_actor() when there is none';

-- A status label as importers read it: lower case, no-break spaces and
-- control characters as spaces, dates (25.03, 25.03.2022) and i18n prefixes
-- (geoJSON.status.) removed, spaces collapsed, and the known DeepState
-- variants mapped to one word: occupied, liberated (taken back, recaptured,
-- звільнено), contested (under question, contensed, під питанням), unknown.
CREATE OR REPLACE FUNCTION frontline.normalize_status(label text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE
             WHEN s IN ('occupied', 'окуповано', 'оккупировано', 'occupation') THEN 'occupied'
             WHEN s IN ('liberated', 'taken back', 'recaptured', 'звільнено', 'освобождено', 'deoccupied', 'de-occupied') THEN 'liberated'
             WHEN s IN ('contested', 'contensed', 'contestet', 'contasted', 'under question', 'під питанням', 'под вопросом', 'disputed') THEN 'contested'
             WHEN s IN ('unknown', 'невідомо') THEN 'unknown'
             ELSE s END
      FROM (SELECT btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
                     lower(translate(label, E'\u00a0\u202f\u2007\t\r\n', '      ')),
                     '^.*\.status\.', ''),                       -- i18n keys
                     '\m\d{1,2}[./]\d{1,2}([./]\d{2,4})?\M', '', 'g'),  -- dated labels
                     '[[:space:]]+', ' ', 'g'),
                     '^[[:punct:] ]+|[[:punct:] ]+$', '', 'g')) AS s) x;
END;
COMMENT ON FUNCTION frontline.normalize_status(text) IS
  'A territory status label as import_territory reads it: case, no-break spaces, newlines, dates (25.03) and i18n prefixes (geoJSON.status.) removed; DeepState variants mapped to occupied, liberated (taken back, recaptured), contested (under question, contensed) or unknown';

CREATE OR REPLACE FUNCTION frontline.set_area_layer(layer text, default_actor text DEFAULT NULL,
                                                    extent @postgis@.geometry DEFAULT NULL, note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    st text;
    act text;
    ext @postgis@.geometry;
BEGIN
    IF layer IS NULL OR btrim(layer) = '' THEN
        RAISE EXCEPTION 'layer must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF default_actor IS NULL THEN
        st := NULL;
    ELSIF lower(btrim(default_actor)) = 'unknown' THEN
        st := 'unknown';
    ELSIF lower(btrim(default_actor)) = 'contested' THEN
        RAISE EXCEPTION 'a layer''s default cannot be contested'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use an actor''s name, ''unknown'' or NULL.';
    ELSE
        st := 'control';
        act := frontline.find_actor(default_actor);
    END IF;
    IF extent IS NOT NULL THEN
        ext := frontline.check_geometry(extent, 'extent');
        IF @postgis@.GeometryType(ext) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
            RAISE EXCEPTION 'extent must be a polygon, not %', @postgis@.GeometryType(ext)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        ext := @postgis@.ST_Multi(ext);
    END IF;
    INSERT INTO frontline.area_layer AS l (layer, default_state, default_actor, extent, note)
    VALUES (btrim(layer), st, act, ext, note)
    ON CONFLICT ON CONSTRAINT area_layer_pkey DO UPDATE
       SET default_state = excluded.default_state, default_actor = excluded.default_actor,
           extent = coalesce(excluded.extent, l.extent), note = coalesce(excluded.note, l.note);
END
$$;
COMMENT ON FUNCTION frontline.set_area_layer(text, text, @postgis@.geometry, text) IS
  'Sets what the maps of a layer say about the ground they do not cover: default_actor holds it (an actor), ''unknown'', or NULL (nothing: partial claims); extent bounds it (the country mapped; kept when NULL)';

CREATE OR REPLACE FUNCTION frontline.import_territory(doc jsonb, at timestamptz, source text, layer text,
                                                      status_map jsonb DEFAULT NULL, default_actor text DEFAULT NULL,
                                                      confidence real DEFAULT NULL, reported_at timestamptz DEFAULT NULL)
RETURNS TABLE (status text, features integer, area_km2 float8, action text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    t timestamptz := frontline.check_instant(at);
    rep timestamptz := frontline.check_instant(coalesce(reported_at, at), 'reported_at');
    lyr text := btrim(layer);
    src text := btrim(source);
    smap jsonb;
    norm_map jsonb := '{}';
    kv record;
    f record;
    crs text;
    g @postgis@.geometry;
    gtype text;
    label text;
    word text;
    target text;
    st text;
    act text;
    repaired boolean;
    n_old integer;
    r_status text[] := '{}';
    r_n integer[] := '{}';
    r_km float8[] := '{}';
    r_action text[] := '{}';
BEGIN
    IF doc IS NULL OR t IS NULL OR src IS NULL OR src = '' OR lyr IS NULL OR lyr = '' THEN
        RAISE EXCEPTION 'doc, at, source and layer must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF confidence IS NOT NULL AND NOT (confidence >= 0 AND confidence <= 1) THEN
        RAISE EXCEPTION 'confidence % is out of range', confidence
            USING ERRCODE = 'numeric_value_out_of_range', HINT = 'Use a value from 0 to 1, or NULL for unrated.';
    END IF;
    IF jsonb_typeof(doc) <> 'object' OR doc->>'type' IS DISTINCT FROM 'FeatureCollection'
       OR jsonb_typeof(doc->'features') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'doc is not a GeoJSON FeatureCollection'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Its type is %s.', coalesce(doc->>'type', jsonb_typeof(doc))),
                  HINT = 'Pass the whole file: {"type": "FeatureCollection", "features": [...]} (RFC 7946).';
    END IF;
    -- RFC 7946 has no crs member; the legacy one may only say WGS84 lon/lat
    crs := doc #>> '{crs,properties,name}';
    IF crs IS NOT NULL AND crs !~* '(CRS84|EPSG:+4326|EPSG::4326)$' THEN
        RAISE EXCEPTION 'doc is in CRS "%", not WGS84 longitude/latitude', crs
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Reproject it first, e.g. ogr2ogr -t_srs EPSG:4326 -f GeoJSON out.geojson in.geojson.';
    END IF;
    -- the status vocabulary: keys normalised as the labels are
    smap := coalesce(status_map, '{"occupied": "Russian forces", "liberated": "Ukraine", "contested": "contested", "unknown": "unknown"}');
    IF jsonb_typeof(smap) <> 'object' THEN
        RAISE EXCEPTION 'status_map must be a JSON object, not %', jsonb_typeof(smap)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For example {"occupied": "Russian forces", "contested": "contested"}.';
    END IF;
    FOR kv IN SELECT e.key, e.value FROM jsonb_each(smap) e LOOP
        IF jsonb_typeof(kv.value) <> 'string' OR btrim(kv.value #>> '{}') = '' THEN
            RAISE EXCEPTION 'status_map value for "%" must be an actor''s name, "contested" or "unknown"', kv.key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        target := btrim(kv.value #>> '{}');
        IF lower(target) NOT IN ('contested', 'unknown') THEN
            target := frontline._ensure_actor(target);
        ELSE
            target := lower(target);
        END IF;
        norm_map := norm_map || jsonb_build_object(CASE WHEN kv.key = '*' THEN '*' ELSE frontline.normalize_status(kv.key) END, target);
    END LOOP;
    IF default_actor IS NOT NULL THEN
        IF lower(btrim(default_actor)) NOT IN ('unknown', 'contested') THEN
            PERFORM frontline._ensure_actor(default_actor);
        END IF;
        PERFORM frontline.set_area_layer(lyr, default_actor);
    END IF;


    -- re-importing a map replaces it
    DELETE FROM frontline.control_area a WHERE a.source = src AND a.layer = lyr AND a.at = t;
    GET DIAGNOSTICS n_old = ROW_COUNT;
    IF n_old > 0 THEN
        r_status := r_status || ('(previous map)')::text;
        r_n := r_n || n_old;
        r_km := r_km || (NULL)::float8;
        r_action := r_action || ('replaced')::text;
    END IF;

    FOR f IN SELECT e.value AS feature, e.ordinality AS i FROM jsonb_array_elements(doc->'features') WITH ORDINALITY e LOOP
        label := coalesce(f.feature #>> '{properties,name}', f.feature #>> '{properties,Name}', '');
        IF jsonb_typeof(f.feature->'geometry') IS DISTINCT FROM 'object' THEN
            r_status := r_status || (nullif(label, ''))::text;
            r_n := r_n || 1;
            r_km := r_km || (NULL)::float8;
            r_action := r_action || ('skipped: no geometry')::text;
            CONTINUE;
        END IF;
        BEGIN
            g := @postgis@.ST_GeomFromGeoJSON(f.feature->'geometry');
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'feature % ("%") has an invalid geometry: %', f.i, label, SQLERRM
                USING ERRCODE = 'invalid_parameter_value', HINT = 'Fix the file; nothing was imported.';
        END;
        g := @postgis@.ST_SetSRID(@postgis@.ST_Force2D(g), 4326);
        gtype := @postgis@.GeometryType(g);
        IF gtype = 'GEOMETRYCOLLECTION' THEN
            g := @postgis@.ST_CollectionExtract(g, 3);
        ELSIF gtype NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
            r_status := r_status || (nullif(label, ''))::text;
            r_n := r_n || 1;
            r_km := r_km || (NULL)::float8;
            r_action := r_action || ('skipped: ' || lower(gtype) || ', not an area')::text;
            CONTINUE;
        END IF;
        IF @postgis@.ST_IsEmpty(g) THEN
            r_status := r_status || (nullif(label, ''))::text;
            r_n := r_n || 1;
            r_km := r_km || (NULL)::float8;
            r_action := r_action || ('skipped: no polygon')::text;
            CONTINUE;
        END IF;
        IF @postgis@.ST_XMin(g) < -180 OR @postgis@.ST_XMax(g) > 180 OR @postgis@.ST_YMin(g) < -90 OR @postgis@.ST_YMax(g) > 90 THEN
            RAISE EXCEPTION 'feature % ("%") has coordinates outside longitude -180..180, latitude -90..90', f.i, label
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'GeoJSON is longitude, latitude in WGS84; reproject the file first.';
        END IF;
        -- its status: the status property, else a ///-separated part of its name
        word := NULL;
        target := NULL;
        FOR kv IN SELECT v.label, v.o FROM (
                    SELECT f.feature #>> '{properties,status}' AS label, 0 AS o
                    UNION ALL
                    SELECT p, o FROM regexp_split_to_table(label, '///') WITH ORDINALITY s(p, o)) v
                  WHERE v.label IS NOT NULL ORDER BY v.o LOOP
            word := frontline.normalize_status(kv.label);
            target := norm_map ->> word;
            EXIT WHEN target IS NOT NULL;
        END LOOP;
        IF target IS NULL AND norm_map ? '*' THEN
            target := norm_map ->> '*';
            word := '*';
        END IF;
        IF target IS NULL THEN
            r_status := r_status || (coalesce(nullif(word, ''), nullif(label, ''), '(no status)'))::text;
            r_n := r_n || 1;
            r_km := r_km || (frontline.geodesic_area_km2(g))::float8;
            r_action := r_action || ('skipped: status not in status_map' || CASE WHEN label <> '' THEN ': ' || left(label, 200) ELSE '' END)::text;
            CONTINUE;
        END IF;
        repaired := NOT (@postgis@.ST_IsValidDetail(g)).valid;   -- no NOTICE, unlike ST_IsValid
        IF repaired THEN
            g := @postgis@.ST_CollectionExtract(@postgis@.ST_MakeValid(g), 3);
            IF @postgis@.ST_IsEmpty(g) THEN
                r_status := r_status || (target)::text;
                r_n := r_n || 1;
                r_km := r_km || (NULL)::float8;
                r_action := r_action || ('skipped: invalid, no area left after repair')::text;
                CONTINUE;
            END IF;
        END IF;
        st := CASE target WHEN 'contested' THEN 'contested' WHEN 'unknown' THEN 'unknown' ELSE 'control' END;
        act := CASE WHEN st = 'control' THEN target END;
        INSERT INTO frontline.control_area (layer, geom, at, state, actor, source, confidence, note, reported_at)
        VALUES (lyr, @postgis@.ST_Multi(g), t, st, act, src, confidence, nullif(btrim(label), ''), rep);
        r_status := r_status || (target)::text;
        r_n := r_n || 1;
        r_km := r_km || (frontline.geodesic_area_km2(g))::float8;
        r_action := r_action || (CASE WHEN repaired THEN 'loaded (repaired with ST_MakeValid)' ELSE 'loaded' END)::text;
    END LOOP;
    RETURN QUERY
    SELECT r.status, sum(r.features)::integer, sum(r.area_km2), r.action
      FROM unnest(r_status, r_n, r_km, r_action) r(status, features, area_km2, action)
     GROUP BY r.status, r.action
     ORDER BY r.action, r.status;
END
$$;
COMMENT ON FUNCTION frontline.import_territory(jsonb, timestamptz, text, text, jsonb, text, real, timestamptz) IS
  'Loads a GeoJSON FeatureCollection as one map (area claims of source and layer at that instant), replacing an earlier import of the same map: statuses found in a status property or a ///-separated part of the name (normalize_status), mapped by status_map (an actor, contested or unknown; "*" for every polygon); 3-D coordinates flattened, GeometryCollections reduced to their polygons, invalid rings repaired with ST_MakeValid; points, lines and unmapped statuses skipped and reported. default_actor sets the layer''s default (set_area_layer). reported_at defaults to at. Returns what was loaded, repaired, replaced and skipped';
