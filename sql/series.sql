-- control_series: one sweep, compared with snapshot() at every step on the
-- random histories of differential.sql (populations added here).
\i test/sql/fixture.sql
-- the random histories of differential.sql
\set ECHO none
\o /dev/null
SET client_min_messages = warning;
\i test/sql/random_histories.sql
RESET client_min_messages;
RESET search_path;
RESET TimeZone;
\o
\unset ON_ERROR_STOP
\set ECHO all
SET TimeZone = 'UTC';
SELECT setseed(0.5);
UPDATE frontline.place SET population = (random() * 100000)::bigint WHERE random() < 0.6;
INSERT INTO frontline.place (name, kind, geom, population)
VALUES ('never claimed', 'town', 'SRID=4326;POINT(61 31)', 777);
CREATE TEMP TABLE filters (sources text[], m real);
INSERT INTO filters VALUES (NULL, 0), (ARRAY['s1', 's3'], 0), (NULL, 0.5), (ARRAY['s2'], 0.3);
CREATE TEMP TABLE series AS
SELECT f.sources, f.m, s.*
  FROM filters f, frontline.control_series('2020-12-25Z', '2021-03-10Z', '1 day 7 hours', f.sources, f.m) s;
CREATE TEMP TABLE reference AS
SELECT f.sources, f.m, t, s.controller, count(*)::integer AS places, sum(p.population)::bigint AS population
  FROM filters f, generate_series(timestamptz '2020-12-25Z', '2021-03-10Z', '1 day 7 hours') t,
       frontline.snapshot(t, f.sources, f.m) s JOIN frontline.place p ON p.place_id = s.place_id
 GROUP BY 1, 2, 3, 4;
SELECT (SELECT count(*) FROM series) AS rows,
       (SELECT count(DISTINCT (sources, m, t)) FROM series) AS steps,
       (SELECT count(*) FROM (SELECT * FROM series EXCEPT ALL SELECT * FROM reference) x) AS only_series,
       (SELECT count(*) FROM (SELECT * FROM reference EXCEPT ALL SELECT * FROM series) x) AS only_reference;
-- a window inside the claims' span: under a filter each claim set is
-- resolved only over the steps (frontline._claims_window), the answers are
-- still snapshot()'s at every step
CREATE TEMP TABLE series_mid AS
SELECT f.sources, f.m, s.*
  FROM filters f, frontline.control_series('2021-01-17 05:00Z', '2021-02-03Z', '13 hours', f.sources, f.m) s;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE x.controller IS NOT NULL) > 0 AS some_held,
       (SELECT count(*) FROM (
          SELECT * FROM series_mid
          EXCEPT ALL
          SELECT f.sources, f.m, t, s.controller, count(*)::integer, sum(p.population)::bigint
            FROM filters f, generate_series(timestamptz '2021-01-17 05:00Z', '2021-02-03Z', '13 hours') t,
                 frontline.snapshot(t, f.sources, f.m) s JOIN frontline.place p ON p.place_id = s.place_id
           GROUP BY 1, 2, 3, 4) d) AS only_series
  FROM series_mid x;
-- every step accounts for every place exactly once
SELECT count(*) AS steps_not_adding_up FROM (
    SELECT sources, m, t FROM series GROUP BY 1, 2, 3
    HAVING sum(places) <> (SELECT count(*) FROM frontline.place)) x;
-- a series over no claims at all: every place unknown
SELECT * FROM frontline.control_series('1999-01-01Z', '1999-01-03Z', '1 day');
-- one step
SELECT count(*) FROM frontline.control_series('2021-01-20Z', '2021-01-20Z', '1 hour');
-- errors
SELECT err('SELECT * FROM frontline.control_series(''2021-02-01Z'', ''2021-01-01Z'', ''1 day'')');
SELECT err('SELECT * FROM frontline.control_series(''2021-01-01Z'', ''2021-02-01Z'', ''0'')');
SELECT err('SELECT * FROM frontline.control_series(''2021-01-01Z'', ''2021-02-01Z'', ''-1 day'')');
SELECT err('SELECT * FROM frontline.control_series(''2021-01-01Z'', ''2121-02-01Z'', ''1 minute'')');
SELECT err('SELECT * FROM frontline.control_series(NULL, ''2021-02-01Z'', ''1 day'')');
SELECT err('SELECT * FROM frontline.control_series(''2021-01-01Z'', ''infinity'', ''1 day'')');
SELECT err('SELECT * FROM frontline.control_series(''2021-01-01Z'', ''2021-02-01Z'', ''1 day'', NULL, 2)');
-- the internal aggregate refuses steps out of time order
SELECT err($$SELECT frontline._series_hist(1, '{}', 1, ARRAY[timestamptz '2021-01-05', '2021-01-01'], 2, 2, 2)$$);
-- row-level security: a role that sees only sources s2 and s3 gets the owner's
-- series filtered to those sources
CREATE ROLE fl_series_analyst;
GRANT USAGE ON SCHEMA frontline TO fl_series_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_series_analyst;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_s2_s3 ON frontline.control_event FOR SELECT TO fl_series_analyst USING (source IN ('s2', 's3'));
CREATE TEMP TABLE owner_series AS
SELECT * FROM frontline.control_series('2020-12-25Z', '2021-03-10Z', '1 day', ARRAY['s2', 's3']);
GRANT SELECT ON owner_series TO fl_series_analyst;
SET ROLE fl_series_analyst;
CREATE TEMP TABLE analyst_series AS
SELECT * FROM frontline.control_series('2020-12-25Z', '2021-03-10Z', '1 day');
SELECT (SELECT count(*) FROM analyst_series) AS rows,
       (SELECT count(*) FROM (SELECT * FROM analyst_series EXCEPT ALL SELECT * FROM owner_series) x) AS analyst_only,
       (SELECT count(*) FROM (SELECT * FROM owner_series EXCEPT ALL SELECT * FROM analyst_series) x) AS owner_only;
RESET ROLE;
DROP TABLE analyst_series, owner_series;
DROP POLICY only_s2_s3 ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_series_analyst;
REVOKE ALL ON SCHEMA frontline FROM fl_series_analyst;
DROP ROLE fl_series_analyst;
