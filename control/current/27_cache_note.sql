-- ------------------------------------------------------------------ cache notes (new in 1.2)
-- What the caches need to know about themselves as a whole, beyond their
-- rows: whether a load may have bypassed the triggers that keep them (a
-- stale note: reads then come from the claims until refresh_cache()), and
-- the largest claim id seen by cache rows that were deleted with their
-- places (so that deleting a place does not make the rest of the cache look
-- incomplete).  An append-only table: a flush or an ALTER TABLE adds a row,
-- and only a rebuild of every place (refresh_cache, TRUNCATE) deletes them,
-- so no two writers ever wait on, or fail with 40001 at, the same row.
-- Created by fresh installs and by the 1.1 -> 1.2 update alike (the Makefile
-- puts this file in both scripts).  docs/cache.md, "Is the cache complete?".

CREATE TABLE frontline_internal.cache_note (
    cache     text NOT NULL CONSTRAINT cache_note_cache CHECK (cache IN ('claims', 'areas')),
    noted_at  timestamptz NOT NULL DEFAULT now(),
    stale     boolean NOT NULL DEFAULT false,
    max_event bigint,
    reason    text NOT NULL
);
COMMENT ON TABLE frontline_internal.cache_note IS
  'Derived, not user data: notes about the caches as a whole, written by frontline alone (a stale note when a cache trigger was disabled; the largest claim id seen by the cache rows of deleted places); frontline.refresh_cache() clears them';
COMMENT ON COLUMN frontline_internal.cache_note.cache IS 'Which cache: claims (control_cache, claim_cache and the policies'' claim sets) or areas (the ground cache)';
COMMENT ON COLUMN frontline_internal.cache_note.noted_at IS 'When the note was written (the start of its transaction)';
COMMENT ON COLUMN frontline_internal.cache_note.stale IS 'True: the cache may lack writes made while one of its triggers was disabled; reads come from the claims until refresh_cache()';
COMMENT ON COLUMN frontline_internal.cache_note.max_event IS 'The largest claim id that cache rows deleted with their places had seen: frontline._cache_state counts it as seen';
COMMENT ON COLUMN frontline_internal.cache_note.reason IS 'Why the note was written, in words';

-- frontline's cache triggers on its tables, the cache each keeps and the
-- mode it is meant to be in: ENABLE ALWAYS, so that it fires under
-- session_replication_role = replica too (a logical-replication apply); the
-- row triggers named *_replica ENABLE REPLICA, so that they fire only then
-- (50_cache.sql, 62_area_cache.sql).
CREATE FUNCTION frontline_internal.cache_triggers()
RETURNS TABLE (rel regclass, trigger_name name, cache text, mode "char", meant "char")
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.tgrelid::regclass, t.tgname,
           CASE WHEN c.relname IN ('control_area', 'area_layer') THEN 'areas' ELSE 'claims' END,
           t.tgenabled, CASE WHEN t.tgname LIKE '%\_replica' THEN 'R' ELSE 'A' END::"char"
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace s ON s.oid = c.relnamespace AND s.nspname = 'frontline'
      JOIN pg_proc f ON f.oid = t.tgfoid
      JOIN pg_namespace fs ON fs.oid = f.pronamespace AND fs.nspname = 'frontline_internal'
     WHERE f.proname IN ('cache_mark', 'area_mark')
       AND c.relname IN ('control_event', 'place', 'control_area', 'area_layer')
$$;
REVOKE ALL ON FUNCTION frontline_internal.cache_triggers() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.cache_triggers() IS
  'Internal: frontline''s cache triggers on its tables, the cache each keeps (claims or areas), its mode (pg_trigger.tgenabled) and the mode it is meant to be in (A, or R for the *_replica row triggers)';

