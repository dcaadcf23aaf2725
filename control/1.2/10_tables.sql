-- ------------------------------------------------------------------ 1.1 -> 1.2: tables
-- The cache leaves the frontline schema for frontline_internal (out of
-- reach of schema-wide grants), loses its row-level security policy and its
-- foreign key (no trigger but its guard may sit on it), and gains max_event.
-- Its five SECURITY DEFINER trigger functions are dropped at the end, once
-- the code files have pointed the triggers at the C marker.
CREATE SCHEMA frontline_internal;
REVOKE ALL ON SCHEMA frontline_internal FROM PUBLIC;
COMMENT ON SCHEMA frontline_internal IS
  'frontline''s derived data and internal helpers: not an API, not granted to anyone; maintained by frontline alone';
DROP POLICY control_cache_readers ON frontline.control_cache;
ALTER TABLE frontline.control_cache DISABLE ROW LEVEL SECURITY;
ALTER TABLE frontline.control_cache DROP CONSTRAINT control_cache_place_id_fkey;
REVOKE ALL ON frontline.control_cache FROM PUBLIC;
ALTER TABLE frontline.control_cache SET SCHEMA frontline_internal;
ALTER TABLE frontline_internal.control_cache ADD COLUMN max_event bigint;
CREATE INDEX control_cache_max_event ON frontline_internal.control_cache (max_event);
COMMENT ON TABLE frontline_internal.control_cache IS
  'Derived, not user data: the resolved control history of every place, under no filter, recomputed from the claims when a transaction that wrote them commits. Read it through frontline.place_history; rebuild it with frontline.refresh_cache()';
COMMENT ON COLUMN frontline_internal.control_cache.max_event IS 'Largest event_id among the place''s claims when the row was computed (NULL: none); detects loads made with the triggers off';

-- names must fold to a non-empty key; fold_name now folds every script, so
-- the indexes over it are rebuilt (two actors whose names now fold alike,
-- say Ёлки and Елки, make this fail: rename one first)
ALTER TABLE frontline.actor DROP CONSTRAINT actor_name_valid, ADD CONSTRAINT actor_name_valid CHECK (
        name <> '' AND octet_length(name) <= 1000 AND name = btrim(name, ' ')
        AND frontline.fold_name(name) <> ''
        AND name !~ '[[:cntrl:]]'
        AND lower(name) NOT IN ('contested', 'unknown'));
ALTER TABLE frontline.place DROP CONSTRAINT place_name_check,
    ADD CONSTRAINT place_name_valid CHECK (btrim(name) <> '' AND frontline.fold_name(name) <> '');
ALTER TABLE frontline.place_alias DROP CONSTRAINT place_alias_alias_check,
    ADD CONSTRAINT place_alias_alias_valid CHECK (btrim(alias) <> '' AND frontline.fold_name(alias) <> '');
REINDEX INDEX frontline.actor_name_folded;
REINDEX INDEX frontline.place_name_folded;
REINDEX INDEX frontline.place_alias_folded;
