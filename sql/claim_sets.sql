-- Filtered reads from the cache (issue 14): each place's cached claim set
-- (frontline_internal.claim_set, src/fl_claims.c) answers reads under a
-- sources / min_confidence / as_of filter.
--  1. differential: 3,000 random (place, t, sources, min_confidence, as_of)
--     queries; control_at and history from the claim sets against the rule
--     in SQL over the claims (_controller_at, winning_claims); snapshot with
--     filters against a LATERAL query over the claims; changes() in 40
--     windows against the same query over winning_claims;
--  2. maintenance: after inserts, updates and deletes every claim set holds
--     the place's claims and resolves, unfiltered, to the cached history;
--  3. errors, and privileges: no input form, the aggregate is the owner's,
--     a reader without access to frontline_internal still gets its answers;
--     the area helpers that skip along the map index.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
SELECT setseed(0.4242);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C d');
INSERT INTO frontline.place (name, kind, geom, country)
SELECT 'Q' || i, 'town', ST_SetSRID(ST_MakePoint(60 + random() * 4, 30 + random() * 4), 4326), 'X'
  FROM generate_series(1, 200) i;
-- few distinct instants per place, so that claims often share an instant
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT p, t, st,
       CASE WHEN st = 'control' THEN (ARRAY['A', 'B', 'C d'])[1 + floor(random() * 3)::int] END,
       CASE WHEN st = 'contested' AND random() < 0.5 THEN ARRAY['A', 'C d'] END,
       (ARRAY['s1', 's2', 's3', 's4', NULL])[1 + floor(random() * 5)::int],
       CASE WHEN random() < 0.3 THEN NULL ELSE round((random())::numeric, 1)::real END,
       t + floor(random() * 20 - 5)::int * interval '1 day'
  FROM (SELECT 1 + floor(random() * 200)::int AS p,
               timestamptz '2021-01-01Z' + floor(random() * 30)::int * interval '1 day' AS t,
               (ARRAY['control', 'control', 'control', 'contested', 'unknown'])[1 + floor(random() * 5)::int] AS st
          FROM generate_series(1, 6000)) x;
SELECT count(*) AS claims, count(DISTINCT (place_id, at)) < count(*) AS shared_instants FROM frontline.control_event;

-- 1. differential
CREATE TEMP TABLE q AS
SELECT i, 1 + floor(random() * 200)::int AS p,
       timestamptz '2020-12-30Z' + random() * interval '35 days' AS t,
       CASE floor(random() * 5)::int WHEN 0 THEN NULL WHEN 1 THEN ARRAY['s1'] WHEN 2 THEN ARRAY['s2', 's4']
            WHEN 3 THEN ARRAY['s3', NULL] ELSE '{}'::text[] END AS s,
       (ARRAY[0, 0, 0.3, 0.5, 0.9])[1 + floor(random() * 5)::int]::real AS m,
       CASE WHEN random() < 0.5 THEN NULL ELSE timestamptz '2021-01-01Z' + random() * interval '40 days' END AS k
  FROM generate_series(1, 3000) i;
SELECT count(*) FILTER (WHERE s IS NOT NULL OR m > 0 OR k IS NOT NULL) > 2000 AS mostly_filtered FROM q;
SELECT frontline.cache_usable() AS reads_come_from_the_cache;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline.control_at(q.p, q.t, q.s, q.m, q.k)
                              IS DISTINCT FROM (SELECT c.controller FROM frontline._controller_at(q.p, q.t, q.s, q.m, q.k) c))
         AS control_at_mismatches,
       count(*) FILTER (WHERE frontline.history(q.p, q.s, q.m, q.k) OPERATOR(frontline.<>)
                              coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                          FROM frontline.winning_claims(NULL, q.s, q.m, q.p, q.k) w),
                                       '{}'::frontline.control_history))
         AS history_mismatches,
       count(DISTINCT frontline.control_at(q.p, q.t, q.s, q.m, q.k)) AS distinct_answers
  FROM q;
-- since when the controller at each moment had held the place under each
-- filter (_claims_since: the snapshot's since from the claim sets) against
-- since() of the history the claims give
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline._claims_since(c.claims, q.t, q.s, q.m, q.k)
                              IS DISTINCT FROM frontline.since(coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                                                           FROM frontline.winning_claims(NULL, q.s, q.m, q.p, q.k) w),
                                                                        '{}'::frontline.control_history), q.t)) AS since_mismatches,
       count(DISTINCT frontline._claims_since(c.claims, q.t, q.s, q.m, q.k)) > 20 AS varied,
       count(*) FILTER (WHERE frontline._claims_since(c.claims, q.t, q.s, q.m, q.k) IS NULL) > 0 AS some_before_any_claim
  FROM q JOIN frontline_internal.claim_cache c ON c.place_id = q.p;
