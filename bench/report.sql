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

-- the floor (issue 14: the unfiltered snapshot within 2x of a bare scan of
-- place); and the cache's rows with one C call each (0b), which no design
-- that calls a function per place goes below
SELECT round(f.median_ms::numeric, 1) AS bare_scan_ms, round(s.median_ms::numeric, 1) AS snapshot_ms,
       round((s.median_ms / f.median_ms)::numeric, 2)::text || 'x' AS "snapshot/bare scan",
       round(c.median_ms::numeric, 1) AS one_call_a_place_ms,
       round((c.median_ms / f.median_ms)::numeric, 2)::text || 'x' AS "one call a place/bare scan",
       round(a.median_ms::numeric, 1) AS control_at_a_place_ms,
       round((a.median_ms / f.median_ms)::numeric, 2)::text || 'x' AS "control_at a place/bare scan"
  FROM bench.results f JOIN bench.results s ON s.workload = '1 snapshot' AND s.system = 'frontline'
  LEFT JOIN bench.results c ON c.workload = '0b cache rows, one C call each'
  LEFT JOIN bench.results a ON a.workload = '0c cache rows, control_at on each'
 WHERE f.workload = '0 bare scan of place';

-- within_radius under a filter against its baseline (issue 14: 5x): the
-- baseline's search alone (4f) and frontline without a moment (4g: the
-- distance and bearing of every place, no claim read); a within_radius that
-- took no time for its controllers would gain baseline / 4g on the baseline
SELECT round(b.median_ms::numeric, 1) AS baseline_ms, round(f.median_ms::numeric, 1) AS baseline_search_alone_ms,
       round(w.median_ms::numeric, 1) AS frontline_ms, round(g.median_ms::numeric, 1) AS frontline_geometry_only_ms,
       round((b.median_ms / w.median_ms)::numeric, 2)::text || 'x' AS "frontline gains",
       round((b.median_ms / g.median_ms)::numeric, 2)::text || 'x' AS "with controllers free"
  FROM bench.results b
  JOIN bench.results w ON w.workload = b.workload AND w.system = 'frontline'
  LEFT JOIN bench.results f ON f.workload = '4f places within 100 km alone'
  LEFT JOIN bench.results g ON g.workload = '4g within_radius 100 km, geometry only'
 WHERE b.workload = '4b within_radius 100 km, sources AP+AFP' AND b.system <> 'frontline';

-- filtered against unfiltered (issue 14: a filter costs at most 3x)
SELECT f.workload AS filtered, u.workload AS unfiltered, round(f.median_ms::numeric, 1) AS filtered_ms,
       round(u.median_ms::numeric, 1) AS unfiltered_ms, round((f.median_ms / u.median_ms)::numeric, 2)::text || 'x' AS "filtered/unfiltered"
  FROM (VALUES ('1c snapshot, sources AP+AFP', '1 snapshot'), ('1d snapshot, min_confidence 0.5', '1 snapshot'),
               ('8 snapshot as of a moment', '1 snapshot'), ('1e snapshot under row-level security', '1 snapshot'),
               ('2b daily series, 30 days, sources AP+AFP', '2c daily series, 30 days, no filter (for 2b)'),
               ('3b front_series, 30 days, sources AP+AFP', '3c front_series, 30 days, no filter (for 3b)'),
               ('4b within_radius 100 km, sources AP+AFP', '4 within_radius 100 km + controller'),
               ('4d history of 2,000 places, sources AP+AFP', '4c history of 2,000 places, no filter (for 4d)'),
               ('1f snapshot with since, sources AP+AFP', '1g snapshot with since, no filter (for 1f)'),
               ('7c changes() over a week, sources AP+AFP', '7b changes() over a week')) v(fw, uw)
  JOIN bench.results f ON f.workload = v.fw AND f.system = 'frontline'
  JOIN bench.results u ON u.workload = v.uw AND u.system = 'frontline'
 ORDER BY 1;

-- the policy cache of row 1e (frontline.cache_policy): its one-time build
SELECT places AS policy_cache_places, round(build_ms::numeric) AS build_ms, pg_size_pretty(bytes) AS size,
       used_by_the_role
  FROM bench.policy_cache;
