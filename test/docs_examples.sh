#!/usr/bin/env bash
# Runs every ```sql block of README.md and docs/*.md against a database with
# the sample loaded (argument 1); a block that raises an error fails.
# Prints one "ok"/"FAIL" line per file; exit status = number of failures.
set -u
cd "$(dirname "$0")/.."
db=$1
fails=0
for f in README.md docs/*.md; do
    sql=$(awk '/^```sql$/ {on = 1; next} /^```$/ {on = 0} on' "$f")
    [ -n "$sql" ] || continue
    n=$(grep -c '^```sql$' "$f")
    if out=$(printf 'SET TimeZone = %s;\n%s\n' "'Asia/Kabul'" "$sql" | psql -X -q -v ON_ERROR_STOP=1 -d "$db" 2>&1 >/dev/null); then
        echo "ok   docs: the $n SQL examples of $f run"
    else
        echo "FAIL docs: an SQL example of $f fails: $out"
        fails=$((fails + 1))
    fi
done
exit $fails
