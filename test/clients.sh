#!/usr/bin/env bash
# frontline's output read by the clients analysts use (issue 12), not by
# mocks: GDAL lists the BI views as a GIS client does and decodes a vector
# tile with its MVT driver; headless Chromium renders the SVG map and chart
# to PNG and the pixels are read back; pg_tileserv's and Martin's
# discovery rules (from their documentation) find the tile functions.
# Needs a running cluster (PGHOST/PGPORT), gdal-bin, chromium and python3.
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
cd "$(dirname "$0")/.."
W=$(mktemp -d /tmp/frontline-clients.XXXXXX)
chmod 777 "$W"
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
q() { psql -X -q -v ON_ERROR_STOP=1 -d fl_clients "$@"; }
db=fl_clients
psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
psql -X -q -c "CREATE DATABASE $db" >/dev/null
q -c "CREATE EXTENSION frontline CASCADE" >/dev/null 2>&1
q -f data/load_sample.sql >/dev/null
# a small area claim (a box over Kandahar province), so that tiles and maps
# carry the areas layer too
q -c "SELECT count(*) FROM frontline.import_territory('{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\",
       \"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[65.0, 31.0], [66.5, 31.0], [66.5, 32.0], [65.0, 32.0], [65.0, 31.0]]]}}]}',
       '2021-08-13Z', 'test-map', 'test', '{\"*\": \"Taliban\"}')" >/dev/null
PGCONN="PG:dbname=$db host=$PGHOST port=$PGPORT user=${PGUSER:-postgres}"

