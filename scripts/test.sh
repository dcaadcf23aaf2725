#!/usr/bin/env bash
# Every test of frontline, from a fresh Debian 12 machine: installs what is
# missing (apt), builds with -Wall -Wextra -Werror, installs, starts a
# throwaway PostgreSQL cluster as the postgres user, runs
#   1. the pure-C core unit tests and a bounded mutation fuzz (ASan + UBSan),
#      then libFuzzer on the parsers for FUZZ_SECONDS (default 60),
#   2. the pg_regress suite (sql/, expected/), differential test included,
#      and the isolation specs (specs/),
#   3. the upgrade from every earlier version and pg_dump/pg_restore
#      (test/upgrade_and_dump.sh), a logical-replication subscriber
#      (test/replication.sh), a physical hot standby serving reads and tiles
#      (test/standby.sh) and the README's replica commands run as written
#      (test/standby_readme.sh), concurrent writers and readers under pgbench
#      (test/concurrency.sh), the benchmark at scale XS with every answer
#      checked against the hand-written baselines (test/bench_smoke.sh),
#   4. the demo against the sample, checking the article's answers, and
#      every SQL example of README.md and docs/ (test/docs_examples.sh),
#      that every public function is called by the pg_regress suite
#      (test/regress_coverage.sh), and the output read by real clients:
#      GDAL lists the views and decodes a tile, Chromium renders the SVG
#      (test/clients.sh),
#   5. the pg_regress suite again under valgrind (scripts/memcheck.sh, on a
#      cluster of its own: it is the longest step, so it starts first and
#      runs in the background while 1 to 4 use the other core; its result
#      is recorded last),
# and ends with "N passed, N failed" (exit status non-zero on any failure).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
FUZZ_ITERATIONS=${FUZZ_ITERATIONS:-200000}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

ensure_packages test
export WERROR=1      # warnings are errors here and in CI, not for users (Makefile)
export ASSERTS=1     # the core's assertions compiled in, as a cassert build (Makefile)
build_install
export FRONTLINE_INSTALLED=1
start_cluster

MEMLOG=$(mktemp /tmp/frontline-memcheck.XXXXXX.log)
bash scripts/memcheck.sh >"$MEMLOG" 2>&1 &
mempid=$!
# The trap keeps the script's own exit status: under set -e a failing command
# in it (kill of a memcheck that already ended) would otherwise replace it.
on_exit() {
    local rc=$?
    set +e
    kill "$mempid" 2>/dev/null
    stop_cluster
    exit "$rc"
}
trap on_exit EXIT

pass=0; fail=0
record() { if [ "$1" -eq 0 ]; then pass=$((pass + 1)); echo "ok   $2"; else fail=$((fail + 1)); echo "FAIL $2"; fi; }
# run a script that prints "ok   <name>" / "FAIL <name>" lines, and record each
run_listing() {
    local label=$1 log=$2
    shift 2
    set +e
    "$@" >"$log" 2>&1
    set -e
    grep -vE '^(ok|FAIL) ' "$log" || true
    while read -r status name; do
        if [ "$status" = ok ]; then record 0 "$name"; else record 1 "$name"; fi
    done < <(sed -nE 's/^(ok|FAIL) +(.*)$/\1 \2/p' "$log")
    grep -qE '^(ok|FAIL) ' "$log" || record 1 "$label ran"
}

echo "== core unit tests and fuzz (no server)"
set +e
make -s unitcheck FUZZ_ITERATIONS="$FUZZ_ITERATIONS" WERROR=1 >/tmp/frontline-unit.log 2>&1
rc=$?
set -e
tail -2 /tmp/frontline-unit.log
[ $rc -eq 0 ] || cat /tmp/frontline-unit.log
record $rc "core unit tests + fuzz"

echo "== libFuzzer: text literal, binary format, stored layout, claim sets, WKB (${FUZZ_SECONDS}s)"
set +e
make -s fuzz FUZZ_SECONDS="$FUZZ_SECONDS" >/tmp/frontline-fuzz.log 2>&1
rc=$?
set -e
grep -E '^Done|number_of_executed_units|new_units_added' /tmp/frontline-fuzz.log || true
[ $rc -eq 0 ] || tail -40 /tmp/frontline-fuzz.log
record $rc "libFuzzer ${FUZZ_SECONDS}s without a crash or failed round trip"

