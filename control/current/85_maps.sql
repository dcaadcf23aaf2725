-- ------------------------------------------------------------------ maps, tiles and BI views
-- Output for the tools analysts use (docs/maps.md): GeoJSON for web maps,
-- Mapbox vector tiles for pg_tileserv and Martin, SVG for reports, and views
-- with stable integer keys and typed geometry columns for QGIS, Metabase
-- and Superset.  Everything is computed by the read functions, from what the
-- caller may see: row-level security applies to every map.

-- An actor's map colour: actor.color, else one of eight colours chosen by
-- the name (stable across sessions); contested amber, unknown grey.
CREATE OR REPLACE FUNCTION frontline.actor_color(controller text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN controller IS NULL THEN '#bdbdbd'
                WHEN controller = 'contested' THEN '#f0a202'
                ELSE coalesce((SELECT a.color FROM frontline.actor a WHERE a.name = controller),
                              (ARRAY['#1b7837', '#b2182b', '#2166ac', '#762a83', '#e08214', '#35978f', '#8c510a', '#c51b7d'])
                                [1 + abs(hashtext(controller)) % 8]) END;
END;
COMMENT ON FUNCTION frontline.actor_color(text) IS
  'Map colour of a controller: the actor''s color, else one of eight fixed colours chosen from its name; contested #f0a202, NULL (unknown) #bdbdbd';

CREATE OR REPLACE FUNCTION frontline.snapshot_geojson(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                                      as_of timestamptz DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    places jsonb;
    areas jsonb := '[]';
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT coalesce(jsonb_agg(jsonb_build_object(
               'type', 'Feature', 'id', s.place_id,
               'geometry', @postgis@.ST_AsGeoJSON(s.geom, 6)::jsonb,
               'properties', jsonb_build_object('layer', 'places', 'place_id', s.place_id, 'name', s.place, 'kind', s.kind,
                                                'controller', s.controller, 'since', s.since,
                                                'color', frontline.actor_color(s.controller)))
             ORDER BY s.place_id), '[]')
      INTO places FROM frontline.snapshot(t, sources, m, k) s;
    IF frontline._areas_visible() THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'type', 'Feature', 'id', 'area-' || a.n,
                   'geometry', @postgis@.ST_AsGeoJSON(a.geom, 6)::jsonb,
                   'properties', jsonb_build_object('layer', 'areas', 'controller', a.controller,
                                                    'area_km2', round(a.area_km2::numeric, 1),
                                                    'color', frontline.actor_color(a.controller)))
                 ORDER BY a.n), '[]')
          INTO areas
          FROM (SELECT x.*, row_number() OVER (ORDER BY x.controller) AS n FROM frontline.area_snapshot(t, sources, m, NULL, k) x) a;
    END IF;
    RETURN jsonb_build_object('type', 'FeatureCollection',
                              'at', t, 'sources', to_jsonb(sources), 'min_confidence', m,
                              'features', areas || places);
END
$$;
COMMENT ON FUNCTION frontline.snapshot_geojson(timestamptz, text[], real, timestamptz) IS
  'An RFC 7946 FeatureCollection of the map at that moment: every place (id = place_id; properties name, kind, controller, since, color) and the ground each controller held by the area claims (properties controller, area_km2, color); WGS84, 6 decimals';

