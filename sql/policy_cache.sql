-- Policy caches (frontline.cache_policy, 52_policy_cache.sql): a role under
-- a cached row-level security policy on the claims is answered from claim
-- sets built from only what the policy lets it see.  Its answers equal
-- those of a role under the same USING, uncached, answered from the claims;
-- the cache follows every kind of write (policy_cache_check() is empty); a
-- policy that changes, or that cannot be cached, sends its roles back to
-- the claims.
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
SET extra_float_digits = 0;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C');
INSERT INTO frontline.place (name, kind, geom, population, country, capital)
SELECT 'P' || i, 'town', ST_SetSRID(ST_MakePoint(60 + (i % 10) * 0.3, 30 + (i / 10) * 0.3), 4326),
       CASE WHEN i % 7 <> 0 THEN i * 100 END, 'X', CASE WHEN i = 1 THEN 'national' END
  FROM generate_series(1, 60) i;
SELECT setseed(0.1717);
CREATE FUNCTION pg_temp.claims(n integer) RETURNS TABLE (place_id integer, at timestamptz, state text, actor text,
                                                        contenders text[], source text, confidence real,
                                                        reported_at timestamptz)
LANGUAGE sql VOLATILE AS $$
    SELECT 1 + floor(random() * 59)::int, t,
           s.state,
           CASE WHEN s.state = 'control' THEN (ARRAY['A', 'B', 'C'])[1 + floor(random() * 3)::int] END,
           CASE WHEN s.state = 'contested' AND random() < 0.5 THEN ARRAY['A', 'B'] END,
           (ARRAY['s1', 's2', 'local', NULL])[1 + floor(random() * 4)::int],
           CASE WHEN random() < 0.8 THEN round(random()::numeric, 1)::real END,
           t + floor(random() * 72) * interval '1 hour'
      FROM generate_series(1, n) g,
           LATERAL (SELECT timestamptz '2021-08-01Z' + floor(random() * 24 * 40 + g * 0) * interval '1 hour' AS t) i,
           LATERAL (SELECT CASE WHEN random() < 0.75 + g * 0 THEN 'control'
                                WHEN random() < 0.5 THEN 'contested' ELSE 'unknown' END AS state) s
$$;
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT * FROM pg_temp.claims(3000);

-- two roles under the same USING: fl_pc_cached's policy is cached,
-- fl_pc_claims's is not (its answers come from the claims it can see)
CREATE ROLE fl_pc_cached;
CREATE ROLE fl_pc_claims;
CREATE ROLE fl_pc_member IN ROLE fl_pc_cached;
GRANT USAGE ON SCHEMA frontline TO fl_pc_cached, fl_pc_claims;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_pc_cached, fl_pc_claims;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_local ON frontline.control_event FOR SELECT TO fl_pc_cached
    USING (source IS DISTINCT FROM 'local' AND coalesce(confidence, 1) >= 0.2);
CREATE POLICY no_local_uncached ON frontline.control_event FOR SELECT TO fl_pc_claims
    USING (source IS DISTINCT FROM 'local' AND coalesce(confidence, 1) >= 0.2);
-- both were cached when they were created (the event trigger
-- frontline_policy_cache); the second is uncached for the comparison
SELECT policy_name, valid, places FROM frontline.cached_policies ORDER BY 1;
SELECT frontline.uncache_policy('no_local_uncached') AS uncached_for_the_comparison;

-- 1. what can be cached
SELECT frontline.cache_policy('no_local') AS places_rebuilt;
SELECT policy_name, using_expr, valid, places FROM frontline.cached_policies;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
CREATE FUNCTION public.fl_pc_mine(s text) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN s = 's2';
CREATE POLICY by_user ON frontline.control_event FOR SELECT TO fl_pc_claims USING (source = current_user);
CREATE POLICY by_table ON frontline.control_event FOR SELECT TO fl_pc_claims
    USING (place_id IN (SELECT place_id FROM frontline.place WHERE kind = 'town'));