-- whether a claim set holds a claim in [from, to) (_claims_any_in: changes()
-- under a filter asks it first) against the claims
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline._claims_any_in(c.claims, q.t, q.t + interval '2 days')
                              IS DISTINCT FROM EXISTS (SELECT 1 FROM frontline.control_event e
                                                        WHERE e.place_id = q.p AND e.at >= q.t AND e.at < q.t + interval '2 days'))
         AS any_in_mismatches,
       count(*) FILTER (WHERE frontline._claims_any_in(c.claims, q.t, q.t + interval '2 days')) BETWEEN 1 AND 2999 AS both_answers
  FROM q JOIN frontline_internal.claim_cache c ON c.place_id = q.p;
-- snapshot under each filter against a LATERAL query over the claims
CREATE TEMP TABLE f AS
SELECT * FROM (VALUES (1, timestamptz '2021-01-12Z', ARRAY['s1', 's2'], 0::real, NULL::timestamptz),
                      (2, '2021-01-20Z', NULL, 0.5, NULL), (3, '2021-01-15Z', NULL, 0, '2021-01-16Z'),
                      (4, '2021-01-25Z', ARRAY['s3'], 0.3, '2021-01-28Z'), (5, '2021-01-05Z', '{}', 0, NULL)) v(n, t, s, m, k);
SELECT f.n,
       (SELECT count(*) FROM frontline.snapshot(f.t, f.s, f.m, f.k)) AS places,
       (SELECT count(*) FROM frontline.snapshot(f.t, f.s, f.m, f.k) x
          FULL JOIN (SELECT p.place_id, l.controller,
                            frontline.since(coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                                        FROM frontline.winning_claims(NULL, f.s, f.m, p.place_id, f.k) w),
                                                     '{}'), f.t) AS since
                       FROM frontline.place p
                       LEFT JOIN LATERAL frontline._controller_at(p.place_id, f.t, f.s, f.m, f.k) l ON true) y
            ON x.place_id = y.place_id
         WHERE x.place_id IS NULL OR y.place_id IS NULL OR x.controller IS DISTINCT FROM y.controller
            OR x.since IS DISTINCT FROM y.since) AS mismatches,
       (SELECT count(*) FROM frontline.snapshot(f.t, f.s, f.m, f.k) WHERE controller IS NOT NULL) > 0 OR f.n = 5 AS some_held
  FROM f ORDER BY f.n;

