-- The per-place cache (frontline_internal.control_cache): after every kind of write it
-- equals a fresh computation from the claims (cache_check() is empty); the
-- functions give the same answers from it as from the claims; only roles
-- that see every claim can read it.
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
SET extra_float_digits = 0;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C');
INSERT INTO frontline.place (name, kind, geom, population, country, capital)
SELECT 'P' || i, 'town', ST_SetSRID(ST_MakePoint(60 + (i % 10) * 0.3, 30 + (i / 10) * 0.3), 4326),
       CASE WHEN i % 7 <> 0 THEN i * 100 END, 'X', CASE WHEN i = 1 THEN 'national' END
  FROM generate_series(1, 60) i;
SELECT setseed(0.4242);
CREATE FUNCTION pg_temp.claims(n integer) RETURNS TABLE (place_id integer, at timestamptz, state text, actor text,
                                                        contenders text[], source text, confidence real)
LANGUAGE sql VOLATILE AS $$
    SELECT 1 + floor(random() * 59)::int,
           timestamptz '2021-08-01Z' + floor(random() * 24 * 40) * interval '1 hour',
           s.state,
           CASE WHEN s.state = 'control' THEN (ARRAY['A', 'B', 'C'])[1 + floor(random() * 3)::int] END,
           CASE WHEN s.state = 'contested' AND random() < 0.5 THEN ARRAY['A', 'B'] END,
           (ARRAY['s1', 's2', NULL])[1 + floor(random() * 3)::int],
           CASE WHEN random() < 0.8 THEN round(random()::numeric, 1)::real END
      FROM generate_series(1, n) g,
           LATERAL (SELECT CASE WHEN random() < 0.75 + g * 0 THEN 'control'
                                WHEN random() < 0.5 THEN 'contested' ELSE 'unknown' END AS state) s
$$;
CREATE FUNCTION pg_temp.check(what text) RETURNS text LANGUAGE sql AS $$
    SELECT format('%s: %s places cached, %s differ from the claims', what,
                  (SELECT count(*) FROM frontline_internal.control_cache),
                  (SELECT count(*) FROM frontline.cache_check()))
$$;

-- 1. every kind of write
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence)
SELECT * FROM pg_temp.claims(3000);
SELECT pg_temp.check('one INSERT of 3000 claims');
DO $$ BEGIN FOR i IN 1 .. 50 LOOP
    INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence)
    SELECT * FROM pg_temp.claims(1);
END LOOP; END $$;
SELECT pg_temp.check('50 single-row INSERTs');
SELECT frontline.record_control('P59', 'A', '2021-08-20Z', 'AP', 0.9) > 0 AS recorded;
SELECT pg_temp.check('record_control');
UPDATE frontline.control_event SET place_id = 60 WHERE place_id = 59 AND event_id % 2 = 0;
SELECT pg_temp.check('UPDATE moving claims to another place');
UPDATE frontline.control_event SET actor = 'B' WHERE actor = 'A' AND event_id % 5 = 0;
UPDATE frontline.control_event SET at = at - interval '3 days' WHERE event_id % 11 = 0;
SELECT pg_temp.check('UPDATE of actor and instant');
UPDATE frontline.actor SET name = 'C d' WHERE name = 'C';
SELECT pg_temp.check('actor renamed (ON UPDATE CASCADE)');
DELETE FROM frontline.control_event WHERE event_id % 13 = 0;
DELETE FROM frontline.control_event WHERE place_id = 58;
SELECT pg_temp.check('DELETE, one place emptied');
SELECT history FROM frontline.place_history WHERE place_id = 58;
DELETE FROM frontline.place WHERE place_id = 57;
SELECT pg_temp.check('place deleted (claims cascade)');
SELECT count(*) AS cached_rows_of_deleted_place FROM frontline_internal.control_cache WHERE place_id = 57;
COPY frontline.control_event (place_id, at, state, actor, source, confidence) FROM stdin;
56	2021-09-15 00:00:00+00	control	B	AP	0.7
56	2021-09-16 00:00:00+00	contested	\N	AP	0.7
55	2021-09-15 00:00:00+00	unknown	\N	\N	\N
\.
SELECT pg_temp.check('COPY');
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor)
SELECT 54, '2021-12-01Z', 'control', CASE WHEN s.controller = 'A' THEN 'B' ELSE 'A' END
  FROM frontline.snapshot('2021-12-02Z') s WHERE s.place_id = 54;
