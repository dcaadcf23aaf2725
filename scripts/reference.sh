#!/usr/bin/env bash
# Regenerates docs/reference.md and the README's API table (between its
# api-table markers) from the COMMENTs of an installed frontline (a database
# named by $1, default frontline_demo, on the cluster PGHOST/PGPORT point
# at); both come from the one query of scripts/api.sql.  With --check, only
# compares and exits 1 when either is out of date or a function is in no
# section.
set -euo pipefail
cd "$(dirname "$0")/.."
check=""
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
db=${1:-frontline_demo}
out=$(mktemp)
readme=$(mktemp)
trap 'rm -f "$out" "$out.diff" "$readme" "$readme.table"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/reference.sql >"$out"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f scripts/api_table.sql >"$readme.table"
rc=0
if grep -q '^No example yet\.$' "$out"; then
    echo "FAIL docs/reference.md: functions without an example in docs/examples.sql:"
    grep -B4 '^No example yet\.$' "$out" | sed -n 's/^### `\([a-z_0-9]*\)(.*/  \1/p'
    rc=1
fi
if grep -q '^| Unsorted |' "$readme.table"; then
    echo "FAIL functions in no section of scripts/api.sql:"; grep '^| Unsorted |' "$readme.table"
    rc=1
fi
# the README with the generated table between the markers
awk -v table="$readme.table" '
    /^<!-- api-table:/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
    /^<!-- \/api-table -->/ { skip = 0 }
    !skip { print }' README.md >"$readme"
if [ -n "$check" ]; then
    for pair in "docs/reference.md:$out" "README.md:$readme"; do
        f=${pair%%:*}; new=${pair#*:}
        if diff -u "$f" "$new" >"$out.diff"; then
            echo "ok   $f matches the catalogue"
        else
            head -30 "$out.diff"; echo "FAIL $f is out of date: run bash scripts/reference.sh"; rc=1
        fi
    done
    exit $rc
fi
cp "$out" docs/reference.md
cp "$readme" README.md
echo "wrote docs/reference.md and the API table of README.md"
exit $rc
