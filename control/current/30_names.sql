-- ------------------------------------------------------------------ lookups
-- Name lookup is case-, accent- and punctuation-insensitive (fold_name) over
-- place names and aliases.  Unknown names raise 42704 with the closest
-- candidates in the hint; ambiguous names raise 22023 listing the matches.

-- The places a folded key names, by their name or an alias: through the
-- folded-name indexes of place and place_alias (an OR across the two
-- tables reads every place).  SQL with a standard body and no SET, so the
-- planner inlines it into its callers: find_place, import_acled's place
-- lookup, _admin1_key.
CREATE OR REPLACE FUNCTION frontline._places_named(key text) RETURNS TABLE (place_id integer)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 2
BEGIN ATOMIC
    SELECT p.place_id FROM frontline.place p WHERE frontline.fold_name(p.name) = _places_named.key
    UNION
    SELECT a.place_id FROM frontline.place_alias a WHERE frontline.fold_name(a.alias) = _places_named.key;
END;
COMMENT ON FUNCTION frontline._places_named(text) IS
  'Internal: the place_ids whose folded name or alias is key (a fold_name result), through the folded-name indexes';

CREATE OR REPLACE FUNCTION frontline.find_place(name text) RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k text := frontline.fold_name(name);
    ids integer[];
    cands text;
BEGIN
    IF name IS NULL THEN
        RETURN NULL;
    END IF;
    IF k = '' THEN
        RAISE EXCEPTION 'place name "%" has no letter or digit', name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Names are looked up ignoring case, accents, spaces and punctuation.';
    END IF;
    SELECT array_agg(m.place_id ORDER BY m.place_id) INTO ids FROM frontline._places_named(k) m;
    IF cardinality(ids) = 1 THEN
        RETURN ids[1];
    END IF;
    -- a place_id that reached the name overload: a quoted number, or a
    -- parameter sent untyped (node-postgres, pgbench -M prepared) resolves
    -- control_at($1, ...) to control_at(place text, ...)
    IF ids IS NULL AND btrim(find_place.name) ~ '^[0-9]{1,9}$'
       AND EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = btrim(find_place.name)::integer) THEN
        RAISE EXCEPTION 'unknown place "%"', find_place.name
            USING ERRCODE = 'undefined_object',
                  DETAIL = format('No place is named "%s"; place_id %s exists.', find_place.name, btrim(find_place.name)),
                  HINT = 'A text argument is looked up as a name. For the place_id, pass an integer: 42, or a parameter typed integer ($1::integer).';
    END IF;
    IF ids IS NULL THEN
        SELECT string_agg(format('"%s"', c.n), ', ' ORDER BY c.d, c.n) INTO cands FROM (
            SELECT x.n, min(x.d) AS d FROM (
                -- a name containing what was typed ranks first, then by edit distance
                SELECT p.name AS n,
                       CASE WHEN k <> '' AND strpos(frontline.fold_name(p.name), k) > 0 THEN 0
                            ELSE frontline.name_distance(k, frontline.fold_name(p.name)) END AS d
                  FROM frontline.place p
                UNION ALL
                SELECT a.alias,
                       CASE WHEN k <> '' AND strpos(frontline.fold_name(a.alias), k) > 0 THEN 0
                            ELSE frontline.name_distance(k, frontline.fold_name(a.alias)) END
                  FROM frontline.place_alias a) x
             GROUP BY x.n ORDER BY min(x.d), x.n LIMIT 3) c;
        RAISE EXCEPTION 'unknown place "%"', name
            USING ERRCODE = 'undefined_object',
                  HINT = CASE WHEN cands IS NULL THEN 'No places are loaded yet: add them with frontline.add_place().'
                              ELSE 'Closest names: ' || cands || '.' END;
    END IF;
    SELECT string_agg(format('%s (%s%s, place_id %s)', p.name, p.kind,
                             coalesce(', ' || p.admin1, '') || coalesce(', ' || p.country, ''), p.place_id),
                      '; ' ORDER BY p.place_id) INTO cands
      FROM frontline.place p WHERE p.place_id = ANY (ids);
    RAISE EXCEPTION 'place name "%" is ambiguous: it matches % places', name, cardinality(ids)
        USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Matches: ' || cands || '.',
              HINT = 'Pass the place_id instead of the name.';
