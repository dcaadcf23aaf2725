-- ------------------------------------------------------------------ what was known when, and by whom
-- Valid time is `at` (what held when), knowledge time is `reported_at` (when
-- it was published).  "As of" restricts the claims by the second before the
-- rule resolves them by the first (45_rule.sql); every read function takes
-- as_of.  The functions below look at the same claims from two more sides:
-- how a place's known history changed as reports arrived (revisions), and
-- what each source, taken alone, says (sources_at, disagreements, fall
-- windows).  "A source taken alone" is the rule applied to that source's
-- claims only: winning_claims(..., ARRAY[source], ...).

CREATE OR REPLACE FUNCTION frontline.revisions(place text, from_t timestamptz DEFAULT NULL, to_t timestamptz DEFAULT NULL)
RETURNS TABLE (known_at timestamptz, at timestamptz, from_controller text, to_controller text, source text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 20 AS $$
#variable_conflict use_column
DECLARE
    pid integer := frontline.find_place(place);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
BEGIN
    IF pid IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF f > u THEN
        RAISE EXCEPTION 'from_t % is after to_t %', f, u USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- at every report time k: the changes of control in the history as known
    -- at k that were not in the history as known just before k
    RETURN QUERY
    WITH k AS (
        SELECT DISTINCT c.reported_at AS k
          FROM frontline._claims(NULL, 0) c
         WHERE c.place_id = pid
           AND (f IS NULL OR c.reported_at >= f) AND (u IS NULL OR c.reported_at <= u)),
    known AS (
        SELECT k.k, t.at, t.from_c, t.to_c, t.later
          FROM k, LATERAL (
                SELECT lower(p.during) AS at, lag(p.state) OVER (ORDER BY lower(p.during)) AS from_c, p.state AS to_c,
                       true AS later
                  FROM frontline.periods(frontline._history(pid, NULL, 0, k.k)) p
                UNION ALL
                SELECT lower(p.during), lag(p.state) OVER (ORDER BY lower(p.during)), p.state, false
                  FROM frontline.periods(frontline._history(pid, NULL, 0, k.k - interval '1 microsecond')) p) t)
    SELECT n.k, n.at, n.from_c, n.to_c,
           (SELECT w.source FROM frontline.winning_claims(NULL, NULL, 0, NULL, n.k) w
             WHERE w.place_id = pid AND w.at = n.at)
      FROM known n
     WHERE n.later
       AND n.from_c IS DISTINCT FROM n.to_c
       AND NOT EXISTS (SELECT 1 FROM known o
                        WHERE NOT o.later AND o.k = n.k AND o.at = n.at
                          AND o.from_c IS NOT DISTINCT FROM n.from_c AND o.to_c IS NOT DISTINCT FROM n.to_c)
     ORDER BY n.k, n.at;
END
$$;
COMMENT ON FUNCTION frontline.revisions(text, timestamptz, timestamptz) IS
  'How the known history of a place changed as reports arrived: at each report time known_at (within from_t..to_t when given), every change of control (at, from, to) that the history as known then shows and the history as known just before did not, with the source of the claim behind it ("on 14 Aug we learned from AP that Kandahar had changed hands on the 12th")';

CREATE OR REPLACE FUNCTION frontline.sources_at(place text, at timestamptz, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (source text, controller text, since timestamptz, confidence real, claim_at timestamptz)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 10 AS $$
#variable_conflict use_column
DECLARE
    pid integer := frontline.find_place(place);
    t timestamptz := frontline.check_instant(at);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
BEGIN
    IF pid IS NULL OR t IS NULL THEN
        RAISE EXCEPTION 'place and at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    SELECT s.source, w.controller, frontline.since(frontline._history(pid, ARRAY[s.source], 0, k), t),
           w.confidence, w.at
      FROM (SELECT DISTINCT c.source FROM frontline._claims(NULL, 0, k) c
             WHERE c.place_id = pid AND c.source IS NOT NULL AND c.at <= t) s
     CROSS JOIN LATERAL (SELECT w.controller, w.confidence, w.at
                           FROM frontline.winning_claims(t + interval '1 microsecond', ARRAY[s.source], 0, NULL, k) w
                          WHERE w.place_id = pid
                          ORDER BY w.at DESC LIMIT 1) w
     ORDER BY s.source COLLATE "C";
END
$$;
COMMENT ON FUNCTION frontline.sources_at(text, timestamptz, timestamptz) IS
  'What each source, taken alone, says about a place at a moment: its controller then (actor, ''contested'' or NULL for unknown), since when by that source, and the confidence and instant of its claim in force; as_of: as known then. Unsourced claims are not listed';

-- SQL, not PL/pgSQL: its result column "sources" has the name of a parameter
CREATE OR REPLACE FUNCTION frontline.disagreements(at timestamptz, sources text[] DEFAULT NULL, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place_id integer, place text, controllers text[], sources text[])
LANGUAGE sql STABLE PARALLEL SAFE ROWS 20
BEGIN ATOMIC
    WITH said AS (
        SELECT DISTINCT ON (w.place_id, s.source) w.place_id, s.source, coalesce(w.controller, 'unknown') AS controller
          FROM (SELECT DISTINCT c.source FROM frontline._claims(disagreements.sources, 0, disagreements.as_of) c
                 WHERE c.source IS NOT NULL) s
         CROSS JOIN LATERAL frontline.winning_claims(disagreements.at + interval '1 microsecond', ARRAY[s.source], 0,
                                                     NULL, disagreements.as_of) w
         WHERE frontline._snapshot_args(disagreements.at, 0, disagreements.as_of)
         ORDER BY w.place_id, s.source, w.at DESC)
    SELECT d.place_id, p.name,
           array_agg(DISTINCT d.controller ORDER BY d.controller),
           array_agg(d.source ORDER BY d.source)
      FROM said d JOIN frontline.place p ON p.place_id = d.place_id
     GROUP BY d.place_id, p.name
    HAVING count(DISTINCT d.controller) > 1
     ORDER BY d.place_id;
END;
COMMENT ON FUNCTION frontline.disagreements(timestamptz, text[], timestamptz) IS
  'Places where the sources, each taken alone, disagree at a moment (for an editor''s desk): the controllers they give (''unknown'' for an unknown period) and the sources, among the given sources (NULL: all) and as known as_of';

-- The earliest and latest instant at which a single source says the actor
-- first took the place: per source, the first instant its own history shows
-- the actor in control.
CREATE OR REPLACE FUNCTION frontline._first_taken(actor text, sources text[], min_confidence real)
RETURNS TABLE (place_id integer, source text, first timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100
BEGIN ATOMIC
    SELECT h.place_id, s.source, frontline.first_held(h.h, _first_taken.actor)
      FROM (SELECT DISTINCT c.source FROM frontline._claims(_first_taken.sources, _first_taken.min_confidence) c
             WHERE c.source IS NOT NULL) s
     CROSS JOIN LATERAL (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                           FROM frontline.winning_claims(NULL, ARRAY[s.source], _first_taken.min_confidence) w
                          GROUP BY w.place_id) h
     WHERE frontline.first_held(h.h, _first_taken.actor) IS NOT NULL;
END;
COMMENT ON FUNCTION frontline._first_taken(text, text[], real) IS
  'Internal: per place and source, the first instant that source''s own history shows the actor in control (rows only where it does); arguments are not validated here';

CREATE OR REPLACE FUNCTION frontline.fall_windows(actor text, from_t timestamptz, to_t timestamptz,
                                                  sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS TABLE (place_id integer, place text, earliest timestamptz, earliest_sources text[], latest timestamptz,
               latest_sources text[], sources_agree boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 20 AS $$
#variable_conflict use_column
DECLARE
    a text := frontline.find_actor(actor);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
    m real := frontline.check_confidence(min_confidence);
BEGIN
    IF a IS NULL OR f IS NULL OR u IS NULL THEN
        RAISE EXCEPTION 'actor, from_t and to_t must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF f > u THEN
        RAISE EXCEPTION 'from_t % is after to_t %', f, u USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- one pass over the (place, source) rows: each row knows its place's
    -- earliest and latest, and one aggregate per place collects the sources
    -- at each end (a subquery per place over all the rows was quadratic:
    -- minutes at 100,000 places)
    RETURN QUERY
    SELECT w.place_id, p.name, w.earliest, w.earliest_sources, w.latest, w.latest_sources, w.earliest = w.latest
      FROM (SELECT x.place_id, min(x.e) AS earliest, max(x.l) AS latest,
                   array_agg(x.source ORDER BY x.source) FILTER (WHERE x.first = x.e) AS earliest_sources,
                   array_agg(x.source ORDER BY x.source) FILTER (WHERE x.first = x.l) AS latest_sources
              FROM (SELECT ft.place_id, ft.source, ft.first,
                           min(ft.first) OVER (PARTITION BY ft.place_id) AS e,
                           max(ft.first) OVER (PARTITION BY ft.place_id) AS l
                      FROM frontline._first_taken(a, sources, m) ft) x
             GROUP BY x.place_id) w
      JOIN frontline.place p ON p.place_id = w.place_id
     WHERE w.earliest >= f AND w.earliest < u
     ORDER BY w.earliest, w.place_id;
END
$$;
COMMENT ON FUNCTION frontline.fall_windows(text, timestamptz, timestamptz, text[], real) IS
  'For every place the actor first took within [from_t, to_t) by the earliest source: the earliest and the latest instant at which a single source (taken alone) says the actor took control, with the sources at each end, and whether they agree';

CREATE OR REPLACE FUNCTION frontline.fall_window(place text, actor text, sources text[] DEFAULT NULL,
                                                 min_confidence real DEFAULT 0)
RETURNS TABLE (earliest timestamptz, earliest_sources text[], latest timestamptz, latest_sources text[],
               sources_agree boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 1 AS $$
#variable_conflict use_column
DECLARE
    pid integer := frontline.find_place(place);
    a text := frontline.find_actor(actor);
    m real := frontline.check_confidence(min_confidence);
BEGIN
    IF pid IS NULL OR a IS NULL THEN
        RAISE EXCEPTION 'place and actor must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    WITH ft AS (SELECT * FROM frontline._first_taken(a, sources, m) x WHERE x.place_id = pid),
    w AS (SELECT min(ft.first) AS earliest, max(ft.first) AS latest FROM ft HAVING count(*) > 0)
    SELECT w.earliest, (SELECT array_agg(x.source ORDER BY x.source) FROM ft x WHERE x.first = w.earliest),
           w.latest, (SELECT array_agg(x.source ORDER BY x.source) FROM ft x WHERE x.first = w.latest),
           w.earliest = w.latest
      FROM w;
END
$$;
COMMENT ON FUNCTION frontline.fall_window(text, text, text[], real) IS
  'When did the actor first take the place, by the sources: the earliest and the latest instant at which a single source (taken alone) says it took control, with the sources at each end, and whether they agree; no row when no source says so';
