#!/usr/bin/env bash
# The demo, from a fresh Debian 12 machine: installs what is missing, builds,
# installs, starts a throwaway PostgreSQL cluster, loads the Afghanistan
# August 2021 sample, answers the seed article's questions and writes the
# maps of 10-15 August and the front chart to ./maps (FRONTLINE_MAPS=dir).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_packages
build_install
start_cluster
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE frontline_demo" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d frontline_demo -c "CREATE EXTENSION frontline CASCADE" -f data/load_sample.sql >/dev/null 2>&1
psql -X -v ON_ERROR_STOP=1 -d frontline_demo -f scripts/demo.sql
# the maps of 10-15 August 2021 (noon, Kabul time) and the front chart, as SVG
MAPS=${FRONTLINE_MAPS:-$ROOT/maps}
mkdir -p "$MAPS"
for d in 10 11 12 13 14 15; do
    psql -X -Atq -v ON_ERROR_STOP=1 -d frontline_demo \
        -c "SELECT frontline.snapshot_svg('2021-08-$d 12:00+04:30')" >"$MAPS/control-2021-08-$d.svg"
done
psql -X -Atq -v ON_ERROR_STOP=1 -d frontline_demo \
    -c "SELECT frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day')" >"$MAPS/front-kabul.svg"
psql -X -Atq -v ON_ERROR_STOP=1 -d frontline_demo \
    -c "SELECT frontline.snapshot_geojson('2021-08-15 12:00+04:30')" >"$MAPS/control-2021-08-15.geojson"
echo
echo "== Maps written to $MAPS: control-2021-08-10.svg ... control-2021-08-15.svg (open in a browser),"
echo "   front-kabul.svg (the Taliban's distance to Kabul per day) and control-2021-08-15.geojson (QGIS, geojson.io)"
echo
echo "(the throwaway cluster is removed on exit; keep your own with: psql -f data/load_sample.sql)"