CREATE OR REPLACE FUNCTION frontline.control_mvt(z integer, x integer, y integer, at timestamptz DEFAULT now(),
                                                 sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    env @postgis@.geometry;
    box @postgis@.geometry;
    places bytea;
    areas bytea := '';
BEGIN
    IF z IS NULL OR x IS NULL OR y IS NULL OR t IS NULL THEN
        RETURN NULL;
    END IF;
    IF z < 0 OR z > 24 OR x < 0 OR y < 0 OR x >= (1::bigint << z) OR y >= (1::bigint << z) THEN
        RAISE EXCEPTION 'no tile %/%/%', z, x, y
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'z is 0..24; x and y are 0..2^z - 1.';
    END IF;
    env := @postgis@.ST_TileEnvelope(z, x, y);
    -- the tile in lon/lat, a little wider: features crossing its edge are
    -- clipped with a buffer by ST_AsMVTGeom
    box := @postgis@.ST_Transform(@postgis@.ST_Expand(env, (@postgis@.ST_XMax(env) - @postgis@.ST_XMin(env)) / 16), 4326);
    SELECT @postgis@.ST_AsMVT(f, 'places', 4096, 'geom', 'id') INTO places
      FROM (SELECT s.place_id AS id, s.place AS name, s.kind, s.controller, s.since::text AS since,
                   frontline.actor_color(s.controller) AS color,
                   @postgis@.ST_AsMVTGeom(@postgis@.ST_Transform(@postgis@.ST_ClipByBox2D(s.geom, box::@postgis@.box2d), 3857),
                                          env::@postgis@.box2d, 4096, 64, true) AS geom
              FROM frontline.snapshot(t, sources, m) s
             WHERE s.geom OPERATOR(@postgis@.&&) box) f
     WHERE f.geom IS NOT NULL;
    IF frontline._areas_visible() THEN
        SELECT @postgis@.ST_AsMVT(f, 'areas', 4096, 'geom', 'id') INTO areas
          FROM (SELECT row_number() OVER (ORDER BY a.controller) AS id, a.controller,
                       round(a.area_km2::numeric, 1)::float8 AS area_km2, frontline.actor_color(a.controller) AS color,
                       @postgis@.ST_AsMVTGeom(@postgis@.ST_Transform(@postgis@.ST_ClipByBox2D(a.geom, box::@postgis@.box2d), 3857),
                                              env::@postgis@.box2d, 4096, 64, true) AS geom
                  FROM frontline.area_snapshot(t, sources, m) a
                 WHERE a.geom OPERATOR(@postgis@.&&) box) f
         WHERE f.geom IS NOT NULL;
    END IF;
    -- a tile is the concatenation of its layers
    RETURN coalesce(areas, '') || coalesce(places, '');
END
$$;
COMMENT ON FUNCTION frontline.control_mvt(integer, integer, integer, timestamptz, text[], real) IS
  'A Mapbox vector tile (ST_AsMVT, EPSG:3857) of the map at a moment: layer places (id = place_id; name, kind, controller, since, color) and layer areas (controller, area_km2, color). pg_tileserv lists it as a function layer (z, x, y first; at, sources, min_confidence as query parameters)';

CREATE OR REPLACE FUNCTION frontline.control_tiles(z integer, x integer, y integer, query_params json)
RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p jsonb := coalesce(query_params::jsonb, '{}');
    t timestamptz;
    s text[];
    m real;
BEGIN
    IF jsonb_typeof(p) <> 'object' THEN
        RAISE EXCEPTION 'query_params must be a JSON object' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    BEGIN
        t := coalesce((p->>'at')::timestamptz, now());
        m := coalesce((p->>'min_confidence')::real, 0);
    EXCEPTION WHEN data_exception THEN
        RAISE EXCEPTION 'invalid query parameter at=% or min_confidence=%', p->>'at', p->>'min_confidence'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For example ?at=2021-08-15T12:00:00Z&sources=AP,AFP&min_confidence=0.5';
    END;
    s := CASE jsonb_typeof(p->'sources')
           WHEN 'array' THEN ARRAY(SELECT jsonb_array_elements_text(p->'sources'))
           WHEN 'string' THEN string_to_array(p->>'sources', ',') END;
    RETURN frontline.control_mvt(z, x, y, t, s, m);
END
$$;
COMMENT ON FUNCTION frontline.control_tiles(integer, integer, integer, json) IS
  '{"description": "frontline: who controlled each place and area at a moment (Mapbox vector tile; layers places and areas). Query parameters: at (ISO 8601, default now), sources (comma-separated), min_confidence (0..1).", "attribution": "frontline", "minzoom": 0, "maxzoom": 18}';

-- ------------------------------------------------------------------ SVG
-- Coordinates: an equirectangular view of the data's box, x scaled by the
-- cosine of its middle latitude; ST_AsSVG writes y downwards (-y), so the
-- geometry is mapped to (x, -y) in pixels first.
CREATE OR REPLACE FUNCTION frontline._svg_path(g @postgis@.geometry, minx float8, maxy float8, sx float8, sy float8)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN @postgis@.GeometryType(g) IN ('POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON')
            THEN @postgis@.ST_AsSVG(@postgis@.ST_Affine(g, sx, 0, 0, sy, -minx * sx, -maxy * sy), 0, 1) END;
COMMENT ON FUNCTION frontline._svg_path(@postgis@.geometry, float8, float8, float8, float8) IS
  'Internal: SVG path data (or cx/cy attributes for a point) of a lon/lat point, line or polygon in the pixel frame of a map; NULL for other geometry types';

CREATE OR REPLACE FUNCTION frontline._xml(s text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(replace(replace(replace(s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;');
COMMENT ON FUNCTION frontline._xml(text) IS 'Internal: text escaped for XML';

CREATE OR REPLACE FUNCTION frontline.snapshot_svg(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                                  as_of timestamptz DEFAULT NULL, width integer DEFAULT 900,
                                                  rings_km float8[] DEFAULT '{50,100,200}')
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    ext @postgis@.box2d;
    cap record;
    minx float8; maxx float8; miny float8; maxy float8;
    sx float8; sy float8;
    w integer; h integer;
    body text := '';
    legend text := '';
    r record;
    n integer := 0;
    km float8;
    ids integer[];
    names text[];
    ctrls text[];
    caps text[];
    geoms @postgis@.geometry[];
    top float8;
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    IF width IS NULL OR width < 200 OR width > 10000 THEN
        RAISE EXCEPTION 'width % is out of range', coalesce(width::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use 200 to 10000 pixels.';
    END IF;
    IF array_ndims(rings_km) > 1 THEN
        RAISE EXCEPTION 'rings_km must be a one-dimensional array, not %-dimensional: %', array_ndims(rings_km), rings_km
            USING ERRCODE = 'array_subscript_error';
    END IF;
    IF rings_km IS NOT NULL AND cardinality(rings_km) > 20 THEN
        RAISE EXCEPTION 'at most 20 rings' USING ERRCODE = 'program_limit_exceeded';
    END IF;
    -- the snapshot once, kept in arrays (no temporary table: a role without
    -- TEMP may draw maps too)
    SELECT array_agg(s.place_id ORDER BY s.place_id), array_agg(s.place ORDER BY s.place_id),
           array_agg(s.controller ORDER BY s.place_id), array_agg(p.capital ORDER BY s.place_id),
           array_agg(s.geom ORDER BY s.place_id), @postgis@.ST_Extent(s.geom)
      INTO ids, names, ctrls, caps, geoms, ext
      FROM frontline.snapshot(t, sources, m, k) s JOIN frontline.place p ON p.place_id = s.place_id;
    IF ext IS NULL THEN
        ext := 'BOX(-180 -60,180 75)'::@postgis@.box2d;
    END IF;
    SELECT u.place, u.geom INTO cap FROM unnest(ids, names, caps, geoms) u(place_id, place, capital, geom)
     WHERE u.capital = 'national' ORDER BY u.place_id LIMIT 1;
    minx := @postgis@.ST_XMin(ext); maxx := @postgis@.ST_XMax(ext);
    miny := @postgis@.ST_YMin(ext); maxy := @postgis@.ST_YMax(ext);
    -- a margin of 8 % (at least 0.2 degrees)
    minx := minx - greatest((maxx - minx) * 0.08, 0.2); maxx := maxx + greatest((maxx - minx) * 0.08, 0.2);
    miny := greatest(miny - greatest((maxy - miny) * 0.08, 0.2), -85); maxy := least(maxy + greatest((maxy - miny) * 0.08, 0.2), 85);
    w := width;
    sx := w / (maxx - minx);
    sy := sx / greatest(cos(radians((miny + maxy) / 2)), 0.1);
    h := least(greatest(ceil((maxy - miny) * sy)::integer, 100), 20000);
    -- ground by the area claims, then polygon places, rings, point places,
    -- labels: each part is one string_agg (a loop appending to the map
    -- copies the whole map at every place: quadratic, minutes at 100,000)
    IF frontline._areas_visible() THEN
        SELECT coalesce(string_agg(format('<path d="%s" fill="%s" fill-opacity="0.45" stroke="%s" stroke-width="0.5"/>' || E'\n',
                                          frontline._svg_path(a.geom, minx, maxy, sx, sy), frontline.actor_color(a.controller),
                                          frontline.actor_color(a.controller)), '' ORDER BY a.controller), '')
          INTO body
          FROM frontline.area_snapshot(t, sources, m, NULL, k) a;
    END IF;
    body := body || coalesce((
        SELECT string_agg(format('<path d="%s" fill="%s" fill-opacity="0.55" stroke="#ffffff" stroke-width="0.6"><title>%s: %s</title></path>' || E'\n',
                                 frontline._svg_path(u.geom, minx, maxy, sx, sy), frontline.actor_color(u.controller),
                                 frontline._xml(u.place), frontline._xml(coalesce(u.controller, 'unknown'))), '' ORDER BY u.place_id)
          FROM unnest(ids, names, ctrls, geoms) u(place_id, place, controller, geom)
         WHERE @postgis@.GeometryType(u.geom) <> 'POINT'), '');
    IF cap.geom IS NOT NULL AND rings_km IS NOT NULL THEN
        FOREACH km IN ARRAY rings_km LOOP
            CONTINUE WHEN km IS NULL OR NOT (km > 0 AND km <= 5000);
            SELECT d.lat2 INTO top FROM frontline.geodesic_direct(@postgis@.ST_Y(cap.geom), @postgis@.ST_X(cap.geom), 0, km * 1000) d;
            body := body || format('<path d="%s" fill="none" stroke="#444444" stroke-width="0.8" stroke-dasharray="4 3"/>'
                                   '<text x="%s" y="%s" font-size="10" fill="#444444">%s km</text>' || E'\n',
                                   frontline._svg_path(@postgis@.ST_Boundary(frontline.geodesic_circle(cap.geom, km, 96)), minx, maxy, sx, sy),
                                   round(((@postgis@.ST_X(cap.geom) - minx) * sx)::numeric, 1),
                                   round(((maxy - top) * sy)::numeric - 3, 1),
                                   km);
        END LOOP;
    END IF;
    body := body || coalesce((
        SELECT string_agg(format('<circle %s r="%s" fill="%s" stroke="#222222" stroke-width="0.7"><title>%s: %s</title></circle>' || E'\n',
                                 frontline._svg_path(u.geom, minx, maxy, sx, sy),
                                 CASE WHEN u.capital IS NOT NULL THEN 6 ELSE 4 END,
                                 frontline.actor_color(u.controller), frontline._xml(u.place), frontline._xml(coalesce(u.controller, 'unknown')))
                          || CASE WHEN u.capital IS NOT NULL THEN
                                 format('<text x="%s" y="%s" font-size="%s" font-weight="%s" fill="#111111">%s</text>' || E'\n',
                                        round(((@postgis@.ST_X(u.geom) - minx) * sx + 8)::numeric, 1),
                                        round(((maxy - @postgis@.ST_Y(u.geom)) * sy + 4)::numeric, 1),
                                        CASE u.capital WHEN 'national' THEN 14 ELSE 11 END,
                                        CASE u.capital WHEN 'national' THEN 'bold' ELSE 'normal' END, frontline._xml(u.place))
                             ELSE '' END, '' ORDER BY u.place_id)
          FROM unnest(ids, names, ctrls, caps, geoms) u(place_id, place, controller, capital, geom)
         WHERE @postgis@.GeometryType(u.geom) = 'POINT'), '');
    -- the legend: every controller on the map, with its count of places
    FOR r IN SELECT x.controller, count(*) AS places FROM (
                 SELECT u.controller FROM unnest(ctrls) u(controller)
                 UNION ALL
                 SELECT a.controller FROM frontline.area_snapshot(t, sources, m, NULL, k) a WHERE frontline._areas_visible()) x
              GROUP BY 1 ORDER BY (x.controller IS NULL), 2 DESC, 1 LOOP
        legend := legend || format('<rect x="12" y="%s" width="16" height="16" fill="%s" stroke="#222222" stroke-width="0.5"/>'
                                   '<text x="34" y="%s" font-size="13" fill="#111111">%s</text>' || E'\n',
                                   44 + n * 22, frontline.actor_color(r.controller), 57 + n * 22,
                                   frontline._xml(coalesce(r.controller, 'unknown')));
        n := n + 1;
    END LOOP;
    RETURN format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Arial, sans-serif">' || E'\n'
                  '<rect width="100%%" height="100%%" fill="#f7f7f2"/>' || E'\n'
                  '%s'
                  '<g><rect x="4" y="4" width="%s" height="%s" fill="#ffffff" fill-opacity="0.85" stroke="#999999"/>' || E'\n'
                  '<text x="12" y="26" font-size="16" font-weight="bold" fill="#111111">%s</text>' || E'\n'
                  '%s</g>' || E'\n'
                  '<text x="%s" y="%s" font-size="11" fill="#333333" text-anchor="end">%s</text>' || E'\n'
                  '</svg>' || E'\n',
                  w, h + 40, w, h + 40, body,
                  greatest(260, 34 + 9 * coalesce((SELECT max(length(coalesce(u.c, 'unknown'))) FROM unnest(ctrls) u(c)), 10)),
                  40 + n * 22,
                  frontline._xml('Control on ' || to_char(t AT TIME ZONE 'UTC', 'DD Mon YYYY HH24:MI') || ' UTC'),
                  legend, w - 10, h + 30,
                  frontline._xml('Sources: ' || coalesce(array_to_string(sources, ', '), 'all')
                                 || CASE WHEN m > 0 THEN format(', confidence >= %s', m) ELSE '' END
                                 || CASE WHEN k IS NOT NULL THEN ', as known on ' || to_char(k AT TIME ZONE 'UTC', 'DD Mon YYYY HH24:MI') ELSE '' END
                                 || '. frontline'));
END
$$;
COMMENT ON FUNCTION frontline.snapshot_svg(timestamptz, text[], real, timestamptz, integer, float8[]) IS
  'An SVG map of the moment: places coloured by controller (polygons and points), ground held by the area claims, capitals labelled, geodesic distance rings around the national capital (rings_km), a legend, the date and the sources used';

CREATE OR REPLACE FUNCTION frontline.front_chart_svg(actor text, capital text, from_t timestamptz, to_t timestamptz, step interval,
                                                     sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                                     as_of timestamptz DEFAULT NULL, width integer DEFAULT 800, height integer DEFAULT 360)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    a text := frontline.find_actor(actor);
    c text;
    pts text := '';
    dots text := '';
    ticks text := '';
    maxkm float8;
    t0 float8; t1 float8;
    py float8;
    l CONSTANT integer := 60;
    b CONSTANT integer := 40;
    closest record;
    i integer;
    ts timestamptz[];
    pl text[];
    kms float8[];
BEGIN
    IF a IS NULL OR capital IS NULL THEN
        RAISE EXCEPTION 'actor and capital must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF width IS NULL OR height IS NULL OR width < 200 OR width > 10000 OR height < 120 OR height > 10000 THEN
        RAISE EXCEPTION 'width % x height % is out of range', coalesce(width::text, 'NULL'), coalesce(height::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use 200..10000 by 120..10000 pixels.';
    END IF;
    SELECT p.name INTO c FROM frontline.place p WHERE p.place_id = frontline.find_place(capital);
    -- one point per step on a chart at most 10000 pixels wide
    IF cardinality(frontline.series_steps(from_t, to_t, step)) > 10000 THEN
        RAISE EXCEPTION 'a chart from % to % every % has more than 10000 steps', from_t, to_t, step
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = 'The chart draws one point per step, and is at most 10000 pixels wide.',
                  HINT = 'Use a larger step or a shorter period.';
    END IF;
    SELECT array_agg(f.t ORDER BY f.t), array_agg(f.place ORDER BY f.t), array_agg(f.km ORDER BY f.t), greatest(max(f.km), 1)
      INTO ts, pl, kms, maxkm
      FROM frontline.front_series(a, c, from_t, to_t, step, sources, min_confidence, as_of) f;
    maxkm := coalesce(maxkm, 1);
    maxkm := ceil(maxkm / power(10, floor(log(maxkm)))) * power(10, floor(log(maxkm)));
    t0 := extract(epoch FROM from_t); t1 := greatest(extract(epoch FROM to_t), t0 + 1);
    -- the line (a gap where the actor held nothing: the next point starts a
    -- new subpath) and the dots, each one string_agg over the steps
    SELECT coalesce(string_agg(CASE WHEN x.km IS NULL THEN ' '
                                    ELSE CASE WHEN x.prev_held THEN 'L' ELSE 'M' END || round(x.px::numeric, 1) || ',' || round(x.py::numeric, 1)
                               END, '' ORDER BY x.t), ''),
           coalesce(string_agg(format('<circle cx="%s" cy="%s" r="3" fill="#b2182b"><title>%s: %s km (%s)</title></circle>',
                                      round(x.px::numeric, 1), round(x.py::numeric, 1), to_char(x.t AT TIME ZONE 'UTC', 'DD Mon YYYY'),
                                      round(x.km::numeric, 1), frontline._xml(x.place)) || E'\n', '' ORDER BY x.t)
                        FILTER (WHERE x.km IS NOT NULL), '')
      INTO pts, dots
      FROM (SELECT f.t, f.place, f.km,
                   coalesce(lag(f.km IS NOT NULL) OVER (ORDER BY f.t), false) AS prev_held,
                   l + (extract(epoch FROM f.t) - t0) / (t1 - t0) * (width - l - 20) AS px,
                   30 + (1 - f.km / maxkm) * (height - 30 - b) AS py
              FROM unnest(ts, pl, kms) f(t, place, km)) x;
    FOR i IN 0..4 LOOP
        py := 30 + (1 - i / 4.0) * (height - 30 - b);
        ticks := ticks || format('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#dddddd"/><text x="%s" y="%s" font-size="11" text-anchor="end" fill="#333333">%s km</text>',
                                 l, round(py::numeric, 1), width - 20, round(py::numeric, 1), l - 6, round(py::numeric, 1) + 4,
                                 round((maxkm * i / 4.0)::numeric, 1)) || E'\n';
    END LOOP;
    SELECT f.* INTO closest FROM unnest(ts, pl, kms) f(t, place, km) WHERE f.km IS NOT NULL ORDER BY f.km, f.t LIMIT 1;
    RETURN format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Arial, sans-serif">' || E'\n'
                  '<rect width="100%%" height="100%%" fill="#ffffff"/>' || E'\n'
                  '<text x="%s" y="20" font-size="15" font-weight="bold" fill="#111111">%s</text>' || E'\n'
                  '%s'
                  '<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#333333"/>' || E'\n'
                  '<text x="%s" y="%s" font-size="11" fill="#333333">%s</text><text x="%s" y="%s" font-size="11" text-anchor="end" fill="#333333">%s</text>' || E'\n'
                  '<path d="%s" fill="none" stroke="#b2182b" stroke-width="2"/>' || E'\n'
                  '%s'
                  '<text x="%s" y="%s" font-size="11" text-anchor="end" fill="#333333">%s</text>' || E'\n'
                  '</svg>' || E'\n',
                  width, height, width, height,
                  l, frontline._xml(format('Distance from %s to the nearest ground held by %s', c, a)),
                  ticks,
                  l, height - b, width - 20, height - b,
                  l, height - b + 16, to_char(from_t AT TIME ZONE 'UTC', 'DD Mon YYYY'),
                  width - 20, height - b + 16, to_char(to_t AT TIME ZONE 'UTC', 'DD Mon YYYY'),
                  btrim(pts), dots,
                  width - 20, height - 6,
                  frontline._xml(coalesce(format('Closest: %s km (%s) on %s. ', round(closest.km::numeric, 1), closest.place,
                                                 to_char(closest.t AT TIME ZONE 'UTC', 'DD Mon YYYY')), 'Held nothing in the period. ')
                                 || 'Sources: ' || coalesce(array_to_string(sources, ', '), 'all') || '. frontline'));
END
$$;
COMMENT ON FUNCTION frontline.front_chart_svg(text, text, timestamptz, timestamptz, interval, text[], real, timestamptz, integer, integer) IS
  'An SVG line chart of front_series: the distance from the capital to the nearest place or ground the actor held, per step (gaps where it held nothing), with the closest approach and the sources used; at most 10000 steps (54000)';

-- ------------------------------------------------------------------ views for BI and GIS tools
CREATE OR REPLACE VIEW frontline.control_periods AS
SELECT w.event_id AS period_id, w.place_id, p.name AS place, w.controller,
       tstzrange(w.at, lead(w.at) OVER (PARTITION BY w.place_id ORDER BY w.at)) AS during,
       w.source, p.geom::@postgis@.geometry(Geometry, 4326) AS geom
  FROM (SELECT c.*, lag(c.state) OVER (PARTITION BY c.place_id ORDER BY c.at) AS prev_state
          FROM frontline.winning_claims(NULL, NULL, 0) c) w
  JOIN frontline.place p ON p.place_id = w.place_id
 WHERE w.prev_state IS DISTINCT FROM w.state;
COMMENT ON VIEW frontline.control_periods IS
  'One row per period of one state of a place (the rule over every claim the caller may see): period_id (the claim that began it: a stable key), controller (actor, contested or NULL for unknown), during [start, next change), the source of the claim that began it, and the place''s geometry';

CREATE OR REPLACE VIEW frontline.daily_control AS
SELECT (h.place_id::bigint * 1000000 + (d.day - date '1970-01-01')) AS id, d.day, h.place_id, p.name AS place,
       frontline.control_at(h.history, (d.day + 1)::timestamp AT TIME ZONE 'UTC' - interval '1 microsecond') AS controller,
       p.geom::@postgis@.geometry(Geometry, 4326) AS geom
  FROM (SELECT generate_series(min(e.at) AT TIME ZONE 'UTC', max(e.at) AT TIME ZONE 'UTC', interval '1 day')::date AS day
          FROM frontline.control_event e) d
 CROSS JOIN frontline._histories(NULL, 0) h
  JOIN frontline.place p ON p.place_id = h.place_id;
COMMENT ON VIEW frontline.daily_control IS
  'Every place on every UTC day from the first to the last claim: its controller at the end of the day (actor, contested or NULL); id = place_id * 1000000 + days since 1970 (a stable key). Filter on day and place: the view is computed as it is read';

-- (the capitals through place_capital, a partial index of the few places
-- marked capital: without it every place's capital was a scan of the
-- place table, minutes at 100,000 places)
CREATE OR REPLACE VIEW frontline.place_distances AS
SELECT p.place_id, p.name AS place, c.name AS capital, d.km,
       d.bearing, frontline.compass(d.bearing) AS compass,
       @postgis@.ST_PointOnSurface(p.geom)::@postgis@.geometry(Point, 4326) AS geom
  FROM frontline.place p
  JOIN LATERAL (SELECT c.name, c.geom FROM frontline.place c
                 WHERE c.capital = 'national' AND c.country IS NOT DISTINCT FROM p.country
                 ORDER BY c.place_id LIMIT 1) c ON true
  -- each distance and bearing computed once a row (OFFSET 0 keeps the
  -- planner from copying the expressions into every column that uses them)
  CROSS JOIN LATERAL (SELECT k.km, CASE WHEN k.km > 0 THEN frontline.bearing(c.geom, p.geom) END AS bearing
                        FROM (SELECT frontline.geodesic_km(c.geom, p.geom) AS km OFFSET 0) k
                      OFFSET 0) d;
COMMENT ON VIEW frontline.place_distances IS
  'Every place with its national capital (same country): geodesic km, initial bearing and compass direction from the capital, and a point on the place (key place_id)';