CREATE POLICY by_own_function ON frontline.control_event FOR SELECT TO fl_pc_claims USING (public.fl_pc_mine(source));
CREATE POLICY by_clock ON frontline.control_event FOR SELECT TO fl_pc_claims USING (reported_at < now());
CREATE DOMAIN public.fl_pc_word AS text CHECK (VALUE <> 'x');
CREATE POLICY by_own_type ON frontline.control_event FOR SELECT TO fl_pc_claims USING ('local'::public.fl_pc_word IS NOT NULL);
CREATE POLICY narrowing ON frontline.control_event AS RESTRICTIVE FOR SELECT TO fl_pc_claims USING (true);
CREATE POLICY inserting ON frontline.control_event FOR INSERT TO fl_pc_claims WITH CHECK (true);
-- none of these was cached when it was created
SELECT policy_name FROM frontline.cached_policies ORDER BY 1;
SELECT p, err(format('SELECT frontline.cache_policy(%L)', p)) AS refused
  FROM unnest(ARRAY['by_user', 'by_table', 'by_own_function', 'by_clock', 'by_own_type', 'narrowing', 'inserting', 'no_such']) p;
\set VERBOSITY verbose
SELECT frontline.cache_policy('by_user');
\set VERBOSITY default
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT err('SELECT frontline.cache_policy(''no_local'')') AS not_in_repeatable_read;
ROLLBACK;
DROP POLICY by_user ON frontline.control_event;
DROP POLICY by_table ON frontline.control_event;
DROP POLICY by_own_function ON frontline.control_event;
DROP POLICY by_clock ON frontline.control_event;
DROP POLICY by_own_type ON frontline.control_event;
DROP DOMAIN public.fl_pc_word;
DROP POLICY narrowing ON frontline.control_event;
DROP POLICY inserting ON frontline.control_event;
DROP FUNCTION public.fl_pc_mine(text);

-- 2. who reads it: the policy's roles (and their members), nobody else
SELECT frontline._policy_cache() IS NULL AS owner_uses_shared_cache, frontline.cache_usable() AS cache_usable;
SET ROLE fl_pc_cached;
SELECT frontline.cache_usable() AS cache_usable, frontline._policy_cache() IS NOT NULL AS policy_cache_used,
       (SELECT count(*) FROM frontline._policy_claims) AS policy_claim_sets_seen,
       (SELECT count(*) FROM frontline._place_claims) AS shared_claim_sets_seen,
       (SELECT count(*) FROM frontline.place_history) AS shared_histories_seen;
SELECT err('SELECT count(*) FROM frontline_internal.policy_claim_cache') AS direct_read;
SELECT err('DELETE FROM frontline_internal.policy_claim_cache') AS direct_write;
SELECT err('SELECT frontline.cache_policy(''no_local'')') AS not_owner;
SELECT err('SELECT frontline.uncache_policy(''no_local'')') AS not_owner;
SELECT err('SELECT * FROM frontline.policy_cache_check()') AS not_owner;
-- the list of cached policies shows what pg_policies shows (names and USING)
-- to whom the owner grants it, here by the schema-wide grant
SELECT policy_name, valid FROM frontline.cached_policies;
RESET ROLE;
SET ROLE fl_pc_member;
SELECT frontline._policy_cache() IS NOT NULL AS member_uses_policy_cache;
RESET ROLE;
SET ROLE fl_pc_claims;
SELECT frontline._policy_cache() IS NULL AS uncached_policy_reads_claims, frontline._claim_sets_usable() AS claim_sets_usable;
RESET ROLE;
-- even the owner cannot write the cache by hand
SELECT err('DELETE FROM frontline_internal.policy_claim_cache') AS owner_direct_write;
SELECT err('UPDATE frontline_internal.policy_cache SET valid = true') AS owner_direct_write;

-- 3. the same answers as the claims path, for every read function, with
--    and without a filter
CREATE TEMP TABLE instants AS
SELECT timestamptz '2021-07-31Z' + i * interval '13 hours 7 minutes' AS t FROM generate_series(0, 80) i;
GRANT SELECT ON instants TO PUBLIC;
CREATE FUNCTION pg_temp.answers() RETURNS TABLE (f text, t timestamptz, a text) LANGUAGE sql AS $$
SELECT 'snapshot' AS f, i.t, md5(string_agg(s::text, '|' ORDER BY s.place_id)) AS a
  FROM instants i, frontline.snapshot(i.t) s GROUP BY i.t
UNION ALL
SELECT 'snapshot sources', i.t, md5(string_agg(s::text, '|' ORDER BY s.place_id))
  FROM instants i, frontline.snapshot(i.t, '{s2,local}') s GROUP BY i.t
