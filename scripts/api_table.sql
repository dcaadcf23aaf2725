-- Writes the README's API table (between its api-table markers) from the
-- catalogue: per section of scripts/api.sql, every function with the names
-- of its arguments (overloads of one arity that differ in one argument's
-- name merged: place | place_id),
-- then the views.  Run by scripts/reference.sh, which checks it with
-- docs/reference.md.
\pset format unaligned
\pset tuples_only on
\pset footer off
SET search_path = pg_catalog;
\i scripts/api.sql
WITH a AS (
    SELECT section, ord, proname, cardinality(arg_names) AS n, arg_names FROM api_functions),
pos AS (
    SELECT a.section, a.ord, a.proname, a.n, u.i,
           string_agg(DISTINCT u.name, ' \| ' ORDER BY u.name) AS names, count(DISTINCT u.name) AS k
      FROM a, unnest(a.arg_names) WITH ORDINALITY u(name, i) GROUP BY 1, 2, 3, 4, 5),
-- overloads of one arity that differ in one argument's name are one entry
merged AS (
    SELECT section, ord, proname, n FROM pos GROUP BY 1, 2, 3, 4
    HAVING count(*) FILTER (WHERE k > 1) <= 1),
fn AS (
    SELECT p.section, p.ord, p.proname, format('`%s(%s)`', p.proname, string_agg(p.names, ', ' ORDER BY p.i)) AS sig
      FROM pos p JOIN merged m USING (section, ord, proname, n) GROUP BY 1, 2, 3, m.n
    UNION ALL
    SELECT a.section, a.ord, a.proname, format('`%s(%s)`', a.proname, array_to_string(a.arg_names, ', '))
      FROM a WHERE NOT EXISTS (SELECT FROM merged m WHERE (m.section, m.proname, m.n) = (a.section, a.proname, a.n))),
views AS (
    SELECT string_agg(format('`%s`', c.relname), ', ' ORDER BY c.relname) AS names
      FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'frontline'
      JOIN pg_class c ON d.classid = 'pg_class'::regclass AND c.oid = d.objid
     WHERE d.deptype = 'e' AND c.relnamespace = 'frontline'::regnamespace AND c.relkind = 'v'
       AND c.relname !~ '^_')
SELECT '| section | functions (argument names; details in docs/reference.md) |' || E'\n' || '|---|---|' || E'\n'
    || (SELECT string_agg(format('| %s | %s |', section, sigs), E'\n' ORDER BY ord)
          FROM (SELECT section, ord, string_agg(sig, ', ' ORDER BY proname, sig) AS sigs FROM fn GROUP BY 1, 2) s)
    || E'\n' || format('| Views | %s |', (SELECT names FROM views));