-- the writing transaction reads its own write at once
SELECT since FROM frontline.snapshot('2021-12-02Z') WHERE place_id = 54;
SAVEPOINT s;
DELETE FROM frontline.control_event WHERE place_id = 54;
SELECT controller, since FROM frontline.snapshot('2021-12-02Z') WHERE place_id = 54;
-- a parallel worker cannot see this backend's marks (backend memory): run
-- in a worker, the single-place reads (C, PARALLEL SAFE) read the claims,
-- not the cache, once the transaction has written (a deletion does not
-- raise the largest ids, so the completeness check alone would not tell)
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'on', true) IS NOT NULL AS forced;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT frontline.control_at(54, '2021-12-02Z'), frontline.history(54), frontline.control_at(54, '2021-12-02Z', '{AP}');
SELECT frontline.control_at(54, '2021-12-02Z') AS in_worker_controller, frontline.history(54) AS in_worker_history,
       frontline.control_at(54, '2021-12-02Z', '{AP}') AS in_worker_filtered;
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'off', true) IS NOT NULL AS unforced;
ROLLBACK TO SAVEPOINT s;
SELECT since FROM frontline.snapshot('2021-12-02Z') WHERE place_id = 54;
ROLLBACK;
SELECT since < '2021-12-01Z' AS rolled_back FROM frontline.snapshot('2021-12-02Z') WHERE place_id = 54;
SELECT pg_temp.check('after ROLLBACK');
-- every participant of a parallel query takes the same branch: in a
-- transaction that has written anything (an xid, which workers share) and
-- has no claims waiting, the leader of a parallel plan does not trust the
-- cache either (its workers cannot see its marks), else a snapshot run as
-- one parallel append could return the cache's rows from the leader and
-- the claims' rows from a worker; outside parallel query it does
BEGIN;
SELECT txid_current() IS NOT NULL AS has_an_xid;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 1;  -- 1 or 2 planned by the table's pages otherwise
EXPLAIN (COSTS OFF) SELECT frontline.cache_usable(), count(*) FROM frontline.place;
SELECT frontline.cache_usable() AS leader_of_a_parallel_query, count(*) > 0 AS counted FROM frontline.place;
SELECT count(*) = (SELECT count(*) FROM frontline.place) AS one_row_a_place FROM frontline.snapshot('2021-12-02Z');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT frontline.cache_usable() AS serial_query;
ROLLBACK;
-- replica mode (session_replication_role = replica): the cache triggers are
-- ENABLE ALWAYS, so the cache stays in step
SET session_replication_role = replica;
INSERT INTO frontline.control_event (place_id, at, state, actor) VALUES (53, '2021-12-01Z', 'control', 'A');
INSERT INTO frontline.place (place_id, name, kind, geom) VALUES (1000, 'Late', 'site', 'SRID=4326;POINT(61 31)');
RESET session_replication_role;
SELECT place_id, cached IS NULL AS missing, computed::text = '{}' AS computed_empty FROM frontline.cache_check();
SELECT pg_temp.check('claim and place written in replica mode');
-- triggers disabled (what pg_restore --disable-triggers does): the cache is
-- detected as stale, reads come from the claims, refresh_cache repairs it
ALTER TABLE frontline.control_event DISABLE TRIGGER ALL;
ALTER TABLE frontline.place DISABLE TRIGGER ALL;
INSERT INTO frontline.control_event (place_id, at, state, actor) VALUES (53, '2021-12-02Z', 'control', 'B');
INSERT INTO frontline.place (place_id, name, kind, geom) VALUES (1002, 'Later', 'site', 'SRID=4326;POINT(61 32)');
ALTER TABLE frontline.control_event ENABLE TRIGGER ALL;
ALTER TABLE frontline.place ENABLE TRIGGER ALL;
SELECT place_id, cached IS NULL AS missing, computed::text = '{}' AS computed_empty FROM frontline.cache_check();
SELECT frontline.cache_usable() AS cache_used_when_stale,
       frontline.control_at(53, '2021-12-03Z') AS stale_place_answer,
       (SELECT count(*) FROM frontline.snapshot('2021-12-03Z')) = (SELECT count(*) FROM frontline.place) AS every_place_answered;
-- ... and still after the next write through the triggers, to another
-- place: its claim id is then the largest, so the ids alone would call the
-- cache complete (place 53's row without its claim of 2021-12-02, and no
-- row for place 1002).  Disabling the triggers wrote a stale note.
SELECT frontline.record_control('P54', 'B', '2021-12-05Z') > 0 AS written_through_the_triggers;
SELECT (SELECT max(event_id) FROM frontline.control_event)
         <= (SELECT max(max_event) FROM frontline_internal.control_cache) AS ids_alone_say_complete;
