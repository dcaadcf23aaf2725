-- frontline install script, built by `make` from control/current/*.sql (see the Makefile).
\echo Use "CREATE EXTENSION frontline CASCADE" to load this file. \quit
