-- The table: medians, ratio = best baseline time / frontline time, answers equal?
\set ON_ERROR_STOP 1
\pset footer off
SELECT r.workload, r.system, round(r.median_ms::numeric, 1) AS median_ms, r.rows,
       CASE WHEN r.system = 'frontline' THEN '' ELSE
            round((r.median_ms / f.median_ms)::numeric, 2)::text || 'x' END AS "baseline/frontline",
       CASE WHEN r.answer = f.answer THEN 'same' ELSE 'DIFFERENT' END AS answer,
       round(r.first_ms::numeric, 1) AS first_ms, round(r.last_ms::numeric, 1) AS last_ms
  FROM bench.results r JOIN bench.results f ON f.workload = r.workload AND f.system = 'frontline'
 ORDER BY r.workload, r.system <> 'frontline', r.system;
