#!/usr/bin/env bash
# A physical hot standby serves frontline's reads and tiles (issue 14): a
# pg_basebackup of the running cluster, started as a streaming standby;
# after more writes on the primary, every read function, the maps and the
# tiles answer on the standby exactly as on the primary, from the cache that
# WAL replay keeps (the standby computes nothing of its own), and writes are
# refused there.  Needs a running cluster (PGHOST/PGPORT, local replication
# allowed: initdb's default with -A trust).
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
PGVER=${PGVER:-15}
PGBIN=/usr/lib/postgresql/$PGVER/bin
cd "$HERE"
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres -- "$@"; fi
}
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
S=$(mktemp -d /tmp/frontline-standby.XXXXXX)
chmod 755 "$S"
chown postgres "$S" 2>/dev/null || sudo chown postgres "$S"
SPORT=$((PGPORT + 7))
db=fl_standby
qp() { psql -X -q -v ON_ERROR_STOP=1 -d $db "$@"; }
qs() { psql -X -q -v ON_ERROR_STOP=1 -h "$S" -p "$SPORT" -d $db "$@"; }
cleanup() {
    as_postgres "$PGBIN/pg_ctl" -D "$S/data" -m immediate stop >/dev/null 2>&1
    psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    rm -rf "$S"
}
trap cleanup EXIT

rc=0
psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
psql -X -q -c "CREATE DATABASE $db" >/dev/null || rc=1
qp -c "CREATE EXTENSION frontline CASCADE" >/dev/null 2>&1 || rc=1
qp -f data/load_sample.sql >/dev/null || rc=1
as_postgres "$PGBIN/pg_basebackup" -h "$PGHOST" -p "$PGPORT" -U postgres -D "$S/data" -R -X stream -c fast >"$S/basebackup.log" 2>&1 \
    || { cat "$S/basebackup.log"; rc=1; }
as_postgres "$PGBIN/pg_ctl" -D "$S/data" -l "$S/log" -w \
    -o "-p $SPORT -k $S -c listen_addresses='' -c hot_standby=on" start >/dev/null 2>&1 || { tail -20 "$S/log"; rc=1; }
[ "$(qs -Atc "SELECT pg_is_in_recovery()")" = t ] || { echo "not a standby"; rc=1; }
report $rc "a streaming hot standby of the cluster (pg_basebackup -R) is up"

# writes on the primary after the copy: claims, a place, an area map
qp >/dev/null <<'SQL'
SELECT frontline.record_control('Kabul', 'Afghan government', '2021-09-10Z', 'standby-test', 0.9);
SELECT frontline.record_contested('Kandahar', '2021-09-11Z', ARRAY['Taliban', 'Afghan government'], 'standby-test');
INSERT INTO frontline.control_event (place_id, at, state, actor, source)
SELECT place_id, '2021-09-12Z', 'control', 'Taliban', 'standby-bulk' FROM frontline.place WHERE place_id % 4 = 0;
SELECT frontline.add_place('Standby Town', 'town', 'SRID=4326;POINT(69.5 34.6)', 'Afghanistan', 'Kabul') > 0;
SELECT frontline.record_control('Standby Town', 'Taliban', '2021-09-13Z', 'standby-test');
SELECT count(*) FROM frontline.import_territory('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
   "geometry": {"type": "Polygon", "coordinates": [[[65.0, 31.0], [66.5, 31.0], [66.5, 32.0], [65.0, 32.0], [65.0, 31.0]]]}}]}',
   '2021-08-13Z', 'test-map', 'test', '{"*": "Taliban"}');
SQL
lsn=$(qp -Atc "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 120); do
    [ "$(qs -Atc "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] && break
    sleep 0.5
done

answers="SET TimeZone = 'UTC';
SELECT 'snapshot', t, s.place_id, s.controller, s.since
  FROM unnest(ARRAY['2021-08-14Z', '2021-09-11 12:00Z', '2021-09-14Z']::timestamptz[]) t, frontline.snapshot(t) s ORDER BY 2, 3;
SELECT 'snapshot AP', s.place_id, s.controller FROM frontline.snapshot('2021-08-15Z', ARRAY['AP']) s ORDER BY 2;
SELECT 'history', p.place_id, frontline.history(p.place_id)::text FROM frontline.place p ORDER BY 2;
SELECT 'changes', c.* FROM frontline.changes('2021-01-01Z', '2022-01-01Z') c ORDER BY c.at, c.place_id;
SELECT 'within', w.* FROM frontline.within_radius('Kabul', 150, '2021-08-15Z') w ORDER BY w.km, w.place_id;
SELECT 'front', f.* FROM frontline.front_series('Taliban', 'Kabul', '2021-08-06Z', '2021-09-14Z', '2 days') f;
SELECT 'point', frontline.control_at('SRID=4326;POINT(65.7 31.6)'::geometry, '2021-08-20Z');
SELECT 'areas', a.controller, round(a.area_km2) FROM frontline.area_snapshot('2021-08-20Z') a;
SELECT 'geojson', md5(frontline.snapshot_geojson('2021-08-15 12:00Z')::text);
SELECT 'tile', md5(frontline.control_mvt(7, 88, 50, '2021-08-15Z'));
SELECT 'tile 0', md5(frontline.control_mvt(0, 0, 0, '2021-09-13Z'));
SELECT 'svg', md5(frontline.snapshot_svg('2021-08-15 12:00Z'));
SELECT 'periods', count(*) FROM frontline.control_periods;"
rc=0
qp -Atc "$answers" >"$S/primary.txt" || rc=1
qs -Atc "$answers" >"$S/standby.txt" 2>"$S/standby.err" || { cat "$S/standby.err"; rc=1; }
diff "$S/primary.txt" "$S/standby.txt" >"$S/diff.txt" || { head -20 "$S/diff.txt"; rc=1; }
[ "$(wc -l <"$S/primary.txt")" -gt 200 ] || { echo "too few answers"; rc=1; }
grep -q "^snapshot|2021-09-14 00:00:00+00|35|Taliban" "$S/standby.txt" || { echo "the standby lacks the place written after the copy"; rc=1; }
report $rc "the standby answers every read, map and tile as the primary does ($(wc -l <"$S/primary.txt") answer lines, written after the copy too)"

rc=0
s=$(qs -Atc "SELECT frontline.cache_usable(), (SELECT count(*) FROM frontline.cache_check()),
                    frontline._area_cache_serves(NULL, 0, NULL, NULL), (SELECT count(*) FROM frontline.area_cache_check())") || rc=1
[ "$s" = "t|0|t|0" ] || { echo "standby cache: usable|stale places|ground cache serves|stale versions = $s"; rc=1; }
plan=$(qs -Atc "EXPLAIN (COSTS OFF) SELECT * FROM frontline._histories(NULL, 0)" 2>&1)
printf '%s\n' "$plan" | grep -q control_cache || { echo "the standby does not read the cache: $plan"; rc=1; }
out=$(qs -Atc "SELECT frontline.record_control('Kabul', 'Taliban', '2021-09-20Z')" 2>&1)
printf '%s\n' "$out" | grep -q "read-only transaction" || { echo "a write on the standby: $out"; rc=1; }
report $rc "the standby reads the caches replayed from the primary (in step, no stale place or map version) and refuses writes"
exit $fails
