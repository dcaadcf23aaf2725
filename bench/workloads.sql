-- Workloads: frontline against the baselines, in the same run.  Each query
-- runs :reps times (after one warm-up); the median wall time is kept, and
-- the answer's md5 (rows as text, sorted) must be the same for every system.
\set ON_ERROR_STOP 1
-- The first call of a query in the session (cold caches, custom plans) and
-- the last of the runs (after PL/pgSQL may have switched to generic plans)
-- are kept too: no function may get slower with repeated calls.
-- Memory: the backend's peak resident memory during a workload's runs, less
-- the shared and file-backed pages it has mapped at the end (shared_buffers
-- pages touched, the libraries): roughly the private memory it needed.
-- Linux only: the peak is reset by writing 5 to /proc/self/clear_refs (the
-- backend writes it itself, with COPY) and read from /proc/self/status.
DROP TABLE IF EXISTS bench.results;
CREATE TABLE bench.results (workload text, system text, median_ms float8, rows bigint, answer text,
                            first_ms float8, last_ms float8, peak_kb bigint);
CREATE OR REPLACE FUNCTION bench.proc_status(field text) RETURNS bigint LANGUAGE sql AS $$
    SELECT substring(pg_read_file('/proc/self/status') FROM field || ':\s+(\d+)')::bigint
