-- pgbench: record a claim inside a REPEATABLE READ transaction; a concurrent
-- writer of the same place makes the cache trigger fail with 40001, which
-- pgbench retries (--max-tries)
\set p random(1, 34)
\set h random(0, 2000)
\set c random(0, 10)
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT frontline.record_control((SELECT name FROM frontline.place WHERE place_id = :p),
                                CASE WHEN :c % 2 = 0 THEN 'Taliban' ELSE 'Afghan government' END,
                                timestamptz '2021-08-01Z' + :h * interval '1 hour',
                                'bench' || :c, :c / 10.0, 'pgbench');
END;
