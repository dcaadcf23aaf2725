-- What was known when (issue 13): reported_at on claims, as_of on every read
-- function, revisions, per-source answers, disagreements and fall windows.
--  1. differential: 10,000 random (place, t, sources, min_confidence, as_of)
--     queries against an independent plain-SQL reference applied to only the
--     claims reported by as_of (what a copy holding only those claims would
--     answer); snapshot, history, changes, control_series and within_radius
--     with as_of against the same reference;
--  2. the sample: fall windows, per-source answers and disagreements against
--     plain SQL, and the article's story;
--  3. errors, and row-level security on every new function.
\i test/sql/fixture.sql
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
SET TimeZone = 'UTC';
SELECT setseed(0.1313);
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
INSERT INTO frontline.actor (name) VALUES ('A'), ('B'), ('C d');
INSERT INTO frontline.place (name, kind, geom, capital, country)
SELECT 'P' || i, 'town', ST_SetSRID(ST_MakePoint(60 + random() * 4, 30 + random() * 4), 4326),
       CASE WHEN i = 1 THEN 'national' END, 'X'
  FROM generate_series(1, 50) i;
-- claims reported from a week before to three weeks after their instant
INSERT INTO frontline.control_event (place_id, at, state, actor, contenders, source, confidence, reported_at)
SELECT p, t, st,
       CASE WHEN st = 'control' THEN (ARRAY['A', 'B', 'C d'])[1 + floor(random() * 3)::int] END,
       CASE WHEN st = 'contested' AND random() < 0.5 THEN ARRAY['A', 'C d'] END,
       (ARRAY['s1', 's2', 's3', NULL])[1 + floor(random() * 4)::int],
       CASE WHEN random() < 0.3 THEN NULL ELSE round((random())::numeric, 1)::real END,
       t + floor(random() * 28 - 7)::int * interval '1 day' + floor(random() * 24)::int * interval '1 hour'
  FROM (SELECT 1 + floor(random() * 50)::int AS p,
               '2021-01-01Z'::timestamptz + floor(random() * 60)::int * interval '1 day' AS t,
               (ARRAY['control', 'control', 'control', 'contested', 'unknown'])[1 + floor(random() * 5)::int] AS st
          FROM generate_series(1, 3000)) g;

-- 1. the reference: the claims reported by as_of, then the documented rule
--    written with max(): the latest claim at or before t, at that instant the
--    highest confidence (unrated lowest), then the highest event_id
CREATE TEMP TABLE q AS
SELECT i, 1 + floor(random() * 50)::int AS p,
       '2020-12-25Z'::timestamptz + floor(random() * 70 * 24)::int * interval '1 hour' AS t,
       (ARRAY[NULL, NULL, '{s1}', '{s2,s3}', '{nobody}'])[1 + floor(random() * 5)::int]::text[] AS src,
       (ARRAY[0, 0, 0.3, 0.6])[1 + floor(random() * 4)::int]::real AS m,
       CASE WHEN random() < 0.15 THEN NULL
            ELSE '2020-12-20Z'::timestamptz + floor(random() * 100 * 24)::int * interval '1 hour' END AS k
  FROM generate_series(1, 10000) i;
-- fresh statistics: the plan of the reference must not depend on when
-- autovacuum last looked at the tables
ANALYZE frontline.control_event, frontline.control_area, q;
CREATE TEMP TABLE ref AS
WITH vis AS (
    SELECT q.i, e.* FROM q JOIN frontline.control_event e ON e.place_id = q.p AND e.at <= q.t
     WHERE (q.src IS NULL OR e.source = ANY (q.src))
       AND ((e.confidence IS NOT NULL AND e.confidence >= q.m) OR (e.confidence IS NULL AND q.m = 0))
       AND (q.k IS NULL OR e.reported_at <= q.k)),
last_t AS (SELECT i, max(at) AS at FROM vis GROUP BY i),
best_c AS (SELECT v.i, max(coalesce(v.confidence, -1)) AS c FROM vis v JOIN last_t l ON l.i = v.i AND l.at = v.at GROUP BY v.i),
winner AS (SELECT v.i, max(v.event_id) AS event_id FROM vis v JOIN last_t l ON l.i = v.i AND l.at = v.at
             JOIN best_c b ON b.i = v.i AND coalesce(v.confidence, -1) = b.c GROUP BY v.i)
