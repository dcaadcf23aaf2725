-- ------------------------------------------------------------------ reading control
-- The pipeline: frontline._history(place_id, sources, min_confidence) and
-- frontline._histories(sources, min_confidence) are the resolved histories
-- of one place and of every place the caller may see under the filter.
-- They are the one place that chooses between the cache (no filter, and
-- cache_usable()) and the claims (winning_claims, 45_rule.sql).  Every read
-- function is written once on top of them.

-- _history is one place (C, src/fl_cache_sql.c, because every single-place
-- read calls it: a PL/pgSQL call and its query cost several times the
-- probe): a probe of the primary key of control_cache (no filter) or of
-- claim_cache (a filter, the claim set resolved in C), for a role under a
-- cached policy of policy_claim_cache, or the place's claims through the
-- (place_id, at) index by a saved plan.  _histories is every place (SQL, so
-- the planner inlines it into the caller's query): one scan of the cache
-- (histories, claim sets, or the claim sets of the caller's cached policy),
-- or one sort of the claims, behind one-time conditions.
CREATE OR REPLACE FUNCTION frontline._history(place_id integer, sources text[], min_confidence real,
                                              as_of timestamptz DEFAULT NULL)
RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline__history' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._history(integer, text[], real, timestamptz) IS
  'Internal: the resolved history of one place under the filter ({} without claims; NULL for a place that does not exist or that row-level security hides): when cache_usable(), from the cached history (no filter) or the cached claim set (a filter); else from the claims the caller can see. With _histories, the one place where that is decided; arguments are not validated here';

-- _history as a set-returning SQL function (one row), for callers that need
-- the histories of many candidates (the places within a radius): inlined
-- into a LATERAL join, each candidate is one probe of the cache's primary
-- key in the executor, without a PL/pgSQL call; when the cache may not be
-- used it calls _history.  The same decision, in the same words.  With at,
-- the controller then too: a caller that selects only it (within_radius,
-- rings) reads it from the cached claim set by a binary search, and the
-- planner drops the filtered history it does not select.
CREATE OR REPLACE FUNCTION frontline._history_rows(place_id integer, sources text[], min_confidence real,
                                                   as_of timestamptz DEFAULT NULL, at timestamptz DEFAULT NULL)
RETURNS TABLE (history frontline.control_history, controller text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT h.history, frontline.control_at(h.history, _history_rows.at)
      FROM frontline.place_history h
     WHERE h.place_id = _history_rows.place_id
       AND frontline._use_cache(_history_rows.sources, _history_rows.min_confidence, _history_rows.as_of)
    UNION ALL
    SELECT coalesce(frontline._claims_history(c.claims, _history_rows.sources, _history_rows.min_confidence,
                                              _history_rows.as_of), '{}'::frontline.control_history),
           CASE WHEN _history_rows.at IS NOT NULL
                THEN frontline._claims_controller(c.claims, _history_rows.at, _history_rows.sources,
                                                  _history_rows.min_confidence, _history_rows.as_of) END
      FROM frontline._place_claims c
     WHERE c.place_id = _history_rows.place_id
       AND NOT frontline._use_cache(_history_rows.sources, _history_rows.min_confidence, _history_rows.as_of)
    UNION ALL
    SELECT x.h, frontline.control_at(x.h, _history_rows.at)
      FROM (SELECT frontline._history(_history_rows.place_id, _history_rows.sources, _history_rows.min_confidence,
                                      _history_rows.as_of) AS h
             OFFSET 0) x
     WHERE NOT frontline.cache_usable();
END;
COMMENT ON FUNCTION frontline._history_rows(integer, text[], real, timestamptz, timestamptz) IS
  'Internal: _history as one row (no row for a place the cache does not hold), inlined into LATERAL joins over many candidates: a probe of the cached history or claim set, or _history when the cache may not be used; with at, the controller then (NULL without at); arguments are not validated here';

-- The claims branches of _histories and snapshot, as PL/pgSQL functions:
-- inlined, their per-place index descents and sorts would count in the cost
-- of every query that inlines _histories or snapshot even when the cache
-- answers (a branch pruned at run time is still planned and costed), and
-- that cost crosses jit_above_cost: PostgreSQL would JIT-compile a 6 ms
-- snapshot for 20 ms.  Behind a function their estimate is ROWS x COST, and
-- their own queries run without JIT (short index descents gain nothing).
CREATE OR REPLACE FUNCTION frontline._histories_from_claims(sources text[], min_confidence real, as_of timestamptz)
RETURNS TABLE (place_id integer, history frontline.control_history)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp SET jit = off ROWS 1000 AS $$
#variable_conflict use_column
BEGIN
    -- executable by everyone (the inlined _histories calls it): arguments
    -- are checked as the API checks them
    PERFORM frontline.check_confidence(min_confidence), frontline.check_instant(as_of, 'as_of');
    RETURN QUERY
    SELECT p.place_id, coalesce(w.h, '{}'::frontline.control_history)
      FROM frontline.place p
      LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                   FROM frontline.winning_claims(NULL, _histories_from_claims.sources, _histories_from_claims.min_confidence,
                                                 NULL, _histories_from_claims.as_of) w
                  GROUP BY w.place_id) w ON w.place_id = p.place_id;
END
$$;
COMMENT ON FUNCTION frontline._histories_from_claims(text[], real, timestamptz) IS
  'Internal: every place the caller may see with its resolved history under the filter, computed from the claims it can see (one sort); the claims branch of _histories; raises 22003 / 22008 on a bad min_confidence or as_of';

CREATE OR REPLACE FUNCTION frontline._controllers_at(at timestamptz, sources text[], min_confidence real, as_of timestamptz)
RETURNS TABLE (place_id integer, controller text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp SET jit = off ROWS 1000 AS $$
#variable_conflict use_column
BEGIN
    -- executable by everyone (the inlined snapshot calls it): arguments are
    -- checked as the API checks them
    PERFORM frontline._snapshot_args(at, min_confidence, as_of);
    RETURN QUERY
    SELECT p.place_id, l.controller
      FROM frontline.place p
      LEFT JOIN LATERAL frontline._controller_at(p.place_id, _controllers_at.at, _controllers_at.sources,
                                                 _controllers_at.min_confidence, _controllers_at.as_of) l ON true;
END
$$;
COMMENT ON FUNCTION frontline._controllers_at(timestamptz, text[], real, timestamptz) IS
  'Internal: every place the caller may see with its controller at the moment under the filter, from the claims it can see (one descent of the (place_id, at) index per place); the claims branch of snapshot; raises 22004 / 22008 / 22003 on a NULL or infinite at, an infinite as_of or a bad min_confidence';

CREATE OR REPLACE FUNCTION frontline._histories(sources text[], min_confidence real, as_of timestamptz DEFAULT NULL,
                                               from_t timestamptz DEFAULT NULL, to_t timestamptz DEFAULT NULL)
RETURNS TABLE (place_id integer, history frontline.control_history)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
BEGIN ATOMIC
    SELECT h.place_id, h.history
      FROM frontline.place_history h
     WHERE frontline._use_cache(_histories.sources, _histories.min_confidence, _histories.as_of)
    UNION ALL
    SELECT c.place_id,
           coalesce(frontline._claims_window(c.claims, _histories.sources, _histories.min_confidence, _histories.as_of,
                                             _histories.from_t, _histories.to_t),
                    '{}'::frontline.control_history)
      FROM frontline._place_claims c
     WHERE NOT frontline._use_cache(_histories.sources, _histories.min_confidence, _histories.as_of)
    UNION ALL
    SELECT c.place_id,
           coalesce(frontline._claims_window(c.claims, _histories.sources, _histories.min_confidence, _histories.as_of,
                                             _histories.from_t, _histories.to_t),
                    '{}'::frontline.control_history)
      FROM frontline._policy_claims c
    UNION ALL
    SELECT h.place_id, h.history
      FROM frontline._histories_from_claims(_histories.sources, _histories.min_confidence, _histories.as_of) h
     WHERE NOT frontline._claim_sets_usable();
END;
COMMENT ON FUNCTION frontline._histories(text[], real, timestamptz, timestamptz, timestamptz) IS
  'Internal: every place the caller may see with its resolved history under the filter ({} without claims): when cache_usable(), from the cached histories (no filter) or the cached claim sets (a filter); else from the claims the caller can see (one sort). With from_t / to_t, a history may hold only what is in force over [from_t, to_t] (a claim set''s, _claims_window): for callers that read it only at moments of that window (control_series). With _history, the one place where that is decided; arguments are not validated here';

-- control_at(place_id, ...) and history(place_id, ...) are C
-- (src/fl_cache_sql.c) over the same code as _history: they are what
-- dashboards call per place, and a PL/pgSQL wrapper cost more than the
-- probe.  Arguments are checked as check_confidence and check_instant check
-- them; an empty answer checks that the place exists (check_place_id).
CREATE OR REPLACE FUNCTION frontline.control_at(place_id integer, at timestamptz, sources text[] DEFAULT NULL,
                                                min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_control_at_place' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.control_at(integer, timestamptz, text[], real, timestamptz) IS
  'Who controlled the place at that moment: the actor, ''contested'', or NULL when nothing is known (see the rule in the README); as_of: only the claims reported by then';

CREATE OR REPLACE FUNCTION frontline.control_at(place text, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.control_at(frontline.find_place(place), at, sources, min_confidence, as_of);
COMMENT ON FUNCTION frontline.control_at(text, timestamptz, text[], real, timestamptz) IS
  'Who controlled the named place (name or alias, any case or accents) at that moment; errors on unknown or ambiguous names';

-- place_at() and control_at(geometry, ...) answer from places and areas: 65_areas.sql

CREATE OR REPLACE FUNCTION frontline.history(place_id integer, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                             as_of timestamptz DEFAULT NULL)
RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_history_of_place' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.history(integer, text[], real, timestamptz) IS
  'The resolved control history of a place under the sources/min_confidence filter, from the claims reported by as_of (NULL: all); {} when it has no claims';

CREATE OR REPLACE FUNCTION frontline.history(place text, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                             as_of timestamptz DEFAULT NULL)
RETURNS frontline.control_history
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.history(frontline.find_place(place), sources, min_confidence, as_of);
COMMENT ON FUNCTION frontline.history(text, text[], real, timestamptz) IS
  'The resolved control history of the named place under the sources/min_confidence filter';

CREATE OR REPLACE FUNCTION frontline._snapshot_args(at timestamptz, min_confidence real, as_of timestamptz DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF frontline.check_instant(at) IS NULL THEN
        RAISE EXCEPTION 'at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_confidence(min_confidence);
    PERFORM frontline.check_instant(as_of, 'as_of');
    RETURN true;
END
$$;
COMMENT ON FUNCTION frontline._snapshot_args(timestamptz, real, timestamptz) IS
  'Internal: checks snapshot''s arguments (raises 22004, 22008 or 22003) and returns true';

-- An SQL function, so the planner inlines it into the calling query.  The
-- join with place is outside the three branches, so that the planner removes
-- it when the caller uses neither place, kind nor geom (inside a UNION ALL
-- branch it would not).  From the cache: one scan of the cache (parallel
-- when the caller aggregates).  With a filter or as_of, from the cached claim
-- sets: a binary search per place in C, and the filtered history for since
-- only when the caller selects since.  When the cache may not be used
-- (row-level security, the caller's own unflushed writes): per place one
-- descent of the (place_id, at) index for the controller (_controllers_at,
-- behind a function so that its cost does not make PostgreSQL JIT-compile
-- the cached branches).  The same choice as _history/_histories, spelled
-- out so that each branch keeps its own plan.
CREATE OR REPLACE FUNCTION frontline.snapshot(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                              as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place_id integer, place text, kind text, controller text, since timestamptz, geom @postgis@.geometry)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
BEGIN ATOMIC
    SELECT u.place_id, p.name, p.kind, u.controller, u.since, p.geom
      FROM (SELECT h.place_id, frontline.control_at(h.history, snapshot.at) AS controller,
                   frontline.since(h.history, snapshot.at) AS since
              FROM frontline.place_history h
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence, snapshot.as_of)
               AND frontline._use_cache(snapshot.sources, snapshot.min_confidence, snapshot.as_of)
            UNION ALL
            SELECT c.place_id,
                   frontline._claims_controller(c.claims, snapshot.at, snapshot.sources, snapshot.min_confidence,
                                                snapshot.as_of),
                   frontline._claims_since(c.claims, snapshot.at, snapshot.sources, snapshot.min_confidence,
                                           snapshot.as_of)
              FROM frontline._place_claims c
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence, snapshot.as_of)
               AND NOT frontline._use_cache(snapshot.sources, snapshot.min_confidence, snapshot.as_of)
            UNION ALL
            SELECT c.place_id,
                   frontline._claims_controller(c.claims, snapshot.at, snapshot.sources, snapshot.min_confidence,
                                                snapshot.as_of),
                   frontline._claims_since(c.claims, snapshot.at, snapshot.sources, snapshot.min_confidence,
                                           snapshot.as_of)
              FROM frontline._policy_claims c
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence, snapshot.as_of)
            UNION ALL
            SELECT l.place_id, l.controller,
                   frontline.since(frontline._history(l.place_id, snapshot.sources, snapshot.min_confidence, snapshot.as_of),
                                   snapshot.at)
              FROM frontline._controllers_at(snapshot.at, snapshot.sources, snapshot.min_confidence, snapshot.as_of) l
             WHERE frontline._snapshot_args(snapshot.at, snapshot.min_confidence, snapshot.as_of)
               AND NOT frontline._claim_sets_usable()) u
      LEFT JOIN frontline.place p ON p.place_id = u.place_id;
END;
COMMENT ON FUNCTION frontline.snapshot(timestamptz, text[], real, timestamptz) IS
  'Every place at one moment (in no particular order): its controller (actor, ''contested'' or NULL) and since when that controller had held it; as_of: as known then (claims reported by then); from the cache when cache_usable() (its histories, or its claim sets under a filter), else from the claims the caller can see';


CREATE OR REPLACE FUNCTION frontline._changes_args(from_t timestamptz, to_t timestamptz, min_confidence real,
                                                  as_of timestamptz, for_place text, for_place_id integer)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM frontline.check_confidence(min_confidence);
    PERFORM frontline.check_instant(from_t, 'from_t');
    PERFORM frontline.check_instant(to_t, 'to_t');
    PERFORM frontline.check_instant(as_of, 'as_of');
    PERFORM frontline.check_place_id(for_place_id);
    -- one lookup of the name: it raises on an unknown or ambiguous name,
    -- and must be for_place_id when both are given
    IF for_place IS NOT NULL AND frontline.find_place(for_place) <> for_place_id THEN
        RAISE EXCEPTION 'for_place "%" is not place_id %', for_place, for_place_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass one of for_place and for_place_id.';
    END IF;
    IF from_t IS NULL OR to_t IS NULL THEN
        RAISE EXCEPTION 'from_t and to_t must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF from_t > to_t THEN
        RAISE EXCEPTION 'from_t % is after to_t %', from_t, to_t USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION frontline._changes_args(timestamptz, timestamptz, real, timestamptz, text, integer) IS
  'Internal: checks changes()''s arguments (raises 22004, 22008, 22003, 22023, 42704 or an unknown or ambiguous place name''s error) and returns true';

-- An SQL function, so that the planner inlines it into the calling query
-- (as snapshot): the join with place, outside the branches, goes away when
-- the caller selects no place name, and no function materializes the rows.
-- The arguments are checked by a one-time filter on the branches (the
-- planner copies it into each, ahead of the branch's own; nothing it folds
-- at plan time may raise first: hence LEAST in the range), inside a
-- subquery kept apart by OFFSET 0: at the level of the join, a condition
-- without columns keeps PostgreSQL from removing the join.
-- One branch runs (each has its own one-time filter):
--   1. no filter, every place, a range of up to a year: the places whose
--      cached change days meet the range (GIN index), then their exact
--      changes from the claim set in the same row;
--   2. the same over a longer range: the places whose cached history
--      changed hands in it (GiST index);
--   3. one place (for_place / for_place_id): one probe of the cache's key;
--   4. a filter or as_of, every place: every cached claim set;
--   3b, 4b. the same for a role under a cached policy, from its claim sets
--      (frontline._policy_claims);
--   5. when no cache may be used (row-level security without a cached
--      policy, the caller's own unflushed writes): from the claims the
--      caller can see.
-- for_place / for_place_id: the output's columns are named place and
-- place_id, so the filters cannot be.
CREATE OR REPLACE FUNCTION frontline.changes(from_t timestamptz, to_t timestamptz, sources text[] DEFAULT NULL,
                                  min_confidence real DEFAULT 0, as_of timestamptz DEFAULT NULL,
                                  for_place text DEFAULT NULL, for_place_id integer DEFAULT NULL)
RETURNS TABLE (at timestamptz, place_id integer, place text, from_controller text, to_controller text, source text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
BEGIN ATOMIC
    SELECT u.at, u.place_id, p.name, u.from_controller, u.to_controller, u.source
      FROM (SELECT v.* FROM (
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline._place_claims c
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, NULL, 0, NULL) x
             WHERE c.change_days OPERATOR(pg_catalog.&&) frontline._days(changes.from_t, changes.to_t)
               AND frontline._use_cache(changes.sources, changes.min_confidence, changes.as_of)
               AND changes.for_place IS NULL AND changes.for_place_id IS NULL
               AND frontline._days(changes.from_t, changes.to_t) IS NOT NULL
            UNION ALL
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline.place_history h
              JOIN frontline._place_claims c ON c.place_id = h.place_id
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, NULL, 0, NULL) x
             WHERE frontline.changed_during(h.history, pg_catalog.tstzrange(LEAST(changes.from_t, changes.to_t), changes.to_t, '[)'))
               AND frontline._use_cache(changes.sources, changes.min_confidence, changes.as_of)
               AND changes.for_place IS NULL AND changes.for_place_id IS NULL
               AND frontline._days(changes.from_t, changes.to_t) IS NULL
            UNION ALL
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline._place_claims c
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, changes.sources,
                                                          frontline.check_confidence(changes.min_confidence),
                                                          changes.as_of) x
             WHERE c.place_id = coalesce(changes.for_place_id, frontline.find_place(changes.for_place))
            UNION ALL
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline._policy_claims c
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, changes.sources,
                                                          frontline.check_confidence(changes.min_confidence),
                                                          changes.as_of) x
             WHERE c.place_id = coalesce(changes.for_place_id, frontline.find_place(changes.for_place))
            UNION ALL
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline._place_claims c
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, changes.sources,
                                                          frontline.check_confidence(changes.min_confidence),
                                                          changes.as_of) x
             WHERE NOT frontline._use_cache(changes.sources, changes.min_confidence, changes.as_of)
               AND changes.for_place IS NULL AND changes.for_place_id IS NULL
               AND frontline._claims_any_in(c.claims, changes.from_t, changes.to_t)
            UNION ALL
            SELECT x.at, c.place_id, x.from_controller, x.to_controller, x.source
              FROM frontline._policy_claims c
             CROSS JOIN LATERAL frontline._claims_changes(c.claims, changes.from_t, changes.to_t, changes.sources,
                                                          frontline.check_confidence(changes.min_confidence),
                                                          changes.as_of) x
             WHERE changes.for_place IS NULL AND changes.for_place_id IS NULL
               AND frontline._claims_any_in(c.claims, changes.from_t, changes.to_t)
            UNION ALL
            SELECT l.at, l.place_id, l.prev, l.controller, l.source
              FROM (SELECT w.at, w.place_id, w.controller, w.source,
                           pg_catalog.lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
                      FROM frontline.winning_claims(changes.to_t, changes.sources,
                                                    frontline.check_confidence(changes.min_confidence),
                                                    coalesce(changes.for_place_id, frontline.find_place(changes.for_place)),
                                                    changes.as_of) w
                     WHERE NOT frontline._claim_sets_usable()) l
             WHERE l.at >= changes.from_t AND l.prev IS DISTINCT FROM l.controller) v
             WHERE frontline._changes_args(changes.from_t, changes.to_t, changes.min_confidence, changes.as_of,
                                           changes.for_place, changes.for_place_id)
            OFFSET 0) u
      LEFT JOIN frontline.place p ON p.place_id = u.place_id
     ORDER BY u.at, u.place_id;
END;
COMMENT ON FUNCTION frontline.changes(timestamptz, timestamptz, text[], real, timestamptz, text, integer) IS
  'The moments in [from_t, to_t) where a place''s resolved controller differs from the one just before, with the source of the claim that changed it; as_of: as known then; for_place (a name) or for_place_id: that place only. From the cache''s claim sets when cache_usable() (without a filter only the places whose cached change days meet the range, or for ranges over a year those its GiST index says changed hands), else from the claims the caller can see';
