-- ------------------------------------------------------------------ areas (new in 1.2)
-- Claims about ground rather than about a named place: a dated territory
-- map (DeepStateMap's occupied areas, ISW's assessed-control layer) is the
-- set of area claims of one source and layer at one instant.  Created by
-- fresh installs and by the 1.1 -> 1.2 update alike (the Makefile puts this
-- file in both scripts).  docs/areas.md explains the rule per point.

-- A layer's settings: what one of its maps says about the ground it does
-- not cover.  No row, or default_state NULL: nothing (partial claims; older
-- claims keep answering there).  default_state control: every map of the
-- layer also claims that default_actor holds the rest of extent (everywhere
-- when extent is NULL), at the map's instant; unknown: that the rest is of
-- unknown status (an assessed-control layer that is complete each day).
CREATE TABLE frontline.area_layer (
    layer         text PRIMARY KEY CONSTRAINT area_layer_layer_valid CHECK (btrim(layer) <> '' AND layer = btrim(layer)),
    default_state text CONSTRAINT area_layer_default_state_valid CHECK (default_state IN ('control', 'unknown')),
    default_actor text REFERENCES frontline.actor (name) ON UPDATE CASCADE,
    CONSTRAINT area_layer_default_actor_iff_control CHECK (coalesce(default_state = 'control', false) = (default_actor IS NOT NULL)),
    extent        @postgis@.geometry(MultiPolygon, 4326)
                  CONSTRAINT area_layer_extent_valid CHECK (@postgis@.ST_IsValid(extent) AND NOT @postgis@.ST_IsEmpty(extent)),
    note          text
);
COMMENT ON TABLE frontline.area_layer IS
  'Per layer of area claims, what its maps say about the ground they do not cover: nothing (no row, or default_actor NULL), or that default_actor holds it (DeepState: ground not marked occupied is held by Ukraine)';
COMMENT ON COLUMN frontline.area_layer.default_state IS
  'What a map of this layer says about the ground it does not cover: NULL nothing, control (held by default_actor) or unknown';
COMMENT ON COLUMN frontline.area_layer.default_actor IS
  'Holder of the ground a map of this layer does not cover, at the map''s instant; NULL: the map says nothing there';
COMMENT ON COLUMN frontline.area_layer.extent IS
  'Where default_actor applies (the country the layer maps); NULL: everywhere a map of the layer does not cover. area_snapshot and area_series draw the default actor''s ground only when it is set';
COMMENT ON COLUMN frontline.area_layer.note IS 'Free text: where the layer comes from';

CREATE SEQUENCE frontline.control_area_area_id_seq AS bigint;
CREATE TABLE frontline.control_area (
    area_id     bigint PRIMARY KEY DEFAULT nextval('frontline.control_area_area_id_seq'),
    layer       text NOT NULL CONSTRAINT control_area_layer_valid CHECK (btrim(layer) <> '' AND layer = btrim(layer)),
    geom        @postgis@.geometry(MultiPolygon, 4326) NOT NULL,
    at          timestamptz NOT NULL,
    state       text NOT NULL DEFAULT 'control',
    actor       text REFERENCES frontline.actor (name) ON UPDATE CASCADE,
    contenders  text[],
    source      text,
    confidence  real,
    note        text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    reported_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT control_area_geom_valid CHECK (
        NOT @postgis@.ST_IsEmpty(geom) AND @postgis@.ST_IsValid(geom)
        AND @postgis@.ST_XMin(geom) >= -180 AND @postgis@.ST_XMax(geom) <= 180
        AND @postgis@.ST_YMin(geom) >= -90 AND @postgis@.ST_YMax(geom) <= 90),
    CONSTRAINT control_area_at_range CHECK (
        at >= '0001-01-01 00:00:00+00' AND at <= '9999-12-31 23:59:59.999999+00'),
    CONSTRAINT control_area_reported_at_finite CHECK (reported_at > '-infinity' AND reported_at < 'infinity'),
    CONSTRAINT control_area_state_valid CHECK (state IN ('control', 'contested', 'unknown')),
    CONSTRAINT control_area_actor_iff_control CHECK ((state = 'control') = (actor IS NOT NULL)),
    CONSTRAINT control_area_contenders_valid CHECK (
        contenders IS NULL OR (state = 'contested' AND cardinality(contenders) >= 2
                               AND array_position(contenders, NULL) IS NULL)),
    CONSTRAINT control_area_source_valid CHECK (source IS NULL OR btrim(source) <> ''),
    CONSTRAINT control_area_confidence_range CHECK (confidence >= 0 AND confidence <= 1)
);
ALTER SEQUENCE frontline.control_area_area_id_seq OWNED BY frontline.control_area.area_id;
CREATE INDEX control_area_geom_idx ON frontline.control_area USING gist (geom);
CREATE INDEX control_area_map ON frontline.control_area (layer, (coalesce(source, '')), at);
COMMENT ON INDEX frontline.control_area_map IS 'A map is the claims of one (layer, source, at): finds the latest map of a layer''s source at or before a moment';
CREATE INDEX control_area_at ON frontline.control_area (at);
CREATE INDEX control_area_actor ON frontline.control_area (actor);
COMMENT ON INDEX frontline.control_area_actor IS 'Finds whether an actor holds any ground by the area claims (front, area_series)';
COMMENT ON TABLE frontline.control_area IS
  'Area claims: at this instant this ground was held by an actor, contested, or of unknown status, says this source in this layer. A map is the claims of one (source, layer, at). Plain INSERT and COPY work';