SELECT q.i, CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller
  FROM q LEFT JOIN winner w ON w.i = q.i LEFT JOIN frontline.control_event e ON e.event_id = w.event_id;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE q.k IS NOT NULL) AS with_as_of,
       count(*) FILTER (WHERE frontline.control_at(q.p, q.t, q.src, q.m, q.k) IS DISTINCT FROM r.controller) AS by_id_mismatches,
       count(*) FILTER (WHERE frontline.control_at('P' || q.p, q.t, q.src, q.m, as_of => q.k) IS DISTINCT FROM r.controller) AS by_name_mismatches,
       count(*) FILTER (WHERE frontline.control_at(frontline.history(q.p, q.src, q.m, q.k), q.t) IS DISTINCT FROM r.controller) AS history_mismatches
  FROM q JOIN ref r USING (i);
-- snapshot, changes, control_series and within_radius as of a moment equal
-- the same functions over a copy of the claims known then (the copy is this
-- very table with the later claims deleted, inside a rolled-back transaction)
CREATE TEMP TABLE moments AS
SELECT m.k, m.t FROM (VALUES ('2021-01-20Z'::timestamptz, '2021-01-15Z'::timestamptz),
                             ('2021-02-10Z', '2021-02-14Z'), ('2021-03-01Z', '2021-02-20Z')) m(k, t);
CREATE TEMP TABLE as_of_answers AS
SELECT m.k, 'snapshot' AS what, s.place_id::text || ':' || coalesce(s.controller, '-') || ':' || coalesce(s.since::text, '-') AS a
  FROM moments m, frontline.snapshot(m.t, as_of => m.k) s
UNION ALL
SELECT m.k, 'snapshot s1', s.place_id::text || ':' || coalesce(s.controller, '-')
  FROM moments m, frontline.snapshot(m.t, ARRAY['s1'], 0.2, m.k) s
UNION ALL
SELECT m.k, 'changes', c.place_id || ':' || c.at || ':' || coalesce(c.to_controller, '-')
  FROM moments m, frontline.changes('2021-01-01Z', '2021-03-10Z', as_of => m.k) c
UNION ALL
SELECT m.k, 'series', s.t || ':' || coalesce(s.controller, '-') || ':' || s.places
  FROM moments m, frontline.control_series('2021-01-01Z', '2021-03-01Z', '9 days', as_of => m.k) s
UNION ALL
SELECT m.k, 'within', w.place_id || ':' || coalesce(w.controller, '-')
  FROM moments m, frontline.within_radius('P1', 300, m.t, as_of => m.k) w
UNION ALL
SELECT m.k, 'front', f.t || ':' || coalesce(f.place, '-')
  FROM moments m, frontline.front_series('A', 'P1', '2021-01-01Z', '2021-03-01Z', '5 days', as_of => m.k) f;
CREATE TEMP TABLE copy_answers (k timestamptz, what text, a text);
DO $$
DECLARE
    m record;
    acc text[];
BEGIN
    FOR m IN SELECT * FROM moments LOOP
        BEGIN
            DELETE FROM frontline.control_event WHERE reported_at > m.k;
            SELECT array_agg(x.what || '|' || x.a) INTO acc FROM (
                SELECT 'snapshot' AS what, s.place_id::text || ':' || coalesce(s.controller, '-') || ':' || coalesce(s.since::text, '-') AS a
                  FROM frontline.snapshot(m.t) s
                UNION ALL
                SELECT 'snapshot s1', s.place_id::text || ':' || coalesce(s.controller, '-')
                  FROM frontline.snapshot(m.t, ARRAY['s1'], 0.2) s
                UNION ALL
                SELECT 'changes', c.place_id || ':' || c.at || ':' || coalesce(c.to_controller, '-')
                  FROM frontline.changes('2021-01-01Z', '2021-03-10Z') c
                UNION ALL
                SELECT 'series', s.t || ':' || coalesce(s.controller, '-') || ':' || s.places
                  FROM frontline.control_series('2021-01-01Z', '2021-03-01Z', '9 days') s
                UNION ALL
                SELECT 'within', w.place_id || ':' || coalesce(w.controller, '-')
                  FROM frontline.within_radius('P1', 300, m.t) w
                UNION ALL
                SELECT 'front', f.t || ':' || coalesce(f.place, '-')
                  FROM frontline.front_series('A', 'P1', '2021-01-01Z', '2021-03-01Z', '5 days') f) x;
            RAISE EXCEPTION 'roll back the copy' USING ERRCODE = 'ZZ998';
        EXCEPTION WHEN SQLSTATE 'ZZ998' THEN
            NULL;       -- the claims are back; acc keeps the copy's answers
        END;
        INSERT INTO copy_answers SELECT m.k, split_part(v, '|', 1), substr(v, strpos(v, '|') + 1) FROM unnest(acc) v;
    END LOOP;
