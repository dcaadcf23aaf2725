-- frontline 1.0 -> 1.1, built by `make` from control/1.1/*.sql.  The same
-- fragments are appended to control/1.0/*.sql to make the 1.1 install
-- script, so a fresh 1.1 and an updated 1.0 have the same objects.
-- 1.1 adds geodesy on WGS84 through PROJ (distances, azimuths, circles) and
-- the radius-from-capital questions (from_capital, within_radius, rings,
-- front, front_series).
\echo Use "ALTER EXTENSION frontline UPDATE TO '1.1'" to load this file. \quit