-- the change days the cache keeps (from 2000-01-01 UTC, whatever the
-- session's time zone): a change of controller counts, a contested set
-- changing its members does not; a range's days, NULL past a year
SET TimeZone = 'Asia/Kabul';
SELECT frontline._change_days('{1999-12-31T23:00:00Z=A, 2000-01-01T01:00:00Z=unknown, 2000-01-03T05:00:00Z=contested(A,B), 2000-01-04T05:00:00Z=contested(A,C), 2000-01-05T00:00:00Z=B}') AS change_days,
       frontline._change_days('{}') AS none,
       frontline._days('2000-01-01 00:00+04:30', '2000-01-02 00:00+04:30') AS kabul_day,
       frontline._days('2000-01-01 00:00Z', '2000-01-01 00:00Z') AS empty_range,
       frontline._days('2000-01-01Z', '2001-01-02Z') IS NULL AS over_a_year,
       frontline._days('-infinity', '2000-01-01Z') IS NULL AS infinite;
SET TimeZone = 'UTC';
SELECT frontline._change_days(NULL) IS NULL AS null_history, frontline._days(NULL, '2000-01-01Z') IS NULL AS null_bound;
-- changes() from the claim sets (without a filter: only the places whose
-- cached change days meet the window, GIN) against the rule in SQL over the
-- claims, for 40 windows and
-- filters, and for one place
CREATE TEMP TABLE cw AS
SELECT i, f, f + (1 + floor(random() * 10)::int) * interval '1 day' AS u, s, m, k
  FROM (SELECT i, timestamptz '2020-12-31Z' + floor(random() * 30)::int * interval '1 day' + random() * interval '1 day' AS f,
               CASE WHEN i <= 10 THEN NULL WHEN i % 3 = 0 THEN ARRAY['s1', 's3'] END AS s,
               CASE WHEN i > 10 AND i % 4 = 0 THEN 0.5 ELSE 0 END::real AS m,
               CASE WHEN i > 10 AND i % 5 = 0 THEN timestamptz '2021-01-20Z' END AS k
          FROM generate_series(1, 40) i) x;
SELECT count(*) AS windows, sum(n) AS changes_found, sum(bad) AS mismatches
  FROM (SELECT cw.i,
               (SELECT count(*) FROM frontline.changes(cw.f, cw.u, cw.s, cw.m, cw.k)) AS n,
               (SELECT count(*) FROM (
                   (SELECT at, place_id, from_controller, to_controller, source
                      FROM frontline.changes(cw.f, cw.u, cw.s, cw.m, cw.k)
                    EXCEPT ALL
                    SELECT l.at, l.place_id, l.prev, l.controller, l.source
                      FROM (SELECT w.*, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
                              FROM frontline.winning_claims(cw.u, cw.s, cw.m, NULL, cw.k) w) l
                     WHERE l.at >= cw.f AND l.prev IS DISTINCT FROM l.controller)
                   UNION ALL
                   (SELECT l.at, l.place_id, l.prev, l.controller, l.source
                      FROM (SELECT w.*, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
                              FROM frontline.winning_claims(cw.u, cw.s, cw.m, NULL, cw.k) w) l
                     WHERE l.at >= cw.f AND l.prev IS DISTINCT FROM l.controller
                    EXCEPT ALL
                    SELECT at, place_id, from_controller, to_controller, source
                      FROM frontline.changes(cw.f, cw.u, cw.s, cw.m, cw.k))) d) AS bad
          FROM cw) x;
SELECT (SELECT array_agg(at ORDER BY at) FROM frontline.changes('2020-12-01Z', '2021-03-01Z', for_place => 'Q7'))
       = (SELECT array_agg(l.at ORDER BY l.at)
            FROM (SELECT w.*, lag(w.controller) OVER (ORDER BY w.at) AS prev
                    FROM frontline.winning_claims('2021-03-01Z', NULL, 0, 7) w) l
           WHERE l.prev IS DISTINCT FROM l.controller) AS one_place_same;
SELECT frontline._claims_changes(c.claims, '2021-01-01Z', 'infinity', NULL, 0, NULL)
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- over more than a year (the cached histories' GiST index instead of the
-- change days), and as a constant range (branches pruned at plan time)
CREATE TEMP TABLE two_years AS
SELECT l.at, l.place_id, l.prev, l.controller, l.source
  FROM (SELECT w.*, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
          FROM frontline.winning_claims('2022-01-01Z', NULL, 0) w) l
 WHERE l.at >= '2020-01-01Z' AND l.prev IS DISTINCT FROM l.controller;
SELECT (SELECT count(*) FROM frontline.changes('2020-01-01Z', '2022-01-01Z')) AS changes_over_two_years,
       (SELECT count(*) FROM ((SELECT at, place_id, from_controller, to_controller, source
                                 FROM frontline.changes('2020-01-01Z', '2022-01-01Z')
                               EXCEPT ALL TABLE two_years)
                              UNION ALL
                              (TABLE two_years
                               EXCEPT ALL SELECT at, place_id, from_controller, to_controller, source
                                 FROM frontline.changes('2020-01-01Z', '2022-01-01Z'))) d) AS mismatches;
-- changes() is inlined into the caller's query: without the place column
-- the place table is not read at all; with it, it is joined
CREATE FUNCTION pg_temp.reads_place(q text) RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE l text; found boolean := false;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        found := found OR l ~ ' on place ';
    END LOOP;
    RETURN found;
END $f$;
SELECT pg_temp.reads_place($$SELECT at, place_id, to_controller FROM frontline.changes('2021-01-01Z', '2021-01-08Z')$$) AS without_name,
       pg_temp.reads_place($$SELECT at, place FROM frontline.changes('2021-01-01Z', '2021-01-08Z')$$) AS with_name;

-- 2. maintenance: each statement kind, then every claim set checked
UPDATE frontline.control_event SET confidence = 0.95 WHERE event_id % 7 = 0;
UPDATE frontline.control_event SET source = 's9' WHERE event_id % 11 = 0;
DELETE FROM frontline.control_event WHERE event_id % 13 = 0;
SELECT frontline.record_control('Q1', 'B', '2021-02-01Z', source => 's1', confidence => 0.4) > 0 AS recorded;
CREATE TEMP TABLE expected_counts AS
SELECT p.place_id, count(e.event_id) AS n
  FROM frontline.place p LEFT JOIN frontline.control_event e ON e.place_id = p.place_id GROUP BY p.place_id;
SELECT count(*) AS places,
       count(*) FILTER (WHERE coalesce(substring(c.claims::text FROM '^\((\d+) claims'), '0')::bigint <> x.n) AS wrong_counts,
       count(*) FILTER (WHERE coalesce(frontline._claims_history(c.claims, NULL, 0, NULL), '{}')
                              OPERATOR(frontline.<>) h.history) AS claims_disagree_with_history
  FROM frontline_internal.claim_cache c JOIN frontline_internal.control_cache h ON h.place_id = c.place_id
  JOIN expected_counts x ON x.place_id = c.place_id;
SELECT count(*) AS stale_rows FROM frontline.cache_check();
-- cache_check() also compares the claim sets: a claim set swapped behind the
-- guard's back (the owner disabling it) is reported even where the
-- resolved histories agree
BEGIN;
ALTER TABLE frontline_internal.claim_cache DISABLE TRIGGER claim_cache_guard;
UPDATE frontline_internal.claim_cache c SET claims = NULL WHERE c.place_id = 3;
SELECT place_id, cached OPERATOR(frontline.=) computed AS histories_agree FROM frontline.cache_check();
ROLLBACK;
-- the same differential after the changes, on the first 1,000 queries
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline.control_at(q.p, q.t, q.s, q.m, q.k)
                              IS DISTINCT FROM (SELECT c.controller FROM frontline._controller_at(q.p, q.t, q.s, q.m, q.k) c))
         AS control_at_mismatches,
       count(*) FILTER (WHERE frontline.history(q.p, q.s, q.m, q.k) OPERATOR(frontline.<>)
                              coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                          FROM frontline.winning_claims(NULL, q.s, q.m, q.p, q.k) w),
                                       '{}'::frontline.control_history))
         AS history_mismatches
  FROM q WHERE q.i <= 1000;
