-- Differential test: frontline's answers against an independent plain-SQL
-- implementation of the documented rule, on random histories and 10,000
-- random (place, time, sources, min_confidence) queries.  Expect 0 mismatches.
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
\i test/sql/random_histories.sql

-- the reference: the latest visible claim at or before t; at that instant the highest
-- confidence (unrated lowest); then the highest event_id.  Written with max(), not ORDER BY/LIMIT.
CREATE TEMP TABLE q AS
SELECT i, 1 + floor(random() * 60)::int AS p,
       '2020-12-25Z'::timestamptz + floor(random() * 70 * 24)::int * interval '1 hour' AS t,
       (ARRAY[NULL, NULL, '{s1}', '{s2,s3}', '{s1,s2,s3}', '{nobody}'])[1 + floor(random() * 6)::int]::text[] AS src,
       (ARRAY[0, 0, 0.3, 0.5, 0.9])[1 + floor(random() * 5)::int]::real AS m
  FROM generate_series(1, 10000) i;

-- fresh statistics: the plan of the reference must not depend on when
-- autovacuum last looked at the tables
ANALYZE frontline.control_event, frontline.control_area, q;
CREATE TEMP TABLE ref AS
WITH vis AS (
    SELECT q.i, e.* FROM q JOIN frontline.control_event e ON e.place_id = q.p AND e.at <= q.t
     WHERE (q.src IS NULL OR e.source = ANY (q.src))
       AND ((e.confidence IS NOT NULL AND e.confidence >= q.m) OR (e.confidence IS NULL AND q.m = 0))),
last_t AS (SELECT i, max(at) AS at FROM vis GROUP BY i),
best_c AS (SELECT v.i, max(coalesce(v.confidence, -1)) AS c FROM vis v JOIN last_t l ON l.i = v.i AND l.at = v.at GROUP BY v.i),
winner AS (SELECT v.i, max(v.event_id) AS event_id FROM vis v JOIN last_t l ON l.i = v.i AND l.at = v.at
             JOIN best_c b ON b.i = v.i AND coalesce(v.confidence, -1) = b.c GROUP BY v.i)
SELECT q.i, (SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END
               FROM frontline.control_event e WHERE e.event_id = w.event_id) AS controller
  FROM q LEFT JOIN winner w ON w.i = q.i;

SELECT count(*) AS queries,
       count(*) FILTER (WHERE r.controller IS DISTINCT FROM frontline.control_at(q.p, q.t, q.src, q.m)) AS mismatches_by_id,
       count(*) FILTER (WHERE r.controller IS DISTINCT FROM frontline.control_at('p' || q.p, q.t, q.src, q.m)) AS mismatches_by_name,
       count(*) FILTER (WHERE r.controller IS DISTINCT FROM frontline.control_at(frontline.history(q.p, q.src, q.m), q.t)) AS mismatches_history,
       count(*) FILTER (WHERE r.controller IS NOT NULL) AS known
  FROM q JOIN ref r USING (i);

-- snapshot equals the reference at 12 moments, under 3 filters
SELECT count(*) AS snapshot_mismatches FROM (
    SELECT t, src, m, s.place_id, s.controller
      FROM (SELECT '2021-01-01Z'::timestamptz + k * interval '5 days' AS t FROM generate_series(0, 11) k) ts,
           (VALUES (NULL::text[], 0::real), ('{s1,s2}', 0), (NULL, 0.5)) f(src, m),
           frontline.snapshot(t, src, m) s
    EXCEPT
    SELECT t, src, m, p.place_id, frontline.control_at(p.place_id, t, src, m)
      FROM (SELECT '2021-01-01Z'::timestamptz + k * interval '5 days' AS t FROM generate_series(0, 11) k) ts,
           (VALUES (NULL::text[], 0::real), ('{s1,s2}', 0), (NULL, 0.5)) f(src, m),
           frontline.place p) d;

-- since: the controller at t held it from since on, and not just before it
SELECT count(*) AS since_mismatches FROM frontline.snapshot('2021-02-15Z') s
 WHERE s.since IS NOT NULL
   AND (frontline.control_at(s.place_id, s.since) IS DISTINCT FROM s.controller
        OR (frontline.control_at(s.place_id, s.since - interval '1 microsecond') IS NOT DISTINCT FROM s.controller
            AND EXISTS (SELECT 1 FROM frontline.control_event e WHERE e.place_id = s.place_id AND e.at < s.since)));

-- changes equals a day-by-day scan of the reference (claims fall on day boundaries)
SELECT count(*) AS changes_mismatches FROM (
    (SELECT at, place_id, from_controller, to_controller FROM frontline.changes('2021-01-01Z', '2021-03-01Z')
     EXCEPT
     SELECT d, p.place_id, frontline.control_at(p.place_id, d - interval '1 microsecond'), frontline.control_at(p.place_id, d)
       FROM generate_series('2021-01-01Z'::timestamptz, '2021-02-28Z', '1 day') d, frontline.place p
      WHERE frontline.control_at(p.place_id, d - interval '1 microsecond') IS DISTINCT FROM frontline.control_at(p.place_id, d))
    UNION ALL
    (SELECT d, p.place_id, frontline.control_at(p.place_id, d - interval '1 microsecond'), frontline.control_at(p.place_id, d)
       FROM generate_series('2021-01-01Z'::timestamptz, '2021-02-28Z', '1 day') d, frontline.place p
      WHERE frontline.control_at(p.place_id, d - interval '1 microsecond') IS DISTINCT FROM frontline.control_at(p.place_id, d)
     EXCEPT
     SELECT at, place_id, from_controller, to_controller FROM frontline.changes('2021-01-01Z', '2021-03-01Z'))) d;

-- periods of a history tile time without gaps and agree with control_at at every start
SELECT count(*) AS periods_mismatches FROM frontline.place p,
       LATERAL (SELECT frontline.history(p.place_id) AS h) h,
       LATERAL frontline.periods(h.h) pr
 WHERE pr.state IS DISTINCT FROM frontline.control_at(p.place_id, lower(pr.during));