SELECT frontline.cache_usable() AS cache_used_after_next_write,
       frontline.control_at(53, '2021-12-03Z') AS place_53_answer,
       (SELECT count(*) FROM frontline.snapshot('2021-12-03Z')) = (SELECT count(*) FROM frontline.place) AS every_place_answered;
SELECT cache, reason FROM frontline_internal.cache_note WHERE stale ORDER BY 1;
-- re-enabling is not enough, nor is any other ALTER TABLE: only a rebuild
-- of every place clears the note
ALTER TABLE frontline.control_event ALTER COLUMN note SET STATISTICS 100;
ALTER TABLE frontline.control_event ALTER COLUMN note SET STATISTICS -1;
SELECT frontline.cache_usable() AS cache_used_after_other_alter;
-- ENABLE TRIGGER ALL left frontline's triggers in the origin mode: a
-- logical-replication apply would not fire them.  refresh_cache() sets them
-- back to their modes before it rebuilds
SELECT rel, trigger_name, mode, meant FROM frontline_internal.cache_triggers() WHERE mode <> meant ORDER BY 1, 2;
SELECT frontline.refresh_cache() AS places_cached;
SELECT pg_temp.check('after refresh_cache()');
SELECT frontline.cache_usable() AS cache_used_after_refresh, count(*) AS notes FROM frontline_internal.cache_note;
SELECT count(*) AS triggers_out_of_mode FROM frontline_internal.cache_triggers() WHERE mode <> meant;
-- a trigger only moved out of its mode (ENABLE, the origin mode) is noted
-- too, and set back by refresh_cache()
ALTER TABLE frontline.place ENABLE TRIGGER place_cache_insert;
SELECT cache, reason FROM frontline_internal.cache_note WHERE stale ORDER BY 1;
SELECT frontline.cache_usable() AS cache_used_after_mode_change;
SELECT frontline.refresh_cache() > 0 AS refreshed;
SELECT frontline.cache_usable() AS cache_used_after_refresh,
       (SELECT count(*) FROM frontline_internal.cache_triggers() WHERE mode <> meant) AS triggers_out_of_mode;
-- the largest claim id stays seen when the row that held it goes: with its
-- claim (a place whose history did not change keeps its row, and so its
-- older max_event: the row holding the flush's largest claim id carries
-- it), or with its place (the cache rows are deleted: a note keeps it)
SELECT frontline.record_control('P55', 'A', '2021-12-06Z') > 0 AS recorded;
BEGIN;
SELECT frontline.record_control('P55', 'A', '2021-12-06 06:00Z') > 0 AS confirms;
SELECT frontline.record_control('P56', 'B', '2021-12-06Z') > 0 AS recorded;
COMMIT;
SELECT (SELECT max_event FROM frontline_internal.control_cache WHERE place_id = 55)
         < (SELECT max(event_id) FROM frontline.control_event WHERE place_id = 55) AS p55_row_not_rewritten;
DELETE FROM frontline.control_event WHERE event_id = (SELECT max(event_id) FROM frontline.control_event);
SELECT frontline.cache_usable() AS cache_used_after_claim_deleted;
SELECT pg_temp.check('the claim holding the largest id deleted');
BEGIN;
SELECT frontline.record_control('P55', 'A', '2021-12-07Z') > 0 AS confirms;
INSERT INTO frontline.place (place_id, name, kind, geom) VALUES (1003, 'Short-lived', 'site', 'SRID=4326;POINT(61 33)');
SELECT frontline.record_control(1003, 'A', '2021-12-07Z') > 0 AS changes;
COMMIT;
DELETE FROM frontline.place WHERE place_id = 1003;
SELECT frontline.cache_usable() AS cache_used_after_place_deleted,
       (SELECT max(event_id) FROM frontline.control_event)
         <= (SELECT max(max_event) FROM frontline_internal.control_cache) AS rows_alone_cover_the_claims;
SELECT cache, stale, max_event = (SELECT max(event_id) FROM frontline.control_event) + 1 AS kept_the_deleted_claim_id, reason
  FROM frontline_internal.cache_note;
SELECT pg_temp.check('a place holding the largest claim id deleted');
SELECT frontline.refresh_cache() > 0 AS refreshed;
SELECT count(*) AS notes FROM frontline_internal.cache_note;
UPDATE frontline.place SET place_id = 1001 WHERE place_id = 1000;
DELETE FROM frontline.place WHERE place_id IN (1001, 1002);
SELECT pg_temp.check('a place renumbered, then deleted');