COMMENT ON COLUMN frontline.control_area.layer IS 'The layer the claim comes from (deepstate, isw-assessed...); its settings are in frontline.area_layer';
COMMENT ON COLUMN frontline.control_area.geom IS 'The ground: a valid 2-D MultiPolygon in EPSG:4326';
COMMENT ON COLUMN frontline.control_area.state IS 'control (actor set), contested (contenders optional) or unknown';
COMMENT ON COLUMN frontline.control_area.actor IS 'The holding actor when state = control';
COMMENT ON COLUMN frontline.control_area.contenders IS 'Actors contesting the ground (two or more) when state = contested; NULL when not named';
COMMENT ON COLUMN frontline.control_area.source IS 'Who published the map (DeepStateMap, ISW...); filtered by the sources parameter of every read';
COMMENT ON COLUMN frontline.control_area.confidence IS '0..1; NULL = unrated: passes only min_confidence = 0 and ranks below rated claims at the same instant';
COMMENT ON COLUMN frontline.control_area.note IS 'Free text (import_territory keeps the feature''s name)';
COMMENT ON COLUMN frontline.control_area.recorded_at IS 'When the row was written';
COMMENT ON COLUMN frontline.control_area.reported_at IS
  'When the map was published; reads with as_of => t count only claims with reported_at <= t';
COMMENT ON COLUMN frontline.control_area.area_id IS 'Order of recording: among equal claims at one instant the later one wins';

SELECT pg_catalog.pg_extension_config_dump('frontline.area_layer', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_area', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_area_area_id_seq', '');

-- ------------------------------------------------------------------ derived: the ground of every map
-- The ground cache (docs/areas.md, "The ground cache"): for every instant at
-- which area claims exist (a version) the ground each controller holds under
-- no filter, with what it gained and lost since the version before, per
-- layer and for all layers together (layer_key '').  Recomputed at commit
-- from the versions a transaction touched on (66_area_cache.sql,
-- src/fl_cache_sql.c); read through views gated by _area_cache_usable().
-- Not dumped: a restore's load into control_area recomputes it.
CREATE TABLE frontline_internal.area_cache_key (
    layer_key      text PRIMARY KEY,
    sources        text[] NOT NULL DEFAULT '{}',
    null_source    boolean NOT NULL DEFAULT false,
    min_confidence real,
    unrated        boolean NOT NULL DEFAULT false,
    max_reported   timestamptz,
    max_area       bigint NOT NULL DEFAULT 0,
    error          text
);
COMMENT ON TABLE frontline_internal.area_cache_key IS
  'Derived, not user data: per layer (and '''' for all layers) what its area claims hold, so that a read knows whether its filter leaves every claim in (then the ground cache answers it); the row '''' is the lock the maintenance takes';
COMMENT ON COLUMN frontline_internal.area_cache_key.layer_key IS 'A layer, or '''' for all layers together';
COMMENT ON COLUMN frontline_internal.area_cache_key.sources IS 'The distinct sources of the claims (NULL sources not included)';
COMMENT ON COLUMN frontline_internal.area_cache_key.null_source IS 'Some claim has no source (a sources filter then leaves it out)';
COMMENT ON COLUMN frontline_internal.area_cache_key.min_confidence IS 'The lowest confidence of the rated claims';
COMMENT ON COLUMN frontline_internal.area_cache_key.unrated IS 'Some claim has no confidence (a min_confidence above 0 then leaves it out)';
COMMENT ON COLUMN frontline_internal.area_cache_key.max_reported IS 'The latest reported_at (an as_of before it leaves claims out)';
COMMENT ON COLUMN frontline_internal.area_cache_key.max_area IS 'For '''': the largest area_id when the cache was computed; a larger one in control_area means a load bypassed the triggers';
COMMENT ON COLUMN frontline_internal.area_cache_key.error IS 'Why the ground of this layer could not be computed (a GEOS error on its overlays); NULL: it was. Its reads then come from the claims';
INSERT INTO frontline_internal.area_cache_key (layer_key) VALUES ('');