UNION ALL
SELECT 'snapshot min_confidence', i.t, md5(string_agg(s::text, '|' ORDER BY s.place_id))
  FROM instants i, frontline.snapshot(i.t, min_confidence => 0.5) s GROUP BY i.t
UNION ALL
SELECT 'snapshot as_of', i.t, md5(string_agg(s::text, '|' ORDER BY s.place_id))
  FROM instants i, frontline.snapshot(i.t + interval '2 days', as_of => i.t) s GROUP BY i.t
UNION ALL
SELECT 'control_at', i.t, md5(string_agg(coalesce(frontline.control_at(p.place_id, i.t), '-'), '|' ORDER BY p.place_id))
  FROM instants i, frontline.place p GROUP BY i.t
UNION ALL
SELECT 'control_at sources', i.t, md5(string_agg(coalesce(frontline.control_at(p.place_id, i.t, '{s1,s2}'), '-'), '|' ORDER BY p.place_id))
  FROM instants i, frontline.place p GROUP BY i.t
UNION ALL
SELECT 'within_radius', i.t, md5(string_agg(w::text, '|'))
  FROM instants i, frontline.within_radius('P1', 60, i.t) w WHERE i.t < '2021-08-20Z' GROUP BY i.t
UNION ALL
SELECT 'front ' || a, i.t, md5(string_agg(fr::text, '|'))
  FROM instants i, unnest(ARRAY['A', 'B']) a, frontline.front(a, 'P1', i.t) fr GROUP BY a, i.t
UNION ALL
SELECT 'control_series', NULL, md5(string_agg(c::text, '|'))
  FROM frontline.control_series('2021-07-31Z', '2021-09-20Z', '7 hours') c
UNION ALL
SELECT 'control_series sources', NULL, md5(string_agg(c::text, '|'))
  FROM frontline.control_series('2021-07-31Z', '2021-09-20Z', '7 hours', sources => '{s2}') c
UNION ALL
SELECT 'front_series', NULL, md5(string_agg(fs::text, '|'))
  FROM frontline.front_series('A', 'P1', '2021-07-31Z', '2021-09-20Z', '5 hours') fs
UNION ALL
SELECT 'history', NULL, md5(string_agg(frontline.history(p.place_id)::text, '|' ORDER BY p.place_id))
  FROM frontline.place p
UNION ALL
SELECT 'history min_confidence', NULL, md5(string_agg(frontline.history(p.place_id, min_confidence => 0.4)::text, '|' ORDER BY p.place_id))
  FROM frontline.place p
UNION ALL
SELECT 'changes', NULL, md5(string_agg(c::text, '|'))
  FROM frontline.changes('2021-08-05Z', '2021-08-25Z') c
UNION ALL
SELECT 'changes one place', NULL, md5(string_agg(c::text, '|'))
  FROM frontline.changes('2021-08-01Z', '2021-09-25Z', for_place => 'P7') c
$$;
CREATE FUNCTION pg_temp.compare(what text) RETURNS TABLE (stage text, answers bigint, differ bigint) LANGUAGE plpgsql AS $$
BEGIN
    SET ROLE fl_pc_cached;
    IF frontline._policy_cache() IS NULL THEN
        RAISE EXCEPTION 'the policy cache was not used';
    END IF;
    CREATE TEMP TABLE a_cached AS SELECT * FROM pg_temp.answers();
    RESET ROLE;
    SET ROLE fl_pc_claims;
    CREATE TEMP TABLE a_claims AS SELECT * FROM pg_temp.answers();
    RESET ROLE;
    RETURN QUERY
    SELECT compare.what, count(*), count(*) FILTER (WHERE c.a IS DISTINCT FROM k.a)
      FROM a_cached c FULL JOIN a_claims k ON k.f = c.f AND k.t IS NOT DISTINCT FROM c.t;
    DROP TABLE a_cached, a_claims;
