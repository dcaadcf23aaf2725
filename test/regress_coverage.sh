#!/usr/bin/env bash
# Every public function of the extension (schema frontline, a name that does
# not start with "_") is called by name in a pg_regress file (sql/*.sql) or
# an isolation spec (specs/*.spec), where its answers and its errors are
# asserted.  Left out: the functions a type, operator, aggregate, operator
# class or trigger calls (I/O, comparison, support), which those suites
# reach through the type, the operator or the aggregate.  Internal helpers
# ("_" names, frontline_internal) are reached through the functions that
# call them.  Argument 1: a database with the extension installed.
# Prints one "ok"/"FAIL" line; exit status 1 when a function is missing.
set -u
cd "$(dirname "$0")/.."
db=$1
names=$(psql -X -At -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
SELECT DISTINCT p.proname
  FROM pg_proc p
  JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
 WHERE p.pronamespace = 'frontline'::regnamespace
   AND p.proname NOT LIKE '\_%'
   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
   AND NOT EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprcode = p.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_amproc a WHERE a.amproc = p.oid)
   AND NOT EXISTS (SELECT 1 FROM pg_aggregate g
                    WHERE p.oid IN (g.aggtransfn, g.aggfinalfn, g.aggcombinefn, g.aggserialfn, g.aggdeserialfn))
   AND NOT EXISTS (SELECT 1 FROM pg_type t
                    WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend, t.typanalyze))
 ORDER BY 1
SQL
) || { echo "FAIL regress coverage: could not list the functions of $db"; exit 1; }
[ -n "$names" ] || { echo "FAIL regress coverage: $db lists no function of frontline"; exit 1; }
# the suites' text without their comment lines: a function named only in a
# comment is not called
calls=$(cat sql/*.sql specs/*.spec | grep -vE '^[[:space:]]*(--|#)')
missing=()
for n in $names; do
    grep -qE "(^|[^a-z0-9_])$n *\(" <<<"$calls" || missing+=("$n")
done
count=$(echo "$names" | wc -l)
if [ ${#missing[@]} -eq 0 ]; then
    echo "ok   regress coverage: each of the $count public functions is called in sql/ or specs/"
else
    echo "FAIL regress coverage: not called in sql/ or specs/: ${missing[*]}"
    exit 1
fi
