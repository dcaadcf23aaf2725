-- Security: search_path capture, privileges, and row-level security on claims.
\i test/sql/fixture.sql
-- the Afghanistan sample, with the claims conflicts.sql adds
\set ECHO none
\o /dev/null
SET client_min_messages = warning;
TRUNCATE frontline.control_event, frontline.place_alias, frontline.place, frontline.actor RESTART IDENTITY CASCADE;
\i sql/conflicts.sql
RESET client_min_messages;
RESET search_path;
RESET TimeZone;
\o
\unset ON_ERROR_STOP
\set ECHO all
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
-- the single-place reads in C query the claims by a saved plan when the
-- cache may not serve (here: the transaction's own pending write); an
-- integer = planted first in the path captures nothing there either
CREATE FUNCTION evil.int4eq_trap(integer, integer) RETURNS boolean LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'captured: evil.= (integer) was called'; END $$;
CREATE OPERATOR evil.= (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.int4eq_trap);
BEGIN;
INSERT INTO frontline.control_event (place_id, at, state, actor)
VALUES (frontline.find_place('Kandahar'), '2021-08-20Z', 'control', 'Taliban');
SELECT frontline.cache_usable() AS cache_serves,
       frontline.control_at(frontline.find_place('Kandahar'), '2021-08-21Z') AS kandahar_pending,
       frontline.transitions(frontline.history(frontline.find_place('Kandahar'), ARRAY['AP'])) >= 0 AS history_filtered_ok;
ROLLBACK;
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

-- row-level security on place: every read path shows only the places the
-- role may see (the cache is not used for such a role)
CREATE ROLE fl_regional;
GRANT USAGE ON SCHEMA frontline TO fl_regional;
GRANT SELECT ON frontline.place, frontline.place_alias, frontline.actor, frontline.control_event TO fl_regional;
ALTER TABLE frontline.place ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_kandahar ON frontline.place FOR SELECT TO fl_regional USING (name <> 'Kandahar');
SET ROLE fl_regional;
SELECT frontline.cache_usable() AS cache_used,
       (SELECT count(*) FROM frontline.snapshot('2021-08-14Z')) = (SELECT count(*) FROM frontline.place) AS snapshot_rows_are_visible_places,
       (SELECT count(*) FROM frontline.snapshot('2021-08-14Z') WHERE place = 'Kandahar') AS kandahar_rows,
       (SELECT count(*) FROM frontline.within_radius('Kabul', 2000, '2021-08-14Z') WHERE place = 'Kandahar') AS kandahar_in_radius,
       (SELECT count(*) FROM frontline.changes('2021-08-01Z', '2021-09-01Z') WHERE place = 'Kandahar') AS kandahar_changes;
RESET ROLE;
DROP POLICY not_kandahar ON frontline.place;
ALTER TABLE frontline.place DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline FROM fl_regional;
REVOKE ALL ON SCHEMA frontline FROM fl_regional;
DROP ROLE fl_regional;

-- escalation: a data-entry role granted every grantable privilege on every
-- table, sequence and function of both of frontline's schemas tries to run
-- code as the owner (a trigger on the cache) or to corrupt or empty the
-- derived data.  Nothing it attaches runs as anyone else, nothing it does
-- changes the cache, and the claims stay the truth.
CREATE ROLE fl_editor;
GRANT USAGE ON SCHEMA frontline, frontline_internal TO fl_editor;
GRANT ALL ON ALL TABLES IN SCHEMA frontline, frontline_internal TO fl_editor;
GRANT ALL ON ALL SEQUENCES IN SCHEMA frontline, frontline_internal TO fl_editor;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA frontline, frontline_internal TO fl_editor;
CREATE SCHEMA fl_editor_code AUTHORIZATION fl_editor;
CREATE TEMP TABLE cache_before AS SELECT place_id, history::text AS h FROM frontline_internal.control_cache;
\set VERBOSITY terse
SET ROLE fl_editor;
CREATE FUNCTION fl_editor_code.evil() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE WARNING 'editor code ran as %', current_user;
    RETURN NULL;
END $$;
-- TRIGGER privilege lets it attach a trigger...
CREATE TRIGGER evil AFTER INSERT OR UPDATE OR DELETE ON frontline_internal.control_cache
    FOR EACH STATEMENT EXECUTE FUNCTION fl_editor_code.evil();
-- ...but the commit-time maintenance, which runs as the owner, refuses to
-- write the cache while it is there: the claim is not stored either
INSERT INTO frontline.control_event (place_id, at, state, actor)
SELECT place_id, '2021-09-01Z', 'control', 'Taliban' FROM frontline.place WHERE name = 'Kabul';
SELECT frontline.refresh_cache();
SELECT frontline_internal.cache_apply(ARRAY[1], false, NULL, NULL, NULL);
-- the cache cannot be written, emptied, or changed in shape by it
TRUNCATE frontline_internal.control_cache;
DELETE FROM frontline_internal.control_cache;
UPDATE frontline_internal.control_cache SET history = '{}';
INSERT INTO frontline_internal.control_cache VALUES (-1, '{}', NULL);
CREATE RULE evil_rule AS ON UPDATE TO frontline_internal.control_cache DO ALSO NOTHING;
CREATE POLICY evil_policy ON frontline_internal.control_cache USING (true);
ALTER TABLE frontline_internal.control_cache DISABLE TRIGGER control_cache_guard;
DROP TRIGGER control_cache_guard ON frontline_internal.control_cache;
ALTER FUNCTION frontline_internal.cache_apply(integer[], boolean, timestamptz[], timestamptz[], boolean[]) SECURITY DEFINER;
CREATE OR REPLACE FUNCTION frontline_internal.cache_apply(place_ids integer[], every_place boolean, written_from timestamptz[], written_at timestamptz[], one_instant boolean[]) RETURNS integer
    LANGUAGE sql AS 'SELECT 0';
RESET ROLE;
\set VERBOSITY default
-- nothing changed; once the owner drops the foreign trigger, writing works again
SELECT count(*) AS cache_rows_changed FROM (
    SELECT place_id, history::text FROM frontline_internal.control_cache
    EXCEPT SELECT place_id, h FROM cache_before) x;
SELECT count(*) AS claims_of_sept FROM frontline.control_event WHERE at = '2021-09-01Z';
DROP TRIGGER evil ON frontline_internal.control_cache;
SET ROLE fl_editor;
INSERT INTO frontline.control_event (place_id, at, state, actor)
SELECT place_id, '2021-09-01Z', 'control', 'Taliban' FROM frontline.place WHERE name = 'Kabul';
RESET ROLE;
SELECT count(*) AS stale_places FROM frontline.cache_check();
-- the same for the table of claim sets: its guard refuses the editor's
-- writes, and code attached to it stops the maintenance too
CREATE TEMP TABLE claims_before AS SELECT place_id, claims::text AS k FROM frontline_internal.claim_cache;
\set VERBOSITY terse
SET ROLE fl_editor;
CREATE TRIGGER evil AFTER UPDATE ON frontline_internal.claim_cache
    FOR EACH STATEMENT EXECUTE FUNCTION fl_editor_code.evil();
INSERT INTO frontline.control_event (place_id, at, state, actor)
SELECT place_id, '2021-09-02Z', 'control', 'Taliban' FROM frontline.place WHERE name = 'Kabul';
TRUNCATE frontline_internal.claim_cache;
UPDATE frontline_internal.claim_cache SET claims = NULL;
INSERT INTO frontline_internal.claim_cache VALUES (-1, NULL);
ALTER TABLE frontline_internal.claim_cache DISABLE TRIGGER claim_cache_guard;
RESET ROLE;
\set VERBOSITY default
SELECT count(*) AS claim_sets_changed FROM (
    SELECT place_id, claims::text FROM frontline_internal.claim_cache
    EXCEPT SELECT place_id, k FROM claims_before) x;
SELECT count(*) AS claims_of_sept_2 FROM frontline.control_event WHERE at = '2021-09-02Z';
DROP TRIGGER evil ON frontline_internal.claim_cache;
SELECT count(*) AS stale_places FROM frontline.cache_check();
DELETE FROM frontline.control_event WHERE at = '2021-09-01Z';
-- and for the cache's notes: the editor cannot write them, and code it
-- attaches to them stops the owner's ALTER TABLE that would write one (the
-- event trigger frontline_cache_triggers writes it as the owner)
\set VERBOSITY terse
SET ROLE fl_editor;
INSERT INTO frontline_internal.cache_note (cache, stale, reason) VALUES ('claims', false, 'forged');
DELETE FROM frontline_internal.cache_note;
SELECT frontline_internal.cache_note_disabled();
CREATE TRIGGER evil AFTER INSERT ON frontline_internal.cache_note
    FOR EACH STATEMENT EXECUTE FUNCTION fl_editor_code.evil();