-- 1b. a transaction that only inserted claims for a place reads again only
-- the place's claims from its earliest inserted instant on, and splices
-- them into the cached claim set (claim_set_splice; fl_cache_sql.c keeps
-- that instant with the place's mark).  The claims before it are the
-- cached ones: a claim changed behind the cache's back (its trigger
-- disabled, which also notes the cache stale) is seen by a later insert
-- only when that insert comes at or before it
SELECT event_id AS p20_claim, at AS p20_at FROM frontline.control_event
 WHERE place_id = 20 ORDER BY at DESC, event_id DESC LIMIT 1 OFFSET 1 \gset
ALTER TABLE frontline.control_event DISABLE TRIGGER control_event_cache_update;
UPDATE frontline.control_event SET actor = CASE WHEN actor = 'A' THEN 'B' ELSE 'A' END, state = 'control',
       contenders = NULL WHERE event_id = :p20_claim;
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_cache_update;
SELECT array_agg(place_id) AS differ_after_change FROM frontline.cache_check();
-- after the changed claim: the place's claims from the new one on are read
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
VALUES (20, '2021-12-20Z', 'control', 'A', 's1');
SELECT array_agg(place_id) AS differ_after_later_insert FROM frontline.cache_check();
-- at the changed claim's instant: read again from there
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
VALUES (20, :'p20_at', 'control', 'C d', 's2', 0.05);
SELECT array_agg(place_id) AS differ_after_insert_at_it FROM frontline.cache_check();
SELECT frontline.refresh_cache() > 0 AS refreshed;
-- every shape of insert-only transaction gives the cache a fresh
-- computation gives: claims tying cached ones (same instant, same
-- confidence: the claim ids decide, and the cached set keeps none), several
-- statements with falling instants, a place without claims before, claims
-- for many places in turn (the marks of one place are kept with their
-- earliest instant when the array of marks is compacted), and an insert
-- with an update of the same place (read in full)
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT place_id, at, 'control', CASE WHEN actor = 'A' THEN 'B' ELSE 'A' END, source, confidence
  FROM frontline.control_event WHERE event_id % 17 = 0;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, '2021-12-25Z', 'control', 'B', 's1' FROM frontline.place WHERE place_id BETWEEN 1 AND 30;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, '2021-09-15Z', 'control', 'A', 's2' FROM frontline.place WHERE place_id BETWEEN 10 AND 20;
COMMIT;
SELECT pg_temp.check('claims tying cached claims, then later, then earlier ones');
INSERT INTO frontline.place (place_id, name, kind, geom) VALUES (1004, 'New', 'site', 'SRID=4326;POINT(61 34)');
SELECT frontline.record_control(1004, 'A', '2021-12-01Z') > 0 AS first_claim;
SELECT frontline.record_control(1004, 'B', '2021-12-02Z') > 0 AS later_claim;
DO $$ BEGIN FOR i IN 1 .. 400 LOOP
    INSERT INTO frontline.control_event (place_id, at, state, actor, source)
    VALUES (1 + i % 56, timestamptz '2022-01-01Z' - i * interval '1 hour', 'control',
            CASE WHEN i % 3 = 0 THEN 'A' ELSE 'B' END, 's1');
END LOOP; END $$;
SELECT pg_temp.check('400 single-row inserts over 56 places in turn');
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES (5, '2022-02-01Z', 'control', 'C d', 's1');
UPDATE frontline.control_event SET confidence = 0.99 WHERE place_id = 5 AND at < '2021-08-10Z';
COMMIT;
SELECT pg_temp.check('an insert and an update of one place');

-- 1c. a transaction that wrote claims at a few instants (at most 64,
-- fl_cache_sql.c) reads each place's claims at those instants only, and
-- replaces them in its cached claim set (claim_set_replace), wherever they
-- fall among its claims: old news, claims tying cached ones (the claim ids
-- decide), several places and instants in one transaction, and instants of
-- one place that are not another's.  Its calls are counted (C functions
-- too, under track_functions = all): one per place written; at 65
-- instants, or for more than 64 places with claims at several instants
-- each, the flush splices instead.
SET track_functions = 'all';
CREATE FUNCTION pg_temp.calls(fn name) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions
     WHERE schemaname = 'frontline_internal' AND funcname = fn $$;
CREATE TEMP TABLE calls_seen (replaced bigint, spliced bigint);
INSERT INTO calls_seen VALUES (0, 0);
-- the calls since the last time it was asked (after a forced flush of the
-- statistics, in a transaction of its own)
CREATE FUNCTION pg_temp.new_calls(OUT replaced bigint, OUT spliced bigint) LANGUAGE sql AS $$
    WITH n AS (SELECT pg_temp.calls('claim_set_replace') AS r, pg_temp.calls('claim_set_splice') AS s),
    o AS (UPDATE calls_seen c SET replaced = n.r, spliced = n.s FROM n RETURNING n.r - (SELECT replaced FROM calls_seen) AS dr,
                                                                               n.s - (SELECT spliced FROM calls_seen) AS ds)
    SELECT dr, ds FROM o $$;
