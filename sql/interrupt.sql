-- Every long computation stops at statement_timeout (the core's interrupt
-- hook, fl_base.h).  Each call below would run for far longer than the 1 s
-- timeout; it must stop within 2 s (the measured delay is printed as a
-- verdict, never as a number).
\i test/sql/fixture.sql
\set VERBOSITY terse
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
RESET client_min_messages;
CREATE FUNCTION pg_temp.stops_within(q text, limit_s float8 DEFAULT 2) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    took float8;
BEGIN
    t0 := clock_timestamp();
    BEGIN
        EXECUTE q;
        RETURN 'finished (not a long call)';
    EXCEPTION WHEN query_canceled OR others THEN  -- or PostGIS's own error when liblwgeom is interrupted
        took := extract(epoch FROM clock_timestamp() - t0);
        RETURN CASE WHEN took < limit_s THEN 'canceled in time' ELSE format('canceled after %s s', round(took::numeric, 1)) END;
    END;
END
$$;
SET client_min_messages = warning;   -- PostGIS says NOTICE when it is interrupted
-- two 20,000-vertex polygons: the C distance, vertex against edge (4e8 geodesics)
SET statement_timeout = '1s';
SELECT pg_temp.stops_within($$SELECT frontline._geodesic_m(
    ST_AsBinary(frontline.geodesic_circle('SRID=4326;POINT(60 30)', 100, 20000)),
    ST_AsBinary(frontline.geodesic_circle('SRID=4326;POINT(70 40)', 100, 20000)), false)$$) AS shape_distance;
-- a history of 20,000,000 transitions built by the aggregate (sort, canonicalise)
SET statement_timeout = '1s';
SELECT pg_temp.stops_within($$SELECT frontline.transitions(frontline.control_history_agg(CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END,
                                                             timestamptz '2000-01-01Z' + i * interval '1 minute'))
    FROM generate_series(1, 20000000) i$$) AS history_aggregate;
RESET statement_timeout;
RESET client_min_messages;
-- the internal sweeps refuse what the public functions refuse
SELECT frontline._front_hist(NULL::integer, NULL::frontline.control_history, NULL::text, NULL::float8,
                              ARRAY(SELECT timestamptz '2000-01-01Z' + s * interval '1 minute' FROM generate_series(0, 1000000) s));
-- mixed-sign steps are refused instead of looping
SELECT count(*) FROM frontline.control_series('2021-01-01Z', '2021-06-01Z', '-1 month 31 days');
SELECT frontline.add_actor('Interrupt test side') > 0 AS added;
-- a second actor of the same name: unique_violation with its detail (was a NULL RAISE option)
SELECT frontline.add_actor('Interrupt test side');
SELECT frontline.add_place('Interrupt test capital', 'city', 'SRID=4326;POINT(69.17 34.53)', capital => 'national', country => 'Interrupt test country') > 0 AS added;
SELECT count(*) FROM frontline.front_series('Interrupt test side', 'Interrupt test capital', '2021-01-01Z', '2021-06-01Z', '2 months -61 days');
