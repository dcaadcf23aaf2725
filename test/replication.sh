#!/usr/bin/env bash
# A logical-replication subscriber keeps frontline's cache in step (issue 9):
# the publisher publishes the user tables (actor, place, place_alias,
# control_event, area_layer, control_area; never the cache), the subscriber has frontline installed
# and recomputes its own cache as the apply worker commits (the row-level
# cache triggers are ENABLE REPLICA).  After a stream of inserts, updates,
# deletes and a COPY on the publisher, the subscriber's answers equal the
# publisher's, from its cache (and the area reads from its ground cache,
# kept by the ENABLE REPLICA row triggers on control_area and area_layer).  Needs a running cluster with
# wal_level = logical (scripts/common.sh starts one).
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
cd "$(dirname "$0")/.."
W=$(mktemp -d /tmp/frontline-repl.XXXXXX)
chmod 777 "$W"
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

rc=0
[ "$(q -Atc "SHOW wal_level")" = logical ] || { echo "wal_level is not logical"; rc=1; }
q -d fl_sub -c "DROP SUBSCRIPTION IF EXISTS fl_sub" >/dev/null 2>&1
for db in fl_pub fl_sub; do q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; q -c "CREATE DATABASE $db" || rc=1; done
q -Atc "SELECT pg_drop_replication_slot('fl_sub') FROM pg_replication_slots WHERE slot_name = 'fl_sub'" >/dev/null
q -d fl_pub -c "CREATE EXTENSION frontline CASCADE" >/dev/null 2>&1 || rc=1
q -d fl_sub -c "CREATE EXTENSION frontline CASCADE" >/dev/null 2>&1 || rc=1
q -d fl_pub -f data/load_sample.sql >/dev/null || rc=1
q -d fl_pub -c "CREATE PUBLICATION fl_pub FOR TABLE frontline.actor, frontline.place, frontline.place_alias, frontline.control_event, frontline.area_layer, frontline.control_area" \
  -c "SELECT pg_create_logical_replication_slot('fl_sub', 'pgoutput')" >/dev/null || rc=1
q -d fl_sub -c "CREATE SUBSCRIPTION fl_sub CONNECTION 'host=$PGHOST port=$PGPORT dbname=fl_pub user=${PGUSER:-postgres}' PUBLICATION fl_pub WITH (create_slot = false, slot_name = 'fl_sub')" >/dev/null || rc=1
# a stream of writes on the publisher: functions, plain DML, a COPY, a delete
q -d fl_pub >/dev/null <<'SQL' || rc=1
SELECT frontline.record_control('Kabul', 'Afghan government', '2021-09-10Z', 'repl-test', 0.9);
SELECT frontline.record_contested('Kandahar', '2021-09-11Z', ARRAY['Taliban', 'Afghan government'], 'repl-test');
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, '2021-09-12Z', 'control', 'Taliban', 'repl-bulk' FROM frontline.place;
UPDATE frontline.control_event SET actor = 'Afghan government' WHERE source = 'repl-bulk' AND place_id % 3 = 0;
DELETE FROM frontline.control_event WHERE source = 'repl-bulk' AND place_id % 5 = 0;
BEGIN;
SELECT frontline.record_unknown('Gardez', '2021-09-13Z', 'repl-test');
SELECT frontline.add_place('Repl Town', 'town', 'SRID=4326;POINT(69.5 34.6)');
SELECT frontline.record_control('Repl Town', 'Taliban', '2021-09-13Z', 'repl-test');
COMMIT;
SELECT count(*) FROM frontline.import_territory('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
   "geometry": {"type": "Polygon", "coordinates": [[[65.0, 31.0], [66.5, 31.0], [66.5, 32.0], [65.0, 32.0], [65.0, 31.0]]]}}]}',
   '2021-08-13Z', 'repl-map', 'repl', '{"*": "Taliban"}', default_actor => 'Afghan government');
SQL
answers="SET TimeZone = 'UTC';
SELECT 'snapshot', t, s.place_id, s.controller, s.since
  FROM unnest(ARRAY['2021-08-14Z', '2021-09-11 12:00Z', '2021-09-14Z']::timestamptz[]) t, frontline.snapshot(t) s ORDER BY 2, 3;
SELECT 'history', p.place_id, frontline.history(p.place_id)::text FROM frontline.place p ORDER BY 2;
SELECT 'changes', c.* FROM frontline.changes('2021-01-01Z', '2022-01-01Z') c ORDER BY c.at, c.place_id;
SELECT 'areas', a.controller, round(a.area_km2) FROM frontline.area_snapshot('2021-08-20Z') a ORDER BY 2;
SELECT 'point', frontline.control_at('SRID=4326;POINT(65.7 31.6)'::geometry, '2021-08-20Z'),
       frontline.control_at('SRID=4326;POINT(62 34)'::geometry, '2021-08-20Z', tolerance_m => 0);"
q -d fl_pub -Atc "$answers" >"$W/pub.txt" || rc=1
# wait for the subscriber (initial copy, then the stream)
for _ in $(seq 1 120); do
    q -d fl_sub -Atc "$answers" >"$W/sub.txt" 2>/dev/null
    cmp -s "$W/pub.txt" "$W/sub.txt" && break
    sleep 0.5
done
diff "$W/pub.txt" "$W/sub.txt" >"$W/diff.txt" || { head -20 "$W/diff.txt"; rc=1; }
[ "$(wc -l <"$W/pub.txt")" -gt 100 ] || { echo "too few answers"; rc=1; }
report $rc "logical replication: the subscriber's answers equal the publisher's after a stream of writes ($(wc -l <"$W/pub.txt") answer lines)"

rc=0
s=$(q -d fl_sub -Atc "SELECT frontline.cache_usable(), (SELECT count(*) FROM frontline.cache_check()),
                              (SELECT count(*) FROM frontline.place_history) = (SELECT count(*) FROM frontline.place)") || rc=1
[ "$s" = "t|0|t" ] || { echo "subscriber cache: usable|stale places|complete = $s"; rc=1; }
report $rc "logical replication: the subscriber's cache is complete, in step and used (no refresh_cache needed)"

rc=0
s=$(q -d fl_sub -Atc "SELECT frontline._area_cache_usable(), (SELECT count(*) FROM frontline.area_cache_check()),
                              (SELECT count(*) FROM frontline._area_cache_versions) > 0,
                              frontline._area_cache_serves(NULL, 0, NULL, NULL)") || rc=1
[ "$s" = "t|0|t|t" ] || { echo "subscriber ground cache: usable|stale versions|has versions|serves = $s"; rc=1; }
report $rc "logical replication: the subscriber's ground cache of the areas is complete, in step and used"

q -d fl_sub -c "DROP SUBSCRIPTION fl_sub" >/dev/null 2>&1
q -Atc "SELECT pg_drop_replication_slot('fl_sub') FROM pg_replication_slots WHERE slot_name = 'fl_sub'" >/dev/null 2>&1
for db in fl_pub fl_sub; do q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; done
rm -rf "$W"
exit $fails