END $$;
SELECT * FROM pg_temp.compare('built');
-- the role's snapshot as one parallel scan (the policy's branch has
-- parallel paths, and every participant finds the same cache): the same
-- answer as serially
SET ROLE fl_pc_cached;
SELECT md5(string_agg(s::text, '|' ORDER BY s.place_id)) AS serial_answer FROM frontline.snapshot('2021-08-15Z') s \gset
BEGIN;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL min_parallel_index_scan_size = 0;
CREATE FUNCTION pg_temp.parallel_plan(q text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE line text; seen boolean := false;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        seen := seen OR line ~ 'Parallel Append';
    END LOOP;
    RETURN seen;
END $$;
SELECT pg_temp.parallel_plan($$SELECT count(*) FROM frontline.snapshot('2021-08-15Z')$$) AS one_parallel_append;
SELECT md5(string_agg(s::text, '|' ORDER BY s.place_id)) = :'serial_answer' AS parallel_answer_same
  FROM frontline.snapshot('2021-08-15Z') s;
COMMIT;
RESET ROLE;
-- the answers differ from the owner's (the policy hides claims): the
-- comparison above can fail
CREATE TEMP TABLE owner_answers AS SELECT * FROM pg_temp.answers();
SET ROLE fl_pc_cached;
CREATE TEMP TABLE role_answers AS SELECT * FROM pg_temp.answers();
RESET ROLE;
SELECT count(*) FILTER (WHERE o.a IS DISTINCT FROM r.a) > 10 AS policy_changes_answers
  FROM owner_answers o JOIN role_answers r ON r.f = o.f AND r.t IS NOT DISTINCT FROM o.t;

-- 4. every kind of write keeps it
-- The flush keeps the policies' claim sets in its one pass over the
-- claims; policy_cache_apply (one policy at a time, a second read of the
-- claims) runs only when that pass fails.  Counted by the function
-- statistics of this session, flushed before each count.
SET track_functions = 'pl';
CREATE FUNCTION pg_temp.calls(fn name) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions
     WHERE schemaname = 'frontline_internal' AND funcname = fn $$;
CREATE FUNCTION pg_temp.one_by_one_passes() RETURNS bigint LANGUAGE sql
RETURN pg_temp.calls('policy_cache_apply');
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() AS one_by_one_before \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT * FROM pg_temp.claims(300);
UPDATE frontline.control_event SET source = 'local' WHERE event_id % 17 = 0;
UPDATE frontline.control_event SET source = 's2' WHERE source = 'local' AND event_id % 5 = 0;
UPDATE frontline.control_event SET confidence = 0.1 WHERE event_id % 19 = 0;
DELETE FROM frontline.control_event WHERE event_id % 23 = 0;
DELETE FROM frontline.control_event WHERE place_id = 40;
DELETE FROM frontline.place WHERE place_id = 41;
INSERT INTO frontline.place (name, kind, geom) VALUES ('New', 'site', 'SRID=4326;POINT(61 31)');
SELECT frontline.record_control('New', 'B', '2021-08-15Z', 'local', 0.9) > 0 AS recorded_hidden,
       frontline.record_control('New', 'A', '2021-08-14Z', 's1', 0.9) > 0 AS recorded_visible;
-- a claim the policy hides rewrites the shared cache's row of its place,
-- not the policy's (the same claim set: the flush keeps the row); a claim
-- it lets through rewrites both
CREATE TEMP VIEW rows_of_place_6 AS
SELECT (SELECT k.xmin::text FROM frontline_internal.claim_cache k WHERE k.place_id = 6) AS shared,
       (SELECT k.xmin::text FROM frontline_internal.policy_claim_cache k JOIN frontline_internal.policy_cache c USING (cache_id)
         WHERE c.policy_name = 'no_local' AND k.place_id = 6) AS policy;
CREATE TEMP TABLE row_versions AS SELECT 'before' AS stage, * FROM rows_of_place_6;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (6, '2021-08-21Z', 'control', 'B', 'local');
INSERT INTO row_versions SELECT 'hidden claim', * FROM rows_of_place_6;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (6, '2021-08-22Z', 'control', 'B', 's1');
INSERT INTO row_versions SELECT 'visible claim', * FROM rows_of_place_6;
SELECT v.stage, v.shared <> b.shared AS shared_row_rewritten, v.policy <> b.policy AS policy_row_rewritten
  FROM row_versions v, row_versions b WHERE b.stage = 'before' AND v.stage <> 'before' ORDER BY v.stage;
DROP VIEW rows_of_place_6;
-- claims after everything each place had (news as it arrives), hidden
-- and visible, and claims inside the histories: each commit reads only the
-- claims from its earliest instant on and splices them into the shared
-- claim set and the policy's (sql/cache.sql, 1b)
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, timestamptz '2021-12-01Z' + place_id * interval '1 hour', 'control',
       CASE WHEN place_id % 2 = 0 THEN 'A' ELSE 'B' END, CASE WHEN place_id % 3 = 0 THEN 'local' ELSE 's1' END
  FROM frontline.place;
SELECT count(*) AS differ_after_later_claims FROM frontline.policy_cache_check();
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, timestamptz '2021-08-20Z' + place_id * interval '1 hour', 'control',
       CASE WHEN place_id % 2 = 0 THEN 'B' ELSE 'A' END, CASE WHEN place_id % 4 = 0 THEN 'local' ELSE 's2' END
  FROM frontline.place;
SELECT count(*) AS differ_after_claims_inside FROM frontline.policy_cache_check();
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() - :one_by_one_before AS one_by_one_passes_of_these_writes;
-- a commit that wrote more places than a kept plan serves (64) is planned
-- for them; one that wrote more than frontline.flush_slice places is
-- flushed in slices, each through flush_execute (its calls are counted,
-- C functions too under track_functions = all), or through
-- flush_execute_sequential for a slice of more than 64 places that is
-- more than an eighth of the places (flush_reads_all) and whose claims
-- were inserted neither after every claim of the place nor at one instant
-- of it (those read only their new claims through the index, and the
-- claims at one instant replace the cached ones there); all keep the
-- policy's claim sets, in one pass
INSERT INTO frontline.place (name, kind, geom)
SELECT 'Q' || i, 'site', ST_SetSRID(ST_MakePoint(62 + (i % 10) * 0.1, 32 + (i / 10) * 0.1), 4326)
  FROM generate_series(1, 40) i;
SET track_functions = 'all';
CREATE FUNCTION pg_temp.flush_statements() RETURNS bigint LANGUAGE sql
RETURN pg_temp.calls('flush_execute') + pg_temp.calls('flush_execute_sequential');
ANALYZE frontline_internal.control_cache;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.flush_statements() AS flushes_before, pg_temp.calls('flush_execute_sequential') AS sequential_before \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT p.place_id, '2021-08-24Z', 'control', CASE WHEN p.place_id % 2 = 0 THEN 'A' ELSE 'C' END,
       CASE WHEN p.place_id % 3 = 0 THEN 'local' ELSE 's1' END, 0.5
  FROM frontline.place p;
SELECT count(DISTINCT place_id) > 64 AS places_written FROM frontline.control_event WHERE at = '2021-08-24Z';
SELECT pg_stat_force_next_flush();
SELECT pg_temp.flush_statements() - :flushes_before AS flush_statements_unsliced,
       pg_temp.calls('flush_execute_sequential') - :sequential_before AS of_them_sequential;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
-- claims at two instants for every place, before its last ones: sequential
SELECT pg_temp.flush_statements() AS flushes_before, pg_temp.calls('flush_execute_sequential') AS sequential_before \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT p.place_id, t, 'control', CASE WHEN p.place_id % 2 = 0 THEN 'C' ELSE 'A' END,
       CASE WHEN p.place_id % 5 = 0 THEN 'local' ELSE 's2' END, 0.4
  FROM frontline.place p, unnest(ARRAY[timestamptz '2021-08-22Z', '2021-08-23Z']) t;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.flush_statements() - :flushes_before AS flush_statements_unsliced,
       pg_temp.calls('flush_execute_sequential') - :sequential_before AS of_them_sequential;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
SET frontline.flush_slice = 16;
SELECT pg_temp.flush_statements() AS flushes_before, pg_temp.calls('flush_execute_sequential') AS sequential_before \gset
UPDATE frontline.control_event SET confidence = 0.1, source = CASE WHEN place_id % 4 = 0 THEN 'local' ELSE 's2' END
 WHERE at = '2021-08-24Z';
SELECT pg_stat_force_next_flush();
SELECT pg_temp.flush_statements() - :flushes_before = ceil((SELECT count(*) FROM frontline.place) / 16.0)
       AS one_flush_statement_per_slice,
       pg_temp.calls('flush_execute_sequential') - :sequential_before AS of_them_sequential;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
SELECT count(*) AS cache_differs FROM frontline.cache_check();
SET track_functions = 'pl';
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() - :one_by_one_before AS one_by_one_passes_of_these_writes;
RESET frontline.flush_slice;
-- the places go through policy_cache_apply in slices: rebuilt in slices of
-- 7 places (the guard set aside for the test), the claim sets are the same
ALTER TABLE frontline_internal.policy_claim_cache DISABLE TRIGGER policy_claim_cache_guard;
DELETE FROM frontline_internal.policy_claim_cache
 WHERE cache_id = (SELECT cache_id FROM frontline_internal.policy_cache WHERE policy_name = 'no_local');
SELECT count(*) > 0 AS differ_when_emptied FROM frontline.policy_cache_check();
SELECT frontline_internal.policy_cache_apply(ARRAY(SELECT place_id FROM frontline_internal.control_cache ORDER BY 1),
                                             (SELECT cache_id FROM frontline_internal.policy_cache WHERE policy_name = 'no_local'),
                                             7) = (SELECT count(*) FROM frontline_internal.control_cache) AS rebuilt_in_slices;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
SELECT frontline_internal.policy_cache_apply('{1}', NULL, 0);
ALTER TABLE frontline_internal.policy_claim_cache ENABLE ALWAYS TRIGGER policy_claim_cache_guard;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
SELECT count(*) AS cache_differs FROM frontline.cache_check();
SELECT * FROM pg_temp.compare('after writes');
SET ROLE fl_pc_cached;
SELECT controller AS new_place_as_the_role_sees_it FROM frontline.snapshot('2021-08-16Z') WHERE place = 'New';
RESET ROLE;
SELECT controller AS new_place_as_the_owner_sees_it FROM frontline.snapshot('2021-08-16Z') WHERE place = 'New';
-- the role's own unflushed writes are not its concern (it cannot write);
-- the owner's transaction that wrote reads the claims until commit, and a
-- role in it too
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (5, '2021-09-30Z', 'control', 'C', 's2');
SET LOCAL ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS pending_writes_read_claims,
       frontline.control_at(5, '2021-10-01Z') AS sees_own_write;
ROLLBACK;
SELECT frontline.refresh_cache() > 0 AS refreshed;
SELECT count(*) AS differ FROM frontline.policy_cache_check();

-- a policy with a timestamp and a real constant, read and written in
-- sessions whose settings change how expressions print: the cache stays
-- valid, and is read
CREATE ROLE fl_pc_dated;
GRANT USAGE ON SCHEMA frontline TO fl_pc_dated;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_pc_dated;
CREATE POLICY dated ON frontline.control_event FOR SELECT TO fl_pc_dated
    USING (reported_at < '2021-09-01 00:00+00' AND confidence > 0.25::real);
SET quote_all_identifiers = on;
SET TimeZone = 'Asia/Kabul';
SET DateStyle = 'SQL, DMY';
SET IntervalStyle = 'iso_8601';
SET extra_float_digits = -3;
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence, reported_at)
VALUES (7, '2021-08-20Z', 'control', 'C', 's2', 0.9, '2021-08-20Z');
SET ROLE fl_pc_dated;
SELECT frontline._policy_cache() IS NOT NULL AS read_under_other_settings;
RESET ROLE;
RESET quote_all_identifiers;
SET TimeZone = 'UTC';
RESET DateStyle;
RESET IntervalStyle;
SET extra_float_digits = 0;
SELECT policy_name, using_expr, valid FROM frontline.cached_policies WHERE policy_name = 'dated';
SELECT count(*) AS differ FROM frontline.policy_cache_check();
DROP POLICY dated ON frontline.control_event;
DROP OWNED BY fl_pc_dated;
DROP ROLE fl_pc_dated;

