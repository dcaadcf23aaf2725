-- Security: search_path capture, privileges, and row-level security on claims.
SET TimeZone = 'UTC';

-- 1. a hostile search_path cannot capture operators or functions used inside frontline
CREATE SCHEMA evil;
CREATE FUNCTION evil.texteq_trap(text, text) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'captured: evil.= was called'; END $$;
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.texteq_trap);
CREATE FUNCTION evil.fold_name(text) RETURNS text LANGUAGE sql AS $$ SELECT 'captured' $$;
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'captured: evil.lower was called'; END $$;
SET search_path = evil, pg_catalog, public;
SELECT frontline.control_at('Kandahar', '2021-08-14Z') AS kandahar,
       frontline.find_actor('taliban') AS actor,
       (SELECT count(*) FROM frontline.snapshot('2021-08-14Z')) AS snapshot_rows,
       (SELECT count(*) FROM frontline.changes('2021-08-01Z', '2021-09-01Z')) AS changes_rows;
SELECT frontline.add_actor('Captured?') > 0 AS write_ok;
RESET search_path;
DELETE FROM frontline.actor WHERE name = 'Captured?';
DROP SCHEMA evil CASCADE;

-- 2. privileges: a role without SELECT on the claims learns nothing through the functions
CREATE ROLE fl_nobody;
GRANT USAGE ON SCHEMA frontline TO fl_nobody;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor TO fl_nobody;
SET ROLE fl_nobody;
SELECT err($$SELECT frontline.control_at('Kabul', '2021-08-16Z')$$);
SELECT err($$SELECT frontline.history('Kabul')$$);
SELECT err($$SELECT * FROM frontline.snapshot('2021-08-16Z')$$);
SELECT err($$SELECT frontline.record_control('Kabul', 'Taliban', now())$$);
RESET ROLE;

-- 3. row-level security: hide AP's claims from an analyst role
CREATE ROLE fl_analyst;
GRANT USAGE ON SCHEMA frontline TO fl_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA frontline TO fl_analyst;
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY hide_ap ON frontline.control_event FOR SELECT TO fl_analyst USING (source IS DISTINCT FROM 'AP');
-- as the owner (RLS not applied): AP's Kandahar claim of the 12th counts
SELECT frontline.control_at('Kandahar', '2021-08-12 12:00Z') AS owner_sees,
       frontline.first_held(frontline.history('Kandahar'), 'Taliban') AS owner_first;
SET ROLE fl_analyst;
SELECT frontline.control_at('Kandahar', '2021-08-12 12:00Z') AS analyst_sees,
       frontline.control_at(frontline.find_place('Kandahar'), '2021-08-12 12:00Z') AS by_id,
       frontline.control_at('SRID=4326;POINT(65.71013 31.61332)'::geometry, '2021-08-12 12:00Z') AS by_point,
       frontline.first_held(frontline.history('Kandahar'), 'Taliban') AS analyst_first,
       frontline.control_at('Kandahar', '2021-08-12 12:00Z', ARRAY['AP']) AS asking_for_ap;
SELECT count(*) AS ap_changes FROM frontline.changes('2021-08-01Z', '2021-09-01Z') WHERE source = 'AP';
SELECT controller FROM frontline.snapshot('2021-08-12 12:00Z') WHERE place = 'Kandahar';
-- the analyst's answers equal the owner's answers computed without AP
RESET ROLE;
CREATE TEMP TABLE owner_view AS
  SELECT place_id, controller, since FROM frontline.snapshot('2021-08-13 00:00Z', ARRAY(SELECT DISTINCT source FROM frontline.control_event WHERE source IS DISTINCT FROM 'AP' AND source IS NOT NULL));
GRANT SELECT ON owner_view TO fl_analyst;
SET ROLE fl_analyst;
SELECT count(*) AS differing FROM (
  SELECT place_id, controller, since FROM frontline.snapshot('2021-08-13 00:00Z') s
   WHERE EXISTS (SELECT 1 FROM frontline.control_event e WHERE e.place_id = s.place_id AND e.source IS NOT NULL)
  EXCEPT SELECT * FROM owner_view) d;
RESET ROLE;
DROP POLICY hide_ap ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
DROP TABLE owner_view;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_analyst, fl_nobody;
REVOKE ALL ON SCHEMA frontline FROM fl_analyst, fl_nobody;
DROP ROLE fl_analyst;
DROP ROLE fl_nobody;