echo "== pg_regress"
OUT=$(mktemp -d /tmp/frontline-regress.XXXXXX)
chmod 777 "$OUT"
set +e
make -s installcheck REGRESS_OUTDIR="$OUT" >"$OUT/make.log" 2>&1
set -e
grep -E '^(test| +[a-z_]+ +\.\.\.)' "$OUT/make.log" || true
while read -r name status; do
    if [ "$status" = ok ]; then record 0 "pg_regress $name"; else record 1 "pg_regress $name"; fi
done < <(sed -nE 's/^(test|ok [0-9]+ +-|not ok [0-9]+ +-) +([a-z_]+) +\.\.\. ([a-zA-Z]+).*/\2 \3/p' "$OUT/make.log")
if ! grep -qE '^test ' "$OUT/make.log"; then cat "$OUT/make.log"; record 1 "pg_regress ran"; fi
if [ -f "$OUT/regression.diffs" ]; then head -100 "$OUT/regression.diffs"; fi

echo "== upgrade and dump/restore"
run_listing "upgrade and dump/restore" "$OUT/upgrade.log" bash test/upgrade_and_dump.sh

echo "== logical replication (a subscriber keeps its own cache)"
run_listing "logical replication" "$OUT/repl.log" bash test/replication.sh

echo "== physical hot standby (reads and tiles from a replica)"
run_listing "hot standby" "$OUT/standby.log" bash test/standby.sh

echo "== the README's read replica, as written (Debian's pg_createcluster)"
run_listing "README read replica" "$OUT/standby_readme.log" bash test/standby_readme.sh

echo "== concurrency (pgbench)"
run_listing "concurrency test" "$OUT/conc.log" bash test/concurrency.sh

echo "== the benchmark at scale XS (every workload, answers against the baselines)"
run_listing "bench smoke run" "$OUT/bench.log" bash test/bench_smoke.sh

echo "== demo answers"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE frontline_demo" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d frontline_demo -c "CREATE EXTENSION frontline CASCADE" -f data/load_sample.sql >/dev/null 2>&1
set +e
psql -X -v ON_ERROR_STOP=1 -d frontline_demo -f scripts/demo.sql >"$OUT/demo.out" 2>&1
rc=$?
set -e
# the article: Mazar-i-Sharif taken on 14 August, Kabul on 15 August
grep -qE '^ Sat 14 Aug \| Taliban +\| Taliban +\| Taliban +\| Afghan government \| Afghan government' "$OUT/demo.out" || rc=1
grep -qE '^ Sun 15 Aug \| Taliban +\| Taliban +\| Taliban +\| Taliban +\| Taliban' "$OUT/demo.out" || rc=1
# the radius story: Pul-e-Alam 61 km SSW of Kabul, the Taliban's closest approach on 13 August
grep -qE '^ Pul-e-Alam +\| 61 km SSW of Kabul' "$OUT/demo.out" || rc=1
grep -qE '^ Fri 13 Aug \| Pul-e-Alam +\| +61 \| SSW' "$OUT/demo.out" || rc=1
[ $rc -eq 0 ] || cat "$OUT/demo.out"
record $rc "demo answers the article's questions"

echo "== documentation examples"
run_listing "documentation examples" "$OUT/docs.log" bash test/docs_examples.sh frontline_demo

echo "== every public function called by the regression suites"
run_listing "regress coverage" "$OUT/coverage.log" bash test/regress_coverage.sh frontline_demo

echo "== clients: GDAL, the MVT driver, Chromium, pg_tileserv's and Martin's discovery"
run_listing "clients" "$OUT/clients.log" bash test/clients.sh

echo "== reference documentation generated from the COMMENTs"
run_listing "reference documentation" "$OUT/ref.log" bash scripts/reference.sh --check frontline_demo

echo "== memory checking: pg_regress under valgrind (scripts/memcheck.sh, started first)"
set +e
wait "$mempid"
rc=$?
set -e
tail -3 "$MEMLOG"
[ $rc -eq 0 ] || tail -60 "$MEMLOG"
rm -f "$MEMLOG"
record $rc "valgrind: no memory error through frontline or PROJ in the pg_regress suite"

rm -rf "$OUT"
echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
