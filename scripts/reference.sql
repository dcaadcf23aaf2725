-- Writes docs/reference.md from the catalogue: every object of the API
-- (schema frontline, names not starting with an underscore, not a type's
-- support function) with its signature, its COMMENT and a runnable example
-- (docs/examples.sql, under the last overload of each name).  Run by
-- scripts/reference.sh; the test command fails when docs/reference.md is
-- out of date.
\set examples `cat docs/examples.sql`
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = pg_catalog;
-- the library defines the settings (frontline.*) when it loads
SELECT frontline.compass(0) IS NOT NULL AS loaded \gset
\i scripts/api.sql
WITH ex AS (
    SELECT substring(chunk FROM '^-- example: ([a-z_0-9]+)') AS proname,
           btrim(regexp_replace(chunk, '^-- example: [a-z_0-9]+\n', ''), E'\n') AS example
      FROM regexp_split_to_table(:'examples', E'\n(?=-- example: )') chunk
     WHERE chunk ~ '^-- example: '),
fns AS (SELECT * FROM api_functions),
ext AS (
    SELECT d.classid, d.objid FROM pg_depend d
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
     WHERE d.deptype = 'e'),
rels AS (
    SELECT 'Views' AS section, c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') AS comment,
           (SELECT string_agg(format('%s %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS cols
      FROM ext JOIN pg_class c ON ext.classid = 'pg_class'::regclass AND c.oid = ext.objid
     WHERE c.relnamespace = 'frontline'::regnamespace AND c.relkind = 'v' AND c.relname !~ '^_'),
settings AS (
    SELECT s.name, s.vartype, s.boot_val, s.min_val, s.max_val, s.unit,
           s.short_desc || coalesce(' ' || s.extra_desc, '') AS comment
      FROM pg_settings s WHERE s.name LIKE 'frontline.%')
SELECT '# frontline reference' || E'\n\n'
    || 'Generated from the catalogue by `bash scripts/reference.sh` (every object of the API with its'
    || E'\n' || 'COMMENT, and an example from `docs/examples.sql` that the test command runs against the'
    || E'\n' || 'sample); the test command fails when this file is out of date or a function has no example.'
    || E'\n' || 'Names starting with an underscore and the schema `frontline_internal` are internal and not listed.' || E'\n'
    || (SELECT string_agg(sec, '' ORDER BY ord) FROM (
           SELECT min(f.ord) AS ord,
                  E'\n## ' || f.section || E'\n'
                  || string_agg(format(E'\n### `%s(%s)` → `%s`\n\n%s\n', f.proname, f.args, f.result, f.comment)
                                || CASE WHEN f.last THEN coalesce(E'\n```sql\n' || f.example || E'\n```\n',
                                                                  E'\nNo example yet.\n') ELSE '' END,
                                '' ORDER BY f.proname, f.args) AS sec
             FROM (SELECT f.*, ex.example,
                          f.args = max(f.args) OVER (PARTITION BY f.proname) AS last
                     FROM fns f LEFT JOIN ex ON ex.proname = f.proname) f GROUP BY f.section
           UNION ALL
           SELECT 100, E'\n## Views\n' || string_agg(format(E'\n### `%s` (%s)\n\n%s\n', r.relname, r.cols, r.comment)
                                                    || coalesce(E'\n```sql\n' || ex.example || E'\n```\n', E'\nNo example yet.\n'),
                                                    '' ORDER BY r.relname)
             FROM rels r LEFT JOIN ex ON ex.proname = r.relname
           UNION ALL
           SELECT 101, E'\n## Settings\n' || string_agg(format(E'\n### `%s` (%s, default %s%s)\n\n%s\n', g.name, g.vartype, g.boot_val,
                                                              CASE WHEN g.min_val IS NOT NULL
                                                                   THEN format(', from %s to %s', g.min_val, g.max_val) ELSE '' END,
                                                              g.comment)
                                                       || coalesce(E'\n```sql\n' || ex.example || E'\n```\n', E'\nNo example yet.\n'),
                                                       '' ORDER BY g.name)
             FROM settings g LEFT JOIN ex ON ex.proname = substring(g.name FROM '^frontline\.(.*)$')) s);