END
$$;
COMMENT ON FUNCTION frontline.find_place(text) IS
  'place_id of a place name or alias (case-, accent- and punctuation-insensitive); NULL for NULL; errors on unknown (with near misses) or ambiguous names';

CREATE OR REPLACE FUNCTION frontline.check_place_id(place_id integer) RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF place_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = check_place_id.place_id) THEN
        RAISE EXCEPTION 'place_id % does not exist', place_id
            USING ERRCODE = 'undefined_object', HINT = 'See frontline.place for the ids.';
    END IF;
    RETURN place_id;
END
$$;
COMMENT ON FUNCTION frontline.check_place_id(integer) IS 'Returns place_id, or raises 42704 when no such place exists';

CREATE OR REPLACE FUNCTION frontline.find_actor(name text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    found text;
    cands text;
BEGIN
    IF name IS NULL THEN
        RETURN NULL;
    END IF;
    IF frontline.fold_name(name) = '' THEN
        RAISE EXCEPTION 'actor name "%" has no letter or digit', name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Names are looked up ignoring case, accents, spaces and punctuation.';
    END IF;
    IF lower(btrim(name)) IN ('contested', 'unknown') THEN
        RAISE EXCEPTION '"%" is a reserved word, not an actor', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use frontline.record_contested() or frontline.record_unknown() for those states.';
    END IF;
    SELECT a.name INTO found FROM frontline.actor a WHERE a.name = find_actor.name;
    IF found IS NULL THEN
        SELECT a.name INTO found FROM frontline.actor a
         WHERE frontline.fold_name(a.name) = frontline.fold_name(find_actor.name);
    END IF;
    IF found IS NULL THEN
        SELECT string_agg(format('"%s"', c.name), ', ' ORDER BY c.d, c.name) INTO cands FROM (
            SELECT a.name, frontline.name_distance(frontline.fold_name(find_actor.name), frontline.fold_name(a.name)) AS d
              FROM frontline.actor a ORDER BY 2, 1 LIMIT 3) c;
        RAISE EXCEPTION 'unknown actor "%"', name
            USING ERRCODE = 'undefined_object',
                  HINT = coalesce('Closest actors: ' || cands || '. ', '')
                         || 'Add a new one with frontline.add_actor().';
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION frontline.find_actor(text) IS
  'Canonical name of an actor (exact, else case/accent-insensitive match); errors on unknown names (with near misses) and on the reserved words contested/unknown';

-- A source CRS is valid only over its domain: EPSG:3857 maps y = 1e30 to
-- the North Pole, and a transformation outside the domain can quietly
-- return a point that transforms back to somewhere else.  A geometry is
-- accepted only when it survives the round trip to EPSG:4326 and back.
CREATE OR REPLACE FUNCTION frontline._transform_to_wgs84(g @postgis@.geometry, what text DEFAULT 'geometry')
RETURNS @postgis@.geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g2 @postgis@.geometry := @postgis@.ST_Force2D(g);
    r @postgis@.geometry;
    back @postgis@.geometry;
    scale float8;
    moved float8;
BEGIN
    BEGIN
        r := @postgis@.ST_Transform(g2, 4326);
        back := @postgis@.ST_Transform(r, @postgis@.ST_SRID(g));
        moved := @postgis@.ST_HausdorffDistance(g2, back);
    EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION '% is outside the domain of SRID %: %', what, @postgis@.ST_SRID(g), left(@postgis@.ST_AsText(g2), 200)
            USING ERRCODE = 'invalid_parameter_value', DETAIL = format('PROJ: %s', SQLERRM),
                  HINT = 'Check the coordinates and the SRID: the coordinates may be in another CRS.';
    END;
    scale := greatest(1.0, abs(@postgis@.ST_XMin(g2)), abs(@postgis@.ST_XMax(g2)),
                      abs(@postgis@.ST_YMin(g2)), abs(@postgis@.ST_YMax(g2)));
    IF NOT (moved <= scale * 1e-7) THEN
        RAISE EXCEPTION '% is outside the domain of SRID %: %', what, @postgis@.ST_SRID(g), left(@postgis@.ST_AsText(g2), 200)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Transformed to EPSG:4326 and back, it moves by %s units of SRID %s.', moved, @postgis@.ST_SRID(g)),
                  HINT = 'Check the coordinates and the SRID: the coordinates may be in another CRS.';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION frontline._transform_to_wgs84(@postgis@.geometry, text) IS
  'Internal: the geometry (2D) transformed to EPSG:4326 by PostGIS, refused (22023, naming `what`) when it lies outside its CRS''s domain (it does not survive the round trip back)';

CREATE OR REPLACE FUNCTION frontline.check_geometry(g @postgis@.geometry, what text DEFAULT 'geometry', point_only boolean DEFAULT false)
RETURNS @postgis@.geometry
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r @postgis@.geometry := g;
    gt text;
BEGIN
    IF g IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF @postgis@.ST_SRID(g) = 0 THEN
        RAISE EXCEPTION '% has no SRID', what
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For longitude/latitude use ST_SetSRID(geom, 4326).';
    END IF;
    IF @postgis@.ST_IsEmpty(g) THEN
        RAISE EXCEPTION '% is empty', what USING ERRCODE = 'invalid_parameter_value';
    END IF;
    gt := @postgis@.GeometryType(g);
    IF point_only AND gt <> 'POINT' THEN
        RAISE EXCEPTION '% must be a POINT, not %', what, gt USING ERRCODE = 'invalid_parameter_value';
    ELSIF gt NOT IN ('POINT', 'POLYGON', 'MULTIPOLYGON') THEN
        RAISE EXCEPTION '% must be a POINT, POLYGON or MULTIPOLYGON, not %', what, gt
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF @postgis@.ST_SRID(g) <> 4326 THEN
        IF NOT EXISTS (SELECT 1 FROM @postgis@.spatial_ref_sys s WHERE s.srid = @postgis@.ST_SRID(g)) THEN
            RAISE EXCEPTION '% has unknown SRID %', what, @postgis@.ST_SRID(g)
                USING ERRCODE = 'invalid_parameter_value', HINT = 'See spatial_ref_sys for known SRIDs.';
        END IF;
        r := frontline._transform_to_wgs84(g, what);
    END IF;
    IF NOT (@postgis@.ST_XMin(r) >= -180 AND @postgis@.ST_XMax(r) <= 180 AND @postgis@.ST_YMin(r) >= -90 AND @postgis@.ST_YMax(r) <= 90) THEN
        RAISE EXCEPTION '% has coordinates out of range: %', what, left(@postgis@.ST_AsText(r), 200)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Longitude must be within -180..180 and latitude within -90..90 (EPSG:4326 is X = longitude, Y = latitude); NaN and infinity are not coordinates.';
    END IF;
    IF gt <> 'POINT' AND @postgis@.ST_IsValidReason(r) <> 'Valid Geometry' THEN
        RAISE EXCEPTION '% is not a valid polygon: %', what, @postgis@.ST_IsValidReason(r)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Repair it with ST_CollectionExtract(ST_MakeValid(geom), 3), which keeps its polygons (ST_MakeValid alone can return a GeometryCollection).';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION frontline.check_geometry(@postgis@.geometry, text, boolean) IS
  'Validates a geometry for frontline (SRID set and known, not empty, point or polygon, lon/lat in range, valid) and returns it in EPSG:4326';