CREATE TABLE frontline_internal.area_version (
    layer_key text NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (layer_key, at)
);
COMMENT ON TABLE frontline_internal.area_version IS
  'Derived, not user data: the instants at which the ground of a layer (or of all layers, '''') can change: those of its area claims';
COMMENT ON COLUMN frontline_internal.area_version.layer_key IS 'A layer, or '''' for all layers together';
COMMENT ON COLUMN frontline_internal.area_version.at IS 'An instant of area claims: the ground is the same from here to the next version';

CREATE TABLE frontline_internal.area_ground (
    layer_key  text NOT NULL,
    at         timestamptz NOT NULL,
    controller text NOT NULL,
    geom       @postgis@.geometry(MultiPolygon, 4326) NOT NULL,
    held_km2   float8 NOT NULL,
    gained_km2 float8 NOT NULL,
    lost_km2   float8 NOT NULL,
    PRIMARY KEY (layer_key, at, controller)
);
COMMENT ON TABLE frontline_internal.area_ground IS
  'Derived, not user data: at each version, the ground each controller holds by the area claims under no filter (what area_snapshot returns), with what it gained and lost since the version before; a controller that lost everything has a row with empty ground';
COMMENT ON COLUMN frontline_internal.area_ground.layer_key IS 'A layer, or '''' for all layers together';
COMMENT ON COLUMN frontline_internal.area_ground.at IS 'The version (frontline_internal.area_version)';
COMMENT ON COLUMN frontline_internal.area_ground.controller IS 'An actor, or contested';
COMMENT ON COLUMN frontline_internal.area_ground.geom IS 'The ground it holds, overlaps resolved by the rule (empty: it lost everything at this version)';
COMMENT ON COLUMN frontline_internal.area_ground.held_km2 IS 'Geodesic area of geom, km²';
COMMENT ON COLUMN frontline_internal.area_ground.gained_km2 IS 'Geodesic area of what it holds now and did not at the version before, km²';
COMMENT ON COLUMN frontline_internal.area_ground.lost_km2 IS 'Geodesic area of what it held at the version before and does not now, km²';

-- The same ground of all layers (layer_key ''), cut into pieces of at most
-- 256 vertices (ST_Subdivide), for "who holds this point": a version's few
-- dozen pieces are tested by their boxes, then one small polygon, instead of
-- detoasting a controller's whole ground for every point.  The boxes are
-- columns of their own, and a polygon that makes its row longer than
-- PostgreSQL's 2 kB TOAST threshold (most pieces: up to 256 vertices of 16
-- bytes) is moved out of line uncompressed (STORAGE EXTERNAL; geometry's
-- default, MAIN, keeps it in the row), so that the rows of a version are
-- narrow and lie on a few pages: testing a version's ~70 boxes read ~70
-- rows of 2.5 kB when the box was read from the polygon (docs/areas.md).
CREATE TABLE frontline_internal.area_piece (
    at         timestamptz NOT NULL,
    controller text NOT NULL,
    x_min      float8 NOT NULL,
    x_max      float8 NOT NULL,
    y_min      float8 NOT NULL,
    y_max      float8 NOT NULL,
    geom       @postgis@.geometry(Polygon, 4326) NOT NULL
);
ALTER TABLE frontline_internal.area_piece ALTER COLUMN geom SET STORAGE EXTERNAL;
CREATE INDEX area_piece_at ON frontline_internal.area_piece (at);
COMMENT ON TABLE frontline_internal.area_piece IS
  'Derived, not user data: the ground of all layers at each version (frontline_internal.area_ground, layer_key ''''), cut into polygons of at most 256 vertices, for control_at(point)';
COMMENT ON COLUMN frontline_internal.area_piece.at IS 'The version';
COMMENT ON COLUMN frontline_internal.area_piece.controller IS 'An actor, or contested';
COMMENT ON COLUMN frontline_internal.area_piece.x_min IS 'ST_XMin(geom): the piece''s box, tested before the polygon';
COMMENT ON COLUMN frontline_internal.area_piece.x_max IS 'ST_XMax(geom)';
COMMENT ON COLUMN frontline_internal.area_piece.y_min IS 'ST_YMin(geom)';
COMMENT ON COLUMN frontline_internal.area_piece.y_max IS 'ST_YMax(geom)';
COMMENT ON COLUMN frontline_internal.area_piece.geom IS 'A piece of its ground (ST_Subdivide); out of line when its row would pass 2 kB';
COMMENT ON INDEX frontline_internal.area_piece_at IS 'The pieces of one version';

