-- ------------------------------------------------------------------ data model
-- User data: every table and sequence is registered with
-- pg_extension_config_dump so pg_dump keeps its rows.

CREATE SEQUENCE frontline.actor_actor_id_seq AS integer;
CREATE TABLE frontline.actor (
    actor_id  integer PRIMARY KEY DEFAULT nextval('frontline.actor_actor_id_seq'),
    name      text NOT NULL UNIQUE,
    kind      text,
    color     text,
    CONSTRAINT actor_name_valid CHECK (
        name <> '' AND octet_length(name) <= 1000 AND name = btrim(name, ' ')
        AND frontline.fold_name(name) <> ''
        AND name !~ '[[:cntrl:]]'
        AND lower(name) NOT IN ('contested', 'unknown')),
    CONSTRAINT actor_color_valid CHECK (color ~ '^#[0-9A-Fa-f]{6}$')
);
ALTER SEQUENCE frontline.actor_actor_id_seq OWNED BY frontline.actor.actor_id;
CREATE UNIQUE INDEX actor_name_folded ON frontline.actor (frontline.fold_name(name));
COMMENT ON TABLE frontline.actor IS 'Parties that can control places (Taliban, Afghan government, NRF...). contested and unknown are reserved words, not actors.';
COMMENT ON COLUMN frontline.actor.name IS 'Unique name; also unique ignoring case, accents and punctuation';
COMMENT ON COLUMN frontline.actor.kind IS 'Free text: state, insurgency, militia, coalition...';
COMMENT ON COLUMN frontline.actor.color IS 'Map colour as #RRGGBB';

CREATE SEQUENCE frontline.place_place_id_seq AS integer;
CREATE TABLE frontline.place (
    place_id   integer PRIMARY KEY DEFAULT nextval('frontline.place_place_id_seq'),
    name       text NOT NULL CONSTRAINT place_name_valid CHECK (btrim(name) <> '' AND frontline.fold_name(name) <> ''),
    kind       text NOT NULL CHECK (kind IN ('country', 'province', 'district', 'city', 'town',
                                             'village', 'site', 'region', 'base', 'crossing')),
    geom       @postgis@.geometry(Geometry, 4326) NOT NULL,
    country    text,
    admin1     text,
    capital    text CHECK (capital IN ('national', 'provincial', 'district')),
    population bigint CHECK (population >= 0),
    CONSTRAINT place_geom_valid CHECK (
        NOT @postgis@.ST_IsEmpty(geom)
        AND @postgis@.GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')
        AND @postgis@.ST_XMin(geom) >= -180 AND @postgis@.ST_XMax(geom) <= 180
        AND @postgis@.ST_YMin(geom) >= -90 AND @postgis@.ST_YMax(geom) <= 90),
    CONSTRAINT place_polygon_valid CHECK (@postgis@.GeometryType(geom) = 'POINT' OR (@postgis@.ST_IsValidDetail(geom)).valid)
);
ALTER SEQUENCE frontline.place_place_id_seq OWNED BY frontline.place.place_id;
CREATE INDEX place_geom_idx ON frontline.place USING gist (geom);
CREATE INDEX place_geog_idx ON frontline.place USING gist ((geom::@postgis@.geography));
CREATE INDEX place_name_folded ON frontline.place (frontline.fold_name(name));
CREATE INDEX place_capital ON frontline.place (capital, country) WHERE capital IS NOT NULL;
COMMENT ON INDEX frontline.place_capital IS 'The few places marked capital, by level and country: capital_of() and the view place_distances find a capital without reading every place';
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
COMMENT ON TABLE frontline.place IS 'Places whose control is tracked: points (cities, sites) and polygons (districts, provinces), WGS84';
COMMENT ON COLUMN frontline.place.kind IS 'country, province, district, city, town, village, site, region, base or crossing';
COMMENT ON COLUMN frontline.place.geom IS 'Point, Polygon or MultiPolygon in EPSG:4326 (lon/lat)';
COMMENT ON COLUMN frontline.place.admin1 IS 'First-level division (province) the place lies in';
COMMENT ON COLUMN frontline.place.capital IS 'national, provincial or district when the place is a capital of that level; NULL otherwise';
COMMENT ON COLUMN frontline.place.population IS 'Population estimate (a label, not a census)';

CREATE TABLE frontline.place_alias (
    place_id integer NOT NULL REFERENCES frontline.place ON DELETE CASCADE,
    alias    text NOT NULL CONSTRAINT place_alias_alias_valid CHECK (btrim(alias) <> '' AND frontline.fold_name(alias) <> ''),
    lang     text,
    PRIMARY KEY (place_id, alias)
);
CREATE INDEX place_alias_folded ON frontline.place_alias (frontline.fold_name(alias));
COMMENT ON TABLE frontline.place_alias IS 'Other names and spellings of a place (Mazar-e Sharif, Balch...), with an optional language code';

