#!/usr/bin/env bash
# The README's read replica, followed as a new user follows it (issue 14: "a
# primary and a standby started from the README's instructions"): the sh
# block between "<!-- standby: begin -->" and "<!-- standby: end -->" of
# README.md is run as written, with Debian's cluster 15/main replaced by a
# throwaway cluster of this test (pg_createcluster), the replica's name and
# both ports substituted, so that nothing of the machine's own clusters is
# touched.  Then: the replica is a standby whose cache serves reads, it
# answers as the README says, a claim recorded on the primary is answered
# there, every read, map and tile compared is equal to the primary's, and
# writes are refused.  Needs postgresql-common (pg_createcluster) and
# frontline installed in the system's PostgreSQL, root or sudo.
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
PGVER=${PGVER:-15}
BASE=${PGPORT:-54329}
P1=$((BASE + 20))
P2=$((BASE + 21))
# a new user's shell: nothing points at the test suite's own cluster
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSFILE
PRI=fl_readme_primary
REP=fl_readme_replica
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }

# root without sudo (CI's container): sudo [-u user] cmd runs cmd as user
if [ "$(id -u)" -eq 0 ] && ! command -v sudo >/dev/null 2>&1; then
    sudo() { if [ "$1" = -u ]; then local u=$2; shift 2; runuser -u "$u" -- "$@"; else "$@"; fi; }
    export -f sudo
fi
drop_clusters() {
    sudo pg_dropcluster --stop "$PGVER" "$REP" >/dev/null 2>&1
    sudo pg_dropcluster --stop "$PGVER" "$PRI" >/dev/null 2>&1
}
if ! command -v pg_createcluster >/dev/null 2>&1; then
    report 1 "README read replica: pg_createcluster (postgresql-common) is missing"
    exit "$fails"
fi
drop_clusters
trap drop_clusters EXIT

block=$(awk '/^<!-- standby: begin -->/ {f = 1; next} /^<!-- standby: end -->/ {f = 0} f' README.md | sed '/^```/d')
n=$(printf '%s\n' "$block" | grep -c .)
[ "$n" -ge 8 ] && printf '%s\n' "$block" | grep -q 'pg_basebackup' \
    && printf '%s\n' "$block" | grep -q '15 main' && printf '%s\n' "$block" | grep -q '5433'
report $? "README has the read-replica block ($n lines, Debian's 15/main, pg_basebackup, port 5433)"
block=$(printf '%s\n' "$block" | sed -e "s/\b15 main\b/$PGVER $PRI/g" -e "s/\b15 replica\b/$PGVER $REP/g" \
                                     -e "s#/15/replica\b#/$PGVER/$REP#g" -e "s/\b5432\b/$P1/g" -e "s/\b5433\b/$P2/g")

# the stand-in for Debian's 15/main: a cluster as postgresql-common makes it
# (UTF-8, as the package's own cluster is on a machine with a UTF-8 locale,
# whatever locale this shell has)
rc=0
created=$(sudo pg_createcluster --locale=C.UTF-8 "$PGVER" "$PRI" -p "$P1" 2>&1) || { printf '%s\n' "$created"; rc=1; }
report $rc "a cluster $PGVER/$PRI on port $P1 stands in for Debian's 15/main"

out=$(bash -euo pipefail -c "$block" 2>&1)
rc=$?
[ $rc -eq 0 ] || printf '%s\n' "$out" | tail -30
report $rc "the README's commands run without an error"

q1() { psql -X -q -v ON_ERROR_STOP=1 -p "$P1" -d conflict "$@"; }
q2() { psql -X -q -v ON_ERROR_STOP=1 -p "$P2" -d conflict "$@"; }
# what the README says the last two commands print
printf '%s\n' "$out" | tail -n 10 | grep -qE '^ t +\| t$' && printf '%s\n' "$out" | tail -n 4 | grep -qE '^ Taliban$'
rc=$?
[ $rc -eq 0 ] || printf '%s\n' "$out" | tail -12
report $rc "the replica answers t | t (a standby, cache_usable) and Taliban, as the README says"
[ "$(q2 -Atc "SELECT pg_is_in_recovery()::text || frontline.cache_usable()::text")" = truetrue ]
report $? "the replica is in recovery and its cache serves reads"

# a claim recorded on the primary is answered on the replica
q1 -c "SELECT frontline.record_control('Kabul', 'Afghan government', '2021-09-10Z', 'readme-test', 0.9)" >/dev/null
lsn=$(q1 -Atc "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 120); do
    [ "$(q2 -Atc "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ] && break
    sleep 0.5
done
[ "$(q2 -Atc "SELECT frontline.control_at('Kabul', '2021-09-11Z')")" = 'Afghan government' ] \
    && [ "$(q1 -Atc "SELECT frontline.control_at('Kabul', '2021-09-11Z')")" = 'Afghan government' ]
report $? "a claim recorded on the primary is answered on the replica"

answers="SET TimeZone = 'UTC';
SELECT 'snapshot', t, s.place_id, s.controller, s.since
  FROM unnest(ARRAY['2021-08-14Z', '2021-09-11Z']::timestamptz[]) t, frontline.snapshot(t) s ORDER BY 2, 3;
SELECT 'snapshot AP', s.place_id, s.controller FROM frontline.snapshot('2021-08-15Z', ARRAY['AP']) s ORDER BY 2;
SELECT 'history', p.place_id, frontline.history(p.place_id)::text FROM frontline.place p ORDER BY 2;
SELECT 'changes', c.* FROM frontline.changes('2021-01-01Z', '2022-01-01Z') c ORDER BY c.at, c.place_id;
SELECT 'within', w.* FROM frontline.within_radius('Kabul', 150, '2021-08-15Z') w ORDER BY w.km, w.place_id;
SELECT 'front', f.* FROM frontline.front_series('Taliban', 'Kabul', '2021-08-06Z', '2021-08-16Z', '2 days') f;
SELECT 'tile', md5(frontline.control_mvt(7, 88, 50, '2021-08-15Z'));
SELECT 'svg', md5(frontline.snapshot_svg('2021-08-15 12:00Z'));"
a1=$(q1 -At -c "$answers" 2>&1)
a2=$(q2 -At -c "$answers" 2>&1)
[ "$a1" = "$a2" ] && [ "$(printf '%s\n' "$a1" | grep -c '^snapshot|')" -ge 60 ] \
    && printf '%s\n' "$a1" | grep -q '^changes|2021-09-10 00:00:00+00|'
rc=$?
[ $rc -eq 0 ] || diff <(printf '%s\n' "$a1") <(printf '%s\n' "$a2") | head -20
report $rc "snapshot, history, changes, within_radius, front_series, a tile and the SVG equal on both"

err=$(q2 -c "SELECT frontline.record_control('Kabul', 'Taliban', '2021-09-12Z', 'readme-test')" 2>&1)
printf '%s\n' "$err" | grep -q 'read-only transaction'
report $? "writes on the replica are refused (read-only transaction)"

exit "$fails"