SELECT pg_stat_force_next_flush();
SELECT 1 FROM pg_temp.new_calls();
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT e.place_id, e.at, 'control', CASE WHEN e.actor = 'A' THEN 'B' ELSE 'A' END, 's9', e.confidence
  FROM frontline.control_event e
 WHERE e.state = 'control' AND e.at < (SELECT max(f.at) FROM frontline.control_event f WHERE f.place_id = e.place_id)
 ORDER BY e.place_id, e.at LIMIT 1;
SELECT pg_temp.check('a claim tying a cached one, among older claims');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT e.place_id, e.at, 'control', CASE WHEN e.actor = 'B' THEN 'A' ELSE 'B' END, 's8', e.confidence
  FROM frontline.control_event e WHERE e.place_id BETWEEN 2 AND 9 AND e.state = 'control'
 ORDER BY e.event_id DESC LIMIT 12;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
VALUES (11, '2021-08-03Z', 'control', 'C d', 's1'), (12, '2021-08-03Z', 'contested', NULL, NULL),
       (11, '2021-06-01Z', 'control', 'B', 's2');
SELECT count(DISTINCT place_id) AS places FROM frontline.control_event WHERE source = 's8' OR at IN ('2021-08-03Z', '2021-06-01Z');
COMMIT;
SELECT pg_temp.check('claims at a few instants of several places');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
DO $$ BEGIN FOR i IN 1 .. 30 LOOP
    PERFORM frontline.record_control(1 + i % 13, CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END,
                                     timestamptz '2021-08-01Z' + (i % 7) * interval '2 days', 's' || (i % 3));
END LOOP; END $$;
SELECT pg_temp.check('30 claims of old news for 13 places, one transaction');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT 14, timestamptz '2021-08-01Z' + i * interval '1 hour', 'control', CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END, 's1'
  FROM generate_series(1, 64) i;
SELECT pg_temp.check('claims at 64 instants');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT 14, timestamptz '2021-08-01Z' + i * interval '1 hour' + interval '1 minute', 'control',
       CASE WHEN i % 2 = 0 THEN 'B' ELSE 'A' END, 's2'
  FROM generate_series(1, 65) i;
SELECT pg_temp.check('claims at 65 instants');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
-- a claim retracted (deleted) or corrected in place (updated, its instant
-- kept) reads the claims of its instant again and replaces them; a claim
-- moved to another instant, the claims of both (in a commit of more than
-- 64 places, or at more than 64 instants: every claim from the earlier on,
-- spliced); the last claims of a place at an instant deleted leave none
-- there
DELETE FROM frontline.control_event
 WHERE event_id = (SELECT e.event_id FROM frontline.control_event e WHERE e.place_id = 3 ORDER BY e.at, e.event_id LIMIT 1);
SELECT pg_temp.check('a claim retracted');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
UPDATE frontline.control_event e SET confidence = 0.77
 WHERE e.place_id IN (4, 5) AND e.at = (SELECT max(f.at) FROM frontline.control_event f WHERE f.place_id = e.place_id);
SELECT pg_temp.check('claims corrected in place, two places');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
UPDATE frontline.control_event
   SET at = at - interval '3 days', actor = CASE WHEN actor = 'A' THEN 'B' ELSE 'A' END
 WHERE event_id = (SELECT e.event_id FROM frontline.control_event e WHERE e.place_id = 6 AND e.state = 'control'
                    ORDER BY e.at DESC, e.event_id DESC LIMIT 1);
SELECT pg_temp.check('a claim moved three days back');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
SELECT count(*) > 0 AS claims_at_the_instant FROM frontline.control_event
 WHERE place_id = 7 AND at = (SELECT min(at) FROM frontline.control_event WHERE place_id = 7);
DELETE FROM frontline.control_event WHERE place_id = 7 AND at = (SELECT min(at) FROM frontline.control_event WHERE place_id = 7);
SELECT pg_temp.check('every claim of an instant deleted');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
BEGIN;
SELECT frontline.record_control(8, 'C d', '2021-08-02 10:00Z', 's5') > 0 AS recorded;
DELETE FROM frontline.control_event WHERE place_id = 8 AND at = '2021-08-02 10:00Z' AND source = 's5';
COMMIT;
SELECT pg_temp.check('a claim recorded and retracted in one transaction');
SELECT pg_stat_force_next_flush();
SELECT * FROM pg_temp.new_calls();
RESET track_functions;
-- a flush of a few places runs with plan_cache_mode force_generic_plan
-- (fl_cache_sql.c, run_as_owner); the caller's setting is its own again after
SET plan_cache_mode = force_custom_plan;
SELECT frontline.record_control(15, 'A', '2021-08-05Z', 's1') > 0 AS recorded;
SHOW plan_cache_mode;
RESET plan_cache_mode;

