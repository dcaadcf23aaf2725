#!/usr/bin/env bash
# Upgrade and dump/restore tests; needs a running cluster (PGHOST, PGPORT,
# PGUSER set, as scripts/test.sh does) and frontline installed.
#  1. install version 1.0, load the sample and random data, record answers;
#     ALTER EXTENSION frontline UPDATE; the answers must be identical, and the
#     updated extension must have exactly the objects (and definitions and
#     comments) of a fresh install of the newest version;
#  2. pg_dump that database, pg_restore it into a new one: identical answers
#     (queried with search_path = '').
# Prints "ok   ..." / "FAIL ..." lines; exit status = number of failures.
set -u
cd "$(dirname "$0")/.."
W=$(mktemp -d /tmp/frontline-upgrade.XXXXXX)
chmod 777 "$W"
fails=0
report() { if [ "$1" -eq 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
latest=$(sed -nE "s/^default_version = '([^']+)'/\1/p" frontline.control)

for db in fl_upgrade fl_fresh fl_restored; do q -c "DROP DATABASE IF EXISTS $db" 2>/dev/null; done
q -c "CREATE DATABASE fl_upgrade" -c "CREATE DATABASE fl_fresh"

# 1. upgrade
q -d fl_upgrade -c "CREATE EXTENSION frontline VERSION '1.0' CASCADE" >/dev/null 2>&1
q -d fl_upgrade -f data/load_sample.sql >/dev/null && q -d fl_upgrade -f test/sql/random_data.sql >/dev/null
q -d fl_upgrade -f test/sql/answers.sql >"$W/before.txt"
rc=$?
q -d fl_upgrade -c "ALTER EXTENSION frontline UPDATE" || rc=1
v=$(q -d fl_upgrade -Atc "SELECT extversion FROM pg_extension WHERE extname = 'frontline'")
[ "$v" = "$latest" ] || { echo "extversion after update is '$v', expected '$latest'"; rc=1; }
q -d fl_upgrade -f test/sql/answers.sql >"$W/after.txt" || rc=1
diff "$W/before.txt" "$W/after.txt" >"$W/upgrade.diff" || { head -20 "$W/upgrade.diff"; rc=1; }
[ "$(wc -l <"$W/before.txt")" -gt 1000 ] || { echo "too few answers recorded"; rc=1; }
report $rc "upgrade 1.0 -> $latest keeps data and answers ($(wc -l <"$W/before.txt") answer lines)"

q -d fl_fresh -c "CREATE EXTENSION frontline CASCADE" >/dev/null 2>&1
catalog="SELECT pg_describe_object(d.classid, d.objid, 0) AS object,
                coalesce(obj_description(d.objid, d.classid::regclass::name), '') AS comment,
                CASE WHEN d.classid = 'pg_proc'::regclass THEN
                     (SELECT concat_ws(' ', p.provolatile, p.proparallel, p.proisstrict, p.prosecdef, p.procost,
                                       p.prorows, p.proconfig, pg_get_function_result(p.oid),
                                       CASE WHEN p.prolang = 13 THEN p.prosrc END,
                                       CASE WHEN p.prokind = 'f' AND p.prolang <> 13 THEN pg_get_functiondef(p.oid) END)
                        FROM pg_proc p WHERE p.oid = d.objid) END AS definition
           FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
          WHERE d.deptype = 'e'
          UNION ALL  -- operator family members (strategy and support numbers) are not extension members
         SELECT pg_describe_object('pg_amop'::regclass, o.oid, 0), '', ''
           FROM pg_amop o JOIN pg_opfamily f ON f.oid = o.amopfamily
           JOIN pg_namespace n ON n.oid = f.opfnamespace AND n.nspname LIKE 'frontline%'
          UNION ALL
         SELECT pg_describe_object('pg_amproc'::regclass, o.oid, 0), '', ''
           FROM pg_amproc o JOIN pg_opfamily f ON f.oid = o.amprocfamily
           JOIN pg_namespace n ON n.oid = f.opfnamespace AND n.nspname LIKE 'frontline%'
          UNION ALL  -- what the tables hold is not members either: storage
                     -- parameters, columns (by name: an added column comes
                     -- last), indexes, constraints, triggers
         SELECT format('column %s.%s %s%s%s storage %s', a.attrelid::regclass, a.attname,
                       format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN ' not null' END,
                       ' default ' || pg_get_expr(ad.adbin, ad.adrelid), a.attstorage),
                coalesce(col_description(a.attrelid, a.attnum), ''), ''
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname LIKE 'frontline%'
           LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
          WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
          UNION ALL
         SELECT format('table %s with %s', c.oid::regclass, coalesce(c.reloptions::text, '()')), '', ''
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname LIKE 'frontline%'
          WHERE c.relkind IN ('r', 'p', 'm')
          UNION ALL
         SELECT format('index %s', pg_get_indexdef(i.indexrelid)), coalesce(obj_description(i.indexrelid, 'pg_class'), ''), ''
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname LIKE 'frontline%'
          UNION ALL
         SELECT format('constraint %s on %s: %s', o.conname, o.conrelid::regclass, pg_get_constraintdef(o.oid)),
                coalesce(obj_description(o.oid, 'pg_constraint'), ''), ''
           FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace AND n.nspname LIKE 'frontline%'
          UNION ALL
         SELECT format('trigger %s (enabled %s)', pg_get_triggerdef(t.oid), t.tgenabled),
                coalesce(obj_description(t.oid, 'pg_trigger'), ''), ''
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname LIKE 'frontline%'
          WHERE NOT t.tgisinternal
          ORDER BY 1"
q -d fl_upgrade -Atc "$catalog" >"$W/cat_upgraded.txt"
q -d fl_fresh -Atc "$catalog" >"$W/cat_fresh.txt"
rc=0
diff "$W/cat_fresh.txt" "$W/cat_upgraded.txt" >"$W/cat.diff" || { head -30 "$W/cat.diff"; rc=1; }
members=$(q -d fl_fresh -Atc "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline' WHERE d.deptype = 'e'")
report $rc "updated extension equals a fresh $latest install ($members members, with definitions, labels and comments; the tables' storage parameters, columns, indexes, constraints and triggers)"

rc=0
q -d fl_upgrade -Atc "
  SELECT (SELECT array_agg(w.place_id ORDER BY w.km, w.place_id)
            FROM frontline.within_radius('Kabul', 150, '2021-08-14 12:00+04:30', 'Taliban') w)
         = (SELECT array_agg(p.place_id ORDER BY frontline.geodesic_km(k.geom, p.geom), p.place_id)
              FROM frontline.place p, frontline.place k
             WHERE k.name = 'Kabul' AND frontline.geodesic_km(k.geom, p.geom) <= 150
               AND frontline.control_at(p.place_id, '2021-08-14 12:00+04:30') = 'Taliban')" >"$W/new.txt" || rc=1
[ "$(cat "$W/new.txt")" = "t" ] || { echo "within_radius after update differs from a scan: $(cat "$W/new.txt")"; rc=1; }
# the update filled the cache from the claims already there
c=$(q -d fl_upgrade -Atc "SELECT count(*) FROM frontline.cache_check()") || rc=1
[ "$c" = "0" ] || { echo "after the update $c places differ from their cached history"; rc=1; }
report $rc "functions new in $latest work on updated data; cache filled by the update"

# 1b. the update from 1.1 with hostile overloads of every function and
#     operator frontline uses planted in public and pg_temp, run by a
#     superuser whose search_path puts them first: nothing planted may run
rc=0
q -c "DROP DATABASE IF EXISTS fl_hostile_update" -c "CREATE DATABASE fl_hostile_update"
q -d fl_hostile_update -c "CREATE EXTENSION frontline VERSION '1.1' CASCADE" >/dev/null 2>&1 || rc=1
q -d fl_hostile_update -f data/load_sample.sql >/dev/null || rc=1
q -d fl_hostile_update -f test/sql/plant_hostile.sql \
  -c "SET search_path = public, pg_temp, pg_catalog" \
  -c "ALTER EXTENSION frontline UPDATE" \
  -c "SELECT 'answer', frontline.control_at('Kandahar', '2021-08-14 12:00+04:30')" \
  -c "RESET search_path" \
  -c "SELECT 'cache_ok', count(*) = 0 FROM frontline.cache_check()" \
  -c "SELECT 'version', extversion FROM pg_extension WHERE extname = 'frontline'" >"$W/hostile_update.txt" 2>&1 || rc=1
grep -q "^ version *| $latest" "$W/hostile_update.txt" || rc=1
grep -q 'HO001\|hostile' "$W/hostile_update.txt" && rc=1
grep -q "^ cache_ok | t" "$W/hostile_update.txt" || rc=1
grep -q "^ answer *| Taliban" "$W/hostile_update.txt" || rc=1
[ $rc -eq 0 ] || tail -20 "$W/hostile_update.txt"
report $rc "update 1.1 -> $latest with hostile overloads planted in public and pg_temp runs none of them"
q -c "DROP DATABASE IF EXISTS fl_hostile_update"

# 2. dump and restore
rc=0
pg_dump -Fc -f "$W/dump.fc" fl_upgrade || rc=1
q -c "CREATE DATABASE fl_restored"
pg_restore --exit-on-error -d fl_restored "$W/dump.fc" || rc=1
q -d fl_restored -f test/sql/answers.sql >"$W/restored.txt" || rc=1
diff "$W/after.txt" "$W/restored.txt" >"$W/restore.diff" || { head -20 "$W/restore.diff"; rc=1; }
# the sequences continue after the restored rows
q -d fl_restored -Atc "SELECT frontline.record_control('Kabul', 'Taliban', '2021-09-01Z', 'test') > (SELECT max(event_id) - 1 FROM frontline.control_event)" >"$W/seq.txt" || rc=1
[ "$(cat "$W/seq.txt")" = "t" ] || { echo "sequence did not continue"; rc=1; }
# the cache is not dumped: the restore rebuilt it through the triggers
c=$(q -d fl_restored -Atc "SELECT count(*) FROM frontline.cache_check()") || rc=1
[ "$c" = "0" ] || { echo "after the restore $c places differ from their cached history"; rc=1; }
c=$(q -d fl_restored -Atc "SELECT count(*) = (SELECT count(*) FROM frontline.place) FROM frontline_internal.control_cache") || rc=1
[ "$c" = "t" ] || { echo "after the restore the cache does not cover every place"; rc=1; }
report $rc "pg_dump -> pg_restore: identical snapshot, changes, histories and stored control_history values; cache rebuilt"

# 3. pg_restore --schema-only, then --data-only --disable-triggers: the cache is seen to be incomplete, the
#    answers come from the claims (identical), refresh_cache() restores it
rc=0
q -c "DROP DATABASE IF EXISTS fl_restored_nt" -c "CREATE DATABASE fl_restored_nt"
pg_restore --exit-on-error --schema-only -d fl_restored_nt "$W/dump.fc" || rc=1
pg_restore --exit-on-error --data-only --disable-triggers -d fl_restored_nt "$W/dump.fc" || rc=1
u=$(q -d fl_restored_nt -Atc "SELECT frontline.cache_usable()") || rc=1
[ "$u" = "f" ] || { echo "after pg_restore --disable-triggers the stale cache is used (cache_usable = $u)"; rc=1; }
q -d fl_restored_nt -f test/sql/answers.sql >"$W/restored_nt.txt" || rc=1
diff "$W/after.txt" "$W/restored_nt.txt" >"$W/restore_nt.diff" || { head -20 "$W/restore_nt.diff"; rc=1; }
# a write through the triggers (its own id, so that the sequence does not move), then its claim deleted: the
# cache is still not used (the write's claim id is the largest it has seen, but pg_restore's DISABLE TRIGGER
# left a stale note, one per cache), and the answers are unchanged
u=$(q -d fl_restored_nt -Atc "INSERT INTO frontline.control_event (event_id, place_id, at, state, actor, source)
                                  SELECT max(event_id) + 1, frontline.find_place('Kabul'), '2021-09-02Z', 'control', 'Taliban', 'test'
                                    FROM frontline.control_event RETURNING event_id > 0" \
      -c "DELETE FROM frontline.control_event WHERE event_id = (SELECT max(event_id) FROM frontline.control_event)" \
      -c "SELECT frontline.cache_usable()" -c "SELECT count(*) FROM frontline_internal.cache_note WHERE stale" | tr '\n' ' ') || rc=1
[ "$u" = "t f 2 " ] || { echo "after pg_restore --disable-triggers and a write through the triggers: $u"; rc=1; }
# pg_restore's ENABLE TRIGGER ALL left frontline's triggers in the origin mode (a logical-replication apply
# would fire none of them): refresh_cache() sets them back
s=$(q -d fl_restored_nt -Atc "SELECT count(*) > 0 FROM frontline_internal.cache_triggers() WHERE mode <> meant" \
      -c "SELECT frontline.refresh_cache() > 0" -c "SELECT frontline.cache_usable()" \
      -c "SELECT count(*) FROM frontline.cache_check()" \
      -c "SELECT count(*) FROM frontline_internal.cache_triggers() WHERE mode <> meant" | tr '\n' ' ') || rc=1
[ "$s" = "t t t 0 0 " ] || { echo "after refresh_cache (out of mode before, refreshed, used, stale, out of mode after): $s"; rc=1; }
q -d fl_restored_nt -f test/sql/answers.sql >"$W/refreshed.txt" || rc=1
diff "$W/after.txt" "$W/refreshed.txt" >"$W/refreshed.diff" || { echo "answers differ after refresh_cache"; head -20 "$W/refreshed.diff"; rc=1; }
report $rc "pg_restore --disable-triggers: stale cache detected, identical answers from the claims, refresh_cache() repairs it"

for db in fl_upgrade fl_fresh fl_restored fl_restored_nt; do q -c "DROP DATABASE IF EXISTS $db"; done
rm -rf "$W"
exit $fails