-- the pipeline's one-place forms agree with history(): _history (C) and
-- _history_rows (inlined SQL); neither validates, the claim sets do
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline._history(q.p, q.s, q.m, q.k) OPERATOR(frontline.<>) frontline.history(q.p, q.s, q.m, q.k))
         AS history_c_mismatches,
       count(*) FILTER (WHERE (SELECT r.history FROM frontline._history_rows(q.p, q.s, q.m, q.k) r)
                              OPERATOR(frontline.<>) frontline.history(q.p, q.s, q.m, q.k)) AS history_rows_mismatches,
       count(*) FILTER (WHERE (SELECT r.controller FROM frontline._history_rows(q.p, q.s, q.m, q.k, q.t) r)
                              IS DISTINCT FROM frontline.control_at(q.p, q.t, q.s, q.m, q.k)) AS controller_rows_mismatches,
       count(*) FILTER (WHERE (SELECT r.controller FROM frontline._history_rows(q.p, q.s, q.m, q.k) r) IS NOT NULL)
         AS controllers_without_at
  FROM q WHERE q.i <= 300;
-- the same where the cache may not be used (the session's own unflushed
-- write): _history_rows's last branch, _history from the claims
BEGIN;
UPDATE frontline.control_event SET confidence = confidence WHERE event_id = (SELECT min(event_id) FROM frontline.control_event);
SELECT frontline.cache_usable() AS cache_used_before_commit;
SELECT count(*) FILTER (WHERE (SELECT r.controller FROM frontline._history_rows(q.p, q.s, q.m, q.k, q.t) r)
                              IS DISTINCT FROM frontline.control_at(q.p, q.t, q.s, q.m, q.k)) AS controller_rows_mismatches,
       count(*) FILTER (WHERE (SELECT r.history FROM frontline._history_rows(q.p, q.s, q.m, q.k, q.t) r)
                              OPERATOR(frontline.<>) frontline.history(q.p, q.s, q.m, q.k)) AS history_rows_mismatches
  FROM q WHERE q.i <= 100;
ROLLBACK;
SELECT frontline._history(NULL, NULL, 0, NULL) IS NULL AS null_place,
       frontline._history(-1, NULL, 0, NULL) IS NULL AS no_such_place,
       (SELECT count(*) FROM frontline._history_rows(-1, NULL, 0, NULL)) AS no_row_for_no_place;
\set VERBOSITY terse
SELECT frontline._history(1, NULL, 2, NULL);
SELECT frontline._history(1, ARRAY['s1'], 0, 'infinity');
SELECT r.history FROM frontline._history_rows(1, NULL, 'NaN', NULL) r;
\set VERBOSITY default
SELECT frontline.control_at('Q1', '2021-02-02Z', ARRAY['s1'], 0.4) AS q1_under_s1,
       frontline.control_at('Q1', '2021-02-02Z', ARRAY['s1'], 0.5) IS DISTINCT FROM 'B' AS filtered_out_at_0_5;
