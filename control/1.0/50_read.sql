-- ------------------------------------------------------------------ reading control
-- The rule, used by every read function:
--  * the state at a moment is that of the latest claim at or before it;
--    before the first claim it is unknown (NULL);
--  * among claims at the same instant the higher confidence wins, then the one
--    recorded last (higher event_id); unrated claims (NULL confidence) rank
--    below rated ones and pass only min_confidence = 0;
--  * sources (when not NULL) keeps only claims from those sources (claims
--    without a source are then left out); min_confidence drops lower ones.
-- Everything is computed from the claims the caller can SELECT, so table
-- privileges and row-level security on control_event apply to every result.

CREATE FUNCTION frontline.winning_claims(upto_excl timestamptz, sources text[], min_confidence real,
                                         only_place integer DEFAULT NULL)
RETURNS TABLE (place_id integer, at timestamptz, state text, controller text, source text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (e.place_id, e.at)
           e.place_id, e.at,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'unknown' THEN 'unknown'
                        ELSE frontline.contested_state(e.contenders) END,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'contested' THEN 'contested' END,
           e.source
      FROM frontline.control_event e
     WHERE (winning_claims.only_place IS NULL OR e.place_id = winning_claims.only_place)
       AND (winning_claims.upto_excl IS NULL OR e.at < winning_claims.upto_excl)
       AND (winning_claims.sources IS NULL OR e.source = ANY (winning_claims.sources))
       AND (e.confidence >= winning_claims.min_confidence
            OR (e.confidence IS NULL AND coalesce(winning_claims.min_confidence, 0) <= 0))
     ORDER BY e.place_id, e.at, e.confidence DESC NULLS LAST, e.event_id DESC;
END;
COMMENT ON FUNCTION frontline.winning_claims(timestamptz, text[], real, integer) IS
  'The winning claim per (place, instant) before upto_excl under the sources/min_confidence filter: the building block of history, snapshot and changes (arguments are not validated here)';

CREATE FUNCTION frontline.control_at(place_id integer, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
    t timestamptz := frontline.check_instant(at);
    result text;
BEGIN
    IF place_id IS NULL OR at IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END
      INTO result
      FROM frontline.control_event e
     WHERE e.place_id = control_at.place_id AND e.at <= t
       AND (sources IS NULL OR e.source = ANY (sources))
       AND (e.confidence >= m OR (e.confidence IS NULL AND m = 0))
     ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        -- only now can the place be missing (a claim implies its place exists)
        PERFORM frontline.check_place_id(place_id);
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION frontline.control_at(integer, timestamptz, text[], real) IS
  'Who controlled the place at that moment: the actor, ''contested'', or NULL when nothing is known (see the rule in the README)';

CREATE FUNCTION frontline.control_at(place text, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.control_at(frontline.find_place(place), at, sources, min_confidence);
COMMENT ON FUNCTION frontline.control_at(text, timestamptz, text[], real) IS
  'Who controlled the named place (name or alias, any case or accents) at that moment; errors on unknown or ambiguous names';

CREATE FUNCTION frontline.place_at(geom geometry, tolerance_m float8 DEFAULT 5000)
RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    g geometry;
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
    SELECT p.place_id INTO pid FROM frontline.place p
     WHERE ST_Covers(p.geom, g) AND GeometryType(p.geom) IN ('POLYGON', 'MULTIPOLYGON')
     ORDER BY ST_Area(p.geom::geography), p.place_id LIMIT 1;
    IF pid IS NULL THEN
        SELECT p.place_id INTO pid FROM frontline.place p
         WHERE ST_DWithin(p.geom::geography, g::geography, tolerance_m) AND GeometryType(p.geom) = 'POINT'
         ORDER BY ST_Distance(p.geom::geography, g::geography), p.place_id LIMIT 1;
    END IF;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION frontline.place_at(geometry, float8) IS
  'The place at a point: the smallest polygon place covering it, otherwise the nearest point place within tolerance_m metres (default 5000, on the WGS84 spheroid); NULL if none';

CREATE FUNCTION frontline.control_at(geom geometry, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0, tolerance_m float8 DEFAULT 5000)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.control_at(frontline.place_at(geom, tolerance_m), at, sources, min_confidence);
COMMENT ON FUNCTION frontline.control_at(geometry, timestamptz, text[], real, float8) IS
  'Who controlled the place at a point (see place_at: smallest covering polygon, else the nearest point place within tolerance_m metres); NULL if no place is there';

CREATE FUNCTION frontline.history(place_id integer, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS frontline.control_history
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
BEGIN
    PERFORM frontline.check_place_id(place_id);
    IF place_id IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT coalesce(frontline.control_history_agg(w.state, w.at), '{}'::frontline.control_history)
              FROM frontline.winning_claims(NULL, sources, m, place_id) w);
END
$$;
COMMENT ON FUNCTION frontline.history(integer, text[], real) IS
  'The resolved control history of a place under the sources/min_confidence filter; {} when it has no claims';

CREATE FUNCTION frontline.history(place text, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS frontline.control_history
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.history(frontline.find_place(place), sources, min_confidence);
COMMENT ON FUNCTION frontline.history(text, text[], real) IS
  'The resolved control history of the named place under the sources/min_confidence filter';

CREATE FUNCTION frontline.snapshot(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS TABLE (place_id integer, place text, kind text, controller text, since timestamptz, geom geometry)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000 AS $$
#variable_conflict use_column
DECLARE
    m real := frontline.check_confidence(min_confidence);
    t timestamptz := frontline.check_instant(at);
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    WITH h AS (
        SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
          FROM frontline.winning_claims(t + interval '1 microsecond', sources, m) w
         GROUP BY w.place_id)
    SELECT p.place_id, p.name, p.kind, frontline.control_at(h.h, t), frontline.since(h.h, t), p.geom
      FROM frontline.place p LEFT JOIN h ON h.place_id = p.place_id
     ORDER BY p.place_id;
END
$$;
COMMENT ON FUNCTION frontline.snapshot(timestamptz, text[], real) IS
  'Every place at one moment: its controller (actor, ''contested'' or NULL) and since when that controller had held it';

CREATE FUNCTION frontline.changes(from_t timestamptz, to_t timestamptz, sources text[] DEFAULT NULL,
                                  min_confidence real DEFAULT 0)
RETURNS TABLE (at timestamptz, place_id integer, place text, from_controller text, to_controller text, source text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 100 AS $$
#variable_conflict use_column
DECLARE
    m real := frontline.check_confidence(min_confidence);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
BEGIN
    IF f IS NULL OR u IS NULL THEN
        RAISE EXCEPTION 'from_t and to_t must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF f > u THEN
        RAISE EXCEPTION 'from_t % is after to_t %', f, u USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH l AS (
        SELECT w.*, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
          FROM frontline.winning_claims(u, sources, m) w)
    SELECT l.at, l.place_id, p.name, l.prev, l.controller, l.source
      FROM l JOIN frontline.place p ON p.place_id = l.place_id
     WHERE l.at >= f AND l.prev IS DISTINCT FROM l.controller
     ORDER BY l.at, l.place_id;
END
$$;
COMMENT ON FUNCTION frontline.changes(timestamptz, timestamptz, text[], real) IS
  'The moments in [from_t, to_t) where a place''s resolved controller differs from the one just before, with the source of the claim that changed it';