-- 5. when the cache does not serve a role
-- a second permissive policy for the role: their OR is not the cached USING
CREATE POLICY also_s1 ON frontline.control_event FOR SELECT TO fl_pc_cached USING (source = 's1');
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS two_policies_read_claims;
RESET ROLE;
DROP POLICY also_s1 ON frontline.control_event;
-- row security on the places too
ALTER TABLE frontline.place ENABLE ROW LEVEL SECURITY;
CREATE POLICY some_places ON frontline.place FOR SELECT TO fl_pc_cached USING (place_id % 2 = 0);
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS place_policy_reads_claims,
       (SELECT count(*) FROM frontline.snapshot('2021-08-20Z')) AS places_seen;
RESET ROLE;
DROP POLICY some_places ON frontline.place;
ALTER TABLE frontline.place DISABLE ROW LEVEL SECURITY;
-- the policy's USING changed by ALTER POLICY: the cache is rebuilt with it
ALTER POLICY no_local ON frontline.control_event USING (source IS DISTINCT FROM 'local');
SELECT policy_name, using_expr, valid FROM frontline.cached_policies;
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NOT NULL AS altered_policy_cached;
RESET ROLE;
SELECT count(*) AS differ FROM frontline.policy_cache_check();
-- only its roles changed: the cache stands (its rows are not rewritten)
SELECT max(xmin::text::bigint) AS rows_written_by FROM frontline_internal.policy_claim_cache \gset
ALTER POLICY no_local ON frontline.control_event TO fl_pc_cached, fl_pc_member;
SELECT policy_name, valid, (SELECT max(xmin::text::bigint) FROM frontline_internal.policy_claim_cache) = :rows_written_by AS rows_kept
  FROM frontline.cached_policies;
