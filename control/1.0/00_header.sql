-- frontline install script, built by `make` from control/<version>/*.sql (see the Makefile).
-- CREATE EXTENSION runs it with search_path = frontline, <postgis schema>:
-- SQL-standard function bodies (BEGIN ATOMIC / RETURN) bind every name at
-- creation time, and PL/pgSQL functions carry SET search_path FROM CURRENT,
-- so no function depends on the caller's search_path.
\echo Use "CREATE EXTENSION frontline CASCADE" to load this file. \quit
