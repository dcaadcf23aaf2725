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

-- place_at against plain SQL on random places and points (rolled back): the
-- nearest point place within tolerance_m on the spheroid (ST_DWithin over
-- every place), else the smallest covering polygon, or the other way round
-- with prefer_points => false.  The points crowd the antimeridian and the
-- poles, where place_at's box in degrees spans every longitude of its band;
-- a fifth of the queries stand on a point place and a fifth inside a
-- polygon; the tolerances go up to the largest allowed.  Seeded here, so
-- that its data does not depend on what the sections above drew.
SELECT setseed(0.2718);
BEGIN;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'rp' || i, 'site',
       CASE WHEN i % 5 = 0 THEN ST_Point(179.5 + random() * 0.5, -60 + random() * 120, 4326)
            WHEN i % 5 = 1 THEN ST_Point(-180 + random() * 0.5, -60 + random() * 120, 4326)
            WHEN i % 5 = 2 THEN ST_Point(-180 + random() * 360, 88 + random() * 2, 4326)
            ELSE ST_Point(-180 + random() * 360, -89.5 + random() * 179, 4326) END
  FROM generate_series(1, 2000) i;
INSERT INTO frontline.place (name, kind, geom)
SELECT 'rq' || i, 'district', ST_MakeEnvelope(x, y, x + w, y + h, 4326)
  FROM (SELECT i, -180 + random() * 350 AS x, -85 + random() * 160 AS y, 0.1 + random() * 10 AS w, 0.1 + random() * 5 AS h
          FROM generate_series(1, 300) i) b;
INSERT INTO frontline.place (name, kind, geom)
VALUES ('rp pole', 'site', 'SRID=4326;POINT(0 90)'), ('rp east', 'site', 'SRID=4326;POINT(180 10)'),
       ('rp west', 'site', 'SRID=4326;POINT(-180 -10)');
ANALYZE frontline.place;
CREATE TEMP TABLE pq AS
SELECT i, CASE WHEN i % 5 = 0 THEN (SELECT p.geom FROM frontline.place p WHERE p.name = 'rp' || (1 + i % 2000))
               WHEN i % 5 = 1 THEN ST_Point(CASE WHEN random() < 0.5 THEN 180 - random() * 2 ELSE -180 + random() * 2 END,
                                            -60 + random() * 120, 4326)
               WHEN i % 5 = 2 THEN ST_Point(-180 + random() * 360, CASE WHEN random() < 0.5 THEN 87 + random() * 3 ELSE -90 + random() * 3 END, 4326)
               WHEN i % 5 = 3 THEN (SELECT ST_GeometryN(ST_GeneratePoints(p.geom, 1, i), 1) FROM frontline.place p WHERE p.name = 'rq' || (1 + i % 300))
               ELSE ST_Point(-180 + random() * 360, -90 + random() * 180, 4326) END AS g,
       (ARRAY[0, 10, 5000, 50000, 300000, 1000000, random() * 1000000])[1 + floor(random() * 7)::int] AS tol,
       random() < 0.7 AS prefer
  FROM generate_series(1, 3000) i
UNION ALL
SELECT 3000 + row_number() OVER (), g, tol, prefer
  FROM unnest(ARRAY['SRID=4326;POINT(0 90)', 'SRID=4326;POINT(123 90)', 'SRID=4326;POINT(-180 -90)', 'SRID=4326;POINT(-180 10)',
                    'SRID=4326;POINT(180 -10)', 'SRID=4326;POINT(179.9999999 10)']::geometry[]) g,
       unnest('{0,10,5000,1000000}'::float8[]) tol, unnest('{true,false}'::boolean[]) prefer;
-- the reference reads every place (no index: the geography index misses a
-- place at the same spot written with another longitude, such as
-- POINT(180 10) for POINT(-180 10) or any two longitudes at a pole, at
-- tolerance 0, where the distance is 0)
SET LOCAL enable_indexscan = off;
SET LOCAL enable_bitmapscan = off;
CREATE TEMP TABLE pref AS
SELECT pq.i,
       (SELECT p.place_id FROM frontline.place p
         WHERE GeometryType(p.geom) = 'POINT' AND ST_DWithin(p.geom::geography, pq.g::geography, pq.tol)
         ORDER BY ST_Distance(p.geom::geography, pq.g::geography), p.place_id LIMIT 1) AS near_point,
       (SELECT p.place_id FROM frontline.place p
         WHERE GeometryType(p.geom) <> 'POINT' AND ST_Covers(p.geom, pq.g)
         ORDER BY ST_Area(p.geom::geography), p.place_id LIMIT 1) AS covering
  FROM pq;
RESET enable_indexscan;
RESET enable_bitmapscan;
SELECT count(*) AS queries,
       count(*) FILTER (WHERE frontline.place_at(pq.g, pq.tol, pq.prefer) IS DISTINCT FROM
                              CASE WHEN pq.prefer THEN coalesce(r.near_point, r.covering)
                                   ELSE coalesce(r.covering, r.near_point) END) AS mismatches,
       count(*) FILTER (WHERE r.near_point IS NOT NULL) > 1000 AS many_near_points,
       count(*) FILTER (WHERE r.covering IS NOT NULL) > 500 AS many_covered,
       count(*) FILTER (WHERE r.near_point IS NOT NULL AND abs(ST_X(pq.g)) > 179) > 100 AS many_at_the_antimeridian,
       count(*) FILTER (WHERE r.near_point IS NOT NULL AND abs(ST_Y(pq.g)) > 87) > 100 AS many_at_the_poles,
       count(*) FILTER (WHERE r.near_point IS NOT NULL AND sign(ST_X(pq.g)) <> sign(ST_X((SELECT p.geom FROM frontline.place p WHERE p.place_id = r.near_point)))
                          AND abs(ST_X(pq.g)) > 179) > 10 AS across_the_antimeridian
  FROM pq JOIN pref r USING (i);
-- at the edge of the tolerance: from 400 point places, a point just inside
-- tolerance_m (1 mm) in each of 8 directions (ST_Project, on the spheroid);
-- place_at there finds that place or one at most as far.  Where the box in
-- degrees is too small in any direction this fails.
SELECT count(*) AS edge_queries,
       count(*) FILTER (WHERE f.found IS NULL
                           OR ST_Distance(f.found_geom::geography, e.q::geography) > ST_Distance(e.pg::geography, e.q::geography) + 1e-6)
         AS edge_misses
  FROM (SELECT p.geom AS pg, t.tol,
               ST_Project(p.geom::geography, t.tol - greatest(t.tol * 1e-7, 0.001), radians(a.az))::geometry AS q
          FROM (SELECT geom FROM frontline.place WHERE name LIKE 'rp%' AND abs(ST_Y(geom)) < 89.5 ORDER BY name LIMIT 400) p,
               unnest('{1000,100000,1000000}'::float8[]) t(tol), generate_series(0, 315, 45) a(az)) e
  CROSS JOIN LATERAL (SELECT frontline.place_at(e.q, e.tol) AS found) f0
  CROSS JOIN LATERAL (SELECT f0.found, (SELECT geom FROM frontline.place WHERE place_id = f0.found) AS found_geom) f;
ROLLBACK;