-- changed where the event trigger does not build (REPEATABLE READ): not
-- read at once, marked invalid at the next commit that writes claims, and
-- not read again even when the old USING comes back
BEGIN ISOLATION LEVEL REPEATABLE READ;
ALTER POLICY no_local ON frontline.control_event
    USING (source IS DISTINCT FROM 'local' AND coalesce(confidence, 1) >= 0.2);
COMMIT;
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS changed_policy_reads_claims,
       (SELECT count(*) FROM frontline.snapshot('2021-08-20Z') WHERE controller IS NOT NULL) > 0 AS answers;
RESET ROLE;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (6, '2021-09-30Z', 'control', 'C', 's2');
SELECT policy_name, valid FROM frontline.cached_policies;
BEGIN ISOLATION LEVEL REPEATABLE READ;
ALTER POLICY no_local ON frontline.control_event USING (source IS DISTINCT FROM 'local');
COMMIT;
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS invalid_cache_not_read_again;
RESET ROLE;
ALTER POLICY no_local ON frontline.control_event
    USING (source IS DISTINCT FROM 'local' AND coalesce(confidence, 1) >= 0.2);
SELECT policy_name, valid FROM frontline.cached_policies;
SELECT * FROM pg_temp.compare('rebuilt by ALTER POLICY');
-- uncached: the claims again
SELECT frontline.uncache_policy('no_local') AS dropped, frontline.uncache_policy('no_local') AS dropped_again;
SET ROLE fl_pc_cached;
SELECT frontline._policy_cache() IS NULL AS uncached_reads_claims;
RESET ROLE;
SELECT count(*) AS policy_rows_left FROM frontline_internal.policy_claim_cache;
-- renamed: cached under its new name, the old name's cache dropped
SELECT frontline.cache_policy('no_local') > 0 AS cached_again;
ALTER POLICY no_local ON frontline.control_event RENAME TO no_local_renamed;
SELECT policy_name, valid FROM frontline.cached_policies;
-- dropped: its cache goes with it
DROP POLICY no_local_renamed ON frontline.control_event;
SELECT count(*) AS cached_policies_left, (SELECT count(*) FROM frontline_internal.policy_claim_cache) AS rows_left
  FROM frontline.cached_policies;
