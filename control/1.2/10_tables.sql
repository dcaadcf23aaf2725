-- ------------------------------------------------------------------ 1.1 -> 1.2: tables
-- The cache leaves the frontline schema for frontline_internal (out of
-- reach of schema-wide grants), loses its row-level security policy and its
-- foreign key (no trigger but its guard may sit on it), and gains max_event.
-- Its five SECURITY DEFINER trigger functions are dropped at the end, once
-- the code files have pointed the triggers at the C marker.
-- the 1.1 cache triggers go first (they write the cache where it no longer
-- is); the code files create 1.2's, and the update ends with refresh_cache()
DROP TRIGGER control_event_cache_insert ON frontline.control_event;
DROP TRIGGER control_event_cache_update ON frontline.control_event;
DROP TRIGGER control_event_cache_delete ON frontline.control_event;
DROP TRIGGER control_event_cache_truncate ON frontline.control_event;
DROP TRIGGER place_cache_insert ON frontline.place;
CREATE SCHEMA frontline_internal;
REVOKE ALL ON SCHEMA frontline_internal FROM PUBLIC;
COMMENT ON SCHEMA frontline_internal IS
  'frontline''s derived data and internal helpers: not an API, not granted to anyone; maintained by frontline alone';

-- claim_set: every claim about one place, sorted, with its source,
-- confidence and report time (src/fl_claims.h), so that reads under a
-- sources / min_confidence / as_of filter resolve from the cache in C.  No
-- input or binary form: only the cache's aggregate builds one.
CREATE TYPE frontline_internal.claim_set;
CREATE FUNCTION frontline_internal.claim_set_in(cstring) RETURNS frontline_internal.claim_set
    AS 'MODULE_PATHNAME', 'frontline_claim_set_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline_internal.claim_set_out(frontline_internal.claim_set) RETURNS cstring
    AS 'MODULE_PATHNAME', 'frontline_claim_set_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- STORAGE external: a claim set over about 2 kB (a place with a long
-- history: 500 claims are 14 kB) is kept out of line but not compressed.
-- pglz saved a quarter of its bytes and cost every read a decompression of
-- the whole set: on 2,000 places of 500 claims each a snapshot under a
-- sources filter took 44 ms compressed, 18 ms not, and record_control ran
-- 20 % faster (docs/cache.md, "Long histories").  Shorter sets stay in the
-- row, as before.
CREATE TYPE frontline_internal.claim_set (
    INPUT = frontline_internal.claim_set_in,
    OUTPUT = frontline_internal.claim_set_out,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = external
);
COMMENT ON TYPE frontline_internal.claim_set IS
  'Internal, derived: every claim about one place (instant, state, source, confidence, report time), sorted by instant and rank; built only by the cache, read by frontline._claims_history and frontline._claims_controller';
COMMENT ON FUNCTION frontline_internal.claim_set_in(cstring) IS 'claim_set has no text input: it is derived data (raises 0A000)';
COMMENT ON FUNCTION frontline_internal.claim_set_out(frontline_internal.claim_set) IS 'claim_set text output: how many claims, sources and states it holds';
DROP POLICY control_cache_readers ON frontline.control_cache;
ALTER TABLE frontline.control_cache DISABLE ROW LEVEL SECURITY;
ALTER TABLE frontline.control_cache DROP CONSTRAINT control_cache_place_id_fkey;
REVOKE ALL ON frontline.control_cache FROM PUBLIC;
ALTER TABLE frontline.control_cache SET SCHEMA frontline_internal;
ALTER TABLE frontline_internal.control_cache ADD COLUMN max_event bigint;
CREATE INDEX control_cache_max_event ON frontline_internal.control_cache (max_event);
COMMENT ON TABLE frontline_internal.control_cache IS
  'Derived, not user data: the resolved control history of every place, under no filter, recomputed from the claims when a transaction that wrote them commits. Read it through frontline.place_history; rebuild it with frontline.refresh_cache()';
