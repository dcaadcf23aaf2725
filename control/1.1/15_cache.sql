-- ------------------------------------------------------------------ per-place cache
-- Claims are the truth; the cache is derived from them and never disagrees
-- with a fresh computation (sql/cache.sql checks exactly that).
--
-- frontline.control_cache holds, for every place, its resolved history
-- under no filter (every claim, sources NULL, min_confidence 0; '{}' for a
-- place without claims).
-- It is kept in step with control_event inside the writing statement by
-- statement-level triggers with transition tables, so a COPY of a million
-- claims recomputes each affected place once.
--
-- Row-level security: the cache mixes every claim, so it is read only by
-- roles that may SELECT control_event and are not subject to its row
-- security (cache_usable()); everyone else, and every call with a sources
-- or min_confidence filter, is answered from the claims the caller can see.
-- Readers reach the cache only through the view frontline.place_history,
-- whose condition is evaluated once per query.

CREATE TABLE frontline.control_cache (
    place_id integer PRIMARY KEY REFERENCES frontline.place ON UPDATE CASCADE ON DELETE CASCADE,
    history  frontline.control_history NOT NULL
);
COMMENT ON TABLE frontline.control_cache IS
  'Derived, not user data: the resolved control history of every place, under no filter, kept in step with control_event by triggers. Read it through frontline.place_history; rebuild it with frontline.refresh_cache()';
COMMENT ON COLUMN frontline.control_cache.history IS 'What frontline.history(place_id) returns: every claim, resolved by the rule';

CREATE FUNCTION frontline.cache_usable() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN pg_catalog.has_table_privilege('frontline.control_event'::regclass, 'SELECT')
       AND NOT pg_catalog.row_security_active('frontline.control_event'::regclass);
COMMENT ON FUNCTION frontline.cache_usable() IS
  'True when the current role may read the cache: it can SELECT frontline.control_event and no row-level security policy applies to it there (then the cache holds nothing it could not compute itself)';

CREATE FUNCTION frontline._use_cache(sources text[], min_confidence real) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN _use_cache.sources IS NULL AND coalesce(_use_cache.min_confidence, 0) = 0
       AND frontline.cache_usable();
COMMENT ON FUNCTION frontline._use_cache(text[], real) IS
  'Internal: does a read with these filters come from the cache (no filter, and cache_usable())?';

-- Only the owner writes the cache (through the triggers).  Should an admin
-- grant SELECT on every table of the schema, row-level security still
-- hides the cache from roles that may not see every claim; the view below
-- reads it as its owner.
ALTER TABLE frontline.control_cache ENABLE ROW LEVEL SECURITY;
CREATE POLICY control_cache_readers ON frontline.control_cache FOR SELECT USING (frontline.cache_usable());
COMMENT ON POLICY control_cache_readers ON frontline.control_cache IS
  'Rows of the cache are visible only to roles that may see every claim (cache_usable()), even where SELECT on the table was granted';

-- Not a security_barrier view: its only condition has no column in it, so
-- the planner makes it a one-time filter above the scan; when it is false
-- the scan never runs and no caller's function ever sees a row.  (A
-- security barrier would also stop joins from probing the cache by
-- place_id, sql/cache.sql checks what each role sees.)
CREATE VIEW frontline.place_history AS
    SELECT c.place_id, c.history
      FROM frontline.control_cache c
     WHERE frontline.cache_usable();
GRANT SELECT ON frontline.place_history TO PUBLIC;
COMMENT ON VIEW frontline.place_history IS
  'The resolved control history of every place (every claim, no filter; {} when it has none), from the cache; empty for roles for which cache_usable() is false (use frontline.history() then)';
COMMENT ON COLUMN frontline.place_history.history IS 'Resolved history: control_at(history, t), since(history, t), periods(history)...';

