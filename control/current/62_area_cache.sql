-- ------------------------------------------------------------------ areas: the ground cache
-- The ground each controller holds at every version (an instant of area
-- claims), under no filter, per layer and for all layers (layer_key ''),
-- with what it gained and lost since the version before
-- (frontline_internal.area_ground, 25_areas.sql).  The ground only changes at
-- the instants of claims, so the version at or before a moment answers for
-- it: area_snapshot is one lookup, area_series a few index probes per step
-- and no overlay when its steps meet consecutive versions, front a distance
-- to one cached polygon.  docs/areas.md, "The ground cache".
--
-- It is kept as the place cache is (50_cache.sql, src/fl_cache_sql.c):
-- triggers on control_area and area_layer remember the earliest instant a
-- transaction touched; at commit area_apply() recomputes every version from
-- there on, as the owner, in a security-restricted operation.  Reads use it
-- only when _area_cache_usable() (SELECT on the tables, no row-level
-- security, no area writes waiting for commit, no load that bypassed the
-- triggers) and when their filter leaves every claim in
-- (_area_cache_serves); otherwise they compute from the claims the caller
-- can see, as before.

CREATE OR REPLACE FUNCTION frontline_internal.area_mark() RETURNS trigger
    AS 'MODULE_PATHNAME', 'frontline_area_mark' LANGUAGE C;
COMMENT ON FUNCTION frontline_internal.area_mark() IS
  'Internal trigger: remembers the earliest instant of the area claims a statement wrote (every version for TRUNCATE and for a layer''s settings), for the ground cache''s recomputation at commit';

CREATE OR REPLACE FUNCTION frontline._area_cache_usable() RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__area_cache_usable' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION frontline._area_cache_usable() IS
  'Internal: may area reads come from the ground cache? The caller may SELECT control_area and area_layer with no row-level security applying, its transaction has no area writes waiting for commit, and no load bypassed the triggers';

-- Run by the commit-time flush only, as the owner (EXECUTE revoked from
-- PUBLIC; the guard refuses its writes outside the flush).  One maintainer
-- at a time: the row '' of area_cache_key is locked first, so a second
-- committer waits and (READ COMMITTED) recomputes from a snapshot that sees
-- the first one's claims, or (REPEATABLE READ, SERIALIZABLE) fails with
-- 40001; never a stale version.
CREATE OR REPLACE FUNCTION frontline_internal.area_apply(from_at timestamptz)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    f CONSTANT timestamptz := coalesce(from_at, '-infinity');
    rels CONSTANT regclass[] := ARRAY['frontline_internal.area_cache_key', 'frontline_internal.area_version',
                                      'frontline_internal.area_ground', 'frontline_internal.area_piece',
                                      'frontline_internal.cache_note']::regclass[];
    keys text[];
    k text;
    fk timestamptz;
    err text;
    v timestamptz;
    pv timestamptz;
    over boolean;
    n integer := 0;
