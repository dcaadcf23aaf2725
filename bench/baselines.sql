-- The hand-written baselines, built from the same claims:
--  (a) resolved control periods as tstzrange with a btree_gist exclusion
--      constraint (and its GiST index) plus a GiST index on the range;
--  (b) "latest claim at or before t": the btree index on (place_id, at) that
--      control_event already has, used through LATERAL ... LIMIT 1;
--  (c) PostGIS ST_DWithin(geography) with the GiST index on geom::geography
--      that frontline.place already has.
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
CREATE TABLE bench.periods (
    place_id   integer NOT NULL,
    controller text,
    source     text,                -- of the claim that starts the period
    during     tstzrange NOT NULL,
    EXCLUDE USING gist (place_id WITH =, during WITH &&)
);
INSERT INTO bench.periods
SELECT place_id, controller, source, tstzrange(at, lead(at) OVER (PARTITION BY place_id ORDER BY at), '[)')
  FROM (SELECT DISTINCT ON (e.place_id, e.at) e.place_id, e.at,
               CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END AS controller, e.source
          FROM frontline.control_event e
         ORDER BY e.place_id, e.at, e.confidence DESC NULLS LAST, e.event_id DESC) w;
CREATE INDEX periods_during ON bench.periods USING gist (during);
ANALYZE bench.periods;