-- Recompute the cache rows of some places.  Rows are locked in place_id
-- order first (a missing row is created, so that concurrent first writers
-- of a place queue on it too), then recomputed by a new statement: under
-- READ COMMITTED that statement sees every claim committed by the writers
-- waited for; under REPEATABLE READ and SERIALIZABLE a concurrent writer of
-- the same place makes the lock fail with 40001 (retry), never a stale row.
CREATE FUNCTION frontline._cache_refresh(place_ids integer[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
DECLARE
    ids integer[];
    n integer;
BEGIN
    SELECT array_agg(DISTINCT i ORDER BY i) INTO ids
      FROM unnest(place_ids) i JOIN frontline.place p ON p.place_id = i;
    IF ids IS NULL THEN
        RETURN 0;
    END IF;
    INSERT INTO frontline.control_cache (place_id, history)
    SELECT i, '{}' FROM unnest(ids) i ORDER BY i
        ON CONFLICT (place_id) DO NOTHING;
    PERFORM 1 FROM frontline.control_cache c WHERE c.place_id = ANY (ids)
      ORDER BY c.place_id FOR NO KEY UPDATE OF c;
    UPDATE frontline.control_cache c SET history = x.h
      FROM (SELECT i.place_id, coalesce(w.h, '{}') AS h
              FROM unnest(ids) i(place_id)
              LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                           FROM frontline.winning_claims(NULL, NULL, 0) w
                          WHERE w.place_id = ANY (ids)
                          GROUP BY w.place_id) w ON w.place_id = i.place_id) x
     WHERE c.place_id = x.place_id AND c.history OPERATOR(frontline.<>) x.h;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline._cache_refresh(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION frontline._cache_refresh(integer[]) IS
  'Internal (owner only): recompute the cache rows of these places from every claim; returns how many changed';

-- The triggers run as the extension's owner (SECURITY DEFINER): a writer
-- under row-level security must still leave a cache computed from every
-- claim.  They only pass place ids from the transition tables to
-- _cache_refresh and return nothing to the caller.  row_security = off
-- makes a definer who is itself subject to a policy fail loudly instead of
-- caching a partial view.
CREATE FUNCTION frontline._cache_on_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
BEGIN
    PERFORM frontline._cache_refresh(ARRAY(SELECT DISTINCT n.place_id FROM new_claims n));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline._cache_on_insert() IS 'Internal: trigger keeping control_cache in step after INSERT or COPY into control_event';

CREATE FUNCTION frontline._cache_on_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
BEGIN
    PERFORM frontline._cache_refresh(ARRAY(SELECT o.place_id FROM old_claims o
                                           UNION SELECT n.place_id FROM new_claims n));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline._cache_on_update() IS 'Internal: trigger keeping control_cache in step after UPDATE of control_event (old and new places)';

CREATE FUNCTION frontline._cache_on_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
BEGIN
    PERFORM frontline._cache_refresh(ARRAY(SELECT DISTINCT o.place_id FROM old_claims o));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline._cache_on_delete() IS 'Internal: trigger keeping control_cache in step after DELETE from control_event';

CREATE FUNCTION frontline._cache_on_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
BEGIN
    UPDATE frontline.control_cache SET history = '{}' WHERE history OPERATOR(frontline.<>) '{}';
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline._cache_on_truncate() IS 'Internal: trigger emptying every cached history when control_event is truncated';

CREATE FUNCTION frontline._cache_on_place_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET row_security = off AS $$
BEGIN
    INSERT INTO frontline.control_cache (place_id, history)
    SELECT n.place_id, '{}' FROM new_places n ORDER BY 1
        ON CONFLICT (place_id) DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline._cache_on_place_insert() IS 'Internal: trigger giving every new place its (empty) cache row';

CREATE TRIGGER control_event_cache_insert AFTER INSERT ON frontline.control_event
    REFERENCING NEW TABLE AS new_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline._cache_on_insert();
CREATE TRIGGER control_event_cache_update AFTER UPDATE ON frontline.control_event
    REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline._cache_on_update();
CREATE TRIGGER control_event_cache_delete AFTER DELETE ON frontline.control_event
    REFERENCING OLD TABLE AS old_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline._cache_on_delete();
CREATE TRIGGER control_event_cache_truncate AFTER TRUNCATE ON frontline.control_event
    FOR EACH STATEMENT EXECUTE FUNCTION frontline._cache_on_truncate();
CREATE TRIGGER place_cache_insert AFTER INSERT ON frontline.place
    REFERENCING NEW TABLE AS new_places
    FOR EACH STATEMENT EXECUTE FUNCTION frontline._cache_on_place_insert();
COMMENT ON TRIGGER place_cache_insert ON frontline.place IS 'Gives every new place its row in frontline.control_cache';
COMMENT ON TRIGGER control_event_cache_insert ON frontline.control_event IS 'Keeps frontline.control_cache in step (one pass per statement)';
COMMENT ON TRIGGER control_event_cache_update ON frontline.control_event IS 'Keeps frontline.control_cache in step (one pass per statement)';
COMMENT ON TRIGGER control_event_cache_delete ON frontline.control_event IS 'Keeps frontline.control_cache in step (one pass per statement)';
COMMENT ON TRIGGER control_event_cache_truncate ON frontline.control_event IS 'Keeps frontline.control_cache in step';

CREATE FUNCTION frontline.refresh_cache() RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    LOCK TABLE frontline.control_event IN SHARE MODE;     -- no writer while we rebuild
    LOCK TABLE frontline.place IN SHARE MODE;
    DELETE FROM frontline.control_cache;
    INSERT INTO frontline.control_cache (place_id, history)
    SELECT p.place_id, coalesce(w.h, '{}')
      FROM frontline.place p
      LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                   FROM frontline.winning_claims(NULL, NULL, 0) w
                  GROUP BY w.place_id) w ON w.place_id = p.place_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION frontline.refresh_cache() IS
  'Rebuild frontline.control_cache from every claim (owner only); needed only after places or claims were written with the triggers disabled (pg_restore --disable-triggers, session_replication_role = replica, a logical replication subscriber). Returns the number of places cached';

CREATE FUNCTION frontline.cache_check() RETURNS TABLE (place_id integer, cached frontline.control_history,
                                                       computed frontline.control_history)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(c.place_id, p.place_id), c.history, coalesce(w.h, '{}'::frontline.control_history)
      FROM frontline.control_cache c
      FULL JOIN frontline.place p ON p.place_id = c.place_id
      LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                   FROM frontline.winning_claims(NULL, NULL, 0) w
                  GROUP BY w.place_id) w ON w.place_id = p.place_id
     WHERE c.place_id IS NULL OR p.place_id IS NULL
        OR c.history OPERATOR(frontline.<>) coalesce(w.h, '{}'::frontline.control_history)
     ORDER BY 1;
