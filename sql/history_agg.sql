-- control_history_agg: any input order, merges, conflicts, NULLs.
\i test/sql/fixture.sql
SET search_path = frontline, public;
SET TimeZone = 'UTC';

SELECT control_history_agg(s, t) FROM (VALUES ('B', '2021-08-15Z'::timestamptz), ('A', '2021-08-14Z'), ('contested(B,A)', '2021-08-16Z')) v(s, t);
-- input order does not matter
SELECT count(*) AS distinct_results FROM (SELECT h FROM (
    SELECT control_history_agg(s, t ORDER BY random()) AS h
      FROM (VALUES ('A', '2021-08-14Z'::timestamptz), ('B', '2021-08-15Z'), ('A', '2021-08-16Z'), ('unknown', '2021-08-17Z'), ('A', '2021-08-18Z')) v(s, t),
           generate_series(1, 20) g
     GROUP BY g) x GROUP BY h) y;
-- equal rows merge, adjacent equal states merge, NULL state is unknown
SELECT control_history_agg(s, t) FROM (VALUES ('A', '2021-08-14Z'::timestamptz), ('A', '2021-08-14Z'), ('A', '2021-08-15Z'), (NULL, '2021-08-16Z')) v(s, t);
-- no rows: NULL
SELECT control_history_agg(s, t) IS NULL AS is_null FROM (VALUES ('A', '2021-08-14Z'::timestamptz)) v(s, t) WHERE false;
-- per group, as analysts use it
SELECT g, control_history_agg(s, t) FROM (VALUES (1, 'A', '2021-08-14Z'::timestamptz), (2, 'B', '2021-08-14Z'), (1, 'C', '2021-08-15Z')) v(g, s, t) GROUP BY g ORDER BY g;
-- as a window aggregate (the final function may run many times)
SELECT t, control_history_agg(s, t) OVER (ORDER BY t) FROM (VALUES ('A', '2021-08-14Z'::timestamptz), ('B', '2021-08-15Z')) v(s, t);
-- errors
SELECT err($$SELECT frontline.control_history_agg(s, t) FROM (VALUES ('A', '2021-08-14Z'::timestamptz), ('B', '2021-08-14Z')) v(s, t)$$);
SELECT err($$SELECT frontline.control_history_agg('A', NULL::timestamptz)$$);
SELECT err($$SELECT frontline.control_history_agg('A', 'infinity'::timestamptz)$$);
SELECT err($$SELECT frontline.control_history_agg('contested(A)', now())$$);
SELECT err($$SELECT frontline.control_history_agg('contested(A,B', now())$$);
SELECT err($$SELECT frontline.control_history_agg('', now())$$);
SELECT err($$SELECT frontline.control_history_agg(E'a\tb', now())$$);
-- contested_state builds the agg's value for a contested claim
SELECT contested_state(NULL), contested_state('{Taliban,"Afghan government"}'), contested_state('{}');
SELECT err($$SELECT frontline.contested_state('{Taliban}')$$);
SELECT err($$SELECT frontline.contested_state('{A,NULL}')$$);
SELECT err($$SELECT frontline.contested_state('{A,A}')$$);

-- parallel aggregation: partial states combined, passed between processes as
-- bytes; the answer equals the serial one, and a tie between two workers'
-- rows still meets in the final function
CREATE TABLE agg_big AS
SELECT CASE WHEN i % 3 = 0 THEN 'A' WHEN i % 3 = 1 THEN 'B' ELSE 'contested(A,B)' END AS s,
       timestamptz '2000-01-01Z' + i * interval '1 minute' AS t, false AS extra
  FROM generate_series(1, 50000) i;
ANALYZE agg_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT frontline.control_history_agg(s, t) FROM agg_big;
CREATE TEMP TABLE agg_parallel AS SELECT frontline.control_history_agg(s, t) AS h FROM agg_big;
INSERT INTO agg_big VALUES ('A', '2000-01-01Z'::timestamptz + interval '7 minutes', true);
SELECT frontline.transitions(frontline.control_history_agg(s, t)) FROM agg_big;
DELETE FROM agg_big WHERE extra;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT h FROM agg_parallel) OPERATOR(frontline.=) frontline.control_history_agg(s, t) AS parallel_equals_serial,
       frontline.transitions(frontline.control_history_agg(s, t)) AS transitions
  FROM agg_big;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE agg_big;
