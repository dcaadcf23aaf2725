-- pgbench: read while others write
\set h random(0, 2000)
SELECT count(*), count(controller) FROM frontline.snapshot(timestamptz '2021-08-01Z' + :h * interval '1 hour');
SELECT count(*) FROM frontline.within_radius('Kabul', 300, timestamptz '2021-08-01Z' + :h * interval '1 hour', 'Taliban');
SELECT count(*) FROM frontline.changes(timestamptz '2021-08-01Z', timestamptz '2021-08-01Z' + :h * interval '1 hour');