RESET ROLE;
ALTER TABLE frontline.control_event DISABLE TRIGGER control_event_cache_insert;
\set VERBOSITY default
SELECT t.tgenabled <> 'D' AS insert_trigger_still_enabled FROM pg_trigger t
 WHERE t.tgname = 'control_event_cache_insert' AND t.tgrelid = 'frontline.control_event'::regclass;
SELECT count(*) AS notes FROM frontline_internal.cache_note;
DROP TRIGGER evil ON frontline_internal.cache_note;
-- and for the ground cache of the areas: code the editor attaches to it
-- stops the commit-time recomputation of the ground, so the area claim is
-- not stored either
SET ROLE fl_editor;
CREATE TRIGGER evil AFTER INSERT ON frontline_internal.area_ground
    FOR EACH STATEMENT EXECUTE FUNCTION fl_editor_code.evil();
RESET ROLE;
\set VERBOSITY terse
INSERT INTO frontline.control_area (layer, geom, at, state, actor)
VALUES ('security', ST_Multi(ST_MakeEnvelope(1, 1, 2, 2, 4326)), '2021-09-05Z', 'control', 'Taliban');
\set VERBOSITY default
SELECT count(*) AS area_claims_stored FROM frontline.control_area WHERE layer = 'security';
DROP TRIGGER evil ON frontline_internal.area_ground;
DROP SCHEMA fl_editor_code CASCADE;
REVOKE ALL ON ALL TABLES IN SCHEMA frontline, frontline_internal FROM fl_editor;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA frontline, frontline_internal FROM fl_editor;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA frontline, frontline_internal FROM fl_editor;
REVOKE ALL ON SCHEMA frontline, frontline_internal FROM fl_editor;
DROP ROLE fl_editor;