-- a place without claims has no claim set, and answers NULL / {}
INSERT INTO frontline.place (name, kind, geom, country) VALUES ('Empty', 'town', 'SRID=4326;POINT(61 31)', 'X');
SELECT c.claims IS NULL AS no_claim_set, frontline.history('Empty', ARRAY['s1']) AS history,
       frontline.control_at('Empty', '2021-01-10Z', min_confidence => 0.5) AS controller
  FROM frontline_internal.claim_cache c JOIN frontline.place p ON p.place_id = c.place_id WHERE p.name = 'Empty';

-- 3. errors
\set VERBOSITY default
SELECT 'x'::frontline_internal.claim_set;
\set VERBOSITY terse
SELECT frontline._claims_history(c.claims, NULL, 2, NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_history(c.claims, NULL, 'NaN', NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_history(c.claims, NULL, 0, 'infinity') FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_controller(c.claims, '-infinity', NULL, 0, NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_controller(c.claims, '2021-01-10Z', '{{s1,s2},{s3,s4}}', 0, NULL)
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_since(c.claims, 'infinity', NULL, 0, NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_since(c.claims, '2021-01-10Z', '{{s1,s2},{s3,s4}}', 0, NULL)
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_since(c.claims, '2021-01-10Z', NULL, 1.5, NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_since(c.claims, '2021-01-10Z', NULL, 0, '-infinity') FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_any_in(c.claims, '-infinity', '2021-01-10Z') FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline._claims_any_in(c.claims, '2021-01-10Z', 'infinity') FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- the claims branches, executable by everyone, check their arguments too
SELECT count(*) FROM frontline._controllers_at(NULL, NULL, 0, NULL);
SELECT count(*) FROM frontline._controllers_at('2021-01-10Z', NULL, 1.5, NULL);
SELECT count(*) FROM frontline._histories_from_claims(NULL, 0, '-infinity');
SELECT count(*) = 201 AS every_place FROM frontline._controllers_at('2021-01-10Z', ARRAY['s1'], 0, NULL);
SELECT frontline._claims_history(NULL, NULL, 0, NULL) IS NULL AS null_in_null_out,
       frontline._claims_controller(c.claims, NULL, NULL, 0, NULL) IS NULL AS null_instant_null_answer,
       frontline._claims_since(NULL, '2021-01-10Z', NULL, 0, NULL) IS NULL AS since_null_in_null_out,
       frontline._claims_since(c.claims, NULL, NULL, 0, NULL) IS NULL AS since_null_instant_null_answer,
       frontline._claims_any_in(NULL, '2021-01-10Z', '2021-01-11Z') IS NULL AS any_in_null_in_null_out,
       frontline._claims_any_in(c.claims, '2021-01-11Z', '2021-01-10Z') AS any_in_backwards_range
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- the commit-time flush's splice (claim_set_splice, 50_cache.sql): a
-- place's cached claim set, its claims from an instant on replaced by a
-- claim set of every claim from that instant on, has the bytes of the
-- claim set of all its claims; claim_set_last_at is its last claim's instant
WITH s AS (
    SELECT e.place_id, percentile_disc(0.5) WITHIN GROUP (ORDER BY e.at) AS t
      FROM frontline.control_event e GROUP BY 1),
a AS (
    SELECT s.place_id, s.t, max(e.at) AS last_at,
           frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                            e.source, e.confidence, e.reported_at, e.event_id)
               FILTER (WHERE e.at >= s.t) AS later
      FROM s JOIN frontline.control_event e USING (place_id) GROUP BY 1, 2)
SELECT count(*) AS places,
       count(*) FILTER (WHERE frontline_internal.claim_set_same(
                                  frontline_internal.claim_set_splice(k.claims, a.t, a.later), k.claims)) AS spliced_same,
       count(*) FILTER (WHERE frontline_internal.claim_set_same(
                                  frontline_internal.claim_set_splice(k.claims, a.t, NULL), k.claims)) AS same_without_the_later_part,
       count(*) FILTER (WHERE frontline_internal.claim_set_last_at(k.claims) = a.last_at) AS last_at_right
  FROM a JOIN frontline_internal.claim_cache k USING (place_id);
SELECT frontline_internal.claim_set_splice(NULL, '2021-01-01Z', NULL) IS NULL AS nothing_gives_null,
       frontline_internal.claim_set_splice(c.claims, '-infinity', NULL) IS NULL AS nothing_kept_gives_null,
       frontline_internal.claim_set_same(frontline_internal.claim_set_splice(c.claims, 'infinity', NULL), c.claims) AS all_kept,
       frontline_internal.claim_set_same(frontline_internal.claim_set_splice(NULL, '-infinity', c.claims), c.claims) AS all_spliced,
       frontline_internal.claim_set_last_at(NULL) IS NULL AS no_last_at
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- errors: a claim spliced in before the instant, no instant
SELECT frontline_internal.claim_set_splice(c.claims, 'infinity', c.claims) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_splice(c.claims, NULL, c.claims) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- the flush's replace at a few instants (claim_set_replace): a place's
-- cached claim set, its claims at some instants replaced by a claim set of
-- every claim at them, has the bytes of the claim set of all its claims;
-- without the claims put in, it lacks exactly those
WITH s AS (
    SELECT e.place_id, coalesce(array_agg(DISTINCT e.at ORDER BY e.at) FILTER (WHERE e.event_id % 3 = 0), '{}') AS ts
      FROM frontline.control_event e GROUP BY 1),
a AS (
    SELECT s.place_id, s.ts,
           frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                            e.source, e.confidence, e.reported_at, e.event_id)
               FILTER (WHERE e.at = ANY (s.ts)) AS later,
           frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                            e.source, e.confidence, e.reported_at, e.event_id)
               FILTER (WHERE NOT e.at = ANY (s.ts)) AS rest
      FROM s JOIN frontline.control_event e USING (place_id) GROUP BY 1, 2)
SELECT count(*) AS places, count(*) FILTER (WHERE cardinality(a.ts) > 0) AS with_instants,
       count(*) FILTER (WHERE frontline_internal.claim_set_same(
                                  frontline_internal.claim_set_replace(k.claims, a.ts, a.later), k.claims)) AS replaced_same,
       count(*) FILTER (WHERE frontline_internal.claim_set_same(
                                  frontline_internal.claim_set_replace(k.claims, a.ts, NULL), a.rest)) AS without_them_the_rest
  FROM a JOIN frontline_internal.claim_cache k USING (place_id);
SELECT frontline_internal.claim_set_replace(NULL, '{}', NULL) IS NULL AS nothing_gives_null,
       frontline_internal.claim_set_same(frontline_internal.claim_set_replace(c.claims, '{}', NULL), c.claims) AS no_instants_all_kept,
       frontline_internal.claim_set_same(frontline_internal.claim_set_replace(NULL, ARRAY(SELECT DISTINCT e.at FROM frontline.control_event e
                                                                                      WHERE e.place_id = 1 ORDER BY 1), c.claims),
                                         c.claims) AS all_put_in
  FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- errors: a claim put in at another instant, instants out of order or
-- repeated, NULL instants, a NULL among them, two dimensions
SELECT frontline_internal.claim_set_replace(c.claims, '{2000-01-01Z}', c.claims) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_replace(c.claims, '{2021-02-01Z, 2021-01-01Z}', NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_replace(c.claims, '{2021-01-01Z, 2021-01-01Z}', NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_replace(c.claims, NULL, NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_replace(c.claims, '{2021-01-01Z, NULL}', NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
SELECT frontline_internal.claim_set_replace(c.claims, '{{2021-01-01Z}, {2021-02-01Z}}', NULL) FROM frontline_internal.claim_cache c WHERE c.place_id = 1;
-- the area helpers that skip along the (layer, source, at) index: a layer's
-- sources (NULL for claims without one), and whether a layer without a
-- default has claims
SELECT frontline._layers_without_default() AS no_areas_yet, count(*) AS sources_of_nothing
  FROM frontline._layer_sources('m1');
INSERT INTO frontline.control_area (layer, geom, at, state, actor, source)
SELECT l, 'SRID=4326;MULTIPOLYGON(((60 30,61 30,61 31,60 30)))', '2021-01-01Z', 'control', 'A', s
  FROM (VALUES ('m1', 's2'), ('m1', 's1'), ('m1', NULL), ('m1', 's1'), ('m2', 's3')) v(l, s);
SELECT array_agg(s ORDER BY s NULLS FIRST) AS m1_sources FROM frontline._layer_sources('m1') s;
SELECT count(*) AS null_layer FROM frontline._layer_sources(NULL);
SELECT frontline._layers_without_default() AS before_defaults;
SELECT frontline.set_area_layer('m1', 'A');
SELECT frontline._layers_without_default() AS m2_has_none;
SELECT frontline.set_area_layer('m2', 'B');
SELECT frontline._layers_without_default() AS every_layer_has_one;
DELETE FROM frontline.control_area WHERE layer IN ('m1', 'm2');
DELETE FROM frontline.area_layer WHERE layer IN ('m1', 'm2');
-- a reader with the grants an analyst gets: the filtered reads come from the
-- claim sets (cache_usable), which it cannot read or build directly
CREATE ROLE fl_claims_reader;
GRANT USAGE ON SCHEMA frontline TO fl_claims_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_claims_reader;
CREATE TEMP TABLE owner_answer AS
SELECT place_id, controller, since FROM frontline.snapshot('2021-01-20Z', ARRAY['s1', 's3'], 0.3, '2021-01-25Z');
GRANT SELECT ON owner_answer TO fl_claims_reader;
SET ROLE fl_claims_reader;
SELECT frontline.cache_usable() AS reader_uses_the_cache;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE (x.controller, x.since) IS DISTINCT FROM (o.controller, o.since)) AS differ_from_owner
  FROM frontline.snapshot('2021-01-20Z', ARRAY['s1', 's3'], 0.3, '2021-01-25Z') x
  JOIN owner_answer o USING (place_id);
SELECT count(*) FROM frontline_internal.control_cache;
RESET ROLE;
-- even with USAGE on the internal schema, the aggregate is the owner's
GRANT USAGE ON SCHEMA frontline_internal TO fl_claims_reader;
SET ROLE fl_claims_reader;
SELECT frontline_internal.claim_set_agg(e.at, 'A', e.source, e.confidence, e.reported_at, e.event_id)
  FROM frontline.control_event e;
RESET ROLE;
REVOKE USAGE ON SCHEMA frontline_internal FROM fl_claims_reader;
DROP OWNED BY fl_claims_reader;
DROP ROLE fl_claims_reader;
-- a claim set up to a page stays in its row (toast_tuple_target = 8160 on
-- both claim-set tables): 150 claims about one place (about 4 kB) add no
-- chunk to claim_cache's TOAST table
SELECT c.relname, c.reloptions FROM pg_class c
 WHERE c.oid IN ('frontline_internal.claim_cache'::regclass, 'frontline_internal.policy_claim_cache'::regclass)
 ORDER BY 1;
SELECT c.reltoastrelid::regclass AS claim_toast FROM pg_class c
 WHERE c.oid = 'frontline_internal.claim_cache'::regclass \gset
SELECT count(*) AS chunks_before FROM :claim_toast \gset
INSERT INTO frontline.place (name, kind, geom, country) VALUES ('Middling', 'town', 'SRID=4326;POINT(62.5 32)', 'X')
RETURNING place_id AS mid_place \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence)
SELECT :mid_place, timestamptz '2021-01-01Z' + i * interval '1 day', 'control', (ARRAY['A', 'B'])[1 + i % 2],
       (ARRAY['s1', 's2', 's3'])[1 + i % 3], ((i % 10) / 10.0)::real
  FROM generate_series(1, 150) i;
SELECT pg_column_size(k.claims) BETWEEN 3000 AND 8000 AS about_4_kb,
       (SELECT count(*) FROM :claim_toast) = :chunks_before AS in_the_row
  FROM frontline_internal.claim_cache k WHERE k.place_id = :mid_place;
-- its point reads (which open only the set's header and dictionary and
-- check each claim they visit) answer as the claims do
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline.control_at(:mid_place, t, s.s, m.m)
                              IS DISTINCT FROM (SELECT c.controller FROM frontline._controller_at(:mid_place, t, s.s, m.m, NULL) c))
         AS mismatches,
       count(DISTINCT frontline.control_at(:mid_place, t, s.s, m.m)) AS answers
  FROM generate_series(timestamptz '2020-12-31Z', '2021-06-05Z', interval '9 days') t,
       (VALUES ('{s1}'::text[]), ('{s2,s3}'), ('{nobody}'), (NULL)) s(s), (VALUES (0::real), (0.85)) m(m);
-- a long history: 800 claims about one place.  Its claim set (about 23 kB)
-- is kept out of line and not compressed (the type's STORAGE external:
-- a compressed set cost every read a decompression of all of it), and it
-- answers as the claims do
SELECT c.relname, a.attname, a.attstorage FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.atttypid = 'frontline_internal.claim_set'::regtype AND c.relkind = 'r' ORDER BY 1, 2;
INSERT INTO frontline.place (name, kind, geom, country) VALUES ('Long', 'town', 'SRID=4326;POINT(62 32)', 'X')
RETURNING place_id AS long_place \gset
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT :long_place, timestamptz '2021-01-01Z' + (i / 2) * interval '7 hours',
       CASE WHEN i % 11 = 0 THEN 'contested' WHEN i % 13 = 0 THEN 'unknown' ELSE 'control' END,
       CASE WHEN i % 11 <> 0 AND i % 13 <> 0 THEN (ARRAY['A', 'B', 'C d'])[1 + i % 3] END,
       CASE WHEN i % 11 = 0 THEN ARRAY['A', 'B'] END,
       (ARRAY['s1', 's2', 's3', 's4', NULL])[1 + (i * 7) % 5],
       CASE WHEN i % 6 = 0 THEN NULL ELSE ((i % 10) / 10.0)::real END,
       timestamptz '2021-01-01Z' + (i / 2) * interval '7 hours' + (i % 5) * interval '1 day'
  FROM generate_series(1, 800) i;
-- stored: the size of the value out of line, without its 4-byte header
SELECT pg_column_size(k.claims) > 16000 AS out_of_line,
       pg_column_size(k.claims) >= pg_column_size(frontline_internal.claim_set_splice(NULL, '-infinity', k.claims)) - 4
         AS not_compressed
  FROM frontline_internal.claim_cache k WHERE k.place_id = :long_place;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline.control_at(:long_place, q.t, q.s, q.m, q.k)
                              IS DISTINCT FROM (SELECT c.controller FROM frontline._controller_at(:long_place, q.t, q.s, q.m, q.k) c))
         AS control_at_mismatches,
       count(*) FILTER (WHERE frontline.history(:long_place, q.s, q.m, q.k) OPERATOR(frontline.<>)
                              coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                          FROM frontline.winning_claims(NULL, q.s, q.m, :long_place, q.k) w),
                                       '{}'::frontline.control_history))
         AS history_mismatches,
       count(DISTINCT frontline.control_at(:long_place, q.t, q.s, q.m, q.k)) > 2 AS varied_answers
  FROM (SELECT q.t + interval '80 days' AS t, q.s, q.m, CASE WHEN q.k IS NOT NULL THEN q.k + interval '80 days' END AS k
          FROM q WHERE q.i <= 200) q;