# 1. GDAL lists the views as layers with their geometry type, SRID and count
rc=0
for v in control_periods:Unknown daily_control:Unknown place_distances:Point; do
    name=${v%%:*}; gtype=${v##*:}
    info=$(ogrinfo -ro -so "$PGCONN" "frontline.$name" 2>&1)
    n_gdal=$(printf '%s\n' "$info" | sed -n 's/^Feature Count: //p')
    n_sql=$(q -Atc "SELECT count(*) FROM frontline.$name")
    if ! printf '%s\n' "$info" | grep -q "^Geometry: $gtype"; then echo "$name: geometry type not $gtype"; printf '%s\n' "$info" | head -20; rc=1; fi
    if ! printf '%s\n' "$info" | grep -q 'ID\["EPSG",4326\]'; then echo "$name: SRS is not EPSG:4326"; rc=1; fi
    if [ -z "$n_gdal" ] || [ "$n_gdal" != "$n_sql" ] || [ "$n_sql" -eq 0 ]; then echo "$name: GDAL counts '$n_gdal', SQL $n_sql"; rc=1; fi
done
listed=$(ogrinfo -ro -q "$PGCONN" 2>&1 | grep -cE 'frontline\.(control_periods|daily_control|place_distances)( |$)')
[ "$listed" -eq 3 ] || { echo "ogrinfo lists $listed of the 3 views"; rc=1; }
report $rc "GDAL (ogrinfo) lists the 3 views with geometry type, EPSG:4326 and the SQL feature counts"

# 2. a vector tile over Kabul on 15 August 2021, decoded by GDAL's MVT driver
rc=0
read -r z x y < <(q -Atc "SELECT 7, floor((69.17 + 180) / 360 * 128)::int,
                                 floor((1 - ln(tan(radians(34.53)) + 1 / cos(radians(34.53))) / pi()) / 2 * 128)::int" | tr '|' ' ')
mkdir -p "$W/tiles/$z/$x"
q -Atc "SELECT encode(frontline.control_mvt($z, $x, $y, '2021-08-15 12:00Z'), 'hex')" | perl -ne 'chomp; print pack("H*", $_)' >"$W/tiles/$z/$x/$y.pbf"
[ -s "$W/tiles/$z/$x/$y.pbf" ] || { echo "empty tile"; rc=1; }
tile=$(ogrinfo -ro -al "$W/tiles/$z/$x/$y.pbf" 2>&1)
kabul=$(printf '%s\n' "$tile" | awk '/^OGRFeature\(places\)/ {f = 1} f && /name \(String\) = Kabul$/ {k = 1} f && k && /controller \(String\) =/ {print $NF; exit}')
[ "$kabul" = "Taliban" ] || { echo "Kabul's controller in the tile: '$kabul'"; printf '%s\n' "$tile" | head -40; rc=1; }
printf '%s\n' "$tile" | grep -q '^Layer name: places' || { echo "no places layer"; rc=1; }
ids=$(printf '%s\n' "$tile" | grep -c '^OGRFeature(places)')
[ "$ids" -gt 0 ] || rc=1
# the same through Martin's function (query parameters as JSON)
q -Atc "SELECT encode(frontline.control_tiles($z, $x, $y, '{\"at\": \"2021-08-15T12:00:00Z\"}'), 'hex')" | perl -ne 'chomp; print pack("H*", $_)' >"$W/martin.pbf"
cmp -s "$W/martin.pbf" "$W/tiles/$z/$x/$y.pbf" || { echo "control_tiles differs from control_mvt"; rc=1; }
report $rc "GDAL's MVT driver decodes tile $z/$x/$y: layer places, Kabul held by the Taliban on 15 August ($ids features)"

# 3. discovery: pg_tileserv lists functions whose first three arguments
# are z, x, y integers and that return bytea; Martin takes functions of
# (z|zoom, x, y integer[, one json]) returning bytea, and merges a JSON
# comment into the TileJSON.  Both rules, written as the documentation
# states them, run against the catalogue.
rc=0
tileserv=$(q -Atc "SELECT p.oid::regprocedure FROM pg_proc p
                    WHERE p.pronamespace = 'frontline'::regnamespace AND p.prorettype = 'bytea'::regtype
                      AND p.pronargs >= 3 AND p.proargnames[1:3] = ARRAY['z', 'x', 'y']
                      AND p.proargtypes[0] = 'integer'::regtype AND p.proargtypes[1] = 'integer'::regtype AND p.proargtypes[2] = 'integer'::regtype
                      AND p.provolatile IN ('s', 'i') AND p.pronargdefaults >= p.pronargs - 3
                      AND has_function_privilege('public', p.oid, 'EXECUTE')")
printf '%s\n' "$tileserv" | grep -q 'control_mvt(integer,integer,integer,timestamp with time zone,text\[\],real)' || { echo "pg_tileserv would not list control_mvt: $tileserv"; rc=1; }
martin=$(q -Atc "SELECT p.oid::regprocedure || ' ' || (obj_description(p.oid, 'pg_proc')::json ->> 'description' IS NOT NULL)
                   FROM pg_proc p
                  WHERE p.pronamespace = 'frontline'::regnamespace AND p.prorettype = 'bytea'::regtype
                    AND p.proargnames[1] IN ('z', 'zoom') AND p.proargnames[2:3] = ARRAY['x', 'y']
                    AND (p.pronargs = 3 OR (p.pronargs = 4 AND p.proargtypes[3] IN ('json'::regtype, 'jsonb'::regtype)))
                    AND p.proargtypes[0] = 'integer'::regtype AND p.proargtypes[1] = 'integer'::regtype
                    AND p.proargtypes[2] = 'integer'::regtype")
printf '%s\n' "$martin" | grep -q '^frontline.control_tiles(integer,integer,integer,json) true$' || { echo "Martin would not serve control_tiles: $martin"; rc=1; }
report $rc "pg_tileserv's and Martin's discovery rules find control_mvt and control_tiles (with a JSON description)"

# 4. Chromium renders the map and the chart; the pixels are read back
rc=0
q -Atc "SELECT frontline.snapshot_svg('2021-08-15 12:00Z')" >"$W/map.svg"
q -Atc "SELECT frontline.front_chart_svg('Taliban', 'Kabul', '2021-08-01Z', '2021-08-16Z', '1 day')" >"$W/chart.svg"
colours=$(q -Atc "SELECT string_agg(DISTINCT frontline.actor_color(controller), ' ') FROM frontline.snapshot('2021-08-15 12:00Z')")
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
    echo "no chromium"; rc=1
else
    for f in map:900,800 chart:800,360; do
        size=${f#*:}; f=${f%%:*}
        # as root (CI) Chromium needs --no-sandbox
        timeout 120 "$CHROME" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
            --window-size="$size" --screenshot="$W/$f.png" "file://$W/$f.svg" >"$W/$f.chrome.log" 2>&1
        [ -s "$W/$f.png" ] || { echo "Chromium wrote no $f.png"; tail -5 "$W/$f.chrome.log"; rc=1; }
    done
    out=$(python3 test/png_colours.py "$W/map.png" $colours 2>&1) || { echo "map: $out"; rc=1; }
    echo "map.png: $out"
    out=$(python3 test/png_colours.py "$W/chart.png" '#b2182b' 2>&1) || { echo "chart: $out"; rc=1; }
    echo "chart.png: $out"
fi
report $rc "Chromium renders the SVG map (legend colours present, not blank) and the front chart (its red line)"

# 5. row-level security: a role that may not see the Taliban's claims gets
# a map without them
rc=0
q >/dev/null <<'SQL'
DROP ROLE IF EXISTS fl_map_reader;
CREATE ROLE fl_map_reader;
GRANT USAGE ON SCHEMA frontline TO fl_map_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_map_reader;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_taliban ON frontline.control_event FOR SELECT TO fl_map_reader USING (actor IS DISTINCT FROM 'Taliban');
ALTER TABLE frontline.control_area ENABLE ROW LEVEL SECURITY;
CREATE POLICY no_taliban_areas ON frontline.control_area FOR SELECT TO fl_map_reader USING (actor IS DISTINCT FROM 'Taliban');
SQL
n=$(q -Atc "SET ROLE fl_map_reader; SELECT (SELECT count(*) FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-15 12:00Z')->'features') f
                                         WHERE f->'properties'->>'controller' = 'Taliban')
                                     + (SELECT count(*) FROM frontline.control_periods WHERE controller = 'Taliban')
                                     + position('Taliban' in frontline.snapshot_svg('2021-08-15 12:00Z'))")
n_owner=$(q -Atc "SELECT count(*) FROM jsonb_array_elements(frontline.snapshot_geojson('2021-08-15 12:00Z')->'features') f
                   WHERE f->'properties'->>'controller' = 'Taliban'")
[ "$n" = "0" ] && [ "$n_owner" -gt 0 ] || { echo "restricted role sees $n Taliban features (owner $n_owner)"; rc=1; }
q -c "SET ROLE fl_map_reader" -c "SELECT 1 FROM frontline.control_mvt(0, 0, 0, '2021-08-15Z')" >/dev/null 2>&1 || rc=1
report $rc "a role under row-level security gets maps, tiles and views without the rows it may not see"

psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
psql -X -q -c "DROP ROLE IF EXISTS fl_map_reader" >/dev/null 2>&1
rm -rf "$W"
exit $fails