-- Is one of them out of its mode?  A stale note per cache for each that is
-- (unless one is there already).  Run as the cache's owner by the event
-- trigger below, after every ALTER TABLE by a role that may alter
-- frontline's tables outside an extension script: ALTER TABLE ... DISABLE
-- TRIGGER (what pg_restore --disable-triggers runs first) is the way to
-- write claims, places or area claims the caches do not see, and ENABLE
-- TRIGGER (ALL) after it leaves them enabled in the origin mode (O), where
-- they do not fire for a logical-replication apply.  The ids of such rows
-- are not enough to tell (_cache_state): the next write through the
-- triggers would carry the largest id the cache has seen past them.
CREATE FUNCTION frontline_internal.cache_note_disabled() RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    -- usually no trigger of a cache without a stale note is out of its
    -- mode, and then nothing is written (not even an empty INSERT, whose
    -- statement triggers would run)
    IF NOT EXISTS (SELECT 1 FROM frontline_internal.cache_triggers() t
                    WHERE t.mode <> t.meant
                      AND NOT EXISTS (SELECT 1 FROM frontline_internal.cache_note n WHERE n.stale AND n.cache = t.cache)) THEN
        RETURN 0;
    END IF;
    -- code attached to the notes would run as the owner (50_cache.sql)
    PERFORM frontline_internal.refuse_foreign_code(ARRAY['frontline_internal.cache_note']::regclass[], 'cache');
    INSERT INTO frontline_internal.cache_note (cache, stale, reason)
    SELECT t.cache, true,
           'writes may have bypassed the cache: its triggers were disabled, or left out of their mode, on '
           || string_agg(DISTINCT t.rel::text, ', ' ORDER BY t.rel::text)
      FROM frontline_internal.cache_triggers() t
     WHERE t.mode <> t.meant
       AND NOT EXISTS (SELECT 1 FROM frontline_internal.cache_note n WHERE n.stale AND n.cache = t.cache)
     GROUP BY t.cache ORDER BY 1;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.cache_note_disabled() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.cache_note_disabled() IS
  'Internal, run by the event trigger frontline_cache_triggers as the cache''s owner: writes a stale note for each cache one of whose triggers on frontline''s tables is disabled or out of its mode (frontline_internal.cache_triggers); returns how many notes it wrote';

-- refresh_cache() first sets the cache triggers back in their modes (as the
-- cache's owner, who owns the tables too), so that the caches it rebuilds
-- are kept again from then on, on a logical-replication subscriber as well.
CREATE FUNCTION frontline_internal.cache_trigger_modes() RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    n integer := 0;
BEGIN
    FOR t IN SELECT c.rel, c.trigger_name, c.meant FROM frontline_internal.cache_triggers() c
              WHERE c.mode <> c.meant ORDER BY c.rel::text, c.trigger_name LOOP
        EXECUTE format('ALTER TABLE %s ENABLE %s TRIGGER %I', t.rel,
                       CASE t.meant WHEN 'R' THEN 'REPLICA' ELSE 'ALWAYS' END, t.trigger_name);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.cache_trigger_modes() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.cache_trigger_modes() IS
  'Internal, run by refresh_cache() as the cache''s owner: sets each of frontline''s cache triggers that is disabled or out of its mode back to it (ENABLE ALWAYS, or ENABLE REPLICA for the *_replica ones); returns how many it set';

-- The event trigger's function is C (src/fl_cache_sql.c): it runs the
-- check above as the cache's owner, and only for a role that has the
-- rights of the owner of frontline.control_event (nobody else can alter
-- frontline's tables; other roles' ALTER TABLE costs them nothing).  Event
-- triggers have no CREATE OR REPLACE: created here, with the table.
CREATE FUNCTION frontline_internal.cache_ddl() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'frontline_cache_ddl' LANGUAGE C;
REVOKE ALL ON FUNCTION frontline_internal.cache_ddl() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.cache_ddl() IS
  'Internal event trigger function: after ALTER TABLE outside an extension script, notes a cache stale when one of its triggers on frontline''s tables is disabled or out of its mode (frontline_internal.cache_note_disabled)';
CREATE EVENT TRIGGER frontline_cache_triggers ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION frontline_internal.cache_ddl();
COMMENT ON EVENT TRIGGER frontline_cache_triggers IS
  'frontline: when a cache trigger on frontline''s tables is disabled (pg_restore --disable-triggers) or out of its mode, notes the cache stale: reads come from the claims until frontline.refresh_cache(), which sets the triggers back';