-- _claims_window: the history as it stands over a window (what
-- control_series reads under a filter) gives the controller of the whole
-- history at every moment of the window, on the random places and on the
-- long one
SELECT count(*) AS windows,
       count(*) FILTER (WHERE w.n > 0) AS with_moments,
       sum(w.bad) AS window_mismatches,
       count(*) FILTER (WHERE w.first_before_from) AS starting_before_from
  FROM (SELECT x.i,
               (SELECT count(*) FROM generate_series(x.f, x.u, interval '5 hours') m) AS n,
               (SELECT count(*) FROM generate_series(x.f, x.u, interval '5 hours') m
                 WHERE frontline.control_at(frontline._claims_window(k.claims, x.s, x.m, x.k, x.f, x.u), m)
                       IS DISTINCT FROM frontline.control_at(frontline._claims_history(k.claims, x.s, x.m, x.k), m)) AS bad,
               (SELECT min(lower(h.during)) < x.f FROM frontline.periods(frontline._claims_window(k.claims, x.s, x.m, x.k, x.f, x.u)) h)
                 AS first_before_from
          FROM (SELECT q.i, CASE WHEN q.i % 2 = 0 THEN q.p ELSE :long_place END AS p, q.t AS f,
                       q.t + (q.i % 9) * interval '1 day' AS u, q.s, q.m, q.k
                  FROM q WHERE q.i <= 400) x
          JOIN frontline_internal.claim_cache k ON k.place_id = x.p) w;
