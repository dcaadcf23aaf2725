#!/usr/bin/env bash
# Regenerates docs/reference.md from the COMMENTs of an installed frontline
# (a database named by $1, default frontline_demo, on the cluster PGHOST/PGPORT
# point at).  With --check, only compares and exits 1 when it is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
check=""
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
db=${1:-frontline_demo}
out=$(mktemp)
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/reference.sql >"$out"
if grep -q '^No example yet\.$' "$out"; then
    echo "FAIL docs/reference.md: functions without an example in docs/examples.sql:"
    grep -B4 '^No example yet\.$' "$out" | sed -n 's/^### `\([a-z_0-9]*\)(.*/  \1/p'
    [ -n "$check" ] && { rm -f "$out"; exit 1; }
fi
if [ -n "$check" ]; then
    if diff -u docs/reference.md "$out" >"$out.diff"; then
        echo "ok   docs/reference.md matches the catalogue"; rm -f "$out" "$out.diff"; exit 0
    fi
    head -30 "$out.diff"
    echo "FAIL docs/reference.md is out of date: run bash scripts/reference.sh"
    rm -f "$out" "$out.diff"; exit 1
fi
mv "$out" docs/reference.md
echo "wrote docs/reference.md"