END
$$;
SELECT what, count(*) AS answers,
       (SELECT count(*) FROM (SELECT k, what, a FROM as_of_answers x WHERE x.what = o.what
                              EXCEPT ALL SELECT k, what, a FROM copy_answers c WHERE c.what = o.what) d)
     + (SELECT count(*) FROM (SELECT k, what, a FROM copy_answers c WHERE c.what = o.what
                              EXCEPT ALL SELECT k, what, a FROM as_of_answers x WHERE x.what = o.what) d) AS differ_from_copy
  FROM as_of_answers o GROUP BY what ORDER BY what;
-- the cache is not used with as_of, and is still right afterwards
SELECT frontline._use_cache(NULL, 0, '2021-02-01Z') AS cache_with_as_of, count(*) AS stale_places FROM frontline.cache_check();

-- 2. per-source answers on random data, against plain SQL
CREATE TEMP TABLE per_source AS
SELECT p.place_id, s.source, t.t,
       (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END
          FROM frontline.control_event e
         WHERE e.place_id = p.place_id AND e.source = s.source AND e.at <= t.t
         ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC LIMIT 1) AS controller,
       EXISTS (SELECT 1 FROM frontline.control_event e
                WHERE e.place_id = p.place_id AND e.source = s.source AND e.at <= t.t) AS said
  FROM frontline.place p, (VALUES ('s1'), ('s2'), ('s3')) s(source),
       (VALUES ('2021-01-20Z'::timestamptz), ('2021-02-25Z')) t(t);
SELECT count(*) AS per_source_answers,
       count(*) FILTER (WHERE x.controller IS DISTINCT FROM ps.controller) AS sources_at_mismatches
  FROM per_source ps
  JOIN frontline.place p ON p.place_id = ps.place_id
  LEFT JOIN LATERAL (SELECT a.controller FROM frontline.sources_at(p.name, ps.t) a WHERE a.source = ps.source) x ON true
 WHERE ps.said;
SELECT (SELECT count(*) FROM frontline.disagreements('2021-02-25Z')) AS disagreements,
       (SELECT count(*) FROM (SELECT place_id FROM per_source WHERE said AND t = '2021-02-25Z'
                               GROUP BY place_id HAVING count(DISTINCT coalesce(controller, 'unknown')) > 1) x) AS by_plain_sql;
-- fall windows against plain SQL: per source, the first instant its own claims
-- (the winner of each instant) put the actor in control
CREATE TEMP TABLE firsts AS
SELECT w.place_id, w.source, min(w.at) AS first
  FROM (SELECT DISTINCT ON (e.place_id, e.source, e.at) e.place_id, e.source, e.at, e.state, e.actor
          FROM frontline.control_event e WHERE e.source IS NOT NULL
         ORDER BY e.place_id, e.source, e.at, e.confidence DESC NULLS LAST, e.event_id DESC) w
 WHERE w.state = 'control' AND w.actor = 'B'
 GROUP BY w.place_id, w.source;
SELECT count(*) AS places,
       count(*) FILTER (WHERE f.earliest IS DISTINCT FROM x.earliest OR f.latest IS DISTINCT FROM x.latest
                          OR f.earliest_sources IS DISTINCT FROM x.es OR f.latest_sources IS DISTINCT FROM x.ls) AS fall_window_mismatches
  FROM (SELECT place_id, min(first) AS earliest, max(first) AS latest,
               array_agg(source ORDER BY source) FILTER (WHERE first = (SELECT min(first) FROM firsts y WHERE y.place_id = z.place_id)) AS es,
               array_agg(source ORDER BY source) FILTER (WHERE first = (SELECT max(first) FROM firsts y WHERE y.place_id = z.place_id)) AS ls
          FROM firsts z GROUP BY place_id) x
  JOIN frontline.place p ON p.place_id = x.place_id
  CROSS JOIN LATERAL frontline.fall_window(p.name, 'B') f;