-- NULL bounds: from the first claim, to the last (the whole history)
SELECT count(*) FILTER (WHERE frontline._claims_window(k.claims, '{s1,s2}', 0.3, NULL, NULL, NULL) OPERATOR(frontline.<>)
                              frontline._claims_history(k.claims, '{s1,s2}', 0.3, NULL)) AS whole_mismatches,
       count(*) FILTER (WHERE frontline._claims_window(k.claims, NULL, 0, NULL, NULL, '2021-01-10Z') OPERATOR(frontline.<>)
                              coalesce((SELECT frontline.control_history_agg(w.state, w.at)
                                          FROM frontline.winning_claims(NULL, NULL, 0, k.place_id) w
                                         WHERE w.at <= '2021-01-10Z'), '{}')) AS up_to_mismatches,
       frontline._claims_window(NULL, NULL, 0, NULL, NULL, NULL) IS NULL AS null_set
  FROM frontline_internal.claim_cache k;
SELECT err($$SELECT frontline._claims_window(k.claims, NULL, 0, NULL, '2021-02-01Z', '2021-01-01Z') FROM frontline_internal.claim_cache k WHERE k.claims IS NOT NULL LIMIT 1$$);
SELECT err($$SELECT frontline._claims_window(k.claims, NULL, 0, NULL, '-infinity', '2021-01-01Z') FROM frontline_internal.claim_cache k WHERE k.claims IS NOT NULL LIMIT 1$$);
SELECT err($$SELECT frontline._claims_window(k.claims, NULL, 1.5, NULL, NULL, NULL) FROM frontline_internal.claim_cache k WHERE k.claims IS NOT NULL LIMIT 1$$);
SELECT count(*) AS stale FROM frontline.cache_check();
