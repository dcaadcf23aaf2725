-- Answers that must not change across ALTER EXTENSION UPDATE and across
-- pg_dump/pg_restore.  Runs with search_path = '' (as pg_dump's restore
-- does), so every name is qualified.  Output is plain text for diff.
SET search_path = '';
SET TimeZone = 'UTC';
\pset format unaligned
\pset footer off
SELECT 'snapshot', t, s.place_id, s.controller, s.since
  FROM unnest(ARRAY['2021-08-05Z', '2021-08-12 12:00Z', '2021-08-14Z', '2021-08-16Z', '2022-01-20Z']::timestamptz[]) t,
       frontline.snapshot(t) s
 ORDER BY 2, 3;
SELECT 'changes', c.* FROM frontline.changes('2021-01-01Z', '2023-01-01Z') c ORDER BY c.at, c.place_id;
SELECT 'history', p.place_id, frontline.history(p.place_id)::text FROM frontline.place p ORDER BY 2;
SELECT 'history_ap', p.place_id, frontline.history(p.place_id, ARRAY['AP', 'AFP'], 0.5)::text FROM frontline.place p ORDER BY 2;
SELECT 'control_at', p.place_id, frontline.control_at(p.place_id, '2021-08-13 06:00Z') FROM frontline.place p ORDER BY 2;
SELECT 'counts', (SELECT count(*) FROM frontline.control_event), (SELECT count(*) FROM frontline.place),
       (SELECT count(*) FROM frontline.place_alias), (SELECT count(*) FROM frontline.actor),
       (SELECT last_value FROM frontline.control_event_event_id_seq);
SELECT 'saved', s.id, s.h::text, s.h OPERATOR(frontline.=) frontline.history(s.id) FROM public.saved_histories s ORDER BY 2;
