-- control_history_agg: any input order, merges, conflicts, NULLs.
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
