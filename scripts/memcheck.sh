#!/usr/bin/env bash
# Memory checking of the server-side code: runs a throwaway PostgreSQL under
# valgrind memcheck (every backend, --trace-children) and runs pg_regress
# against it; fails when valgrind reports an error whose stack passes
# through frontline (frontline.so) or when a backend dies.
#
#   bash scripts/memcheck.sh                 (the suite without differential, series,
#                                             radius and cache, which repeat the same code paths on
#                                             more random data; scripts/test.sh runs this)
#   MEMCHECK_ALL=1 bash scripts/memcheck.sh  (every test; about 10 minutes)
#
# PostgreSQL's packaged server is not built with USE_VALGRIND, so memory
# inside palloc blocks is not checked chunk by chunk; valgrind still sees
# reads of uninitialised memory, invalid frees and accesses outside any
# block, in frontline and in PROJ.  The pure-C core, where all parsing
# happens, is checked byte by byte by the ASan unit tests and libFuzzer.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
PGPORT=54331
ensure_packages
build_install

PGWORK=$(mktemp -d /tmp/frontline-pg.XXXXXX)
chmod 755 "$PGWORK"
$SUDO chown postgres: "$PGWORK" 2>/dev/null || $SUDO chown postgres "$PGWORK"
trap stop_cluster EXIT
# TERM, INT or HUP (the test command's clean-up when it ends early, ^C) end
# the run at once and still stop the server (the EXIT trap): pg_regress runs
# in the background below, because bash runs a trap only once the foreground
# command has ended, and `wait` returns to it at once
trap 'kill "${makepid:-}" 2>/dev/null; exit 143' TERM INT HUP
as_postgres "$PGBIN/initdb" -D "$PGWORK/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres mkdir "$PGWORK/vg"
as_postgres cp test/valgrind.supp "$PGWORK/vg/supp"
( cd /tmp && as_postgres valgrind --quiet --trace-children=yes --error-limit=no --num-callers=40 \
      --suppressions="$PGWORK/vg/supp" --log-file="$PGWORK/vg/vg.%p.log" \
      "$PGBIN/postgres" -D "$PGWORK/data" -p "$PGPORT" -k "$PGWORK" -c listen_addresses='' -c fsync=off \
      -c frontline_test.statement_timeout=20min \
      >"$PGWORK/log" 2>&1 & )
export PGHOST=$PGWORK PGPORT PGUSER=postgres
for _ in $(seq 1 120); do psql -X -q -c "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done

tests=${MEMCHECK_TESTS:-"setup history_type history_agg geodesy model write_api read_api conflicts security bad_input history_index"}
[ -n "${MEMCHECK_ALL:-}" ] && tests=""
OUT=$(mktemp -d /tmp/frontline-memcheck.XXXXXX)
chmod 777 "$OUT"
set +e
if [ -n "$tests" ]; then
    make -s installcheck REGRESS_OUTDIR="$OUT" REGRESS="$tests" ISOLATION= >"$OUT/make.log" 2>&1 &
else
    make -s installcheck REGRESS_OUTDIR="$OUT" ISOLATION= >"$OUT/make.log" 2>&1 &
fi
makepid=$!
wait "$makepid"
rc=$?
set -e
grep -E '^(test| +[a-z_]+ +\.\.\.)' "$OUT/make.log" || cat "$OUT/make.log"
[ -f "$OUT/regression.diffs" ] && head -50 "$OUT/regression.diffs"
as_postgres "$PGBIN/pg_ctl" -D "$PGWORK/data" -m fast stop >/dev/null 2>&1 || true
sleep 2
# one valgrind error = a block starting "==pid== <message>" up to a blank "==pid== " line
ours=$(awk '/^==[0-9]+== [A-Z]/ {blk = $0 "\n"; next}
            /^==[0-9]+== +(at|by) / {blk = blk $0 "\n"; next}
            /^==[0-9]+== *$/ {if (blk ~ /frontline\.so|fl_[a-z_]+\.c|libproj|geodesic\.c/) {print blk; n++} blk = ""}
            END {print n + 0 > "/dev/stderr"}' "$PGWORK"/vg/vg.*.log 2>"$OUT/count" >"$OUT/ours.txt"; cat "$OUT/count")
others=$(grep -hcE '^==[0-9]+== [A-Z]' "$PGWORK"/vg/vg.*.log | awk '{s += $1} END {print s + 0}')
[ "$ours" -gt 0 ] && head -80 "$OUT/ours.txt"
if grep -q 'terminated by signal' "$PGWORK/log"; then grep -B2 -A5 'terminated by signal' "$PGWORK/log" | head -40; rc=1; fi
rm -rf "$OUT"
echo "memcheck: pg_regress exit $rc; valgrind errors through frontline or PROJ: $ours (PostgreSQL's own, not suppressed: $others)"
[ "$rc" -eq 0 ] && [ "$ours" -eq 0 ]