END;
COMMENT ON FUNCTION frontline.cache_check() IS
  'Places whose cached history is missing or differs from a fresh computation from every claim (owner only; computed NULL: a cache row without its place); no row means the cache is right';

-- ------------------------------------------------------------------ reads from the cache

CREATE FUNCTION frontline._snapshot_args(at timestamptz, min_confidence real) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
BEGIN
    IF frontline.check_instant(at) IS NULL THEN
        RAISE EXCEPTION 'at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_confidence(min_confidence);
    RETURN true;
END
$$;
COMMENT ON FUNCTION frontline._snapshot_args(timestamptz, real) IS
  'Internal: checks snapshot''s arguments (raises 22004, 22008 or 22003) and returns true';

CREATE FUNCTION frontline._histories(upto timestamptz, sources text[], min_confidence real)
RETURNS TABLE (place_id integer, history frontline.control_history)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000 AS $$
#variable_conflict use_column
DECLARE
    m real := frontline.check_confidence(min_confidence);
BEGIN
    RETURN QUERY
    SELECT p.place_id, h.h
      FROM frontline.place p
      LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                   FROM frontline.winning_claims(upto + interval '1 microsecond', sources, m) w
                  GROUP BY w.place_id) h ON h.place_id = p.place_id;
END
$$;
COMMENT ON FUNCTION frontline._histories(timestamptz, text[], real) IS
  'Internal: every place with its resolved history up to upto (inclusive; NULL when it has no claim by then) from the claims the caller can see, under the filter';