-- created again once its rows are gone and the table analysed empty (the
-- planner then counts one row in it, as autovacuum leaves it after a drop
-- at scale): the build caches every place, and right
ANALYZE frontline_internal.policy_claim_cache;
SELECT reltuples AS analysed_rows FROM pg_class WHERE oid = 'frontline_internal.policy_claim_cache'::regclass;
CREATE POLICY no_local ON frontline.control_event FOR SELECT TO fl_pc_cached USING (source IS DISTINCT FROM 'local');
SELECT valid, places = (SELECT count(*) FROM frontline_internal.control_cache) AS every_place
  FROM frontline.cached_policies WHERE policy_name = 'no_local';
SELECT count(*) AS differ FROM frontline.policy_cache_check();
DROP POLICY no_local ON frontline.control_event;
-- dropped with the event trigger disabled: the next commit that writes
-- claims marks its cache invalid
CREATE POLICY no_local ON frontline.control_event FOR SELECT TO fl_pc_cached USING (source IS DISTINCT FROM 'local');
ALTER EVENT TRIGGER frontline_policy_uncache DISABLE;
DROP POLICY no_local ON frontline.control_event;
ALTER EVENT TRIGGER frontline_policy_uncache ENABLE;
SELECT policy_name, valid FROM frontline.cached_policies;
SELECT frontline.record_control('P3', 'A', '2021-10-01Z', 's2') > 0 AS recorded;
SELECT policy_name, valid FROM frontline.cached_policies;
SELECT frontline.uncache_policy('no_local') AS dropped;
-- a policy created by a transaction that is not READ COMMITTED is left for cache_policy()
BEGIN ISOLATION LEVEL REPEATABLE READ;
CREATE POLICY no_local ON frontline.control_event FOR SELECT TO fl_pc_cached USING (source IS DISTINCT FROM 'local');
COMMIT;
SELECT count(*) AS cached FROM frontline.cached_policies;
DROP POLICY no_local ON frontline.control_event;