SELECT count(*) AS fall_windows_rows,
       count(*) FILTER (WHERE w.earliest <> (SELECT min(first) FROM firsts f WHERE f.place_id = w.place_id)) AS mismatches
  FROM frontline.fall_windows('B', '2020-01-01Z', '2022-01-01Z') w;

-- 3. errors
\set VERBOSITY terse
SELECT frontline.control_at('P1', '2021-01-10Z', as_of => 'infinity');
SELECT * FROM frontline.snapshot('2021-01-10Z', as_of => '-infinity');
SELECT frontline.record_control('P1', 'A', '2021-01-10Z', reported_at => 'infinity');
INSERT INTO frontline.control_event (place_id, at, state, actor, reported_at) VALUES (1, '2021-01-10Z', 'control', 'A', 'infinity');
SELECT * FROM frontline.revisions('Nowhere');
SELECT * FROM frontline.revisions('P1', '2021-03-01Z', '2021-01-01Z');
SELECT * FROM frontline.fall_window('P1', 'Nobody');
SELECT * FROM frontline.fall_window(NULL, 'A');
SELECT * FROM frontline.fall_windows('A', '2021-03-01Z', '2021-01-01Z');
SELECT * FROM frontline.sources_at('P1', NULL);
SELECT * FROM frontline.disagreements(NULL);
SELECT * FROM frontline.disagreements('2021-01-01Z', as_of => 'infinity');
\set VERBOSITY default
-- a claim reported before its instant (a forecast) is accepted
SELECT frontline.record_control('P2', 'A', '2021-06-01Z', 's1', reported_at => '2021-05-01Z') > 0 AS forecast_recorded;
SELECT frontline.control_at('P2', '2021-06-02Z', as_of => '2021-05-02Z') AS known_in_may;
-- as_of by position: the fifth argument of control_at by name or id.  With
-- a place name and every argument an untyped literal, PostgreSQL cannot
-- choose between control_at(place text, ...) and control_at(geom geometry,
-- ...), whose fifth argument is tolerance_m (since 1.0); a typed as_of, a
-- typed place or as_of => resolve it (docs/as_of.md)
SELECT frontline.control_at('P2', '2021-06-02Z', NULL, 0, '2021-05-02Z'::timestamptz) AS typed_as_of,
       frontline.control_at('P2'::text, '2021-06-02Z', NULL, 0, '2021-05-02Z') AS typed_place,
       frontline.control_at(2, '2021-06-02Z', NULL, 0, '2021-05-02Z') AS by_id,
       frontline.control_at('P2', '2021-06-02Z', NULL, 0, as_of => '2021-05-02Z') AS named;
SELECT err($$SELECT frontline.control_at('P2', '2021-06-02Z', NULL, 0, '2021-05-02Z')$$) AS untyped_fifth;

-- row-level security: a role that may not see s1's claims gets none of them
-- from the new functions either
CREATE ROLE fl_as_of_reader;
GRANT USAGE ON SCHEMA frontline TO fl_as_of_reader;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor, frontline.control_event TO fl_as_of_reader;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_s1 ON frontline.control_event FOR SELECT TO fl_as_of_reader USING (source IS DISTINCT FROM 's1');
SET ROLE fl_as_of_reader;
SELECT (SELECT count(*) FROM frontline.sources_at('P3', '2021-03-01Z') WHERE source = 's1') AS s1_sources_at,
       (SELECT count(*) FROM frontline.disagreements('2021-03-01Z') WHERE 's1' = ANY (sources)) AS s1_disagreements,
       (SELECT count(*) FROM frontline.fall_windows('B', '2020-01-01Z', '2022-01-01Z')
         WHERE 's1' = ANY (earliest_sources) OR 's1' = ANY (latest_sources)) AS s1_fall_windows,
       (SELECT count(*) FROM frontline.revisions('P3') WHERE source = 's1') AS s1_revisions;
RESET ROLE;
DROP POLICY no_s1 ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_as_of_reader;
REVOKE ALL ON SCHEMA frontline FROM fl_as_of_reader;
DROP ROLE fl_as_of_reader;