-- 2. same answers from the cache and from the claims: a role under a row
--    security policy that hides nothing is answered from the claims
CREATE ROLE fl_claims_path;
GRANT USAGE ON SCHEMA frontline TO fl_claims_path;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor, frontline.control_event TO fl_claims_path;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY all_rows ON frontline.control_event FOR SELECT TO fl_claims_path USING (true);
-- CREATE POLICY cached it (sql/policy_cache.sql): uncached, so that the role
-- takes the claims path this section compares with the cache
SELECT frontline.uncache_policy('all_rows') AS uncached;
CREATE TEMP TABLE instants AS
SELECT timestamptz '2021-07-31Z' + i * interval '9 hours 7 minutes' AS t FROM generate_series(0, 120) i;
GRANT SELECT ON instants TO fl_claims_path;
-- every function's answers, computed by the calling role
CREATE FUNCTION pg_temp.answers() RETURNS TABLE (f text, t timestamptz, a text) LANGUAGE sql AS $$
SELECT 'snapshot' AS f, i.t, md5(string_agg(s::text, '|' ORDER BY s.place_id)) AS a
  FROM instants i, frontline.snapshot(i.t) s GROUP BY i.t
UNION ALL
SELECT 'within_radius', i.t, md5(string_agg(w::text, '|'))
  FROM instants i, frontline.within_radius('P1', 60, i.t) w WHERE i.t < '2021-08-10Z' GROUP BY i.t
UNION ALL
SELECT 'rings', i.t, md5(string_agg(r::text, '|'))
  FROM instants i, frontline.rings('P1', i.t, ARRAY[30, 60, 200]) r WHERE i.t < '2021-08-10Z' GROUP BY i.t
UNION ALL
SELECT 'front ' || a, i.t, md5(string_agg(fr::text, '|'))
  FROM instants i, unnest(ARRAY['A', 'B', 'C d']) a, frontline.front(a, 'P1', i.t) fr GROUP BY a, i.t
UNION ALL
SELECT 'control_series', NULL, md5(string_agg(c::text, '|'))
  FROM frontline.control_series('2021-07-31Z', '2021-09-20Z', '7 hours') c
UNION ALL
SELECT 'front_series ' || a, NULL, md5(string_agg(fs::text, '|'))
  FROM unnest(ARRAY['A', 'B', 'C d']) a, frontline.front_series(a, 'P1', '2021-07-31Z', '2021-09-20Z', '5 hours') fs GROUP BY a
UNION ALL
SELECT 'history', NULL, md5(string_agg(frontline.history(p.place_id)::text, '|' ORDER BY p.place_id))
  FROM frontline.place p
$$;
CREATE TEMP TABLE cache_answers AS SELECT * FROM pg_temp.answers();
GRANT SELECT ON cache_answers TO fl_claims_path;
SELECT f, count(*) AS answers FROM cache_answers GROUP BY f ORDER BY f;
SET ROLE fl_claims_path;
SELECT frontline.cache_usable() AS claims_role_uses_cache, count(*) AS cached_rows_seen FROM frontline.place_history;
CREATE TEMP TABLE claim_answers AS SELECT * FROM pg_temp.answers();
SELECT c.f, count(*) AS compared, count(*) FILTER (WHERE c.a IS DISTINCT FROM k.a) AS differ
  FROM cache_answers c FULL JOIN claim_answers k ON k.f = c.f AND k.t IS NOT DISTINCT FROM c.t
 GROUP BY c.f ORDER BY c.f;
RESET ROLE;
-- and both agree with a plain-SQL reference (latest claim by the rule)
SELECT count(*) AS instants, count(*) FILTER (WHERE s.controller IS DISTINCT FROM r.controller) AS differ
  FROM instants i
  JOIN frontline.place p ON true
  JOIN LATERAL frontline.snapshot(i.t) s ON s.place_id = p.place_id
  LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                       FROM frontline.control_event e
                      WHERE e.place_id = p.place_id AND e.at <= i.t
                      ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) r ON true;
DROP POLICY all_rows ON frontline.control_event;