-- The gate remembers, per backend, whether the user may read the claims and
-- places with no row-level security; what it remembers follows the
-- catalogue within this one session: a grant through a role, its
-- revocation, row security turned on with a policy, BYPASSRLS, and a
-- REVOKE inside the transaction that then reads.
CREATE ROLE fl_gate_reader;
CREATE ROLE fl_gate_readers;
GRANT USAGE ON SCHEMA frontline TO fl_gate_reader;
GRANT SELECT ON frontline.place TO fl_gate_reader;
GRANT SELECT ON frontline.control_event TO fl_gate_readers;
CREATE TEMP TABLE gate (step text, usable boolean, rows_seen bigint);
GRANT INSERT ON gate TO fl_gate_reader;
-- gate(step): as fl_gate_reader, is the cache usable, and how many cache
-- rows does place_history show?
CREATE FUNCTION pg_temp.gate(step text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('role', 'fl_gate_reader', true);
    INSERT INTO pg_temp.gate SELECT step, frontline.cache_usable(), (SELECT count(*) FROM frontline.place_history);
    PERFORM set_config('role', 'none', true);
END
$$;
SELECT pg_temp.gate('1 not a member: no right on the claims');
GRANT fl_gate_readers TO fl_gate_reader;
SELECT pg_temp.gate('2 a member of the role that may read them');
ALTER TABLE frontline.control_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY gate_s1 ON frontline.control_event FOR SELECT TO fl_gate_readers USING (source = 's1');
SELECT pg_temp.gate('3 row security on, a policy for it');
ALTER ROLE fl_gate_reader BYPASSRLS;
SELECT pg_temp.gate('4 BYPASSRLS');
ALTER ROLE fl_gate_reader NOBYPASSRLS;
SELECT pg_temp.gate('5 NOBYPASSRLS again');
DROP POLICY gate_s1 ON frontline.control_event;
ALTER TABLE frontline.control_event DISABLE ROW LEVEL SECURITY;
SELECT pg_temp.gate('6 row security off');
BEGIN;
SELECT pg_temp.gate('7 in a transaction, before the revoke');
REVOKE fl_gate_readers FROM fl_gate_reader;
SELECT pg_temp.gate('8 the same transaction, after the revoke');
COMMIT;
SELECT pg_temp.gate('9 after commit');
SELECT step, usable, rows_seen > 0 AS sees_cache_rows FROM gate ORDER BY step;
DROP TABLE gate;
REVOKE ALL ON SCHEMA frontline FROM fl_gate_reader;
REVOKE ALL ON frontline.place FROM fl_gate_reader;
REVOKE ALL ON frontline.control_event FROM fl_gate_readers;
DROP ROLE fl_gate_reader;
DROP ROLE fl_gate_readers;
