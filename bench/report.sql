-- The table: medians, ratio = best baseline time / frontline time, answers equal?
-- peak_mb: the backend's private memory peak over the workload's runs (workloads.sql)
\set ON_ERROR_STOP 1
\pset footer off
SELECT r.workload, r.system, round(r.median_ms::numeric, 1) AS median_ms, r.rows,
       CASE WHEN r.system = 'frontline' THEN '' ELSE
            round((r.median_ms / f.median_ms)::numeric, 2)::text || 'x' END AS "baseline/frontline",
       CASE WHEN r.answer = f.answer THEN 'same' ELSE 'DIFFERENT' END AS answer,
       round(r.first_ms::numeric, 1) AS first_ms, round(r.last_ms::numeric, 1) AS last_ms,
       round(r.peak_kb / 1024.0, 1) AS peak_mb
  FROM bench.results r JOIN bench.results f ON f.workload = r.workload AND f.system = 'frontline'
 ORDER BY r.workload, r.system <> 'frontline', r.system;

-- the floor (issue 14: the unfiltered snapshot within 2x of a bare scan of place)
SELECT round(f.median_ms::numeric, 1) AS bare_scan_ms, round(s.median_ms::numeric, 1) AS snapshot_ms,
       round((s.median_ms / f.median_ms)::numeric, 2)::text || 'x' AS "snapshot/bare scan"
  FROM bench.results f, bench.results s
 WHERE f.workload = '0 bare scan of place' AND s.workload = '1 snapshot' AND s.system = 'frontline';

-- filtered against unfiltered (issue 14: a filter costs at most 3x)
SELECT f.workload AS filtered, u.workload AS unfiltered, round(f.median_ms::numeric, 1) AS filtered_ms,
       round(u.median_ms::numeric, 1) AS unfiltered_ms, round((f.median_ms / u.median_ms)::numeric, 2)::text || 'x' AS "filtered/unfiltered"
  FROM (VALUES ('1c snapshot, sources AP+AFP', '1 snapshot'), ('1d snapshot, min_confidence 0.5', '1 snapshot'),
               ('8 snapshot as of a moment', '1 snapshot'), ('1e snapshot under row-level security', '1 snapshot'),
               ('2b daily series, 30 days, sources AP+AFP', '2c daily series, 30 days, no filter (for 2b)'),
               ('3b front_series, 30 days, sources AP+AFP', '3c front_series, 30 days, no filter (for 3b)'),
               ('4b within_radius 100 km, sources AP+AFP', '4 within_radius 100 km + controller'),
               ('4d history of 2,000 places, sources AP+AFP', '4c history of 2,000 places, no filter (for 4d)')) v(fw, uw)
  JOIN bench.results f ON f.workload = v.fw AND f.system = 'frontline'
  JOIN bench.results u ON u.workload = v.uw AND u.system = 'frontline'
 ORDER BY 1;

-- the policy cache of row 1e (frontline.cache_policy): its one-time build
SELECT places AS policy_cache_places, round(build_ms::numeric) AS build_ms, pg_size_pretty(bytes) AS size,
       used_by_the_role
  FROM bench.policy_cache;
