-- frontline update script, built by `make` from control/<version>/*.sql and
-- the code files of control/current/ (see the Makefile).
\echo Use "ALTER EXTENSION frontline UPDATE" to load this file. \quit
