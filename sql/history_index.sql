-- The GiST operator class on control_history: changed_during (&&) and
-- held_by (@>) give the same answers through the index as without it and
-- as a plain-SQL reference over periods(); the planner uses the index.
\i test/sql/fixture.sql
SET TimeZone = 'UTC';
SELECT setseed(0.77);
CREATE TEMP TABLE hist AS
SELECT i AS id,
       (SELECT frontline.control_history_agg(s.state, s.at)
          FROM (SELECT DISTINCT ON (at) at, state
                  FROM (SELECT timestamptz '2021-01-01Z' + floor(random() * 24 * 200) * interval '1 hour' AS at,
                               (ARRAY['A', 'B', 'C', 'contested', 'contested(A,B)', 'unknown'])[1 + floor(random() * 6)::int] AS state
                          FROM generate_series(1, (random() * 12)::int + i * 0) g) r
                 ORDER BY at) s) AS h
  FROM generate_series(1, 1500) i;
UPDATE hist SET h = '{}' WHERE h IS NULL;
INSERT INTO hist VALUES (0, NULL);
CREATE INDEX hist_h ON hist USING gist (h);
ANALYZE hist;
CREATE TEMP TABLE probes AS
SELECT k, a,
       tstzrange(lo, lo + len, (ARRAY['[)', '[]', '()', '(]'])[1 + k % 4]) AS p
  FROM (SELECT k, (ARRAY['A', 'B', 'C', 'contested', 'D'])[1 + k % 5] AS a,
               timestamptz '2020-12-01Z' + random() * interval '240 days' AS lo,
               random() * interval '20 days' AS len
          FROM generate_series(1, 60) k) x
UNION ALL SELECT 1000, 'A', 'empty'::tstzrange
UNION ALL SELECT 1001, 'B', tstzrange(NULL, '2021-02-01Z')
UNION ALL SELECT 1002, 'C', tstzrange('2021-06-01Z', NULL)
UNION ALL SELECT 1003, 'A', tstzrange(NULL, NULL);

CREATE FUNCTION pg_temp.answers(OUT k integer, OUT changed integer[], OUT held integer[]) RETURNS SETOF record
LANGUAGE sql AS $$
    SELECT pr.k,
           ARRAY(SELECT id FROM hist WHERE frontline.changed_during(h, pr.p) ORDER BY id),
           ARRAY(SELECT id FROM hist WHERE frontline.held_by(h, pr.a, pr.p) ORDER BY id)
      FROM probes pr
$$;
-- 1. the same answers with and without the index, and as the reference
SET enable_seqscan = off;
CREATE TEMP TABLE with_index AS SELECT * FROM pg_temp.answers();
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
CREATE TEMP TABLE without_index AS SELECT * FROM pg_temp.answers();
RESET enable_indexscan;
RESET enable_bitmapscan;
CREATE TEMP TABLE reference AS
SELECT pr.k,
       ARRAY(SELECT id FROM hist
              WHERE EXISTS (SELECT 1 FROM frontline.periods(h) WITH ORDINALITY pe(state, during, n)
                             WHERE lower(pe.during) <@ pr.p AND NOT (pe.n = 1 AND pe.state IS NULL))
              ORDER BY id) AS changed,
       ARRAY(SELECT id FROM hist
              WHERE EXISTS (SELECT 1 FROM frontline.periods(h) pe WHERE pe.state = pr.a AND pe.during && pr.p)
              ORDER BY id) AS held
  FROM probes pr;
SELECT count(*) AS probes,
       count(*) FILTER (WHERE w.changed = r.changed AND w.held = r.held) AS index_equals_reference,
       count(*) FILTER (WHERE n.changed = r.changed AND n.held = r.held) AS scan_equals_reference,
       sum(cardinality(r.changed)) AS changed_rows, sum(cardinality(r.held)) AS held_rows
  FROM reference r JOIN with_index w USING (k) JOIN without_index n USING (k);
-- 2. the planner uses the index
EXPLAIN (COSTS OFF) SELECT id FROM hist WHERE frontline.changed_during(h, '[2021-03-01Z,2021-03-02Z)');
EXPLAIN (COSTS OFF) SELECT id FROM hist WHERE frontline.held_by(h, 'A', '[2021-03-01Z,2021-03-02Z)');
-- 3. edge cases: NULL operands, the empty history, exact bounds
SELECT frontline.changed_during(NULL, '[2021-01-01Z,2021-01-02Z)') AS null_history,
       frontline.changed_during('{}', NULL) AS null_range,
       frontline.held_by('{2021-01-01T00:00:00Z=A}', NULL, '[2021-01-01Z,2021-01-02Z)') AS null_actor,
       frontline.held_by('{}', 'A', '(,)') AS empty_history;
SELECT frontline.changed_during('{2021-01-01T00:00:00Z=A}', '[2021-01-01Z,2021-01-02Z)') AS at_lower_inclusive,
       frontline.changed_during('{2021-01-01T00:00:00Z=A}', '(2021-01-01Z,2021-01-02Z)') AS at_lower_exclusive,
       frontline.changed_during('{2021-01-01T00:00:00Z=A}', '[2020-12-01Z,2021-01-01Z]') AS at_upper_inclusive,
       frontline.changed_during('{2021-01-01T00:00:00Z=A}', '[2020-12-01Z,2021-01-01Z)') AS at_upper_exclusive,
       frontline.changed_during('{2021-01-01T00:00:00Z=unknown}', '(,)') AS unknown_first,
       frontline.changed_during('{2021-01-01T00:00:00Z=contested(A,B), 2021-02-01T00:00:00Z=contested}', '[2021-01-15Z,2021-03-01Z)') AS contested_to_contested;
SELECT frontline.held_by('{2021-01-01T00:00:00Z=A, 2021-02-01T00:00:00Z=B}', 'A', '[2021-02-01Z,2021-03-01Z)') AS a_after_it_ended,
       frontline.held_by('{2021-01-01T00:00:00Z=A, 2021-02-01T00:00:00Z=B}', 'A', '[2021-01-31Z,2021-02-01Z)') AS a_last_day,
       frontline.held_by('{2021-01-01T00:00:00Z=A, 2021-02-01T00:00:00Z=B}', 'B', '[2030-01-01Z,)') AS b_still,
       frontline.held_by('{2021-01-01T00:00:00Z=contested(A,B)}', 'contested', '[2021-01-02Z,2021-01-03Z)') AS contested,
       frontline.held_by('{2021-01-01T00:00:00Z=A}', 'A', 'empty') AS empty_range;
-- 4. the key type is internal
SELECT 'x'::frontline.control_history_gkey;
-- 5. the cache has the index, and place_history queries can use it (with
--    sequential scans off: whether the planner prefers it on a table of a
--    few rows depends on the table's size)
SET enable_seqscan = off;
CREATE FUNCTION pg_temp.plan_uses(q text, idx text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    l text;
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        IF l LIKE '%' || idx || '%' THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END
$$;
SELECT pg_temp.plan_uses($$SELECT place_id FROM frontline.place_history
                            WHERE frontline.held_by(history, 'A', '[2021-03-01Z,2021-03-02Z)')$$,
                         'control_cache_history_idx') AS held_by_uses_index,
       pg_temp.plan_uses($$SELECT place_id FROM frontline.place_history
                            WHERE frontline.changed_during(history, '[2021-03-01Z,2021-03-02Z)')$$,
                         'control_cache_history_idx') AS changed_during_uses_index;
RESET enable_seqscan;
