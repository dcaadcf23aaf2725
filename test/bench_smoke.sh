#!/usr/bin/env bash
# The benchmark, run as a user runs it, at scale XS (2,000 places, 20,000
# claims, 2 runs a workload, 2 s a pgbench run; bench/run.sh XS): every
# workload runs to the end, frontline's answer equals every hand-written
# baseline's on every workload (the bench's own md5 of the sorted rows), every
# row of its table and every load reports its peak backend memory, the
# latency, load and record_control lines carry numbers, the cache is in step
# after the loads, and bench/RESULTS.md is left alone.  Timings are printed,
# never asserted.  Starts its own throwaway cluster (bench/run.sh).
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
cd "$(dirname "$0")/.."
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
log=$(mktemp /tmp/frontline-bench-smoke.XXXXXX)
before=$(md5sum bench/RESULTS.md | cut -d' ' -f1)
t0=$(date +%s)
bash bench/run.sh XS >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - t0 ))
grep -q '^== scale XS: not appended to bench/RESULTS.md$' "$log" || rc=1
[ $rc -eq 0 ] || tail -40 "$log"
report $rc "bench: bench/run.sh XS runs every workload to the end ($secs s)"
[ "$(md5sum bench/RESULTS.md | cut -d' ' -f1)" = "$before" ]
report $? "bench: the XS run leaves bench/RESULTS.md alone"

# the table: workload | system | median | rows | ratio | answer | first | last | peak_mb
rows=$(grep -E '^ [0-9]+[a-z]? [^|]+\| [^|]+\| +[0-9.]+ \| +[0-9]+ \|' "$log")
nfl=$(printf '%s\n' "$rows" | awk -F'|' '$2 ~ /^ frontline +$/' | grep -c .)
nbase=$(printf '%s\n' "$rows" | awk -F'|' '$2 !~ /^ frontline +$/' | grep -c .)
nsame=$(printf '%s\n' "$rows" | awk -F'|' '$6 ~ /^ same +$/' | grep -c .)
ndiff=$(printf '%s\n' "$rows" | awk -F'|' '$6 !~ /^ same +$/' | grep -c .)
[ "$nfl" -ge 24 ] && [ "$nbase" -ge 20 ] && [ "$ndiff" -eq 0 ] && [ "$nsame" -eq $((nfl + nbase)) ]
rc=$?
[ $rc -eq 0 ] || printf '%s\n' "$rows" | awk -F'|' '$6 !~ /^ same +$/'
report $rc "bench: on all $nfl workloads frontline answers as each of the $nbase baseline rows ($ndiff different)"
nomem=$(printf '%s\n' "$rows" | awk -F'|' '$9 !~ /[0-9]/' | grep -c .)
[ "$nomem" -eq 0 ] && printf '%s\n' "$rows" | grep -qE '^ 1e snapshot under row-level security +\| frontline +\|.*\| +[0-9.]+$'
report $? "bench: every row of the table has its peak backend memory, row-level security included ($nomem without)"
printf '%s\n' "$rows" | grep -qE '^ 1e snapshot under row-level security +\| \(c\) frontline before the policy is cached' \
  && grep -qE '^ +2000 \| +[0-9]+ \| [0-9]+ (bytes|kB|MB) +\| t$' "$log"
report $? "bench: row 1e reads the policy's cache (built for 2000 places, used by the role) and runs the same call from the claims"
num='[0-9]+(\.[0-9]+)?'
grep -qE "^ 5 control_at latency .*frontline $num ms .*latest claim $num ms .*baseline/frontline ${num}x$" "$log" \
  && grep -qE "^ 5b control_at latency, sources .*frontline $num ms .*sources $num ms .*filtered/unfiltered ${num}x$" "$log" \
  && grep -qE "^ 5c the floor: SELECT 1 .* $num ms " "$log" \
  && grep -qE "^ 10b control_at\(point\) latency .*frontline $num ms .*map $num ms .*baseline/frontline ${num}x" "$log"
report $? "bench: the pgbench latency lines (5, 5b, 5c, 10b) carry their numbers"
[ "$(grep -cE "^ bulk load of 2000 claims, .*frontline $num s .*frontline/copy ${num}x .*copy without foreign keys $num s, ${num}x$" "$log")" -eq 2 ] \
  && grep -qE "^ peak backend memory of the loads \(MB\) +\| frontline INSERT $num, COPY $num \| copy with foreign keys INSERT $num, COPY $num \| without foreign keys INSERT $num, COPY $num$" "$log" \
  && grep -qE "^ record_control, pgbench 2 clients 2 s +\| frontline $num claims/s \| plain INSERT into the copy $num rows/s .*\| frontline after a VACUUM of what the loads wrote $num claims/s$" "$log" \
  && grep -qE "^ a backfill at one instant among the claims, [0-9]+ claims .*frontline $num s .*frontline/copy ${num}x .*peak memory $num MB \| claims after it, per place: $num$" "$log" \
  && grep -qE '^ cache_check\(\) after the loads: 0 stale rows$' "$log"
rc=$?
[ $rc -eq 0 ] || grep -E '^ (bulk|peak|a backfill|record_control|cache_check)' "$log"
report $rc "bench: both bulk loads, a backfill, their memory and record_control (right after the loads and after a VACUUM) are measured, and cache_check() finds 0 stale rows after them"
grep -qE "^ the same with one row-level security policy cached \(2000 places\) \| INSERT \.\.\. SELECT $num s, ${num}x the copy \| COPY $num s, ${num}x the copy \| record_control $num claims/s \| policy_cache_check\(\) after: 0 stale rows \| record_control after a VACUUM $num claims/s$" "$log"
rc=$?
[ $rc -eq 0 ] || grep -E '^ the same with one row-level' "$log"
report $rc "bench: the loads and record_control (both ways) are measured again with a policy cached (2000 places), and policy_cache_check() finds 0 stale rows after them"
rm -f "$log"
exit "$fails"