-- a USING that raises an error on some claims (a built-in function can):
-- CREATE POLICY succeeds, with a warning and uncached, while a stored claim
-- raises it; a cached policy whose USING raises on a claim just written
-- lets the write commit, with a warning, and its cache is marked invalid;
-- cache_policy() raises the error
\set VERBOSITY terse
CREATE ROLE fl_pc_raising;
GRANT USAGE ON SCHEMA frontline TO fl_pc_raising;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (7, '2021-08-23Z', 'control', 'A', 'seven77');
CREATE POLICY raising ON frontline.control_event FOR SELECT TO fl_pc_raising
    USING (source IS DISTINCT FROM 'local' AND 1 / (length(coalesce(source, '')) - 7) <= 1);
SELECT count(*) AS cached_while_a_claim_raises FROM frontline.cached_policies WHERE policy_name = 'raising';
DELETE FROM frontline.control_event WHERE source = 'seven77';
SELECT frontline.cache_policy('raising') > 0 AS cached_without_that_claim;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() AS one_by_one_before \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (7, '2021-08-23Z', 'control', 'A', 'seven77');
SELECT count(*) AS written FROM frontline.control_event WHERE source = 'seven77';
SELECT policy_name, valid FROM frontline.cached_policies WHERE policy_name = 'raising';
SELECT count(*) AS cache_differs FROM frontline.cache_check();
-- the flush's one pass failed on that USING: the policies went through one
-- by one, and the other cached policies are still right
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() - :one_by_one_before AS one_by_one_passes;
SELECT count(*) AS policy_caches_differ FROM frontline.policy_cache_check();
SET ROLE fl_pc_raising;
SELECT frontline._policy_cache() IS NULL AS its_role_reads_the_claims;
RESET ROLE;
SELECT frontline.cache_policy('raising');
SELECT policy_name, valid FROM frontline.cached_policies WHERE policy_name = 'raising';
DELETE FROM frontline.control_event WHERE source = 'seven77';
-- in slices: the slice whose pass raised, and every later one, take the
-- policies one by one; the slices before it kept them in their one pass
-- (100 places in slices of 16; place 60 is the 59th id, in the 4th slice)
SELECT frontline.cache_policy('raising') > 0 AS cached_again;
SET frontline.flush_slice = 16;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() AS one_by_one_before \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2021-08-26Z', 'control', 'B', CASE WHEN p.place_id = 60 THEN 'seven77' ELSE 's1' END
  FROM frontline.place p;
SELECT count(*) AS places, count(*) FILTER (WHERE place_id < 60) AS before_place_60
  FROM frontline.place;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.one_by_one_passes() - :one_by_one_before AS one_by_one_passes_slices_4_to_7;
SELECT policy_name, valid FROM frontline.cached_policies WHERE policy_name = 'raising';
SELECT count(*) AS cache_differs FROM frontline.cache_check();
SELECT count(*) AS policy_caches_differ FROM frontline.policy_cache_check();
RESET frontline.flush_slice;
DELETE FROM frontline.control_event WHERE at = '2021-08-26Z';
DROP POLICY raising ON frontline.control_event;
DROP OWNED BY fl_pc_raising;
DROP ROLE fl_pc_raising;
\set VERBOSITY default

ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
DROP POLICY no_local_uncached ON frontline.control_event;
DROP OWNED BY fl_pc_cached, fl_pc_claims, fl_pc_member;
DROP ROLE fl_pc_member;
DROP ROLE fl_pc_cached;
DROP ROLE fl_pc_claims;