$$;
CREATE OR REPLACE FUNCTION bench.run(workload text, system text, q text, reps integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    times float8[] := '{}';
    first float8;
    t0 timestamptz;
    n bigint;
    h text;
    peak bigint;
BEGIN
    -- BENCH_ONLY (run.sh): a partial run times only the workloads whose
    -- name matches it; the set-up between workloads still runs
    IF coalesce(current_setting('bench.only', true), '') <> '' AND workload !~ current_setting('bench.only') THEN
        RETURN;
    END IF;
    BEGIN
        EXECUTE $c$COPY (SELECT 5) TO '/proc/self/clear_refs'$c$;
    EXCEPTION WHEN OTHERS THEN
        NULL;                                   -- not Linux: no memory column
    END;
    t0 := clock_timestamp();
    EXECUTE format('SELECT count(x) FROM (%s) x', q) INTO n;      -- warm-up: the first call
    first := (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
    FOR i IN 1 .. reps LOOP
        t0 := clock_timestamp();
        EXECUTE format('SELECT count(x) FROM (%s) x', q) INTO n;
        times := times || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
    END LOOP;
    BEGIN
        peak := bench.proc_status('VmHWM') - bench.proc_status('RssShmem') - bench.proc_status('RssFile');
    EXCEPTION WHEN OTHERS THEN
        peak := NULL;
    END;
    EXECUTE format('SELECT md5(string_agg(x::text, ''|'' ORDER BY x::text)) FROM (%s) x', q) INTO h;
    INSERT INTO bench.results
    SELECT workload, system, percentile_cont(0.5) WITHIN GROUP (ORDER BY v), n, h, first, times[cardinality(times)], peak
      FROM unnest(times) v;
END $$;

-- 0. the floor: a bare scan of the place table (issue 14: the unfiltered
--    snapshot within 2x of it); reported by run.sh, not in the table
SELECT bench.run('0 bare scan of place', 'floor', $q$SELECT place_id FROM frontline.place$q$, :reps);
-- 0b. what a design that calls one function per place starts from: the
--     cache's rows with the cheapest C call on each history (its size); the
--     snapshot makes one such call (control_at) per place
SELECT bench.run('0b cache rows, one C call each', 'floor',
  $q$SELECT place_id, pg_column_size(history) FROM frontline_internal.control_cache$q$, :reps);
-- 0c. the same rows with control_at on each history (the snapshot's work
--     without its plan): unlike 0b's call, which reads a value's header
--     only, it reads each history's instants, which a scan brings into the
--     CPU's caches one row at a time
SELECT bench.run('0c cache rows, control_at on each', 'floor',
  $q$SELECT place_id, frontline.control_at(history, '2023-01-01 12:00Z') FROM frontline_internal.control_cache$q$, :reps);

-- 1. snapshot of every place at one moment
SELECT bench.run('1 snapshot', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z')$q$, :reps);
SELECT bench.run('1 snapshot', '(a) tstzrange periods + GiST',
  $q$SELECT p.place_id, per.controller FROM frontline.place p
       LEFT JOIN bench.periods per ON per.place_id = p.place_id AND per.during @> timestamptz '2023-01-01 12:00Z'$q$, :reps);
SELECT bench.run('1 snapshot', '(b) latest claim, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);

-- 1b. the same at the default parallel_setup_cost (the planner starts workers)
SET parallel_setup_cost = 1000;
SELECT bench.run('1b snapshot, parallel_setup_cost 1000', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z')$q$, :reps);
SELECT bench.run('1b snapshot, parallel_setup_cost 1000', '(a) tstzrange periods + GiST',
  $q$SELECT p.place_id, per.controller FROM frontline.place p
       LEFT JOIN bench.periods per ON per.place_id = p.place_id AND per.during @> timestamptz '2023-01-01 12:00Z'$q$, :reps);
SELECT bench.run('1b snapshot, parallel_setup_cost 1000', '(b) latest claim, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);
RESET parallel_setup_cost;

-- 1c/1d. the snapshot under a filter (issue 14: within 3x of row 1's
--    frontline time, and ahead of the LATERAL query with the same filter):
--    from the cached claim sets
SELECT bench.run('1c snapshot, sources AP+AFP', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z', sources => '{AP,AFP}')$q$, :reps);
SELECT bench.run('1c snapshot, sources AP+AFP', '(b) latest claim from those sources, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                             AND e.source = ANY ('{AP,AFP}')
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);
SELECT bench.run('1d snapshot, min_confidence 0.5', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z', min_confidence => 0.5)$q$, :reps);
SELECT bench.run('1d snapshot, min_confidence 0.5', '(b) latest claim rated 0.5 or more, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                             AND e.confidence >= 0.5
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);

-- 1f/1g. the snapshot with since (every period's start), under a filter and
--     without (the maps' columns: snapshot_geojson, control_mvt): since
--     under a filter walks back from the winning claim over the claims of
--     its controller's period (_claims_since); frontline alone, the pair
--     in the filtered/unfiltered table
SELECT bench.run('1f snapshot with since, sources AP+AFP', 'frontline',
  $q$SELECT place_id, controller, since FROM frontline.snapshot('2023-01-01 12:00Z', sources => '{AP,AFP}')$q$, :reps);
SELECT bench.run('1g snapshot with since, no filter (for 1f)', 'frontline',
  $q$SELECT place_id, controller, since FROM frontline.snapshot('2023-01-01 12:00Z')$q$, :reps);

-- 1e. the snapshot by a role under row-level security (a policy hiding the
--     claims of one source, 'local'): frontline answers it from the policy's
--     own cache (frontline.cache_policy: the claim sets of only what the
--     policy lets through), never from the shared cache (issue 14: within 5x
--     of row 1); the same call before the policy is cached (computed from
--     the claims the role may see) and the LATERAL baseline run as the same
--     role.  The time and size of the policy cache's build go into
--     bench.policy_cache.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_rls') THEN
        CREATE ROLE bench_rls;
    END IF;
END $$;
GRANT USAGE ON SCHEMA frontline, bench TO bench_rls;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO bench_rls;
GRANT SELECT, INSERT ON bench.results TO bench_rls;
-- its peak memory is measured as for every other workload: the role may
-- reset and read its own backend's counters (/proc/self), as the bench's
-- superuser does; neither role bypasses row-level security
GRANT pg_read_server_files, pg_write_server_files TO bench_rls;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) TO bench_rls;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS bench_rls_no_local ON frontline.control_event;
CREATE POLICY bench_rls_no_local ON frontline.control_event FOR SELECT TO bench_rls
    USING (source IS DISTINCT FROM 'local');
-- CREATE POLICY cached it (the event trigger): uncached for row (c), then
-- cached again by frontline.cache_policy() with its time measured
SELECT frontline.uncache_policy('bench_rls_no_local');
SET ROLE bench_rls;
SELECT bench.run('1e snapshot under row-level security', '(c) frontline before the policy is cached: from the claims the role sees',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z')$q$, :reps);
RESET ROLE;
DROP TABLE IF EXISTS bench.policy_cache;
CREATE TABLE bench.policy_cache AS SELECT clock_timestamp() AS started, NULL::bigint AS places, NULL::float8 AS build_ms,
                                          NULL::bigint AS bytes, NULL::boolean AS used_by_the_role;
GRANT UPDATE ON bench.policy_cache TO bench_rls;
UPDATE bench.policy_cache SET places = frontline.cache_policy('bench_rls_no_local');
UPDATE bench.policy_cache SET build_ms = extract(epoch FROM clock_timestamp() - started) * 1000,
                              bytes = pg_total_relation_size('frontline_internal.policy_claim_cache');
SET ROLE bench_rls;
UPDATE bench.policy_cache SET used_by_the_role = frontline._policy_cache() IS NOT NULL;
SELECT bench.run('1e snapshot under row-level security', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z')$q$, :reps);
SELECT bench.run('1e snapshot under row-level security', '(b) latest visible claim, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);
RESET ROLE;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) FROM bench_rls;
REVOKE pg_read_server_files, pg_write_server_files FROM bench_rls;
SELECT frontline.uncache_policy('bench_rls_no_local');
DROP POLICY bench_rls_no_local ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
-- the policy cache's dropped rows go now, not during a later workload
VACUUM frontline_internal.policy_claim_cache, frontline_internal.policy_cache;

-- 2. daily series over 365 days: places and population per controller
SELECT bench.run('2 daily series, 365 days', 'frontline',
  $q$SELECT t, controller, places, population
       FROM frontline.control_series('2022-06-01 12:00Z', '2023-05-31 12:00Z', '1 day')$q$, :reps);
SELECT bench.run('2 daily series, 365 days', '(a) periods snapshot per day',
  $q$SELECT t, per.controller, count(*)::integer AS places, sum(p.population)::bigint AS population
       FROM generate_series(timestamptz '2022-06-01 12:00Z', '2023-05-31 12:00Z', '1 day') t
      CROSS JOIN frontline.place p
       LEFT JOIN bench.periods per ON per.place_id = p.place_id AND per.during @> t
      GROUP BY t, per.controller$q$, :reps);

-- 2b. a daily series under a sources filter, 30 days (the LATERAL
--     baseline probes every place every day)
SELECT bench.run('2b daily series, 30 days, sources AP+AFP', 'frontline',
  $q$SELECT t, controller, places, population
       FROM frontline.control_series('2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day', sources => '{AP,AFP}')$q$, :reps);
SELECT bench.run('2b daily series, 30 days, sources AP+AFP', '(b) latest claim per place per day, LATERAL LIMIT 1',
  $q$SELECT t, l.controller, count(*)::integer AS places, sum(p.population)::bigint AS population
       FROM generate_series(timestamptz '2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day') t
      CROSS JOIN frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= t AND e.source = ANY ('{AP,AFP}')
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true
      GROUP BY t, l.controller$q$, :reps);

-- 3. the front's closest approach to the capital, daily over 365 days
SELECT bench.run('3 front_series, 365 days', 'frontline',
  $q$SELECT t, place FROM frontline.front_series('Insurgents', 'Capital 1', '2022-06-01 12:00Z', '2023-05-31 12:00Z', '1 day')$q$, :reps);
SELECT bench.run('3 front_series, 365 days', '(a) periods, nearest held place per day',
  $q$SELECT t, (SELECT p.name FROM bench.periods per JOIN frontline.place p ON p.place_id = per.place_id
                 WHERE per.during @> t AND per.controller = 'Insurgents'
                 ORDER BY frontline.geodesic_km(c.geom, p.geom), p.place_id LIMIT 1) AS place
       FROM generate_series(timestamptz '2022-06-01 12:00Z', '2023-05-31 12:00Z', '1 day') t,
            frontline.place c WHERE c.name = 'Capital 1'$q$, :reps);

-- 4. within 100 km of the capital, with the controller at a moment (places
--    only, areas => false: the baselines know no area claims, and the
--    bench's maps lie around the capital)
SELECT bench.run('4 within_radius 100 km + controller', 'frontline',
  $q$SELECT place_id, controller FROM frontline.within_radius('Capital 1', 100, '2023-01-01 12:00Z', areas => false)$q$, :reps);
SELECT bench.run('4 within_radius 100 km + controller', '(c)+(a) ST_DWithin(geography) + periods',
  $q$SELECT p.place_id, per.controller FROM frontline.place c
       JOIN frontline.place p ON ST_DWithin(p.geom::geography, c.geom::geography, 100000)
       LEFT JOIN bench.periods per ON per.place_id = p.place_id AND per.during @> timestamptz '2023-01-01 12:00Z'
      WHERE c.name = 'Capital 1'$q$, :reps);
SELECT bench.run('4 within_radius 100 km + controller', '(c)+(b) ST_DWithin(geography) + latest claim',
  $q$SELECT p.place_id, l.controller FROM frontline.place c
       JOIN frontline.place p ON ST_DWithin(p.geom::geography, c.geom::geography, 100000)
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true
      WHERE c.name = 'Capital 1'$q$, :reps);

-- 2c. the same 30 days without a filter (the reference for 2b's 3x target)
SELECT bench.run('2c daily series, 30 days, no filter (for 2b)', 'frontline',
  $q$SELECT t, controller, places, population
       FROM frontline.control_series('2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day')$q$, :reps);

-- 3b. front_series under a sources filter, 30 days, against the nearest
--     place held per day by the latest claim from those sources (LATERAL);
--     3c. the same 30 days without a filter (the reference for 3x)
SELECT bench.run('3b front_series, 30 days, sources AP+AFP', 'frontline',
  $q$SELECT t, place FROM frontline.front_series('Insurgents', 'Capital 1', '2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day',
                                                 sources => '{AP,AFP}')$q$, :reps);
SELECT bench.run('3b front_series, 30 days, sources AP+AFP', '(b) nearest place whose latest claim from those sources says held, per day',
  $q$SELECT t, (SELECT p.name FROM frontline.place p
                 LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= t AND e.source = ANY ('{AP,AFP}')
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true
                 WHERE l.controller = 'Insurgents'
                 ORDER BY frontline.geodesic_km(c.geom, p.geom), p.place_id LIMIT 1) AS place
       FROM generate_series(timestamptz '2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day') t,
            frontline.place c WHERE c.name = 'Capital 1'$q$, :reps);
SELECT bench.run('3c front_series, 30 days, no filter (for 3b)', 'frontline',
  $q$SELECT t, place FROM frontline.front_series('Insurgents', 'Capital 1', '2022-12-01 12:00Z', '2022-12-30 12:00Z', '1 day')$q$, :reps);

-- 4b. within_radius under a sources filter
SELECT bench.run('4b within_radius 100 km, sources AP+AFP', 'frontline',
  $q$SELECT place_id, controller FROM frontline.within_radius('Capital 1', 100, '2023-01-01 12:00Z', sources => '{AP,AFP}', areas => false)$q$, :reps);
SELECT bench.run('4b within_radius 100 km, sources AP+AFP', '(c)+(b) ST_DWithin(geography) + latest claim from those sources',
  $q$SELECT p.place_id, l.controller FROM frontline.place c
       JOIN frontline.place p ON ST_DWithin(p.geom::geography, c.geom::geography, 100000)
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z' AND e.source = ANY ('{AP,AFP}')
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true
      WHERE c.name = 'Capital 1'$q$, :reps);

-- 4f/4g. what 4b's answer costs without its controllers: the baseline's
--     search alone (the places within 100 km, spheroid distance, no
--     controller), and within_radius without a moment (geodesic distance and
--     bearing of each place, sorted, no claim read)
SELECT bench.run('4f places within 100 km alone', 'floor',
  $q$SELECT p.place_id FROM frontline.place c
       JOIN frontline.place p ON ST_DWithin(p.geom::geography, c.geom::geography, 100000)
      WHERE c.name = 'Capital 1'$q$, :reps);
SELECT bench.run('4g within_radius 100 km, geometry only', 'floor',
  $q$SELECT place_id FROM frontline.within_radius('Capital 1', 100, areas => false)$q$, :reps);

-- 4c/4d. history() of 2,000 places, without and under a sources filter; the
--     baseline resolves each place's claims from those sources with the
--     same aggregate
SELECT bench.run('4c history of 2,000 places, no filter (for 4d)', 'frontline',
  $q$SELECT place_id, frontline.history(place_id) FROM frontline.place WHERE place_id <= 2000$q$, :reps);
SELECT bench.run('4d history of 2,000 places, sources AP+AFP', 'frontline',
  $q$SELECT place_id, frontline.history(place_id, '{AP,AFP}') FROM frontline.place WHERE place_id <= 2000$q$, :reps);
SELECT bench.run('4d history of 2,000 places, sources AP+AFP', '(b) winning claim per instant from those sources, aggregated',
  $q$SELECT p.place_id,
            (SELECT coalesce(frontline.control_history_agg(w.st, w.at), '{}')
               FROM (SELECT DISTINCT ON (e.at) e.at,
                            CASE e.state WHEN 'control' THEN e.actor WHEN 'unknown' THEN 'unknown'
                                 ELSE frontline.contested_state(e.contenders) END AS st
                       FROM frontline.control_event e
                      WHERE e.place_id = p.place_id AND e.source = ANY ('{AP,AFP}')
                      ORDER BY e.at, e.confidence DESC NULLS LAST, e.event_id DESC) w)
       FROM frontline.place p WHERE p.place_id <= 2000$q$, :reps);

-- 6. places an actor held at some moment of a week (GiST index on the cache
--    against the GiST index on the periods' ranges)
SELECT bench.run('6 held by an actor during a week', 'frontline',
  $q$SELECT place_id FROM frontline.place_history
      WHERE frontline.held_by(history, 'Insurgents', '[2022-09-01Z,2022-09-08Z)')$q$, :reps);
SELECT bench.run('6 held by an actor during a week', '(a) periods && range',
  $q$SELECT DISTINCT per.place_id FROM bench.periods per
      WHERE per.controller = 'Insurgents' AND per.during && tstzrange('2022-09-01Z', '2022-09-08Z')$q$, :reps);

-- 7. places that changed hands during a week
SELECT bench.run('7 changed hands during a week', 'frontline',
  $q$SELECT place_id FROM frontline.place_history
      WHERE frontline.changed_during(history, '[2022-09-01Z,2022-09-08Z)')$q$, :reps);
SELECT bench.run('7 changed hands during a week', '(a) periods starting in the range, controller differs',
  $q$SELECT DISTINCT cur.place_id FROM bench.periods cur
       LEFT JOIN bench.periods prev ON prev.place_id = cur.place_id AND upper(prev.during) = lower(cur.during)
      WHERE cur.during && tstzrange('2022-09-01Z', '2022-09-08Z')
        AND lower(cur.during) >= '2022-09-01Z' AND lower(cur.during) < '2022-09-08Z'
        AND prev.controller IS DISTINCT FROM cur.controller$q$, :reps);

-- 7b. changes(): every change of hands in a week with its instant, place,
--     controllers before and after, and the source of the claim (issue 14:
--     at least 3x the periods table returning the same rows)
SELECT bench.run('7b changes() over a week', 'frontline',
  $q$SELECT at, place_id, from_controller, to_controller, source
       FROM frontline.changes('2022-09-01Z', '2022-09-08Z')$q$, :reps);
SELECT bench.run('7b changes() over a week', '(a) periods starting in the range, previous period joined',
  $q$SELECT lower(cur.during) AS at, cur.place_id, prev.controller AS from_controller, cur.controller AS to_controller,
            cur.source
       FROM bench.periods cur
       LEFT JOIN bench.periods prev ON prev.place_id = cur.place_id AND upper(prev.during) = lower(cur.during)
      WHERE cur.during && tstzrange('2022-09-01Z', '2022-09-08Z')
        AND lower(cur.during) >= '2022-09-01Z' AND lower(cur.during) < '2022-09-08Z'
        AND prev.controller IS DISTINCT FROM cur.controller$q$, :reps);

-- 7c. changes() over the same week under a filter (for 7b's frontline
--     call: issue 14, a filter costs at most 3x): the claim sets of the
--     places with a claim in the week (a controller changes only at a
--     claim's instant); the baseline takes each instant's winning claim from
--     those sources, for the places with such a claim in the week, and the
--     one before it
SELECT bench.run('7c changes() over a week, sources AP+AFP', 'frontline',
  $q$SELECT at, place_id, from_controller, to_controller, source
       FROM frontline.changes('2022-09-01Z', '2022-09-08Z', sources => '{AP,AFP}')$q$, :reps);
SELECT bench.run('7c changes() over a week, sources AP+AFP', '(b) winning claim per instant from those sources, the one before joined',
  $q$SELECT x.at, x.place_id, x.from_controller, x.to_controller, x.source
       FROM (SELECT w.at, w.place_id, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS from_controller,
                    w.controller AS to_controller, w.source
               FROM (SELECT DISTINCT ON (e.place_id, e.at) e.place_id, e.at, e.source,
                            CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                       FROM frontline.control_event e
                      WHERE e.source = ANY ('{AP,AFP}') AND e.at < '2022-09-08Z'
                        AND e.place_id IN (SELECT r.place_id FROM frontline.control_event r
                                            WHERE r.at >= '2022-09-01Z' AND r.at < '2022-09-08Z' AND r.source = ANY ('{AP,AFP}'))
                      ORDER BY e.place_id, e.at, e.confidence DESC NULLS LAST, e.event_id DESC) w) x
      WHERE x.at >= '2022-09-01Z' AND x.from_controller IS DISTINCT FROM x.to_controller$q$, :reps);

-- 8. snapshot as known at a moment (as_of: only claims reported by then;
--    from the cached claim sets) against the LATERAL baseline with the same
--    reported_at filter
SELECT bench.run('8 snapshot as of a moment', 'frontline',
  $q$SELECT place_id, controller FROM frontline.snapshot('2023-01-01 12:00Z', as_of => '2023-01-10Z')$q$, :reps);
SELECT bench.run('8 snapshot as of a moment', '(b) latest claim reported by then, LATERAL LIMIT 1',
  $q$SELECT p.place_id, l.controller FROM frontline.place p
       LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                            FROM frontline.control_event e
                           WHERE e.place_id = p.place_id AND e.at <= timestamptz '2023-01-01 12:00Z'
                             AND e.reported_at <= timestamptz '2023-01-10Z'
                           ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) l ON true$q$, :reps);

-- 9. the headline numbers from the daily maps (365 stored): held, gained and
--    lost per day over 60 days (km², geodesic), against the hand-written
--    ST_Difference per pair of days
SELECT bench.run('9 area_series, 60 of 365 daily maps', 'frontline',
  $q$SELECT t, round(held_km2) AS held, round(gained_km2) AS gained, round(lost_km2) AS lost
       FROM frontline.area_series('Occupiers', '2022-06-02 12:00Z', '2022-07-31 12:00Z', '1 day', layer => 'bench-map')$q$, :reps);
SELECT bench.run('9 area_series, 60 of 365 daily maps', '(d) ST_Difference(...)::geography per pair of days',
  $q$SELECT t, round(ST_Area(g::geography) / 1e6) AS held,
            round(ST_Area(ST_Difference(g, prev)::geography) / 1e6) AS gained,
            round(ST_Area(ST_Difference(prev, g)::geography) / 1e6) AS lost
       FROM (SELECT t, g, lag(g) OVER (ORDER BY t) AS prev
               FROM (SELECT t, (SELECT a.geom FROM frontline.control_area a
                                 WHERE a.layer = 'bench-map' AND a.actor = 'Occupiers' AND a.at <= t
                                 ORDER BY a.at DESC LIMIT 1) AS g
                       FROM generate_series(timestamptz '2022-06-01 12:00Z', '2022-07-31 12:00Z', '1 day') t) d) x
      WHERE prev IS NOT NULL$q$, :reps);

-- 10. who held 200 points at 200 moments, against 365 maps: control_at(point)
--     against the latest map covering the point with the GiST index (the
--     layer's default where no claim covers it); points away from places
CREATE TEMP TABLE pts AS
SELECT i, ST_Point(66 + 8 * random(), 29.5 + 8 * random(), 4326) AS pt,
       timestamptz '2022-06-01 12:00Z' + random() * interval '360 days' AS t
  FROM generate_series(1, 400) i;
DELETE FROM pts WHERE EXISTS (SELECT 1 FROM frontline.place p WHERE ST_DWithin(p.geom::geography, pts.pt::geography, 100));
DELETE FROM pts WHERE i NOT IN (SELECT i FROM pts ORDER BY i LIMIT 200);
SELECT bench.run('10 control_at(point), 365 maps', 'frontline',
  $q$SELECT i, frontline.control_at(pt, t, tolerance_m => 0) FROM pts$q$, :reps);
SELECT bench.run('10 control_at(point), 365 maps', '(d) ST_Covers on the latest map, GiST',
  $q$SELECT i, coalesce((SELECT CASE a.state WHEN 'control' THEN a.actor WHEN 'contested' THEN 'contested' END
                          FROM frontline.control_area a
                         WHERE a.layer = 'bench-map' AND ST_Covers(a.geom, pts.pt)
                           AND a.at = (SELECT max(m.at) FROM frontline.control_area m WHERE m.layer = 'bench-map' AND m.at <= pts.t)),
                        CASE WHEN pts.t >= '2022-06-01 12:00Z' THEN 'Government' END) FROM pts$q$, :reps);