-- 3. who can read the cache
CREATE ROLE fl_places_only;
GRANT USAGE ON SCHEMA frontline TO fl_places_only;
GRANT SELECT ON frontline.place TO fl_places_only;
CREATE ROLE fl_everything;
GRANT USAGE ON SCHEMA frontline TO fl_everything;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_everything;
CREATE POLICY hide_s1 ON frontline.control_event FOR SELECT TO fl_everything USING (source IS DISTINCT FROM 's1');
\set VERBOSITY terse
SET ROLE fl_places_only;
SELECT frontline.cache_usable(), count(*) AS rows_seen FROM frontline.place_history;
SELECT count(*) FROM frontline_internal.control_cache;
SELECT count(*) FROM frontline.snapshot('2021-08-20Z');
SELECT frontline.refresh_cache();
SELECT count(*) FROM frontline.cache_check();
RESET ROLE;
\set VERBOSITY default
SET ROLE fl_everything;
-- granted every table, but under a policy on the claims: the cache stays hidden
SELECT frontline.cache_usable(), count(*) AS rows_seen FROM frontline.place_history;
SELECT count(*) AS direct_rows_seen FROM frontline_internal.control_cache;
INSERT INTO frontline_internal.control_cache VALUES (1, '{}');
SELECT count(*) FILTER (WHERE s.controller IS DISTINCT FROM r.controller) AS differ_from_visible_claims
  FROM frontline.snapshot('2021-08-25Z') s
  LEFT JOIN LATERAL (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
                       FROM frontline.control_event e
                      WHERE e.place_id = s.place_id AND e.at <= '2021-08-25Z'
                      ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) r ON true;
RESET ROLE;

-- 4. a writer under row security still leaves a cache computed from every claim
CREATE ROLE fl_writer;
GRANT USAGE ON SCHEMA frontline TO fl_writer;
GRANT SELECT ON frontline.place, frontline.actor TO fl_writer;
GRANT SELECT, INSERT, DELETE ON frontline.control_event TO fl_writer;
GRANT USAGE ON SEQUENCE frontline.control_event_event_id_seq TO fl_writer;
CREATE POLICY w_read ON frontline.control_event FOR SELECT TO fl_writer USING (source IS DISTINCT FROM 's1');
CREATE POLICY w_insert ON frontline.control_event FOR INSERT TO fl_writer WITH CHECK (true);
CREATE POLICY w_delete ON frontline.control_event FOR DELETE TO fl_writer USING (source IS DISTINCT FROM 's1');
SET ROLE fl_writer;
INSERT INTO frontline.control_event (place_id, at, state, actor, source) VALUES
  (10, '2021-08-05Z', 'control', 'B', 's2'), (11, '2021-08-05Z', 'control', 'B', 's1');
DELETE FROM frontline.control_event WHERE place_id = 12;
RESET ROLE;
SELECT pg_temp.check('writes by a role under row security');
SELECT count(*) AS hidden_claims_of_place_12_kept FROM frontline.control_event WHERE place_id = 12 AND source = 's1';
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
DROP POLICY hide_s1 ON frontline.control_event;
DROP POLICY w_read ON frontline.control_event;
DROP POLICY w_insert ON frontline.control_event;
DROP POLICY w_delete ON frontline.control_event;

-- 5. TRUNCATE empties it
TRUNCATE frontline.control_event;
SELECT pg_temp.check('TRUNCATE');
DROP OWNED BY fl_claims_path, fl_places_only, fl_everything, fl_writer;
DROP ROLE fl_claims_path;
DROP ROLE fl_places_only;
DROP ROLE fl_everything;
DROP ROLE fl_writer;

-- A new database, for two cases.
\set regress_db :DBNAME
CREATE DATABASE fl_fresh;
\c fl_fresh
SET client_min_messages = warning;
CREATE EXTENSION frontline CASCADE;
RESET client_min_messages;
SELECT frontline.add_actor('A') > 0 AS actor, frontline.add_place('P', 'town', 'SRID=4326;POINT(1 1)') > 0 AS place;
-- 1. a flush of many places after a few small ones in the same session:
-- the session may keep plans made for a table of a few rows; the many
-- places' rows are locked and planned for their ids (50_cache.sql), and
-- every place is cached, right
ANALYZE frontline_internal.control_cache;
-- eight transactions that write one place each: eight flushes
SELECT frontline.record_control('P', 'A', '2020-01-01Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-01-02Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-01Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-02Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-03Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-04Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-05Z') > 0 AS recorded;
SELECT frontline.record_control('P', 'A', '2020-02-06Z') > 0 AS recorded;
BEGIN;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'Q' || g, 'town', ST_SetSRID(ST_MakePoint(2 + g * 0.001, 2), 4326) FROM generate_series(1, 2000) g;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2020-03-01Z', 'control', 'A', 's1' FROM frontline.place p WHERE p.name LIKE 'Q%';
COMMIT;
SELECT count(*) AS cached_places, count(*) FILTER (WHERE frontline.control_at(history, '2020-03-02Z') = 'A') AS held_by_a
  FROM frontline_internal.control_cache;
