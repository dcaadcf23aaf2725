-- ------------------------------------------------------------------ series over time
-- control_series answers "who held how many places, and how many people,
-- at each step" in one sweep over the resolved histories (C aggregate
-- _series_hist), instead of one snapshot per step.

CREATE OR REPLACE FUNCTION frontline._series_hist_trans(internal, integer, frontline.control_history, bigint, timestamptz[],
                                             bigint, bigint, bigint)
RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__series_hist_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._series_hist_trans(internal, integer, frontline.control_history, bigint, timestamptz[], bigint, bigint, bigint) IS
  'Internal: transition function of _series_hist';
CREATE OR REPLACE FUNCTION frontline._series_hist_final(internal) RETURNS frontline._series_result
    AS 'MODULE_PATHNAME', 'frontline__series_hist_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._series_hist_final(internal) IS
  'Internal: final function of _series_hist';
CREATE OR REPLACE AGGREGATE frontline._series_hist(place_id integer, history frontline.control_history, population bigint,
                                        steps timestamptz[], total_places bigint, total_population bigint,
                                        total_with_population bigint) (
    SFUNC = frontline._series_hist_trans,
    STYPE = internal,
    FINALFUNC = frontline._series_hist_final,
    FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE frontline._series_hist(integer, frontline.control_history, bigint, timestamptz[], bigint, bigint, bigint) IS
  'Internal: the series over resolved histories, fed in any order (steps and totals of the first row are used); counts places and population per controller at every step';

CREATE OR REPLACE FUNCTION frontline.control_series(from_t timestamptz, to_t timestamptz, step interval,
                                         sources text[] DEFAULT NULL, min_confidence real DEFAULT 0,
                                         as_of timestamptz DEFAULT NULL)
RETURNS TABLE (t timestamptz, controller text, places integer, population bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp ROWS 1000 AS $$
#variable_conflict use_column
DECLARE
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
    m real := frontline.check_confidence(min_confidence);
    k timestamptz := frontline.check_instant(as_of, 'as_of');
    steps timestamptz[];
BEGIN
    steps := frontline.series_steps(f, u, step);
    -- the resolved histories in any order: each history's transitions are
    -- mapped to the steps they are in force for (binary search), no sort;
    -- under a filter, each claim set resolved only over the steps' window
    RETURN QUERY
    WITH tot AS (
        SELECT count(*) AS n, coalesce(sum(p.population), 0) AS pop, count(p.population) AS npop
          FROM frontline.place p),
    sweep AS (
        SELECT frontline._series_hist(x.place_id, x.history, x.population, steps,
                                      tot.n, tot.pop::bigint, tot.npop) AS r
          FROM tot, (SELECT NULL::integer AS place_id, NULL::frontline.control_history AS history,
                            NULL::bigint AS population
                     UNION ALL
                     SELECT h.place_id, h.history, p.population
                       FROM frontline._histories(sources, m, k, steps[1], steps[cardinality(steps)]) h
                       JOIN frontline.place p ON p.place_id = h.place_id) x
         GROUP BY tot.n, tot.pop, tot.npop)
    SELECT steps[r.step], r.controller, r.places, r.population
      FROM sweep, unnest((sweep.r).step, (sweep.r).controller, (sweep.r).places, (sweep.r).population)
                  AS r(step, controller, places, population)
     ORDER BY r.step, r.controller COLLATE "C" NULLS LAST;
END
$$;
COMMENT ON FUNCTION frontline.control_series(timestamptz, timestamptz, interval, text[], real, timestamptz) IS
  'For every t of generate_series(from_t, to_t, step): one row per controller (actor, ''contested'', or NULL for unknown, never-claimed places included) with the number of places it held at t and their summed population (NULL when none is known); one sweep over the resolved histories';