BEGIN
    PERFORM frontline_internal.refuse_foreign_code(rels, 'ground cache');
    PERFORM 1 FROM frontline_internal.area_cache_key c WHERE c.layer_key = '' FOR NO KEY UPDATE;
    -- the layers first, all layers ('') last: with one layer, '' is a copy
    keys := ARRAY(SELECT DISTINCT a.layer FROM frontline.control_area a ORDER BY 1) || '{""}'::text[];
    -- layers whose claims are all gone
    DELETE FROM frontline_internal.area_ground g WHERE g.layer_key <> ALL (keys);
    DELETE FROM frontline_internal.area_version g WHERE g.layer_key <> ALL (keys);
    DELETE FROM frontline_internal.area_cache_key g WHERE g.layer_key <> ALL (keys);
    -- every version from every area claim: whatever was written with the
    -- triggers disabled is in (27_cache_note.sql)
    IF from_at IS NULL THEN
        DELETE FROM frontline_internal.cache_note n WHERE n.cache = 'areas';
    END IF;
    FOREACH k IN ARRAY keys LOOP
        -- a layer whose last computation failed is recomputed whole
        fk := CASE WHEN EXISTS (SELECT 1 FROM frontline_internal.area_cache_key c
                                 WHERE c.layer_key = k AND c.error IS NOT NULL) THEN '-infinity' ELSE f END;
        err := NULL;
        BEGIN
            DELETE FROM frontline_internal.area_ground g WHERE g.layer_key = k AND g.at >= fk;
            DELETE FROM frontline_internal.area_version g WHERE g.layer_key = k AND g.at >= fk;
            IF k = '' AND cardinality(keys) = 2 THEN
                -- one layer: all layers' ground is that layer's
                IF (SELECT c.error FROM frontline_internal.area_cache_key c WHERE c.layer_key = keys[1]) IS NOT NULL THEN
                    RAISE EXCEPTION USING MESSAGE = (SELECT c.error FROM frontline_internal.area_cache_key c WHERE c.layer_key = keys[1]);
                END IF;
                INSERT INTO frontline_internal.area_version (layer_key, at)
                SELECT '', v.at FROM frontline_internal.area_version v WHERE v.layer_key = keys[1] AND v.at >= fk;
                INSERT INTO frontline_internal.area_ground (layer_key, at, controller, geom, held_km2, gained_km2, lost_km2)
                SELECT '', g.at, g.controller, g.geom, g.held_km2, g.gained_km2, g.lost_km2
                  FROM frontline_internal.area_ground g WHERE g.layer_key = keys[1] AND g.at >= fk;
            ELSE
                pv := (SELECT max(g.at) FROM frontline_internal.area_version g WHERE g.layer_key = k AND g.at < fk);
                FOR v IN SELECT DISTINCT a.at FROM frontline.control_area a
                          WHERE (k = '' OR a.layer = k) AND a.at >= fk ORDER BY 1 LOOP
                    INSERT INTO frontline_internal.area_version (layer_key, at) VALUES (k, v);
                    -- the ground at v, as area_snapshot computes it, against
                    -- the ground at the version before (nothing before the
                    -- first).  When no claim at v belongs to a layer with a
                    -- default, the defaults and the maps they replace are
                    -- those of pv: the claims at v (resolved among
                    -- themselves) are laid over the ground at pv, so each
                    -- version costs its own claims, not every claim before it.
                    over := pv IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM frontline.control_area a JOIN frontline.area_layer l ON l.layer = a.layer
                         WHERE a.at = v AND (k = '' OR a.layer = k) AND l.default_state IS NOT NULL);
                    INSERT INTO frontline_internal.area_ground (layer_key, at, controller, geom, held_km2, gained_km2, lost_km2)
                    SELECT k, v, coalesce(c.controller, p.controller),
                           coalesce(c.g, 'SRID=4326;MULTIPOLYGON EMPTY'),
                           coalesce(frontline.geodesic_area_km2(c.g), 0),
                           d.gained_km2, d.lost_km2
                      FROM (SELECT u.controller, u.g
                              FROM (SELECT gr.controller,
                                           @postgis@.ST_Multi(@postgis@.ST_CollectionExtract(@postgis@.ST_Union(gr.geom), 3)) AS g
                                      FROM (SELECT gv.controller, gv.geom
                                              FROM frontline._area_ground(v, NULL, 0, NULL, nullif(k, ''), NULL,
                                                                          CASE WHEN over THEN pv END) gv
                                            UNION ALL
                                            -- laid over: what the claims at v leave of the ground at pv
                                            SELECT g.controller,
                                                   CASE WHEN NOT (g.geom OPERATOR(@postgis@.&&) cover.u) THEN g.geom
                                                        ELSE @postgis@.ST_CollectionExtract(@postgis@.ST_Difference(g.geom, cover.u), 3) END
                                              FROM frontline_internal.area_ground g,
                                                   (SELECT @postgis@.ST_Union(a.geom) AS u FROM frontline.control_area a
                                                     WHERE a.at = v AND (k = '' OR a.layer = k)) cover
                                             WHERE over AND g.layer_key = k AND g.at = pv AND NOT @postgis@.ST_IsEmpty(g.geom)) gr
                                     WHERE gr.controller IS NOT NULL AND NOT @postgis@.ST_IsEmpty(gr.geom)
                                     GROUP BY gr.controller) u
                             WHERE NOT @postgis@.ST_IsEmpty(u.g)) c
                      FULL JOIN (SELECT g.controller, g.geom AS g FROM frontline_internal.area_ground g
                                  WHERE g.layer_key = k AND g.at = pv AND NOT @postgis@.ST_IsEmpty(g.geom)) p
                        ON p.controller = c.controller
                     CROSS JOIN LATERAL frontline._gained_lost(c.g, p.g) d;
                    pv := v;
                    n := n + 1;
                END LOOP;
            END IF;
            IF k = '' THEN
                DELETE FROM frontline_internal.area_piece p WHERE p.at >= fk;
                INSERT INTO frontline_internal.area_piece (at, controller, x_min, x_max, y_min, y_max, geom)
                SELECT g.at, g.controller, @postgis@.ST_XMin(s.geom), @postgis@.ST_XMax(s.geom),
                       @postgis@.ST_YMin(s.geom), @postgis@.ST_YMax(s.geom), s.geom
                  FROM frontline_internal.area_ground g
                 CROSS JOIN LATERAL @postgis@.ST_Subdivide(g.geom, 256) s(geom)
                 WHERE g.layer_key = '' AND g.at >= fk AND NOT @postgis@.ST_IsEmpty(g.geom);
            END IF;
        EXCEPTION WHEN OTHERS THEN
            -- GEOS can fail on the overlays of valid maps: the write still
            -- commits, the layer is left out of the cache and its reads are
            -- computed from the claims (which meet the same error)
            IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '57%' OR SQLSTATE = '42501' THEN
                RAISE;
            END IF;
            err := SQLERRM;
            DELETE FROM frontline_internal.area_ground g WHERE g.layer_key = k;
            DELETE FROM frontline_internal.area_version g WHERE g.layer_key = k;
            IF k = '' THEN
                DELETE FROM frontline_internal.area_piece;
            END IF;
            RAISE WARNING 'frontline could not compute the ground of %: %', coalesce(nullif(quote_literal(k), ''''''), 'all layers'), err
                USING DETAIL = 'The claims were written; reads of this ground are computed from the claims.',
                      HINT = 'Check the maps of this layer (ST_IsValid, near-coincident edges); frontline.refresh_cache() retries.';
        END;
        INSERT INTO frontline_internal.area_cache_key AS o
               (layer_key, sources, null_source, min_confidence, unrated, max_reported, max_area, error)
        SELECT k, coalesce(array_agg(DISTINCT a.source ORDER BY a.source) FILTER (WHERE a.source IS NOT NULL), '{}'),
               coalesce(bool_or(a.source IS NULL), false), min(a.confidence),
               coalesce(bool_or(a.confidence IS NULL), false), max(a.reported_at), coalesce(max(a.area_id), 0), err
          FROM frontline.control_area a
         WHERE k = '' OR a.layer = k
        ON CONFLICT (layer_key) DO UPDATE
           SET sources = excluded.sources, null_source = excluded.null_source,
               min_confidence = excluded.min_confidence, unrated = excluded.unrated,
               max_reported = excluded.max_reported, max_area = excluded.max_area, error = excluded.error;
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.area_apply(timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.area_apply(timestamptz) IS
  'Internal, run only by the commit-time flush as the owner: recompute the ground cache''s versions at and after from_at (every version when NULL), per layer and for all layers, from every area claim; returns how many versions were written';

CREATE OR REPLACE TRIGGER area_cache_key_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.area_cache_key FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
CREATE OR REPLACE TRIGGER area_version_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.area_version FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
CREATE OR REPLACE TRIGGER area_ground_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.area_ground FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
CREATE OR REPLACE TRIGGER area_piece_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.area_piece FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.area_cache_key ENABLE ALWAYS TRIGGER area_cache_key_guard;
ALTER TABLE frontline_internal.area_version ENABLE ALWAYS TRIGGER area_version_guard;
ALTER TABLE frontline_internal.area_ground ENABLE ALWAYS TRIGGER area_ground_guard;
ALTER TABLE frontline_internal.area_piece ENABLE ALWAYS TRIGGER area_piece_guard;
COMMENT ON TRIGGER area_cache_key_guard ON frontline_internal.area_cache_key IS
  'Refuses every write but frontline''s commit-time maintenance, whatever was granted';
COMMENT ON TRIGGER area_version_guard ON frontline_internal.area_version IS
  'Refuses every write but frontline''s commit-time maintenance, whatever was granted';
COMMENT ON TRIGGER area_ground_guard ON frontline_internal.area_ground IS
  'Refuses every write but frontline''s commit-time maintenance, whatever was granted';
COMMENT ON TRIGGER area_piece_guard ON frontline_internal.area_piece IS
  'Refuses every write but frontline''s commit-time maintenance, whatever was granted';

CREATE OR REPLACE TRIGGER control_area_cache_insert AFTER INSERT ON frontline.control_area
    REFERENCING NEW TABLE AS new_areas
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER control_area_cache_update AFTER UPDATE ON frontline.control_area
    REFERENCING OLD TABLE AS old_areas NEW TABLE AS new_areas
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER control_area_cache_delete AFTER DELETE ON frontline.control_area
    REFERENCING OLD TABLE AS old_areas
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER control_area_cache_truncate AFTER TRUNCATE ON frontline.control_area
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER control_area_cache_replica AFTER INSERT OR UPDATE OR DELETE ON frontline.control_area
    FOR EACH ROW EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER area_layer_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON frontline.area_layer
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.area_mark();
CREATE OR REPLACE TRIGGER area_layer_cache_replica AFTER INSERT OR UPDATE OR DELETE ON frontline.area_layer
    FOR EACH ROW EXECUTE FUNCTION frontline_internal.area_mark();
ALTER TABLE frontline.control_area ENABLE ALWAYS TRIGGER control_area_cache_insert;
ALTER TABLE frontline.control_area ENABLE ALWAYS TRIGGER control_area_cache_update;
ALTER TABLE frontline.control_area ENABLE ALWAYS TRIGGER control_area_cache_delete;
ALTER TABLE frontline.control_area ENABLE ALWAYS TRIGGER control_area_cache_truncate;
ALTER TABLE frontline.control_area ENABLE REPLICA TRIGGER control_area_cache_replica;
ALTER TABLE frontline.area_layer ENABLE ALWAYS TRIGGER area_layer_cache;
ALTER TABLE frontline.area_layer ENABLE REPLICA TRIGGER area_layer_cache_replica;
COMMENT ON TRIGGER control_area_cache_insert ON frontline.control_area IS 'Marks the versions from the new claims'' instants on for the ground cache (recomputed at commit)';
COMMENT ON TRIGGER control_area_cache_update ON frontline.control_area IS 'Marks the versions from the changed claims'' instants on for the ground cache (recomputed at commit)';
COMMENT ON TRIGGER control_area_cache_delete ON frontline.control_area IS 'Marks the versions from the deleted claims'' instants on for the ground cache (recomputed at commit)';
COMMENT ON TRIGGER control_area_cache_truncate ON frontline.control_area IS 'Marks every version of the ground cache (recomputed at commit)';
COMMENT ON TRIGGER control_area_cache_replica ON frontline.control_area IS 'Replica mode only (logical-replication apply): marks the row''s instant for the ground cache';
COMMENT ON TRIGGER area_layer_cache ON frontline.area_layer IS 'A layer''s default changes the ground of all its maps: marks every version of the ground cache';
COMMENT ON TRIGGER area_layer_cache_replica ON frontline.area_layer IS 'Replica mode only (logical-replication apply): marks every version of the ground cache';

-- Is the ground cache complete?  Area claims loaded with the triggers
-- disabled have ids above the largest it has seen, and disabling a trigger
-- of the ground cache wrote a stale note (27_cache_note.sql): the next area
-- write through the triggers would carry the largest id past them.  A view:
-- it reads the cache with its owner's rights.
CREATE OR REPLACE VIEW frontline._area_cache_state AS
    SELECT coalesce((SELECT max(a.area_id) FROM frontline.control_area a), 0)
             <= (SELECT k.max_area FROM frontline_internal.area_cache_key k WHERE k.layer_key = '')
       AND NOT EXISTS (SELECT 1 FROM frontline_internal.cache_note n WHERE n.cache = 'areas' AND n.stale) AS complete;
GRANT SELECT ON frontline._area_cache_state TO PUBLIC;
COMMENT ON VIEW frontline._area_cache_state IS
  'Internal: complete is false when area claims may have been written with the triggers disabled (a trigger of the ground cache was disabled: a stale note; or their ids exceed those the ground cache has seen); area reads then come from the claims until frontline.refresh_cache()';
COMMENT ON COLUMN frontline._area_cache_state.complete IS 'The ground cache has seen the largest area_id, and none of its triggers was disabled since it was last computed whole';

-- What readers see of it: nothing unless _area_cache_usable().  Not
-- security_barrier views: the only condition has no column in it, so it is
-- a one-time filter above the scan.
CREATE OR REPLACE VIEW frontline._area_cache_keys AS
    SELECT k.layer_key, k.sources, k.null_source, k.min_confidence, k.unrated, k.max_reported, k.error
      FROM frontline_internal.area_cache_key k
     WHERE frontline._area_cache_usable();
CREATE OR REPLACE VIEW frontline._area_cache_versions AS
    SELECT v.layer_key, v.at
      FROM frontline_internal.area_version v
     WHERE frontline._area_cache_usable();
CREATE OR REPLACE VIEW frontline._area_cache_ground AS
    SELECT g.layer_key, g.at, g.controller, g.geom, g.held_km2, g.gained_km2, g.lost_km2
      FROM frontline_internal.area_ground g
     WHERE frontline._area_cache_usable();
CREATE OR REPLACE VIEW frontline._area_cache_pieces AS
    SELECT p.at, p.controller, p.x_min, p.x_max, p.y_min, p.y_max, p.geom
      FROM frontline_internal.area_piece p
     WHERE frontline._area_cache_usable();
GRANT SELECT ON frontline._area_cache_keys, frontline._area_cache_versions, frontline._area_cache_ground,
                frontline._area_cache_pieces TO PUBLIC;
COMMENT ON VIEW frontline._area_cache_pieces IS
  'Internal: the ground of all layers at each version, in pieces of at most 256 vertices (for control_at(point)); empty when _area_cache_usable() is false';
COMMENT ON COLUMN frontline._area_cache_pieces.at IS 'The version';
COMMENT ON COLUMN frontline._area_cache_pieces.controller IS 'An actor, or contested';
COMMENT ON COLUMN frontline._area_cache_pieces.x_min IS 'The piece''s box: ST_XMin(geom)';
COMMENT ON COLUMN frontline._area_cache_pieces.x_max IS 'ST_XMax(geom)';
COMMENT ON COLUMN frontline._area_cache_pieces.y_min IS 'ST_YMin(geom)';
COMMENT ON COLUMN frontline._area_cache_pieces.y_max IS 'ST_YMax(geom)';
COMMENT ON COLUMN frontline._area_cache_pieces.geom IS 'A piece of its ground';
COMMENT ON VIEW frontline._area_cache_keys IS
  'Internal: per layer ('''' for all) the sources, lowest confidence and latest report time of its area claims, so that a read knows whether its filter leaves every claim in; empty when _area_cache_usable() is false';
COMMENT ON VIEW frontline._area_cache_versions IS
  'Internal: the instants at which a layer''s ground ('''' for all layers) can change; empty when _area_cache_usable() is false';
COMMENT ON VIEW frontline._area_cache_ground IS
  'Internal: the ground each controller holds at each version under no filter, with what it gained and lost since the version before; empty when _area_cache_usable() is false';
COMMENT ON COLUMN frontline._area_cache_keys.layer_key IS 'A layer, or '''' for all layers';
COMMENT ON COLUMN frontline._area_cache_keys.sources IS 'The distinct sources of its claims';
COMMENT ON COLUMN frontline._area_cache_keys.null_source IS 'Some claim has no source';
COMMENT ON COLUMN frontline._area_cache_keys.min_confidence IS 'The lowest confidence of its rated claims';
COMMENT ON COLUMN frontline._area_cache_keys.unrated IS 'Some claim has no confidence';
COMMENT ON COLUMN frontline._area_cache_keys.max_reported IS 'The latest reported_at';
COMMENT ON COLUMN frontline._area_cache_keys.error IS 'Why its ground could not be computed (NULL: it was); its reads then come from the claims';
COMMENT ON COLUMN frontline._area_cache_versions.layer_key IS 'A layer, or '''' for all layers';
COMMENT ON COLUMN frontline._area_cache_versions.at IS 'An instant of area claims';
COMMENT ON COLUMN frontline._area_cache_ground.layer_key IS 'A layer, or '''' for all layers';
COMMENT ON COLUMN frontline._area_cache_ground.at IS 'The version';
COMMENT ON COLUMN frontline._area_cache_ground.controller IS 'An actor, or contested';
COMMENT ON COLUMN frontline._area_cache_ground.geom IS 'Its ground (empty: it lost everything at this version)';
COMMENT ON COLUMN frontline._area_cache_ground.held_km2 IS 'Geodesic area of geom, km²';
COMMENT ON COLUMN frontline._area_cache_ground.gained_km2 IS 'Gained since the version before, km²';
COMMENT ON COLUMN frontline._area_cache_ground.lost_km2 IS 'Lost since the version before, km²';

-- Does the ground cache answer a read with this filter and layer?  When the
-- filter leaves every claim of the layer in, the read under it is the read
-- under no filter.  The test on a key's row is written once
-- (_area_key_serves, inlined) and used by _area_cache_key and by
-- control_at(point)'s one-statement lookup.
CREATE OR REPLACE FUNCTION frontline._area_key_serves(key_sources text[], key_null_source boolean, key_min_confidence real,
                                                      key_unrated boolean, key_max_reported timestamptz, key_error text,
                                                      sources text[], min_confidence real, as_of timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (sources IS NULL OR (NOT key_null_source AND key_sources OPERATOR(pg_catalog.<@) sources))
   AND (coalesce(min_confidence, 0) <= 0 OR (NOT key_unrated AND coalesce(key_min_confidence >= min_confidence, true)))
   AND (as_of IS NULL OR coalesce(key_max_reported <= as_of, true))
   AND key_error IS NULL;
COMMENT ON FUNCTION frontline._area_key_serves(text[], boolean, real, boolean, timestamptz, text, text[], real, timestamptz) IS
  'Internal: does a sources / min_confidence / as_of filter leave every area claim of a layer in, given the layer''s row of _area_cache_keys (and was its ground computed)? Inlined';

-- Which ground the cache answers a read from: the read's own layer (''
-- for all) when its filter leaves every claim of it in; or, for a read of
-- all layers under a sources filter, the one layer whose claims all pass
-- when no other layer has a claim from those sources (say DeepStateMap's
-- layer for sources => '{DeepStateMap}' with ISW's layer loaded too: the
-- claims passing are exactly that layer's, and so are the defaults).  NULL:
-- the cache does not answer it.
CREATE OR REPLACE FUNCTION frontline._area_cache_key(sources text[], min_confidence real, as_of timestamptz,
                                                     layer text)
RETURNS text
LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    SELECT coalesce(
        (SELECT k.layer_key FROM frontline._area_cache_keys k
          WHERE k.layer_key = coalesce(_area_cache_key.layer, '')
            AND frontline._area_key_serves(k.sources, k.null_source, k.min_confidence, k.unrated, k.max_reported, k.error,
                                           _area_cache_key.sources, _area_cache_key.min_confidence, _area_cache_key.as_of)),
        (SELECT k.layer_key FROM frontline._area_cache_keys k
          WHERE _area_cache_key.layer IS NULL AND _area_cache_key.sources IS NOT NULL AND k.layer_key <> ''
            AND frontline._area_key_serves(k.sources, k.null_source, k.min_confidence, k.unrated, k.max_reported, k.error,
                                           _area_cache_key.sources, _area_cache_key.min_confidence, _area_cache_key.as_of)
            AND NOT EXISTS (SELECT 1 FROM frontline._area_cache_keys o
                             WHERE o.layer_key NOT IN ('', k.layer_key)
                               AND o.sources OPERATOR(pg_catalog.&&) _area_cache_key.sources)));
END;
COMMENT ON FUNCTION frontline._area_cache_key(text[], real, timestamptz, text) IS
  'Internal: the ground cache''s layer key ('''' for all layers) that answers an area read with this filter and layer (NULL: all), or NULL when the read must be computed from the claims';

CREATE OR REPLACE FUNCTION frontline._area_cache_serves(sources text[], min_confidence real, as_of timestamptz,
                                                        layer text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL RESTRICTED
RETURN frontline._area_cache_key(sources, min_confidence, as_of, layer) IS NOT NULL;
COMMENT ON FUNCTION frontline._area_cache_serves(text[], real, timestamptz, text) IS
  'Internal: does the ground cache answer an area read with this sources / min_confidence / as_of filter and layer (NULL: all)? (_area_cache_key is not NULL)';

-- The version in force at a moment (NULL before the first)
CREATE OR REPLACE FUNCTION frontline._area_cache_version(layer_key text, at timestamptz)
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL RESTRICTED
BEGIN ATOMIC
    SELECT max(v.at) FROM frontline._area_cache_versions v
     WHERE v.layer_key = _area_cache_version.layer_key AND v.at <= _area_cache_version.at;
END;
COMMENT ON FUNCTION frontline._area_cache_version(text, timestamptz) IS
  'Internal: the ground cache''s version in force at a moment for a layer ('''' for all): the latest instant of its area claims at or before it (NULL: none)';

-- Check: every version recomputed from the claims, against the cache.  The
-- ground must be the same region (planar symmetric difference below 1e-9 of
-- its area) and its km² the same to 0.1 %: the geodesic area of a region
-- depends on where its edges are split (a long edge along a parallel split
-- at a point is no longer the same geodesic), and a version laid over the
-- one before splits them elsewhere than a computation from every claim
-- (up to 0.05 % on the tests' maps of 1-3 degree boxes; none on the bench's
-- daily maps, whose edges are short).
CREATE OR REPLACE FUNCTION frontline.area_cache_check() RETURNS TABLE (layer_key text, at timestamptz, controller text,
                                                                        cached_km2 float8, computed_km2 float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH keys AS (
        SELECT '' AS k UNION SELECT DISTINCT a.layer FROM frontline.control_area a),
    computed AS (
        SELECT keys.k, v.at, gr.controller, @postgis@.ST_Union(gr.geom) AS g
          FROM keys
          CROSS JOIN LATERAL (SELECT DISTINCT a.at FROM frontline.control_area a WHERE keys.k = '' OR a.layer = keys.k) v
          CROSS JOIN LATERAL frontline._area_ground(v.at, NULL, 0, NULL, nullif(keys.k, ''), NULL, NULL) gr
         WHERE gr.controller IS NOT NULL
         GROUP BY 1, 2, 3),
    cached AS (
        SELECT g.layer_key AS k, g.at, g.controller, g.geom AS g, g.held_km2 AS km2
          FROM frontline_internal.area_ground g WHERE NOT @postgis@.ST_IsEmpty(g.geom)
        UNION ALL
        -- a version without claims
        SELECT v.layer_key, v.at, NULL, NULL, NULL FROM frontline_internal.area_version v
         WHERE NOT EXISTS (SELECT 1 FROM keys WHERE keys.k = v.layer_key)
            OR NOT EXISTS (SELECT 1 FROM frontline.control_area a
                            WHERE a.at = v.at AND (v.layer_key = '' OR a.layer = v.layer_key)))
    SELECT coalesce(c.k, d.k), coalesce(c.at, d.at), coalesce(c.controller, d.controller), c.km2,
           frontline.geodesic_area_km2(d.g)
      FROM (-- the pieces of '' must tile its ground, each inside its box (a
            -- version whose pieces do not is reported as missing from the cache)
            SELECT c.k, c.at, c.controller,
                   CASE WHEN t.tiled THEN c.g END AS g, CASE WHEN t.tiled THEN c.km2 END AS km2
              FROM cached c
             CROSS JOIN LATERAL (
                   SELECT c.k <> '' OR c.g IS NULL
                          OR abs(@postgis@.ST_Area(c.g) - coalesce(sum(@postgis@.ST_Area(p.geom))
                                      FILTER (WHERE p.x_min <= @postgis@.ST_XMin(p.geom) AND p.x_max >= @postgis@.ST_XMax(p.geom)
                                                AND p.y_min <= @postgis@.ST_YMin(p.geom) AND p.y_max >= @postgis@.ST_YMax(p.geom)), 0))
                             <= 1e-9 * @postgis@.ST_Area(c.g) AS tiled
                     FROM frontline_internal.area_piece p
                    WHERE c.k = '' AND p.at = c.at AND p.controller = c.controller) t) c
      FULL JOIN computed d ON d.k = c.k AND d.at = c.at AND d.controller = c.controller
     WHERE c.g IS NULL OR d.g IS NULL
        OR abs(c.km2 - frontline.geodesic_area_km2(d.g)) > 1e-3 * greatest(c.km2, 1e-6)
        OR @postgis@.ST_Area(@postgis@.ST_SymDifference(c.g, d.g)) > 1e-9 * greatest(@postgis@.ST_Area(d.g), 1e-12)
     ORDER BY 1, 2, 3;
END
$$;
REVOKE ALL ON FUNCTION frontline.area_cache_check() FROM PUBLIC;
COMMENT ON FUNCTION frontline.area_cache_check() IS
  'Versions of the ground cache that differ from a fresh computation from every area claim (owner only): a controller''s ground missing, extra, not the same region, or its km² off by more than 0.1 % (where edges are split moves geodesic areas slightly), or a version without claims; no row means the ground cache is right';