CREATE SEQUENCE frontline.control_event_event_id_seq AS bigint;
CREATE TABLE frontline.control_event (
    event_id    bigint PRIMARY KEY DEFAULT nextval('frontline.control_event_event_id_seq'),
    place_id    integer NOT NULL REFERENCES frontline.place ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    state       text NOT NULL DEFAULT 'control',
    actor       text REFERENCES frontline.actor (name) ON UPDATE CASCADE,
    contenders  text[],
    source      text,
    confidence  real,
    note        text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    reported_at timestamptz NOT NULL DEFAULT now(),
    external_id text CONSTRAINT control_event_external_id_valid CHECK (btrim(external_id) <> ''),
    CONSTRAINT control_event_reported_at_finite CHECK (reported_at > '-infinity' AND reported_at < 'infinity'),
    CONSTRAINT control_event_at_range CHECK (
        at >= '0001-01-01 00:00:00+00' AND at <= '9999-12-31 23:59:59.999999+00'),
    CONSTRAINT control_event_state_valid CHECK (state IN ('control', 'contested', 'unknown')),
    CONSTRAINT control_event_actor_iff_control CHECK ((state = 'control') = (actor IS NOT NULL)),
    CONSTRAINT control_event_contenders_valid CHECK (
        contenders IS NULL OR (state = 'contested' AND array_ndims(contenders) = 1 AND cardinality(contenders) >= 2
                               AND array_position(contenders, NULL) IS NULL)),
    CONSTRAINT control_event_source_valid CHECK (source IS NULL OR btrim(source) <> ''),
    CONSTRAINT control_event_confidence_range CHECK (confidence >= 0 AND confidence <= 1)
);
ALTER SEQUENCE frontline.control_event_event_id_seq OWNED BY frontline.control_event.event_id;
CREATE INDEX control_event_place_at ON frontline.control_event (place_id, at);
CREATE INDEX control_event_at ON frontline.control_event (at);
CREATE UNIQUE INDEX control_event_external_id ON frontline.control_event (external_id, coalesce(source, ''))
    WHERE external_id IS NOT NULL;
COMMENT ON INDEX frontline.control_event_external_id IS 'An external id (ACLED''s event id) names one claim per source: re-imports replace instead of adding; led by the id, which import_acled looks a claim up by';
COMMENT ON TABLE frontline.control_event IS
  'Claims: at this instant this place was controlled by an actor, contested, or of unknown control, says this source. Plain INSERT and COPY work; every read function sees new rows at once.';
COMMENT ON COLUMN frontline.control_event.state IS 'control (actor set), contested (contenders optional) or unknown';
COMMENT ON COLUMN frontline.control_event.actor IS 'The controlling actor when state = control';
COMMENT ON COLUMN frontline.control_event.contenders IS 'Actors contesting the place (two or more) when state = contested; NULL when not named';
COMMENT ON COLUMN frontline.control_event.source IS 'Who made the claim (AP, AFP...); NULL for unsourced claims';
COMMENT ON COLUMN frontline.control_event.confidence IS '0..1; NULL = unrated: passes only min_confidence = 0 and ranks below rated claims at the same instant';
COMMENT ON COLUMN frontline.control_event.reported_at IS
  'When the source published the claim (or it reached the analyst); reads with as_of => t count only claims with reported_at <= t. Defaults to the time the row is written; any finite instant, also before at (a forecast)';
COMMENT ON COLUMN frontline.control_event.external_id IS
  'The claim''s id in the dataset it came from (import_acled: acled:<event_id_cnty>), unique per source; NULL for claims entered by hand';
COMMENT ON COLUMN frontline.control_event.event_id IS 'Order of recording: among equal claims at one instant the later one wins';

SELECT pg_catalog.pg_extension_config_dump('frontline.actor', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.actor_actor_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place_place_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place_alias', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_event', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_event_event_id_seq', '');

-- ------------------------------------------------------------------ derived data
-- Derived data lives in frontline_internal, a schema on which nobody but the
-- owner has USAGE: a schema-wide GRANT on frontline does not reach it, and
-- the guard trigger (50_cache.sql) refuses any write that is not frontline's
-- own commit-time maintenance.  See docs/design-1.2.md and docs/cache.md.
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

-- One row per place: its resolved history under no filter (every claim).
-- max_event is the largest event_id of the place's claims when the row was
-- last rewritten (the flush leaves a row whose history came out the same,
-- but always rewrites the one holding its largest claim id): the largest
-- over the table against the largest claim id tells a load made with the
-- triggers disabled (stale cache) with one index probe.
-- No foreign key to place: a key would put triggers on the cache, and the
-- cache admits no trigger but its guard; the commit-time flush deletes the
-- rows of deleted places.
CREATE TABLE frontline_internal.control_cache (
    place_id  integer PRIMARY KEY,
    history   frontline.control_history NOT NULL,
    max_event bigint
);
CREATE INDEX control_cache_max_event ON frontline_internal.control_cache (max_event);
CREATE INDEX control_cache_history_idx ON frontline_internal.control_cache USING gist (history);
COMMENT ON TABLE frontline_internal.control_cache IS
  'Derived, not user data: the resolved control history of every place, under no filter, recomputed from the claims when a transaction that wrote them commits. Read it through frontline.place_history; rebuild it with frontline.refresh_cache()';
COMMENT ON COLUMN frontline_internal.control_cache.history IS 'What frontline.history(place_id) returns: every claim, resolved by the rule';
COMMENT ON COLUMN frontline_internal.control_cache.max_event IS 'Largest event_id among the place''s claims when the row was last rewritten, never lowered (a deleted claim leaves it; NULL: none; a flush leaves a row whose history came out the same, unless it holds the flush''s largest claim id): the largest over the table and the notes (cache_note), against the largest claim id, detects loads made with the triggers off';
COMMENT ON INDEX frontline_internal.control_cache_history_idx IS
  'Finds the places that changed hands, or that an actor held, during a period (changed_during, held_by on place_history)';

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