SELECT count(*) AS differ FROM frontline.cache_check();
-- a flush of more than 64 places that are an eighth of the places or less
-- reads their claims through the (place_id, at) index; one of more reads
-- them in one sequential pass (flush_reads_all, flush_execute_sequential).
-- Both give the cache a fresh computation gives
ANALYZE frontline_internal.control_cache;
SELECT frontline_internal.flush_reads_all(64) AS few, frontline_internal.flush_reads_all(200) AS a_tenth,
       frontline_internal.flush_reads_all(300) AS more_than_an_eighth, frontline_internal.flush_reads_all(1500) AS most;
-- (claims at one instant for each of more than 64 places: each place reads
-- its claims at that instant alone and replaces them in its cached claim
-- set, as in 1c, whether they come after its claims or among them, tying
-- cached ones or not; a place with claims at two instants splices from the
-- earlier)
SET track_functions = 'all';
CREATE FUNCTION pg_temp.calls(fn name) RETURNS bigint LANGUAGE sql AS $$
    SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions
     WHERE schemaname = 'frontline_internal' AND funcname = fn $$;
SELECT pg_stat_force_next_flush();
SELECT pg_temp.calls('claim_set_replace') AS replaced_before, pg_temp.calls('claim_set_splice') AS spliced_before \gset
INSERT INTO frontline.control_event (place_id, at, state, source)
SELECT p.place_id, '2020-04-01Z', 'unknown', 's2' FROM frontline.place p WHERE p.name LIKE 'Q%' ORDER BY p.place_id LIMIT 200;
SELECT count(*) AS differ FROM frontline.cache_check();
SELECT pg_stat_force_next_flush();
SELECT pg_temp.calls('claim_set_replace') - :replaced_before AS replaced,
       pg_temp.calls('claim_set_splice') - :spliced_before AS spliced;
SELECT pg_temp.calls('claim_set_replace') AS replaced_before, pg_temp.calls('claim_set_splice') AS spliced_before \gset
SELECT frontline.add_actor('B') > 0 AND frontline.add_actor('C d') > 0 AS actors;
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2020-03-15Z', 'control', 'B', 's3' FROM frontline.place p WHERE p.name LIKE 'Q%' ORDER BY p.place_id LIMIT 150;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2020-03-15Z', 'control', 'C d', 's4' FROM frontline.place p WHERE p.name LIKE 'Q%' ORDER BY p.place_id LIMIT 100;
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT p.place_id, '2020-03-20Z', 'control', 'A', 's3' FROM frontline.place p WHERE p.name LIKE 'Q%' ORDER BY p.place_id LIMIT 10;
COMMIT;
SELECT count(*) FILTER (WHERE frontline.control_at(history, '2020-03-16Z') = 'C d') AS held_by_c_d,
       count(*) FILTER (WHERE frontline.control_at(history, '2020-03-16Z') = 'B') AS held_by_b
  FROM frontline_internal.control_cache;
SELECT count(*) AS differ FROM frontline.cache_check();
SELECT pg_stat_force_next_flush();
SELECT pg_temp.calls('claim_set_replace') - :replaced_before AS replaced,
       pg_temp.calls('claim_set_splice') - :spliced_before AS spliced;
RESET track_functions;
INSERT INTO frontline.control_event (place_id, at, state, source)
SELECT p.place_id, '2020-05-01Z', 'unknown', 's2' FROM frontline.place p WHERE p.name LIKE 'Q%' ORDER BY p.place_id LIMIT 1500;
SELECT count(*) FILTER (WHERE frontline.control_at(history, '2020-04-02Z') IS NULL) AS unknown_on_2_april,
       count(*) FILTER (WHERE frontline.control_at(history, '2020-05-02Z') IS NULL) AS unknown_on_2_may
  FROM frontline_internal.control_cache;
SELECT count(*) AS differ FROM frontline.cache_check();
-- 2. the extension dropped by the transaction that wrote claims: at commit
-- there is no cache left to maintain, and the transaction commits
BEGIN;
SELECT frontline.record_control('P', 'A', '2021-01-01Z') > 0 AS recorded;
DROP EXTENSION frontline;
COMMIT;
SELECT count(*) AS frontline_schemas_left FROM pg_namespace WHERE nspname LIKE 'frontline%';
\c :regress_db
DROP DATABASE fl_fresh;