COMMENT ON COLUMN frontline_internal.control_cache.max_event IS 'Largest event_id among the place''s claims when the row was last rewritten, never lowered (a deleted claim leaves it; NULL: none; a flush leaves a row whose history came out the same, unless it holds the flush''s largest claim id): the largest over the table and the notes (cache_note), against the largest claim id, detects loads made with the triggers off';
-- The claim sets (and the days each place changed hands, which changes()
-- reads with them), one row per row of control_cache, in a table of their own:
-- a claim set is about twice the size of the resolved history, and reads
-- without a filter (the snapshot, the series, the GiST index's heap
-- fetches) then scan a narrow table.  No index but its key, and room left
-- on each page, so that the commit-time rewrite of a row can stay on its
-- page (a HOT update).  toast_tuple_target = 8160: a row stays whole in the
-- table up to a page (a claim set of about 280 claims), instead of going
-- out of line past about 2 kB (70 claims).  The reads under a filter scan
-- this table, and a claim set out of line cost each of them a probe of the
-- TOAST index per place: on 10,000 places of 100 claims a snapshot under a
-- sources filter took 33 ms with the sets out of line and 8 ms in the row
-- (26 ms against 41 ms after 44,000 record_control calls had left dead
-- rows behind; docs/cache.md, "Long histories").  Longer sets still go out
-- of line, uncompressed (the type's STORAGE external).
CREATE TABLE frontline_internal.claim_cache (
    place_id    integer PRIMARY KEY,
    claims      frontline_internal.claim_set,
    change_days int4[]
) WITH (fillfactor = 80, toast_tuple_target = 8160);
CREATE INDEX claim_cache_change_days ON frontline_internal.claim_cache USING gin (change_days);
COMMENT ON TABLE frontline_internal.claim_cache IS
  'Derived, not user data: every claim about each place, sorted (its claim set), recomputed with control_cache when a transaction that wrote claims commits; reads under a sources / min_confidence / as_of filter resolve from it. Read it through frontline._place_claims';
COMMENT ON COLUMN frontline_internal.claim_cache.claims IS 'Every claim about the place, sorted (NULL: none): filtered and as_of reads resolve from it (frontline._claims_history, frontline._claims_controller)';
COMMENT ON COLUMN frontline_internal.claim_cache.change_days IS 'The days (from 2000-01-01 UTC, frontline._change_days) on which the place''s resolved controller changed: its GIN index finds the places that changed hands in a range of days, and changes() reads their claim sets in the same row';
COMMENT ON INDEX frontline_internal.claim_cache_change_days IS 'Finds the places whose controller changed on given days (changes() over a range of up to a year)';

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

-- reported_at: when a source published a claim (issue 13).  Claims recorded
-- before 1.2 get the time they were recorded (recorded_at): an upgraded
-- database answers "as of" questions as it knew things then.
ALTER TABLE frontline.control_event ADD COLUMN reported_at timestamptz;
UPDATE frontline.control_event SET reported_at = recorded_at;
ALTER TABLE frontline.control_event ALTER COLUMN reported_at SET NOT NULL,
    ALTER COLUMN reported_at SET DEFAULT now(),
    ADD CONSTRAINT control_event_reported_at_finite CHECK (reported_at > '-infinity' AND reported_at < 'infinity');
COMMENT ON COLUMN frontline.control_event.reported_at IS
  'When the source published the claim (or it reached the analyst); reads with as_of => t count only claims with reported_at <= t. Defaults to the time the row is written; any finite instant, also before at (a forecast)';

-- the id of a claim in the dataset it came from (issue 12: ACLED event ids)
ALTER TABLE frontline.control_event ADD COLUMN external_id text
    CONSTRAINT control_event_external_id_valid CHECK (btrim(external_id) <> '');
CREATE UNIQUE INDEX control_event_external_id ON frontline.control_event (external_id, coalesce(source, ''))
    WHERE external_id IS NOT NULL;
COMMENT ON INDEX frontline.control_event_external_id IS 'An external id (ACLED''s event id) names one claim per source: re-imports replace instead of adding; led by the id, which import_acled looks a claim up by';
COMMENT ON COLUMN frontline.control_event.external_id IS
  'The claim''s id in the dataset it came from (import_acled: acled:<event_id_cnty>), unique per source; NULL for claims entered by hand';

-- the capitals by level and country (capital_of, place_distances)
CREATE INDEX place_capital ON frontline.place (capital, country) WHERE capital IS NOT NULL;
COMMENT ON INDEX frontline.place_capital IS 'The few places marked capital, by level and country: capital_of() and the view place_distances find a capital without reading every place';

-- contenders must be a one-dimensional array: a 2-D array made the check
-- fail inside array_position (0A000) instead of refusing the row
ALTER TABLE frontline.control_event DROP CONSTRAINT control_event_contenders_valid,
    ADD CONSTRAINT control_event_contenders_valid CHECK (
        contenders IS NULL OR (state = 'contested' AND array_ndims(contenders) = 1 AND cardinality(contenders) >= 2
                               AND array_position(contenders, NULL) IS NULL));

-- a plain INSERT into place keeps add_place's rule: polygons are valid
-- (issue 12).  Existing invalid polygons make the update fail with the
-- constraint's name: repair them first with
--   UPDATE frontline.place SET geom = ST_CollectionExtract(ST_MakeValid(geom), 3) WHERE NOT ST_IsValid(geom);
ALTER TABLE frontline.place ADD CONSTRAINT place_polygon_valid
    CHECK (@postgis@.GeometryType(geom) = 'POINT' OR (@postgis@.ST_IsValidDetail(geom)).valid);

-- The point places and the polygon places apart, for place_at: SP-GiST
-- (PostGIS's quad-tree of boxes) finds the few entries around a point in
-- fewer steps than the GiST indexes above, which hold every place (at scale
-- L, a million: about 130 µs a probe through place_geog_idx against 46 µs
-- here; docs/areas.md).  place_at searches the point places by a box in
-- degrees that holds every point within tolerance_m, then measures on the
-- spheroid.
CREATE INDEX place_point_idx ON frontline.place USING spgist (geom)
    WHERE @postgis@.GeometryType(geom) = 'POINT';
CREATE INDEX place_polygon_idx ON frontline.place USING spgist (geom)
    WHERE @postgis@.GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON');
COMMENT ON INDEX frontline.place_point_idx IS 'The point places (SP-GiST on geom): place_at and control_at(point) look for the nearest point place within tolerance here';
COMMENT ON INDEX frontline.place_polygon_idx IS 'The polygon places (SP-GiST on geom): place_at and control_at(point) look for the smallest polygon covering a point here';

-- functions whose signature 1.2 extends (as_of, reported_at): the 1.1
-- definitions are moved aside here, so that the new ones are unambiguous,
-- and dropped at the end (90_drop.sql), once nothing of frontline uses them
ALTER FUNCTION frontline.winning_claims(timestamptz, text[], real, integer) RENAME TO _winning_claims_1_1;
ALTER FUNCTION frontline._use_cache(text[], real) RENAME TO _use_cache_1_1;
ALTER FUNCTION frontline._snapshot_args(timestamptz, real) RENAME TO _snapshot_args_1_1;
ALTER FUNCTION frontline.control_at(integer, timestamptz, text[], real) RENAME TO _control_at_1_1;
ALTER FUNCTION frontline.control_at(text, timestamptz, text[], real) RENAME TO _control_at_name_1_1;
ALTER FUNCTION frontline.control_at(@postgis@.geometry, timestamptz, text[], real, float8) RENAME TO _control_at_geom_1_1;
ALTER FUNCTION frontline.place_at(@postgis@.geometry, float8) RENAME TO _place_at_1_1;
ALTER FUNCTION frontline.history(integer, text[], real) RENAME TO _history_1_1;
ALTER FUNCTION frontline.history(text, text[], real) RENAME TO _history_name_1_1;
ALTER FUNCTION frontline.snapshot(timestamptz, text[], real) RENAME TO _snapshot_1_1;
ALTER FUNCTION frontline.changes(timestamptz, timestamptz, text[], real) RENAME TO _changes_1_1;
ALTER FUNCTION frontline.control_series(timestamptz, timestamptz, interval, text[], real) RENAME TO _control_series_1_1;
ALTER FUNCTION frontline.within_radius(text, float8, timestamptz, text, text[], real) RENAME TO _within_radius_1_1;
ALTER FUNCTION frontline.rings(text, timestamptz, float8[], text[], real) RENAME TO _rings_1_1;
ALTER FUNCTION frontline.front(text, text, timestamptz, text[], real) RENAME TO _front_1_1;
ALTER FUNCTION frontline.front_series(text, text, timestamptz, timestamptz, interval, text[], real) RENAME TO _front_series_1_1;
ALTER FUNCTION frontline.record_control(text, text, timestamptz, text, real, text) RENAME TO _record_control_1_1;
ALTER FUNCTION frontline.record_contested(text, timestamptz, text[], text, real, text) RENAME TO _record_contested_1_1;
ALTER FUNCTION frontline.record_unknown(text, timestamptz, text, real, text) RENAME TO _record_unknown_1_1;