-- An SQL function, so the planner inlines it into the calling query: the
-- branch whose condition is false is never run, and when the caller uses
-- neither place, kind nor geom the join with place is removed, leaving one
-- scan of the cache (parallel when the caller aggregates).  The claims
-- branch is a separate function so that its cost does not steer the plan.
CREATE OR REPLACE FUNCTION frontline.snapshot(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS TABLE (place_id integer, place text, kind text, controller text, since timestamptz, geom geometry)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
BEGIN ATOMIC
    SELECT c.place_id, p.name, p.kind,
           frontline.control_at(c.history, snapshot.at), frontline.since(c.history, snapshot.at), p.geom
      FROM (SELECT h.place_id, h.history
              FROM frontline.place_history h
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence)
               AND frontline._use_cache(snapshot.sources, snapshot.min_confidence)
            UNION ALL
            SELECT h.place_id, h.history
              FROM frontline._histories(snapshot.at, snapshot.sources, snapshot.min_confidence) h
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence)
               AND NOT frontline._use_cache(snapshot.sources, snapshot.min_confidence)) c
      LEFT JOIN frontline.place p ON p.place_id = c.place_id;
END;
COMMENT ON FUNCTION frontline.snapshot(timestamptz, text[], real) IS
  'Every place at one moment (in no particular order): its controller (actor, ''contested'' or NULL) and since when that controller had held it; from the cache when there is no filter and cache_usable(), else from the claims the caller can see';

-- One place at one moment: the cached history's binary search (one probe of
-- the cache's primary key) when there is no filter and the caller may read
-- the cache; otherwise, or when the place has no cache row, the claims.
CREATE OR REPLACE FUNCTION frontline.control_at(place_id integer, at timestamptz, sources text[] DEFAULT NULL,
                                                min_confidence real DEFAULT 0)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    result text;
    m real;
    t timestamptz;
BEGIN
    IF sources IS NULL AND min_confidence = 0 THEN
        SELECT frontline.control_at(c.history, frontline.check_instant(control_at.at)) INTO result
          FROM frontline.place_history c
         WHERE c.place_id = control_at.place_id;
        IF FOUND THEN
            RETURN result;
        END IF;
    END IF;
    m := frontline.check_confidence(min_confidence);
    t := frontline.check_instant(at);
    IF place_id IS NULL OR at IS NULL THEN
        RETURN NULL;
    END IF;
    -- the winning claim by the rule (the query within_radius uses too)
    SELECT w.controller INTO result FROM frontline._controller_at(control_at.place_id, t, sources, m) w;
    IF NOT FOUND THEN
        -- only now can the place be missing (a claim implies its place exists)
        PERFORM frontline.check_place_id(place_id);
    END IF;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION frontline.history(place_id integer, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS frontline.control_history
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
    h frontline.control_history;
BEGIN
    PERFORM frontline.check_place_id(place_id);
    IF place_id IS NULL THEN
        RETURN NULL;
    END IF;
    IF frontline._use_cache(sources, m) THEN
        SELECT c.history INTO h FROM frontline.place_history c WHERE c.place_id = history.place_id;
        RETURN coalesce(h, '{}'::frontline.control_history);
    END IF;
    RETURN (SELECT coalesce(frontline.control_history_agg(w.state, w.at), '{}'::frontline.control_history)
              FROM frontline.winning_claims(NULL, sources, m, place_id) w);
END
$$;

-- an update from 1.0 fills the cache from the claims already there
SELECT frontline.refresh_cache() >= 0 AS cache_filled;
