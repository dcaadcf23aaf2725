-- ------------------------------------------------------------------ radius from the capital
-- Distances never change: each query computes a place's geodesic distance
-- to the capital once.  Spatial candidates come from the GiST index on
-- geom::geography (PostGIS, spherical, with a 2 % + 1 km margin that covers
-- the sphere/ellipsoid difference); the exact WGS84 distance decides.
-- Control is resolved from the claims the caller can SELECT (row-level
-- security applies), with the same rule and filters as control_at, or from
-- the cache (docs/cache.md).
-- within_radius and rings run their queries without parallel workers: they
-- touch a few thousand places at most, and PostGIS's high function costs
-- make the planner start workers that take longer to start (tens of ms on
-- the benchmark machine) than the whole query.

CREATE OR REPLACE FUNCTION frontline.series_steps(from_t timestamptz, to_t timestamptz, step interval)
RETURNS timestamptz[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF from_t IS NULL OR to_t IS NULL OR step IS NULL THEN
        RAISE EXCEPTION 'from_t, to_t and step must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_instant(from_t, 'from_t'), frontline.check_instant(to_t, 'to_t');
    IF from_t > to_t THEN
        RAISE EXCEPTION 'from_t % is after to_t %', from_t, to_t USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every part of the step (months, days, time) must be >= 0 and one > 0:
    -- a step like '-1 month 31 days' advances from some instants and not
    -- from others, and generate_series would never end
    IF extract(year FROM step) * 12 + extract(month FROM step) < 0 OR extract(day FROM step) < 0
       OR extract(hour FROM step) * 3600 + extract(minute FROM step) * 60 + extract(second FROM step) < 0
       OR from_t + step <= from_t THEN
        RAISE EXCEPTION 'step % is not positive', step
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Its months, days and time must each be zero or positive, and not all zero.',
                  HINT = 'Use a step such as ''1 day'', ''6 hours'' or ''1 month''.';
    END IF;
    -- the span in seconds from the two instants (to_t - from_t is an
    -- interval, whose microseconds wrap around past 292,000 years)
    IF (extract(epoch FROM to_t) - extract(epoch FROM from_t)) / extract(epoch FROM step) > 1000000 THEN
        RAISE EXCEPTION 'a series from % to % every % has more than 1000000 steps', from_t, to_t, step
            USING ERRCODE = 'program_limit_exceeded', HINT = 'Use a larger step or a shorter period.';
    END IF;
    RETURN ARRAY(SELECT g FROM generate_series(from_t, to_t, step) g);
END
$$;
COMMENT ON FUNCTION frontline.series_steps(timestamptz, timestamptz, interval) IS
  'The instants of generate_series(from_t, to_t, step) as an array, after checking the bounds (finite instants in 0001..9999, from_t <= to_t, a step whose months, days and time are all >= 0 and not all 0, at most 1000000 steps); STABLE because day and month steps depend on the TimeZone setting';

-- The index search of _within.  Around a point, the candidates are the
-- places whose box in the geography index meets the box of a polygon drawn
-- around the disc: its 36 vertices lie (1.02 r + 1) km from the centre on
-- WGS84 (geodesic_circle), and its edges, great circles between vertices
-- 10 degrees of bearing apart, stay at least 1.016 r + 0.99 km from it (the
-- chord's sag is 0.4 %, the sphere/ellipsoid difference under 0.6 %).  A
-- box of any geography covers its interior (PostGIS's ST_Intersects
-- depends on it), so every place within r km is a candidate.  The box is
-- all the test there is: the spherical distance that ST_DWithin computes
-- for each candidate was a quarter of a within_radius call at scale M
-- (2,300 candidates for 2,000 places), and the exact distance, computed
-- for each candidate anyway, decides.  NULL (ST_DWithin instead, as before)
-- around a line or polygon, for radii over 2000 km (or not positive: the
-- callers check them), or when the disc comes within a degree of a pole,
-- around which the polygon would not close.
CREATE OR REPLACE FUNCTION frontline._disc_cover(center @postgis@.geometry, radius_km float8)
RETURNS @postgis@.geography
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN @postgis@.GeometryType(center) = 'POINT' AND @postgis@.ST_SRID(center) = 4326
             AND radius_km > 0 AND radius_km <= 2000
             AND abs(@postgis@.ST_Y(center)) + (1.02 * radius_km + 1.0) / 110.0 < 89
            THEN @postgis@.geography(@postgis@.ST_GeomFromWKB(
                     frontline._geodesic_circle(@postgis@.ST_AsBinary(center), 1.02 * radius_km + 1.0, 36), 4326)) END;
COMMENT ON FUNCTION frontline._disc_cover(@postgis@.geometry, float8) IS
  'Internal: a geography whose index box covers every point within radius_km (WGS84) of a point centre (a 36-gon at 1.02 radius_km + 1 km); NULL around lines and polygons, for a radius not in (0, 2000] and near the poles';

-- Two branches, one of which a call runs: the box of _disc_cover, or (when
-- it is NULL) ST_DWithin on the same index with its spherical recheck.
CREATE OR REPLACE FUNCTION frontline._within(center @postgis@.geometry, radius_km float8)
RETURNS TABLE (place_id integer, place text, kind text, km float8, bearing float8, population bigint)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
BEGIN ATOMIC
    SELECT p.place_id, p.name, p.kind, x.km,
           CASE WHEN x.km > 0 THEN frontline.bearing(_within.center, p.geom) END, p.population
      FROM frontline.place p
     CROSS JOIN LATERAL (SELECT frontline.geodesic_km(_within.center, p.geom) AS km OFFSET 0) x
     WHERE @postgis@.geography(p.geom) OPERATOR(@postgis@.&&) frontline._disc_cover(_within.center, _within.radius_km)
       AND x.km <= _within.radius_km
    UNION ALL
    SELECT p.place_id, p.name, p.kind, x.km,
           CASE WHEN x.km > 0 THEN frontline.bearing(_within.center, p.geom) END, p.population
      FROM frontline.place p
     CROSS JOIN LATERAL (SELECT frontline.geodesic_km(_within.center, p.geom) AS km OFFSET 0) x
     WHERE frontline._disc_cover(_within.center, _within.radius_km) IS NULL
       AND @postgis@.ST_DWithin(@postgis@.geography(p.geom), @postgis@.geography(_within.center), _within.radius_km * 1020.0 + 1000.0, false)
       AND x.km <= _within.radius_km;
END;
COMMENT ON FUNCTION frontline._within(@postgis@.geometry, float8) IS
  'Internal: the places within radius_km (WGS84 geodesic) of a point, with distance and bearing; candidates from the GiST index on geom::geography (the box of _disc_cover around a point; else spherical ST_DWithin, both with a 2 % + 1 km margin), the exact distance decides; inlined by the planner; arguments are not validated here';

-- The growing-disc search of front and front_series: the places within
-- 100 km of the capital first (candidates from the GiST index, exact
-- distance), then 1000 km, then every place (radius Infinity).  A caller
-- stops at the first disc that answers.
CREATE OR REPLACE FUNCTION frontline._disc_radii() RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY[100, 1000, 'Infinity']::float8[];
COMMENT ON FUNCTION frontline._disc_radii() IS
  'Internal: the radii (km) of the growing-disc search of front and front_series; the last is every place';

CREATE OR REPLACE FUNCTION frontline._disc(center @postgis@.geometry, radius_km float8, sources text[], min_confidence real,
                                           as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place_id integer, km float8, history frontline.control_history)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 100 AS $$
#variable_conflict use_column
DECLARE
    c @postgis@.geometry := frontline.geo_wgs84(center, 'center');
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    r float8;
BEGIN
    IF c IS NULL OR radius_km IS NULL THEN
        RAISE EXCEPTION 'center and radius_km must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF radius_km <= 20004 THEN
        -- checked once here: written into the query, check_radius (PL/pgSQL)
        -- ran once per candidate in a generic plan, from the sixth call of a
        -- session (front at scale M: 10.9 ms a call, then 14.0 ms)
        r := frontline.check_radius(radius_km);
        RETURN QUERY
        SELECT w.place_id, w.km, h.history
          FROM frontline._within(c, r) w
          LEFT JOIN LATERAL frontline._history_rows(w.place_id, sources, m, k) h ON true;
    ELSIF radius_km = 'Infinity'::float8 THEN
        RETURN QUERY
        SELECT h.place_id, frontline.geodesic_km(c, p.geom), h.history
          FROM frontline._histories(sources, m, k) h
          JOIN frontline.place p ON p.place_id = h.place_id;
    ELSE
        PERFORM frontline.check_radius(radius_km);
    END IF;
END
$$;
COMMENT ON FUNCTION frontline._disc(@postgis@.geometry, float8, text[], real, timestamptz) IS
  'Internal: the places within radius_km (WGS84) of a point (every place for Infinity), with their distance and resolved history under the filter (frontline._histories); validates its arguments as the API does';

CREATE OR REPLACE FUNCTION frontline.check_radius(radius_km float8, what text DEFAULT 'radius_km') RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF radius_km IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF radius_km = 'NaN'::float8 OR radius_km <= 0 OR radius_km = 'Infinity'::float8 THEN
        RAISE EXCEPTION '% % must be a positive number of kilometres', what, radius_km
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF radius_km > 20004 THEN
        RAISE EXCEPTION '% % is more than half the Earth''s circumference', what, radius_km
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Distances are in kilometres; no point on Earth is farther than 20004 km from another.';
    END IF;
    RETURN radius_km;
END
$$;
COMMENT ON FUNCTION frontline.check_radius(float8, text) IS
  'Returns a radius in km when it is a number in (0, 20004]; raises 22004 for NULL and 22023 otherwise, naming the value';

-- The key an admin1 name is compared by: folded as place names are, and
-- resolved through the provinces recorded as places (their names and
-- aliases), so "Kabul province", "Kābul" and "KABUL" are one admin1 when a
-- province place named Kabul province lies in admin1 Kabul.
CREATE OR REPLACE FUNCTION frontline._admin1_key(admin1 text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    -- the candidates through the folded-name indexes, _places_named (an
    -- OR over name and alias read every place, at every call)
    SELECT coalesce(
        (SELECT frontline.fold_name(coalesce(pr.admin1, pr.name))
           FROM (SELECT q.place_id, q.name, q.admin1 FROM frontline.place q
                  WHERE q.kind = 'province'
                    AND q.place_id IN (SELECT n.place_id FROM frontline._places_named(frontline.fold_name(_admin1_key.admin1)) n)
                 OFFSET 0) pr
          ORDER BY pr.place_id LIMIT 1),
        frontline.fold_name(_admin1_key.admin1));
END;
COMMENT ON FUNCTION frontline._admin1_key(text) IS
  'Internal: the key admin1 names are compared by: the folded admin1 of the province place that the name (or an alias) names, else the folded name itself';

CREATE OR REPLACE FUNCTION frontline.capital_of(place_id integer, level text DEFAULT 'national') RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p record;
    caps integer[];
    names text;
    key text;
BEGIN
    IF place_id IS NULL THEN
        RETURN NULL;
    END IF;
    IF level IS NULL OR level NOT IN ('national', 'provincial') THEN
        RAISE EXCEPTION 'capital level "%" is not national or provincial', coalesce(level, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'national: the capital of the place''s country; provincial: the capital of its admin1.';
    END IF;
    PERFORM frontline.check_place_id(place_id);
    SELECT pl.name, pl.country, pl.admin1 INTO p FROM frontline.place pl WHERE pl.place_id = capital_of.place_id;
    IF level = 'national' AND p.country IS NULL THEN
        RAISE EXCEPTION 'place "%" has no country, so no national capital', p.name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Set frontline.place.country for it.';
    ELSIF level = 'provincial' AND p.admin1 IS NULL THEN
        RAISE EXCEPTION 'place "%" has no admin1, so no provincial capital', p.name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Set frontline.place.admin1 for it.';
    END IF;
    key := frontline._admin1_key(p.admin1);      -- once, not per candidate
    -- admin1 names match as place names do (folded: case, accents,
    -- punctuation); a national capital is also the provincial capital of
    -- its own admin1 unless another place there is marked provincial
    SELECT array_agg(c.place_id ORDER BY c.place_id),
           string_agg(format('"%s" (%s)', c.name, c.place_id), ', ' ORDER BY c.place_id)
      INTO caps, names
      FROM frontline.place c
     WHERE c.capital = level AND c.country IS NOT DISTINCT FROM p.country
       AND (level = 'national' OR frontline._admin1_key(c.admin1) = key);
    IF caps IS NULL AND level = 'provincial' THEN
        SELECT array_agg(c.place_id ORDER BY c.place_id),
               string_agg(format('"%s" (%s)', c.name, c.place_id), ', ' ORDER BY c.place_id)
          INTO caps, names
          FROM frontline.place c
         WHERE c.capital = 'national' AND c.country IS NOT DISTINCT FROM p.country
           AND frontline._admin1_key(c.admin1) = key;
    END IF;
    IF caps IS NULL THEN
        IF level = 'national' THEN
            RAISE EXCEPTION 'no national capital is recorded for country "%"', p.country
                USING ERRCODE = 'undefined_object',
                      HINT = 'Mark one place of that country with capital = ''national'' in frontline.place.';
        ELSE
            RAISE EXCEPTION 'no provincial capital is recorded for "%" (%)', p.admin1, coalesce(p.country, 'no country')
                USING ERRCODE = 'undefined_object',
                      HINT = 'Mark one place of that admin1 with capital = ''provincial'' in frontline.place.';
        END IF;
    END IF;
    IF cardinality(caps) > 1 THEN
        RAISE EXCEPTION '% capital of "%" is ambiguous: %', level,
                        CASE level WHEN 'national' THEN p.country ELSE p.admin1 END, names
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Keep one place per country (or admin1) marked as its capital.';
    END IF;
    RETURN caps[1];
END
$$;
COMMENT ON FUNCTION frontline.capital_of(integer, text) IS
  'The place_id of the national capital (same country) or provincial capital (same country and admin1, compared ignoring case, accents and punctuation and through the names and aliases of province places; the national capital when it lies in that admin1 and no place there is marked provincial) of a place; 42704 when none is recorded, 22023 when several are';

CREATE OR REPLACE FUNCTION frontline.from_capital(place_id integer, level text DEFAULT 'national')
RETURNS TABLE (capital text, km float8, bearing float8, compass text, phrase text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 1 AS $$
DECLARE
    cid integer;
    pg @postgis@.geometry;
    cg @postgis@.geometry;
BEGIN
    IF place_id IS NULL THEN
        RETURN;
    END IF;
    cid := frontline.capital_of(place_id, level);
    SELECT p.geom INTO pg FROM frontline.place p WHERE p.place_id = from_capital.place_id;
    SELECT p.name, p.geom INTO capital, cg FROM frontline.place p WHERE p.place_id = cid;
    km := frontline.geodesic_km(cg, pg);
    bearing := CASE WHEN km > 0 THEN frontline.bearing(cg, pg) END;
    compass := frontline.compass(bearing);
    phrase := CASE WHEN km = 0 THEN 'in ' || capital
                   WHEN km < 0.5 THEN format('less than 1 km %s of %s', compass, capital)
                   ELSE format('%s km %s of %s', round(km::numeric), compass, capital) END;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION frontline.from_capital(integer, text) IS
  'Distance (km, WGS84), initial bearing and compass direction of a place from its national or provincial capital, with a phrase like "61 km S of Kabul"';

CREATE OR REPLACE FUNCTION frontline.from_capital(place text, level text DEFAULT 'national')
RETURNS TABLE (capital text, km float8, bearing float8, compass text, phrase text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT f.capital, f.km, f.bearing, f.compass, f.phrase
      FROM frontline.from_capital(frontline.find_place(from_capital.place), from_capital.level) f;
END;
COMMENT ON FUNCTION frontline.from_capital(text, text) IS
  'from_capital for a place name or alias (any case or accents); errors on unknown or ambiguous names';

CREATE OR REPLACE FUNCTION frontline.within_radius(capital_id integer, radius_km float8, at timestamptz DEFAULT NULL,
                                        held_by text DEFAULT NULL, sources text[] DEFAULT NULL,
                                        min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL,
                                        areas boolean DEFAULT true)
RETURNS TABLE (place_id integer, place text, kind text, km float8, bearing float8, compass text, controller text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET max_parallel_workers_per_gather = 0 SET plan_cache_mode = force_generic_plan ROWS 100 AS $$
#variable_conflict use_column
DECLARE
    cid integer := frontline.check_place_id(capital_id);
    r float8 := frontline.check_radius(radius_km);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    who text;
    cg @postgis@.geometry;
BEGIN
    IF cid IS NULL THEN
        RAISE EXCEPTION 'capital must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF held_by IS NOT NULL THEN
        IF t IS NULL THEN
            RAISE EXCEPTION 'held_by "%" needs a moment, but at is NULL', held_by
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass at => the moment whose controller should match.';
        END IF;
        who := CASE WHEN lower(btrim(held_by)) IN ('contested', 'unknown') THEN lower(btrim(held_by))
                    ELSE frontline.find_actor(held_by) END;
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    -- Generic plans from the first call (the function's SET): a custom plan
    -- costs each call its planning, 1.2 ms of 2.3 ms for 187 places, and
    -- PostgreSQL moves to the generic plan after five calls anyway; with
    -- it, a call is as fast on its first as on its last execution.
    IF t IS NULL THEN
        -- geometry only: no claim is read (no privilege on them is needed)
        RETURN QUERY
        SELECT w.place_id, w.place, w.kind, w.km, w.bearing, frontline.compass(w.bearing), NULL::text
          FROM frontline._within(cg, r) w
         ORDER BY w.km, w.place_id;
    ELSIF NOT coalesce(areas, true) OR NOT frontline._areas_visible() THEN
        -- places only: the query without the areas' branch, which cost
        -- every call about 0.7 ms of planning (a call finding one place:
        -- 0.9 ms with it, 0.2 ms without; 187 places: 2.1 ms, 1.5 ms)
        RETURN QUERY
        SELECT w.place_id, w.place, w.kind, w.km, w.bearing, frontline.compass(w.bearing), h.controller
          FROM frontline._within(cg, r) w
          LEFT JOIN LATERAL frontline._history_rows(w.place_id, sources, m, k, t) h ON true
         WHERE who IS NULL OR h.controller IS NOT DISTINCT FROM who OR (who = 'unknown' AND h.controller IS NULL)
         ORDER BY w.km, w.place_id;
    ELSE
        -- the controller at t from each candidate's resolved history; and
        -- per controller of ground within the radius by the area claims
        -- (area_snapshot: the ground cache when it serves the filter), one
        -- row '(area)' at the distance of its nearest point (0 inside)
        RETURN QUERY
        SELECT x.place_id, x.place, x.kind, x.km, x.bearing, frontline.compass(x.bearing), x.controller
          FROM (SELECT w.place_id, w.place, w.kind, w.km, w.bearing,
                       h.controller
                  FROM frontline._within(cg, r) w
                  LEFT JOIN LATERAL frontline._history_rows(w.place_id, sources, m, k, t) h ON true
                UNION ALL
                SELECT NULL::integer, '(area)', 'area', n.km,
                       CASE WHEN n.km > 0 THEN frontline.bearing(cg, @postgis@.ST_ClosestPoint(n.geom, cg)) END,
                       n.controller
                  -- each ground's WGS84 distance computed once (OFFSET 0:
                  -- not again in the filter; with ST_DWithin first, two
                  -- spheroid distances over polygons of thousands of points)
                  FROM (SELECT s.controller, s.geom,
                               @postgis@.ST_Distance(s.geom::@postgis@.geography, cg::@postgis@.geography, true) / 1000 AS km
                          FROM frontline.area_snapshot(t, sources, m, NULL, k) s
                         WHERE (who IS NULL OR s.controller = who)
                        OFFSET 0) n
                 WHERE n.km <= r) x
         WHERE who IS NULL OR x.controller IS NOT DISTINCT FROM who OR (who = 'unknown' AND x.controller IS NULL)
         ORDER BY x.km, x.place_id NULLS LAST, x.controller;
    END IF;
END
$$;
COMMENT ON FUNCTION frontline.within_radius(integer, float8, timestamptz, text, text[], real, timestamptz, boolean) IS
  'Every place within radius_km (WGS84 geodesic) of the place capital_id, nearest first, with its bearing and, when at is given, its controller then (actor, ''contested'' or NULL), and per controller of ground within the radius by the area claims a row ''(area)'' (kind area, no place_id) at the distance of its nearest point (0 inside; areas => false: places only); held_by (an actor, ''contested'' or ''unknown'') keeps only what it held at that moment';

CREATE OR REPLACE FUNCTION frontline.rings(capital_id integer, at timestamptz, radii_km float8[], sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (inner_km float8, outer_km float8, controller text, places integer, population bigint, area_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET max_parallel_workers_per_gather = 0 ROWS 20 AS $$
#variable_conflict use_column
DECLARE
    cid integer := frontline.check_place_id(capital_id);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    rs float8[];
    cg @postgis@.geometry;
BEGIN
    IF cid IS NULL OR t IS NULL OR radii_km IS NULL THEN
        RAISE EXCEPTION 'capital, at and radii_km must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF array_ndims(radii_km) > 1 THEN
        RAISE EXCEPTION 'radii_km must be a one-dimensional array, not %-dimensional: %', array_ndims(radii_km), radii_km
            USING ERRCODE = 'array_subscript_error';
    END IF;
    IF cardinality(radii_km) = 0 THEN
        RAISE EXCEPTION 'radii_km is empty' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Give the outer radius of each band, e.g. ARRAY[50, 100, 200].';
    END IF;
    SELECT array_agg(frontline.check_radius(r, 'radii_km element') ORDER BY r) INTO rs FROM unnest(radii_km) r;
    IF (SELECT count(DISTINCT r) FROM unnest(rs) r) < cardinality(rs) THEN
        RAISE EXCEPTION 'radii_km % lists a radius twice', radii_km USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    RETURN QUERY
    WITH bands AS (
        SELECT lag(r, 1, 0::float8) OVER (ORDER BY r) AS inner_km, r AS outer_km FROM unnest(rs) r),
    hits AS (
        SELECT w.place_id, w.population, w.km,
               h.controller
          FROM frontline._within(cg, rs[cardinality(rs)]) w
          LEFT JOIN LATERAL frontline._history_rows(w.place_id, sources, m, k, t) h ON true),
    counted AS (
        SELECT b.inner_km, b.outer_km, h.controller, count(*)::integer AS places, sum(h.population)::bigint AS population
          FROM bands b
          JOIN hits h ON h.km <= b.outer_km AND (h.km > b.inner_km OR b.inner_km = 0)
         GROUP BY b.inner_km, b.outer_km, h.controller),
    -- the ground each controller held in each band by the area claims: the
    -- band is the difference of two geodesic discs (PostGIS's geography
    -- buffer, 32 segments a quarter), its km² geodesic
    ground AS (
        SELECT s.controller, s.geom FROM frontline.area_snapshot(t, sources, m, NULL, k) s
         WHERE frontline._areas_visible()
           AND @postgis@.ST_DWithin(s.geom::@postgis@.geography, cg::@postgis@.geography, rs[cardinality(rs)] * 1000, true)),
    annuli AS (
        SELECT b.inner_km, b.outer_km,
               CASE WHEN b.inner_km = 0 THEN o.g ELSE @postgis@.ST_Difference(o.g, i.g) END AS ring
          FROM bands b
          CROSS JOIN LATERAL (SELECT @postgis@.ST_Buffer(cg::@postgis@.geography, b.outer_km * 1000, 32)::@postgis@.geometry AS g) o
          CROSS JOIN LATERAL (SELECT @postgis@.ST_Buffer(cg::@postgis@.geography, b.inner_km * 1000, 32)::@postgis@.geometry AS g) i
         WHERE EXISTS (SELECT 1 FROM ground)),
    held AS (
        SELECT x.inner_km, x.outer_km, x.controller, x.km2
          FROM (SELECT a.inner_km, a.outer_km, g.controller,
                       frontline.geodesic_area_km2(@postgis@.ST_Intersection(g.geom, a.ring)) AS km2
                  FROM annuli a JOIN ground g ON g.geom OPERATOR(@postgis@.&&) a.ring) x
         WHERE x.km2 > 0)
    SELECT coalesce(c.inner_km, h.inner_km), coalesce(c.outer_km, h.outer_km), coalesce(c.controller, h.controller),
           coalesce(c.places, 0), c.population, h.km2
      FROM counted c
      FULL JOIN held h ON h.inner_km = c.inner_km AND h.controller = c.controller
     ORDER BY coalesce(c.inner_km, h.inner_km), coalesce(c.places, 0) DESC, h.km2 DESC NULLS LAST,
              coalesce(c.controller, h.controller) COLLATE "C" NULLS LAST;
END
$$;
COMMENT ON FUNCTION frontline.rings(integer, timestamptz, float8[], text[], real, timestamptz) IS
  'Who held what in each distance band around a place at one moment: bands [0, r1], (r1, r2], ... from the sorted radii_km, one row per (band, controller) with the number of places, their summed population (NULL when none is known) and the km² of ground it held in the band by the area claims (geodesic; NULL when none)';

CREATE OR REPLACE FUNCTION frontline.front(actor text, capital_id integer, at timestamptz, sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place text, km float8, bearing float8, compass text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET max_parallel_workers_per_gather = 0 SET plan_cache_mode = force_generic_plan ROWS 1 AS $$
#variable_conflict use_column
DECLARE
    a text := frontline.find_actor(actor);
    cid integer := frontline.check_place_id(capital_id);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    cg @postgis@.geometry;
    radius float8;
    pid integer;
BEGIN
    IF a IS NULL OR cid IS NULL OR t IS NULL THEN
        RAISE EXCEPTION 'actor, capital and at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    -- generic plans from the first call (the function's SET, which holds
    -- inside _disc too), as within_radius: at M 9.1 ms a call against 10.4 ms
    -- with custom plans, at D 1.1 ms against 3.3 ms; PostgreSQL moved to
    -- them after five calls anyway.
    -- growing discs (_disc_radii): the nearest held place within a disc is
    -- the nearest of all
    FOREACH radius IN ARRAY frontline._disc_radii() LOOP
        SELECT d.place_id INTO pid
          FROM frontline._disc(cg, radius, sources, m, k) d
         WHERE frontline.control_at(d.history, t) = a
         ORDER BY d.km, d.place_id LIMIT 1;
        EXIT WHEN pid IS NOT NULL;
    END LOOP;
    -- the actor's ground by the area claims (0 inside), when nearer
    RETURN QUERY
    SELECT h.name, h.km, b.az, frontline.compass(b.az)
      FROM (SELECT x.name, x.geom, x.km FROM (
                SELECT p.name, p.geom, frontline.geodesic_km(cg, p.geom) AS km, 0 AS o
                  FROM frontline.place p WHERE p.place_id = pid
                UNION ALL
                SELECT '(area)', n.nearest, n.km, 1
                  FROM frontline._area_nearest(a, cg, t, sources, m, k) n) x
             ORDER BY x.km, x.o LIMIT 1) h
     CROSS JOIN LATERAL (SELECT CASE WHEN h.km > 0 THEN frontline.bearing(cg, h.geom) END AS az) b;
END
$$;
COMMENT ON FUNCTION frontline.front(text, integer, timestamptz, text[], real, timestamptz) IS
  'The front''s closest approach: the place the actor held at that moment that is nearest (WGS84) to the capital, or ''(area)'' when ground it held by the area claims is nearer (geodesic distance to its nearest point, 0 inside), with bearing; no row when it held nothing. Ties go to the place, then the lower place_id.';

CREATE OR REPLACE FUNCTION frontline.front_series(actor text, capital_id integer, from_t timestamptz, to_t timestamptz,
                                       step interval, sources text[] DEFAULT NULL,
                                       min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (t timestamptz, place text, km float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
    SET max_parallel_workers_per_gather = 0 SET plan_cache_mode = force_generic_plan ROWS 365 AS $$
#variable_conflict use_column
DECLARE
    a text := frontline.find_actor(actor);
    cid integer := frontline.check_place_id(capital_id);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    steps timestamptz[];
    cg @postgis@.geometry;
    radius float8;
    res integer[];
    ck text;
BEGIN
    IF a IS NULL OR cid IS NULL THEN
        RAISE EXCEPTION 'actor and capital must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    steps := frontline.series_steps(f, u, step);
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    -- Each place's spans of holding become step ranges, then one heap sweep
    -- over the resolved histories, in any order (no sort).  Growing discs
    -- (_disc_radii): a step answered inside a disc is exact (every place
    -- nearer than its answer is in the disc); a step without answer needs a
    -- wider one.  Generic plans from the first call, as front (its SET): at
    -- M 11.4 ms for 30 steps against 12.0 ms custom, at D 2.9 ms against 4.6.
    FOREACH radius IN ARRAY frontline._disc_radii() LOOP
        SELECT frontline._front_hist(x.place_id, x.history, a, x.km, steps) INTO res
          FROM (SELECT NULL::integer AS place_id, NULL::frontline.control_history AS history, NULL::float8 AS km
                UNION ALL
                SELECT d.place_id, d.history, d.km
                  FROM frontline._disc(cg, radius, sources, m, k) d
                 WHERE frontline._held_during(d.history, a, f, u)) x;
        EXIT WHEN array_position(res, NULL) IS NULL;
    END LOOP;
    -- ground held by the area claims, when there are any: from the ground
    -- cache, one distance per version in force during the steps (the
    -- ground only changes at versions); otherwise step by step
    ck := CASE WHEN frontline._areas_visible() THEN frontline._area_cache_key(sources, m, k, NULL) END;
    IF ck IS NOT NULL THEN
        RETURN QUERY
        WITH sv AS MATERIALIZED (
            SELECT s.t, s.pid, s.i, frontline._area_cache_version(ck, s.t) AS v
              FROM unnest(steps, res) WITH ORDINALITY s(t, pid, i)),
        dv AS MATERIALIZED (
            SELECT g.at AS v,
                   @postgis@.ST_Distance(g.geom::@postgis@.geography, cg::@postgis@.geography, true) / 1000 AS km
              FROM (SELECT DISTINCT sv.v FROM sv WHERE sv.v IS NOT NULL) d
              JOIN frontline._area_cache_ground g ON g.layer_key = ck AND g.at = d.v AND g.controller = a
             WHERE NOT @postgis@.ST_IsEmpty(g.geom))
        SELECT sv.t, CASE WHEN n.km < frontline.geodesic_km(cg, p.geom) OR p.place_id IS NULL AND n.km IS NOT NULL
                          THEN '(area)' ELSE p.name END,
               CASE WHEN n.km < frontline.geodesic_km(cg, p.geom) OR p.place_id IS NULL
                    THEN n.km ELSE frontline.geodesic_km(cg, p.geom) END
          FROM sv
          LEFT JOIN frontline.place p ON p.place_id = sv.pid
          LEFT JOIN dv n ON n.v = sv.v
         ORDER BY sv.i;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT s.t, CASE WHEN n.km < frontline.geodesic_km(cg, p.geom) OR p.place_id IS NULL AND n.km IS NOT NULL
                     THEN '(area)' ELSE p.name END,
           CASE WHEN n.km < frontline.geodesic_km(cg, p.geom) OR p.place_id IS NULL
                THEN n.km ELSE frontline.geodesic_km(cg, p.geom) END
      FROM unnest(steps, res) WITH ORDINALITY s(t, pid, i)
      LEFT JOIN frontline.place p ON p.place_id = s.pid
      LEFT JOIN LATERAL frontline._area_nearest(a, cg, s.t, sources, m, k) n ON true
     ORDER BY s.i;
END
$$;
CREATE OR REPLACE FUNCTION frontline._front_hist_trans(internal, integer, frontline.control_history, text, float8, timestamptz[])
RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__front_hist_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._front_hist_trans(internal, integer, frontline.control_history, text, float8, timestamptz[]) IS
  'Internal: transition function of _front_hist';
CREATE OR REPLACE FUNCTION frontline._front_hist_final(internal) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'frontline__front_hist_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._front_hist_final(internal) IS
  'Internal: final function of _front_hist';
CREATE OR REPLACE AGGREGATE frontline._front_hist(place_id integer, history frontline.control_history, actor text, km float8,
                                       steps timestamptz[]) (
    SFUNC = frontline._front_hist_trans,
    STYPE = internal,
    FINALFUNC = frontline._front_hist_final,
    FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE frontline._front_hist(integer, frontline.control_history, text, float8, timestamptz[]) IS
  'Internal: the front sweep over resolved histories, fed in any order (the steps of the first row are used); returns per step the place the actor held nearest to the capital (NULL when none)';
CREATE OR REPLACE FUNCTION frontline._held_during(h frontline.control_history, actor text, from_t timestamptz, to_t timestamptz)
RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__held_during' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._held_during(frontline.control_history, text, timestamptz, timestamptz) IS
  'Internal: does the history give the place to the actor at some instant of [from_t, to_t]?';

COMMENT ON FUNCTION frontline.front_series(text, integer, timestamptz, timestamptz, interval, text[], real, timestamptz) IS
  'front() at every t of generate_series(from_t, to_t, step), computed in one sweep over the resolved histories of the places (area claims, when there are any, are resolved per step); place and km are NULL at steps where the actor held nothing';

-- ------------------------------------------------------------------ by name
-- The forms that take the capital's name (or alias): the name is looked up
-- first (42704 with the closest names, 22023 when ambiguous: then pass the
-- place_id to the forms above).
CREATE OR REPLACE FUNCTION frontline.within_radius(capital text, radius_km float8, at timestamptz DEFAULT NULL,
                                        held_by text DEFAULT NULL, sources text[] DEFAULT NULL,
                                        min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL,
                                        areas boolean DEFAULT true)
RETURNS TABLE (place_id integer, place text, kind text, km float8, bearing float8, compass text, controller text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
BEGIN ATOMIC
    SELECT * FROM frontline.within_radius(frontline.find_place(within_radius.capital), within_radius.radius_km,
                                          within_radius.at, within_radius.held_by, within_radius.sources,
                                          within_radius.min_confidence, within_radius.as_of, within_radius.areas);
END;
COMMENT ON FUNCTION frontline.within_radius(text, float8, timestamptz, text, text[], real, timestamptz, boolean) IS
  'within_radius() around the named place (name or alias, any case or accents): places, and ground by the area claims as rows ''(area)''';

CREATE OR REPLACE FUNCTION frontline.rings(capital text, at timestamptz, radii_km float8[], sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (inner_km float8, outer_km float8, controller text, places integer, population bigint, area_km2 float8)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 20
BEGIN ATOMIC
    SELECT * FROM frontline.rings(frontline.find_place(rings.capital), rings.at, rings.radii_km, rings.sources,
                                  rings.min_confidence, rings.as_of);
END;
COMMENT ON FUNCTION frontline.rings(text, timestamptz, float8[], text[], real, timestamptz) IS
  'rings() around the named place (name or alias, any case or accents)';

CREATE OR REPLACE FUNCTION frontline.front(actor text, capital text, at timestamptz, sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place text, km float8, bearing float8, compass text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT * FROM frontline.front(front.actor, frontline.find_place(front.capital), front.at, front.sources,
                                  front.min_confidence, front.as_of);
END;
COMMENT ON FUNCTION frontline.front(text, text, timestamptz, text[], real, timestamptz) IS
  'front() from the named place (name or alias, any case or accents)';

CREATE OR REPLACE FUNCTION frontline.front_series(actor text, capital text, from_t timestamptz, to_t timestamptz,
                                       step interval, sources text[] DEFAULT NULL,
                                       min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (t timestamptz, place text, km float8)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 365
BEGIN ATOMIC
    SELECT * FROM frontline.front_series(front_series.actor, frontline.find_place(front_series.capital), front_series.from_t,
                                         front_series.to_t, front_series.step, front_series.sources,
                                         front_series.min_confidence, front_series.as_of);
END;
COMMENT ON FUNCTION frontline.front_series(text, text, timestamptz, timestamptz, interval, text[], real, timestamptz) IS
  'front_series() from the named place (name or alias, any case or accents)';
