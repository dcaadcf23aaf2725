#!/usr/bin/env bash
# The demo, from a fresh Debian 12 machine: installs what is missing, builds,
# installs, starts a throwaway PostgreSQL cluster, loads the Afghanistan
# August 2021 sample and answers the seed article's questions.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_packages
build_install
start_cluster
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE frontline_demo" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d frontline_demo -c "CREATE EXTENSION frontline CASCADE" -f data/load_sample.sql >/dev/null 2>&1
psql -X -v ON_ERROR_STOP=1 -d frontline_demo -f scripts/demo.sql
echo
echo "(the throwaway cluster is removed on exit; keep your own with: psql -f data/load_sample.sql)"
