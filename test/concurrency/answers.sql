-- derived state after the run (compared between the live and the replayed database)
SET TimeZone = 'UTC';
\pset format unaligned
\pset footer off
SELECT 'snapshot', t, s.place_id, s.controller, s.since
  FROM generate_series(timestamptz '2021-08-01Z', '2021-11-25Z', '1 day') t, frontline.snapshot(t) s ORDER BY 2, 3;
SELECT 'changes', c.* FROM frontline.changes('2021-01-01Z', '2023-01-01Z') c ORDER BY c.at, c.place_id;
SELECT 'history', p.place_id, frontline.history(p.place_id, NULL, 0.3)::text FROM frontline.place p ORDER BY 2;
SELECT 'front', f.* FROM frontline.front_series('Taliban', 'Kabul', '2021-08-01Z', '2021-11-25Z', '1 day') f;
SELECT 'claims', count(*), count(DISTINCT (place_id, at, state, actor, source, confidence)) FROM frontline.control_event;
