-- frontline install script, built by `make` from control/<version>/*.sql (see the Makefile).
-- CREATE EXTENSION runs it with search_path = frontline, <postgis schema>:
-- SQL-standard function bodies (BEGIN ATOMIC / RETURN) bind every name at
-- creation time, and PL/pgSQL functions carry SET search_path FROM CURRENT,
-- so no function depends on the caller's search_path.
\echo Use "CREATE EXTENSION frontline CASCADE" to load this file. \quit
-- ------------------------------------------------------------------ type
-- control_history: a step function from time to control state, one place.

CREATE TYPE frontline.control_history;

CREATE FUNCTION frontline.control_history_in(cstring) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'control_history_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_out(frontline.control_history) RETURNS cstring
    AS 'MODULE_PATHNAME', 'control_history_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_recv(internal) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'control_history_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_send(frontline.control_history) RETURNS bytea
    AS 'MODULE_PATHNAME', 'control_history_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE frontline.control_history (
    INPUT = frontline.control_history_in,
    OUTPUT = frontline.control_history_out,
    RECEIVE = frontline.control_history_recv,
    SEND = frontline.control_history_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE frontline.control_history IS
  'Who controlled one place over time: a step function from instants to states (an actor, contested, unknown), stored sorted for binary search. Literal: {2021-08-14T19:30:00Z=Taliban, 2021-08-15T00:00:00Z=contested(Taliban,"Afghan government")}';
COMMENT ON FUNCTION frontline.control_history_in(cstring) IS 'control_history text input: parses and canonicalises a literal';
COMMENT ON FUNCTION frontline.control_history_out(frontline.control_history) IS 'control_history text output: the canonical literal, instants in UTC';
COMMENT ON FUNCTION frontline.control_history_recv(internal) IS 'control_history binary input (validated)';
COMMENT ON FUNCTION frontline.control_history_send(frontline.control_history) IS 'control_history binary output';

CREATE FUNCTION frontline.control_history_eq(frontline.control_history, frontline.control_history) RETURNS boolean
    AS 'MODULE_PATHNAME', 'control_history_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_ne(frontline.control_history, frontline.control_history) RETURNS boolean
    AS 'MODULE_PATHNAME', 'control_history_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_hash(frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'control_history_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.control_history_eq(frontline.control_history, frontline.control_history) IS 'true when two histories are the same step function (canonical forms are compared)';
COMMENT ON FUNCTION frontline.control_history_ne(frontline.control_history, frontline.control_history) IS 'negation of control_history_eq';
COMMENT ON FUNCTION frontline.control_history_hash(frontline.control_history) IS 'hash of the canonical form, for hash joins and GROUP BY';

CREATE OPERATOR frontline.= (
    LEFTARG = frontline.control_history, RIGHTARG = frontline.control_history,
    FUNCTION = frontline.control_history_eq,
    COMMUTATOR = OPERATOR(frontline.=), NEGATOR = OPERATOR(frontline.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR frontline.<> (
    LEFTARG = frontline.control_history, RIGHTARG = frontline.control_history,
    FUNCTION = frontline.control_history_ne,
    COMMUTATOR = OPERATOR(frontline.<>), NEGATOR = OPERATOR(frontline.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR frontline.= (frontline.control_history, frontline.control_history) IS 'same step function';
COMMENT ON OPERATOR frontline.<> (frontline.control_history, frontline.control_history) IS 'different step functions';

CREATE OPERATOR CLASS frontline.control_history_hash_ops
    DEFAULT FOR TYPE frontline.control_history USING hash AS
    OPERATOR 1 frontline.= ,
    FUNCTION 1 frontline.control_history_hash(frontline.control_history);
COMMENT ON OPERATOR CLASS frontline.control_history_hash_ops USING hash IS 'hash equality of control histories';

-- readers of a history
CREATE FUNCTION frontline.control_at(h frontline.control_history, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'control_history_control_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.control_at(frontline.control_history, timestamptz) IS
  'Controller at an instant: the actor''s name, ''contested'', or NULL when unknown (before the first instant or in an unknown period). Binary search.';

CREATE FUNCTION frontline.state_at(h frontline.control_history, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'control_history_state_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.state_at(frontline.control_history, timestamptz) IS
  'Full state at an instant as a literal fragment: Taliban, contested(A,B), or unknown (also before the first instant)';

CREATE FUNCTION frontline.since(h frontline.control_history, at timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'control_history_since' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.since(frontline.control_history, timestamptz) IS
  'Since when the controller at an instant had held it (start of its period); NULL before the first instant';

CREATE FUNCTION frontline.transitions(h frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'control_history_length' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.transitions(frontline.control_history) IS
  'Number of stored transitions (instants at which the state changes)';

CREATE FUNCTION frontline.periods(h frontline.control_history, OUT state text, OUT during tstzrange)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'control_history_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION frontline.periods(frontline.control_history) IS
  'One row per period of one controller, in time order: state is the actor, ''contested'' or NULL (an explicit unknown period); during is [start, next start), the last one unbounded above';

CREATE FUNCTION frontline.held(h frontline.control_history, actor text, during tstzrange) RETURNS interval
    AS 'MODULE_PATHNAME', 'control_history_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.held(frontline.control_history, text, tstzrange) IS
  'How long the actor (or ''contested'') held the place within the range, as days and hours; an error if that is unbounded';

CREATE FUNCTION frontline.first_held(h frontline.control_history, actor text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'control_history_first_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.first_held(frontline.control_history, text) IS
  'The first instant at which the actor (or ''contested'') held the place; NULL if never';

-- the aggregate
CREATE FUNCTION frontline.control_history_agg_trans(internal, text, timestamptz) RETURNS internal
    AS 'MODULE_PATHNAME', 'control_history_agg_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_agg_final(internal) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'control_history_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.control_history_agg_trans(internal, text, timestamptz) IS 'transition function of control_history_agg';
COMMENT ON FUNCTION frontline.control_history_agg_final(internal) IS 'final function of control_history_agg: sorts and canonicalises';

CREATE AGGREGATE frontline.control_history_agg(state text, at timestamptz) (
    SFUNC = frontline.control_history_agg_trans,
    STYPE = internal,
    FINALFUNC = frontline.control_history_agg_final
);
COMMENT ON AGGREGATE frontline.control_history_agg(text, timestamptz) IS
  'Builds a control_history from (state, instant) rows in any order. state: an actor name, ''contested'', ''contested(A,B)'' or ''unknown''/NULL. Equal rows merge; two different states at one instant are an error.';

-- helpers of the read functions
CREATE FUNCTION frontline.check_instant(t timestamptz, what text DEFAULT 'at') RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'fl_check_instant_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.check_instant(timestamptz, text) IS
  'Returns t, or raises 22008 when it is infinite or outside 0001..9999';

CREATE FUNCTION frontline.check_confidence(c real) RETURNS real
    AS 'MODULE_PATHNAME', 'fl_check_confidence_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.check_confidence(real) IS
  'Returns a min_confidence (NULL means 0), or raises 22003 when it is outside 0..1 or NaN';

CREATE FUNCTION frontline.contested_state(contenders text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'fl_contested_state_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.contested_state(text[]) IS
  'The state value for a contested claim: contested, or contested(A,B,...) sorted and quoted as in a literal';

CREATE FUNCTION frontline.fold_name(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'fl_fold_name_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.fold_name(text) IS
  'Lookup key of a name: lower case, Latin diacritics removed, spaces and punctuation dropped (Mazār-e Sharīf -> mazaresharif)';

CREATE FUNCTION frontline.name_distance(a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME', 'fl_name_distance_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.name_distance(text, text) IS
  'Levenshtein distance in characters (first 255 of each), used to suggest near-miss names';
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
    name       text NOT NULL CHECK (btrim(name) <> ''),
    kind       text NOT NULL CHECK (kind IN ('country', 'province', 'district', 'city', 'town',
                                             'village', 'site', 'region', 'base', 'crossing')),
    geom       geometry(Geometry, 4326) NOT NULL,
    country    text,
    admin1     text,
    capital    text CHECK (capital IN ('national', 'provincial', 'district')),
    population bigint CHECK (population >= 0),
    CONSTRAINT place_geom_valid CHECK (
        NOT ST_IsEmpty(geom)
        AND GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')
        AND ST_XMin(geom) >= -180 AND ST_XMax(geom) <= 180
        AND ST_YMin(geom) >= -90 AND ST_YMax(geom) <= 90)
);
ALTER SEQUENCE frontline.place_place_id_seq OWNED BY frontline.place.place_id;
CREATE INDEX place_geom_idx ON frontline.place USING gist (geom);
CREATE INDEX place_geog_idx ON frontline.place USING gist ((geom::geography));
CREATE INDEX place_name_folded ON frontline.place (frontline.fold_name(name));
COMMENT ON TABLE frontline.place IS 'Places whose control is tracked: points (cities, sites) and polygons (districts, provinces), WGS84';
COMMENT ON COLUMN frontline.place.kind IS 'country, province, district, city, town, village, site, region, base or crossing';
COMMENT ON COLUMN frontline.place.geom IS 'Point, Polygon or MultiPolygon in EPSG:4326 (lon/lat)';
COMMENT ON COLUMN frontline.place.admin1 IS 'First-level division (province) the place lies in';
COMMENT ON COLUMN frontline.place.capital IS 'national, provincial or district when the place is a capital of that level; NULL otherwise';
COMMENT ON COLUMN frontline.place.population IS 'Population estimate (a label, not a census)';

CREATE TABLE frontline.place_alias (
    place_id integer NOT NULL REFERENCES frontline.place ON DELETE CASCADE,
    alias    text NOT NULL CHECK (btrim(alias) <> ''),
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
    CONSTRAINT control_event_at_range CHECK (
        at >= '0001-01-01 00:00:00+00' AND at <= '9999-12-31 23:59:59.999999+00'),
    CONSTRAINT control_event_state_valid CHECK (state IN ('control', 'contested', 'unknown')),
    CONSTRAINT control_event_actor_iff_control CHECK ((state = 'control') = (actor IS NOT NULL)),
    CONSTRAINT control_event_contenders_valid CHECK (
        contenders IS NULL OR (state = 'contested' AND cardinality(contenders) >= 2
                               AND array_position(contenders, NULL) IS NULL)),
    CONSTRAINT control_event_source_valid CHECK (source IS NULL OR btrim(source) <> ''),
    CONSTRAINT control_event_confidence_range CHECK (confidence >= 0 AND confidence <= 1)
);
ALTER SEQUENCE frontline.control_event_event_id_seq OWNED BY frontline.control_event.event_id;
CREATE INDEX control_event_place_at ON frontline.control_event (place_id, at);
CREATE INDEX control_event_at ON frontline.control_event (at);
COMMENT ON TABLE frontline.control_event IS
  'Claims: at this instant this place was controlled by an actor, contested, or of unknown control, says this source. Plain INSERT and COPY work; every read function sees new rows at once.';
COMMENT ON COLUMN frontline.control_event.state IS 'control (actor set), contested (contenders optional) or unknown';
COMMENT ON COLUMN frontline.control_event.actor IS 'The controlling actor when state = control';
COMMENT ON COLUMN frontline.control_event.contenders IS 'Actors contesting the place (two or more) when state = contested; NULL when not named';
COMMENT ON COLUMN frontline.control_event.source IS 'Who made the claim (AP, AFP...); NULL for unsourced claims';
COMMENT ON COLUMN frontline.control_event.confidence IS '0..1; NULL = unrated: passes only min_confidence = 0 and ranks below rated claims at the same instant';
COMMENT ON COLUMN frontline.control_event.event_id IS 'Order of recording: among equal claims at one instant the later one wins';

SELECT pg_catalog.pg_extension_config_dump('frontline.actor', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.actor_actor_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place_place_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.place_alias', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_event', '');
SELECT pg_catalog.pg_extension_config_dump('frontline.control_event_event_id_seq', '');
-- ------------------------------------------------------------------ lookups
-- Name lookup is case-, accent- and punctuation-insensitive (fold_name) over
-- place names and aliases.  Unknown names raise 42704 with the closest
-- candidates in the hint; ambiguous names raise 22023 listing the matches.

CREATE FUNCTION frontline.find_place(name text) RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    k text := frontline.fold_name(name);
    ids integer[];
    cands text;
BEGIN
    IF name IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(DISTINCT m.place_id ORDER BY m.place_id) INTO ids FROM (
        SELECT p.place_id FROM frontline.place p WHERE frontline.fold_name(p.name) = k
        UNION
        SELECT a.place_id FROM frontline.place_alias a WHERE frontline.fold_name(a.alias) = k) m;
    IF cardinality(ids) = 1 THEN
        RETURN ids[1];
    END IF;
    IF ids IS NULL THEN
        SELECT string_agg(format('"%s"', c.n), ', ' ORDER BY c.d, c.n) INTO cands FROM (
            SELECT x.n, min(x.d) AS d FROM (
                -- a name containing what was typed ranks first, then by edit distance
                SELECT p.name AS n,
                       CASE WHEN k <> '' AND strpos(frontline.fold_name(p.name), k) > 0 THEN 0
                            ELSE frontline.name_distance(k, frontline.fold_name(p.name)) END AS d
                  FROM frontline.place p
                UNION ALL
                SELECT a.alias,
                       CASE WHEN k <> '' AND strpos(frontline.fold_name(a.alias), k) > 0 THEN 0
                            ELSE frontline.name_distance(k, frontline.fold_name(a.alias)) END
                  FROM frontline.place_alias a) x
             GROUP BY x.n ORDER BY min(x.d), x.n LIMIT 3) c;
        RAISE EXCEPTION 'unknown place "%"', name
            USING ERRCODE = 'undefined_object',
                  HINT = CASE WHEN cands IS NULL THEN 'No places are loaded yet: add them with frontline.add_place().'
                              ELSE 'Closest names: ' || cands || '.' END;
    END IF;
    SELECT string_agg(format('%s (%s%s, place_id %s)', p.name, p.kind,
                             coalesce(', ' || p.admin1, '') || coalesce(', ' || p.country, ''), p.place_id),
                      '; ' ORDER BY p.place_id) INTO cands
      FROM frontline.place p WHERE p.place_id = ANY (ids);
    RAISE EXCEPTION 'place name "%" is ambiguous: it matches % places', name, cardinality(ids)
        USING ERRCODE = 'invalid_parameter_value', DETAIL = 'Matches: ' || cands || '.',
              HINT = 'Pass the place_id instead of the name.';
END
$$;
COMMENT ON FUNCTION frontline.find_place(text) IS
  'place_id of a place name or alias (case-, accent- and punctuation-insensitive); NULL for NULL; errors on unknown (with near misses) or ambiguous names';

CREATE FUNCTION frontline.check_place_id(place_id integer) RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
BEGIN
    IF place_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = check_place_id.place_id) THEN
        RAISE EXCEPTION 'place_id % does not exist', place_id
            USING ERRCODE = 'undefined_object', HINT = 'See frontline.place for the ids.';
    END IF;
    RETURN place_id;
END
$$;
COMMENT ON FUNCTION frontline.check_place_id(integer) IS 'Returns place_id, or raises 42704 when no such place exists';

CREATE FUNCTION frontline.find_actor(name text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    found text;
    cands text;
BEGIN
    IF name IS NULL THEN
        RETURN NULL;
    END IF;
    IF lower(btrim(name)) IN ('contested', 'unknown') THEN
        RAISE EXCEPTION '"%" is a reserved word, not an actor', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use frontline.record_contested() or frontline.record_unknown() for those states.';
    END IF;
    SELECT a.name INTO found FROM frontline.actor a WHERE a.name = find_actor.name;
    IF found IS NULL THEN
        SELECT a.name INTO found FROM frontline.actor a
         WHERE frontline.fold_name(a.name) = frontline.fold_name(find_actor.name);
    END IF;
    IF found IS NULL THEN
        SELECT string_agg(format('"%s"', c.name), ', ' ORDER BY c.d, c.name) INTO cands FROM (
            SELECT a.name, frontline.name_distance(frontline.fold_name(find_actor.name), frontline.fold_name(a.name)) AS d
              FROM frontline.actor a ORDER BY 2, 1 LIMIT 3) c;
        RAISE EXCEPTION 'unknown actor "%"', name
            USING ERRCODE = 'undefined_object',
                  HINT = coalesce('Closest actors: ' || cands || '. ', '')
                         || 'Add a new one with frontline.add_actor().';
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION frontline.find_actor(text) IS
  'Canonical name of an actor (exact, else case/accent-insensitive match); errors on unknown names (with near misses) and on the reserved words contested/unknown';

CREATE FUNCTION frontline.check_geometry(g geometry, what text DEFAULT 'geometry', point_only boolean DEFAULT false)
RETURNS geometry
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    r geometry := g;
    gt text;
BEGIN
    IF g IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF ST_SRID(g) = 0 THEN
        RAISE EXCEPTION '% has no SRID', what
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'For longitude/latitude use ST_SetSRID(geom, 4326).';
    END IF;
    IF ST_IsEmpty(g) THEN
        RAISE EXCEPTION '% is empty', what USING ERRCODE = 'invalid_parameter_value';
    END IF;
    gt := GeometryType(g);
    IF point_only AND gt <> 'POINT' THEN
        RAISE EXCEPTION '% must be a POINT, not %', what, gt USING ERRCODE = 'invalid_parameter_value';
    ELSIF gt NOT IN ('POINT', 'POLYGON', 'MULTIPOLYGON') THEN
        RAISE EXCEPTION '% must be a POINT, POLYGON or MULTIPOLYGON, not %', what, gt
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF ST_SRID(g) <> 4326 THEN
        IF NOT EXISTS (SELECT 1 FROM spatial_ref_sys s WHERE s.srid = ST_SRID(g)) THEN
            RAISE EXCEPTION '% has unknown SRID %', what, ST_SRID(g)
                USING ERRCODE = 'invalid_parameter_value', HINT = 'See spatial_ref_sys for known SRIDs.';
        END IF;
        BEGIN
            r := ST_Transform(g, 4326);
        EXCEPTION WHEN OTHERS THEN
            RAISE EXCEPTION 'cannot transform % from SRID % to 4326: %', what, ST_SRID(g), SQLERRM
                USING ERRCODE = 'invalid_parameter_value';
        END;
    END IF;
    IF NOT (ST_XMin(r) >= -180 AND ST_XMax(r) <= 180 AND ST_YMin(r) >= -90 AND ST_YMax(r) <= 90) THEN
        RAISE EXCEPTION '% has coordinates out of range: %', what, left(ST_AsText(r), 200)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Longitude must be within -180..180 and latitude within -90..90 (EPSG:4326 is X = longitude, Y = latitude); NaN and infinity are not coordinates.';
    END IF;
    IF gt <> 'POINT' AND ST_IsValidReason(r) <> 'Valid Geometry' THEN
        RAISE EXCEPTION '% is not a valid polygon: %', what, ST_IsValidReason(r)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'ST_MakeValid() can repair it.';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION frontline.check_geometry(geometry, text, boolean) IS
  'Validates a geometry for frontline (SRID set and known, not empty, point or polygon, lon/lat in range, valid) and returns it in EPSG:4326';
-- ------------------------------------------------------------------ write API

CREATE FUNCTION frontline.add_actor(name text, kind text DEFAULT NULL, color text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    id integer;
    other text;
BEGIN
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'actor name must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF lower(btrim(name)) IN ('contested', 'unknown') THEN
        RAISE EXCEPTION '"%" is a reserved word and cannot name an actor', name
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF name <> btrim(name, ' ') OR name ~ '[[:cntrl:]]' OR octet_length(name) > 1000 THEN
        RAISE EXCEPTION 'invalid actor name "%"', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Names have no leading or trailing spaces, no control characters and at most 1000 bytes.';
    END IF;
    IF color IS NOT NULL AND color !~ '^#[0-9A-Fa-f]{6}$' THEN
        RAISE EXCEPTION 'invalid color "%"', color
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use #RRGGBB, e.g. #1b7837.';
    END IF;
    SELECT a.name INTO other FROM frontline.actor a
     WHERE frontline.fold_name(a.name) = frontline.fold_name(add_actor.name);
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'actor "%" already exists', other
            USING ERRCODE = 'unique_violation',
                  DETAIL = CASE WHEN other <> name THEN format('"%s" differs from it only in case, accents or punctuation.', name) END;
    END IF;
    INSERT INTO frontline.actor (name, kind, color) VALUES (name, kind, color)
    RETURNING actor_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.add_actor(text, text, text) IS
  'Adds an actor and returns its actor_id; errors on reserved words, invalid colours and names that already exist (ignoring case and accents)';

CREATE FUNCTION frontline.add_place(name text, kind text, geom geometry, country text DEFAULT NULL,
                                    admin1 text DEFAULT NULL, capital text DEFAULT NULL,
                                    population bigint DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    id integer;
    g geometry;
BEGIN
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'place name must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF kind IS NULL OR kind NOT IN ('country', 'province', 'district', 'city', 'town', 'village',
                                    'site', 'region', 'base', 'crossing') THEN
        RAISE EXCEPTION 'invalid place kind "%"', coalesce(kind, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use one of country, province, district, city, town, village, site, region, base, crossing.';
    END IF;
    IF capital IS NOT NULL AND capital NOT IN ('national', 'provincial', 'district') THEN
        RAISE EXCEPTION 'invalid capital level "%"', capital
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use national, provincial, district or NULL.';
    END IF;
    IF population < 0 THEN
        RAISE EXCEPTION 'population must not be negative: %', population USING ERRCODE = 'invalid_parameter_value';
    END IF;
    g := frontline.check_geometry(geom, format('geometry of place "%s"', name));
    INSERT INTO frontline.place (name, kind, geom, country, admin1, capital, population)
    VALUES (name, kind, g, country, admin1, capital, population)
    RETURNING place_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.add_place(text, text, geometry, text, text, text, bigint) IS
  'Adds a place (point or polygon; other SRIDs are transformed to 4326) and returns its place_id';

CREATE FUNCTION frontline.add_alias(place text, alias text, lang text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    pid integer;
    other integer;
BEGIN
    IF place IS NULL OR alias IS NULL OR btrim(alias) = '' THEN
        RAISE EXCEPTION 'place and alias must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    pid := frontline.find_place(place);
    SELECT m.place_id INTO other FROM (
        SELECT p.place_id FROM frontline.place p WHERE frontline.fold_name(p.name) = frontline.fold_name(add_alias.alias)
        UNION
        SELECT a.place_id FROM frontline.place_alias a WHERE frontline.fold_name(a.alias) = frontline.fold_name(add_alias.alias)) m
     WHERE m.place_id <> pid LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'alias "%" already names another place (place_id %)', alias, other
            USING ERRCODE = 'unique_violation',
                  HINT = 'An alias may name only one place, or name lookups become ambiguous.';
    END IF;
    INSERT INTO frontline.place_alias (place_id, alias, lang) VALUES (pid, add_alias.alias, add_alias.lang)
    ON CONFLICT ON CONSTRAINT place_alias_pkey DO UPDATE SET lang = coalesce(EXCLUDED.lang, frontline.place_alias.lang);
END
$$;
COMMENT ON FUNCTION frontline.add_alias(text, text, text) IS
  'Adds another name or spelling of a place (lang: an optional language code such as nl, ps, fa)';

CREATE FUNCTION frontline.check_claim(at timestamptz, source text, confidence real) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
BEGIN
    IF at IS NULL THEN
        RAISE EXCEPTION 'the instant of a claim must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_instant(at, 'the instant of a claim');
    IF source IS NOT NULL AND btrim(source) = '' THEN
        RAISE EXCEPTION 'source must be NULL or a name, not an empty string' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF confidence IS NOT NULL AND NOT (confidence >= 0 AND confidence <= 1) THEN
        RAISE EXCEPTION 'confidence % is out of range', confidence
            USING ERRCODE = 'numeric_value_out_of_range', HINT = 'Confidence is a number from 0 to 1, or NULL for unrated.';
    END IF;
END
$$;
COMMENT ON FUNCTION frontline.check_claim(timestamptz, text, real) IS 'Validates the common fields of a claim (finite instant, non-empty source, confidence 0..1)';

CREATE FUNCTION frontline.record_control(place text, actor text, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    id bigint;
    pid integer;
    a text;
BEGIN
    IF place IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'place and actor must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.find_place(place);
    a := frontline.find_actor(actor);
    INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence, note)
    VALUES (pid, at, 'control', a, source, confidence, note)
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_control(text, text, timestamptz, text, real, text) IS
  'Records the claim that an actor controlled a place from an instant on; returns the event_id';

CREATE FUNCTION frontline.record_contested(place text, at timestamptz, actors text[] DEFAULT NULL,
                                           source text DEFAULT NULL, confidence real DEFAULT NULL,
                                           note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    id bigint;
    pid integer;
    names text[];
BEGIN
    IF place IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.find_place(place);
    IF cardinality(actors) = 1 THEN
        RAISE EXCEPTION 'contested needs at least two contenders, or none: got only "%"', actors[1]
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'One actor alone is control: use frontline.record_control(); pass NULL when the contenders are not known.';
    END IF;
    IF cardinality(actors) > 0 THEN
        IF array_position(actors, NULL) IS NOT NULL THEN
            RAISE EXCEPTION 'a contender must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        SELECT array_agg(frontline.find_actor(x) ORDER BY frontline.find_actor(x)) INTO names
          FROM unnest(actors) AS x;
        IF (SELECT count(DISTINCT x) FROM unnest(names) AS x) < cardinality(names) THEN
            RAISE EXCEPTION 'a contender is listed twice in %', actors USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    INSERT INTO frontline.control_event (place_id, at, state, contenders, source, confidence, note)
    VALUES (pid, at, 'contested', names, source, confidence, note)
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_contested(text, timestamptz, text[], text, real, text) IS
  'Records the claim that a place was contested from an instant on, between two or more named actors or unnamed ones (NULL); returns the event_id';

CREATE FUNCTION frontline.record_unknown(place text, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path FROM CURRENT AS $$
DECLARE
    id bigint;
    pid integer;
BEGIN
    IF place IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.find_place(place);
    INSERT INTO frontline.control_event (place_id, at, state, source, confidence, note)
    VALUES (pid, at, 'unknown', source, confidence, note)
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_unknown(text, timestamptz, text, real, text) IS
  'Records the claim that control of a place became unknown from an instant on (control_at then returns NULL); returns the event_id';
-- ------------------------------------------------------------------ reading control
-- The rule, used by every read function:
--  * the state at a moment is that of the latest claim at or before it;
--    before the first claim it is unknown (NULL);
--  * among claims at the same instant the higher confidence wins, then the one
--    recorded last (higher event_id); unrated claims (NULL confidence) rank
--    below rated ones and pass only min_confidence = 0;
--  * sources (when not NULL) keeps only claims from those sources (claims
--    without a source are then left out); min_confidence drops lower ones.
-- Everything is computed from the claims the caller can SELECT, so table
-- privileges and row-level security on control_event apply to every result.

CREATE FUNCTION frontline.winning_claims(upto_excl timestamptz, sources text[], min_confidence real,
                                         only_place integer DEFAULT NULL)
RETURNS TABLE (place_id integer, at timestamptz, state text, controller text, source text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (e.place_id, e.at)
           e.place_id, e.at,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'unknown' THEN 'unknown'
                        ELSE frontline.contested_state(e.contenders) END,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'contested' THEN 'contested' END,
           e.source
      FROM frontline.control_event e
     WHERE (winning_claims.only_place IS NULL OR e.place_id = winning_claims.only_place)
       AND (winning_claims.upto_excl IS NULL OR e.at < winning_claims.upto_excl)
       AND (winning_claims.sources IS NULL OR e.source = ANY (winning_claims.sources))
       AND (e.confidence >= winning_claims.min_confidence
            OR (e.confidence IS NULL AND coalesce(winning_claims.min_confidence, 0) <= 0))
     ORDER BY e.place_id, e.at, e.confidence DESC NULLS LAST, e.event_id DESC;
END;
COMMENT ON FUNCTION frontline.winning_claims(timestamptz, text[], real, integer) IS
  'The winning claim per (place, instant) before upto_excl under the sources/min_confidence filter: the building block of history, snapshot and changes (arguments are not validated here)';

CREATE FUNCTION frontline.control_at(place_id integer, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
    t timestamptz := frontline.check_instant(at);
    result text;
BEGIN
    IF place_id IS NULL OR at IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END
      INTO result
      FROM frontline.control_event e
     WHERE e.place_id = control_at.place_id AND e.at <= t
       AND (sources IS NULL OR e.source = ANY (sources))
       AND (e.confidence >= m OR (e.confidence IS NULL AND m = 0))
     ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC
     LIMIT 1;
    IF NOT FOUND THEN
        -- only now can the place be missing (a claim implies its place exists)
        PERFORM frontline.check_place_id(place_id);
    END IF;
    RETURN result;
END
$$;
COMMENT ON FUNCTION frontline.control_at(integer, timestamptz, text[], real) IS
  'Who controlled the place at that moment: the actor, ''contested'', or NULL when nothing is known (see the rule in the README)';

CREATE FUNCTION frontline.control_at(place text, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.control_at(frontline.find_place(place), at, sources, min_confidence);
COMMENT ON FUNCTION frontline.control_at(text, timestamptz, text[], real) IS
  'Who controlled the named place (name or alias, any case or accents) at that moment; errors on unknown or ambiguous names';

CREATE FUNCTION frontline.place_at(geom geometry, tolerance_m float8 DEFAULT 5000)
RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    g geometry;
    pid integer;
BEGIN
    IF geom IS NULL THEN
        RETURN NULL;
    END IF;
    IF tolerance_m IS NULL OR NOT (tolerance_m >= 0 AND tolerance_m <= 1000000) THEN
        RAISE EXCEPTION 'tolerance_m % is out of range', coalesce(tolerance_m::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use a distance in metres from 0 to 1000000.';
    END IF;
    g := frontline.check_geometry(geom, 'point', true);
    SELECT p.place_id INTO pid FROM frontline.place p
     WHERE ST_Covers(p.geom, g) AND GeometryType(p.geom) IN ('POLYGON', 'MULTIPOLYGON')
     ORDER BY ST_Area(p.geom::geography), p.place_id LIMIT 1;
    IF pid IS NULL THEN
        SELECT p.place_id INTO pid FROM frontline.place p
         WHERE ST_DWithin(p.geom::geography, g::geography, tolerance_m) AND GeometryType(p.geom) = 'POINT'
         ORDER BY ST_Distance(p.geom::geography, g::geography), p.place_id LIMIT 1;
    END IF;
    RETURN pid;
END
$$;
COMMENT ON FUNCTION frontline.place_at(geometry, float8) IS
  'The place at a point: the smallest polygon place covering it, otherwise the nearest point place within tolerance_m metres (default 5000, on the WGS84 spheroid); NULL if none';

CREATE FUNCTION frontline.control_at(geom geometry, at timestamptz, sources text[] DEFAULT NULL,
                                     min_confidence real DEFAULT 0, tolerance_m float8 DEFAULT 5000)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.control_at(frontline.place_at(geom, tolerance_m), at, sources, min_confidence);
COMMENT ON FUNCTION frontline.control_at(geometry, timestamptz, text[], real, float8) IS
  'Who controlled the place at a point (see place_at: smallest covering polygon, else the nearest point place within tolerance_m metres); NULL if no place is there';

CREATE FUNCTION frontline.history(place_id integer, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS frontline.control_history
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    m real := frontline.check_confidence(min_confidence);
BEGIN
    PERFORM frontline.check_place_id(place_id);
    IF place_id IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT coalesce(frontline.control_history_agg(w.state, w.at), '{}'::frontline.control_history)
              FROM frontline.winning_claims(NULL, sources, m, place_id) w);
END
$$;
COMMENT ON FUNCTION frontline.history(integer, text[], real) IS
  'The resolved control history of a place under the sources/min_confidence filter; {} when it has no claims';

CREATE FUNCTION frontline.history(place text, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS frontline.control_history
LANGUAGE sql STABLE PARALLEL SAFE
RETURN frontline.history(frontline.find_place(place), sources, min_confidence);
COMMENT ON FUNCTION frontline.history(text, text[], real) IS
  'The resolved control history of the named place under the sources/min_confidence filter';

CREATE FUNCTION frontline.snapshot(at timestamptz, sources text[] DEFAULT NULL, min_confidence real DEFAULT 0)
RETURNS TABLE (place_id integer, place text, kind text, controller text, since timestamptz, geom geometry)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000 AS $$
#variable_conflict use_column
DECLARE
    m real := frontline.check_confidence(min_confidence);
    t timestamptz := frontline.check_instant(at);
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    WITH h AS (
        SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
          FROM frontline.winning_claims(t + interval '1 microsecond', sources, m) w
         GROUP BY w.place_id)
    SELECT p.place_id, p.name, p.kind, frontline.control_at(h.h, t), frontline.since(h.h, t), p.geom
      FROM frontline.place p LEFT JOIN h ON h.place_id = p.place_id
     ORDER BY p.place_id;
END
$$;
COMMENT ON FUNCTION frontline.snapshot(timestamptz, text[], real) IS
  'Every place at one moment: its controller (actor, ''contested'' or NULL) and since when that controller had held it';

CREATE FUNCTION frontline.changes(from_t timestamptz, to_t timestamptz, sources text[] DEFAULT NULL,
                                  min_confidence real DEFAULT 0)
RETURNS TABLE (at timestamptz, place_id integer, place text, from_controller text, to_controller text, source text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 100 AS $$
#variable_conflict use_column
DECLARE
    m real := frontline.check_confidence(min_confidence);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
BEGIN
    IF f IS NULL OR u IS NULL THEN
        RAISE EXCEPTION 'from_t and to_t must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF f > u THEN
        RAISE EXCEPTION 'from_t % is after to_t %', f, u USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH l AS (
        SELECT w.*, lag(w.controller) OVER (PARTITION BY w.place_id ORDER BY w.at) AS prev
          FROM frontline.winning_claims(u, sources, m) w)
    SELECT l.at, l.place_id, p.name, l.prev, l.controller, l.source
      FROM l JOIN frontline.place p ON p.place_id = l.place_id
     WHERE l.at >= f AND l.prev IS DISTINCT FROM l.controller
     ORDER BY l.at, l.place_id;
END
$$;
COMMENT ON FUNCTION frontline.changes(timestamptz, timestamptz, text[], real) IS
  'The moments in [from_t, to_t) where a place''s resolved controller differs from the one just before, with the source of the claim that changed it';
-- ------------------------------------------------------------------ geodesy (PROJ geodesic.h)
-- Every distance and azimuth is computed by PROJ's geod_inverse / geod_direct
-- on the WGS84 ellipsoid.  Geometries reach the C code as WKB written by
-- PostGIS (ST_AsBinary), after PostGIS has brought them to EPSG:4326.

CREATE FUNCTION frontline._geo_check(wkb bytea, srid integer, what text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'fl_geo_check_sql' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._geo_check(bytea, integer, text) IS
  'Internal: validates WGS84 WKB (not empty, finite, lon -180..180, lat -90..90); NULL wkb means the SRID was 0 or unknown. Raises 22023 naming `what`.';

-- IMMUTABLE like PostGIS's own ST_Transform, which also reads spatial_ref_sys.
CREATE FUNCTION frontline.geo_wgs84(g geometry, what text DEFAULT 'geometry') RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN frontline._geo_check(ST_AsBinary(x.g4326), ST_SRID(geo_wgs84.g), geo_wgs84.what)
                THEN x.g4326 END
      FROM (SELECT CASE WHEN ST_SRID(geo_wgs84.g) = 4326 THEN ST_Force2D(geo_wgs84.g)
                        WHEN ST_SRID(geo_wgs84.g) <> 0
                         AND EXISTS (SELECT 1 FROM spatial_ref_sys s WHERE s.srid = ST_SRID(geo_wgs84.g))
                        THEN ST_Force2D(ST_Transform(geo_wgs84.g, 4326)) END AS g4326) x;
END;
COMMENT ON FUNCTION frontline.geo_wgs84(geometry, text) IS
  'The geometry in EPSG:4326 (2D), transformed by PostGIS when it has another SRID; errors (22023, naming `what`) on no SRID, unknown SRID, empty, NaN/infinite or out-of-range coordinates';

CREATE FUNCTION frontline._geodesic_m(a bytea, b bytea, touching boolean) RETURNS float8
    AS 'MODULE_PATHNAME', 'fl_geodesic_m_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._geodesic_m(bytea, bytea, boolean) IS
  'Internal: metres between two WGS84 WKB shapes (0 when touching), through PROJ geod_inverse';

CREATE FUNCTION frontline._geodesic_azimuth(a bytea, b bytea) RETURNS float8
    AS 'MODULE_PATHNAME', 'fl_geodesic_azimuth_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._geodesic_azimuth(bytea, bytea) IS
  'Internal: initial azimuth 0..360 from the first vertex of a to the first vertex of b (PROJ geod_inverse); NULL when they coincide';

CREATE FUNCTION frontline._geodesic_circle(center bytea, radius_km float8, segments integer) RETURNS bytea
    AS 'MODULE_PATHNAME', 'fl_geodesic_circle_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._geodesic_circle(bytea, float8, integer) IS
  'Internal: WKB polygon of a geodesic circle (PROJ geod_direct), cut at the antimeridian, closed over a pole it contains';

CREATE FUNCTION frontline.geodesic_inverse(lat1 float8, lon1 float8, lat2 float8, lon2 float8,
                                           OUT distance_m float8, OUT azimuth1 float8, OUT azimuth2 float8)
    AS 'MODULE_PATHNAME', 'fl_geodesic_inverse_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.geodesic_inverse(float8, float8, float8, float8) IS
  'The inverse geodesic problem on WGS84 (PROJ geod_inverse): distance in metres and the azimuths (degrees, -180..180) at both ends';

CREATE FUNCTION frontline.geodesic_direct(lat1 float8, lon1 float8, azimuth1 float8, distance_m float8,
                                          OUT lat2 float8, OUT lon2 float8, OUT azimuth2 float8)
    AS 'MODULE_PATHNAME', 'fl_geodesic_direct_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.geodesic_direct(float8, float8, float8, float8) IS
  'The direct geodesic problem on WGS84 (PROJ geod_direct): where you arrive after distance_m metres at azimuth1 degrees (lon2 unrolled)';

CREATE FUNCTION frontline.geodesic_km(a geometry, b geometry) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT frontline._geodesic_m(ST_AsBinary(x.a), ST_AsBinary(x.b),
               CASE WHEN GeometryType(x.a) = 'POINT' AND GeometryType(x.b) = 'POINT' THEN false
                    ELSE ST_Intersects(geography(x.a), geography(x.b)) END) / 1000.0
      FROM (SELECT frontline.geo_wgs84(geodesic_km.a, 'geometry a') AS a,
                   frontline.geo_wgs84(geodesic_km.b, 'geometry b') AS b) x;
END;
COMMENT ON FUNCTION frontline.geodesic_km(geometry, geometry) IS
  'Ellipsoidal (WGS84) distance in km through PROJ geod_inverse; for lines and polygons the distance to the nearest point (edges are geodesics), 0 when they intersect. Other SRIDs are transformed by PostGIS.';

CREATE FUNCTION frontline.bearing(a geometry, b geometry) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT frontline._geodesic_azimuth(
               ST_AsBinary(CASE WHEN GeometryType(x.a) = 'POINT' THEN x.a ELSE ST_PointOnSurface(x.a) END),
               ST_AsBinary(CASE WHEN GeometryType(x.b) = 'POINT' THEN x.b ELSE ST_PointOnSurface(x.b) END))
      FROM (SELECT frontline.geo_wgs84(bearing.a, 'geometry a') AS a,
                   frontline.geo_wgs84(bearing.b, 'geometry b') AS b) x;
END;
COMMENT ON FUNCTION frontline.bearing(geometry, geometry) IS
  'Initial azimuth in degrees [0, 360) of the geodesic from a to b on WGS84 (PROJ geod_inverse); lines and polygons are represented by ST_PointOnSurface; NULL when the points coincide';

CREATE FUNCTION frontline.compass(degrees float8) RETURNS text
    AS 'MODULE_PATHNAME', 'fl_compass_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.compass(float8) IS
  '16-point compass name (N, NNE, NE, ENE, E, ...) of an azimuth in degrees, taken modulo 360; sectors are 22.5 degrees centred on each point';

CREATE FUNCTION frontline.geodesic_circle(center geometry, radius_km float8, segments integer DEFAULT 72)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ST_GeomFromWKB(frontline._geodesic_circle(ST_AsBinary(frontline.geo_wgs84(center, 'center')),
                                                 radius_km, segments), 4326);
COMMENT ON FUNCTION frontline.geodesic_circle(geometry, float8, integer) IS
  'Polygon (EPSG:4326) whose vertices lie exactly radius_km from the centre on WGS84 (PROJ geod_direct), counter-clockwise; cut into a MultiPolygon at the antimeridian; a circle around a pole is closed along the pole''s parallel; a radius enclosing both poles is an error';
-- ------------------------------------------------------------------ radius from the capital
-- Distances never change: each query computes a place's geodesic distance
-- to the capital once.  Spatial candidates come from the GiST index on
-- geom::geography (PostGIS, spherical, with a 2 % + 1 km margin that covers
-- the sphere/ellipsoid difference); the exact WGS84 distance decides.
-- Control is resolved from the claims the caller can SELECT (row-level
-- security applies), with the same rule and filters as control_at.

CREATE FUNCTION frontline.check_radius(radius_km float8, what text DEFAULT 'radius_km') RETURNS float8
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
BEGIN
    IF radius_km IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF radius_km = 'NaN'::float8 OR radius_km <= 0 OR radius_km = 'Infinity'::float8 THEN
        RAISE EXCEPTION '% % must be a positive number of kilometres', what, radius_km
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF radius_km > 20004 THEN
        RAISE EXCEPTION '% % is more than half the Earth''s circumference', what, radius_km
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Distances are in kilometres; no point on Earth is farther than 20004 km from another.';
    END IF;
    RETURN radius_km;
END
$$;
COMMENT ON FUNCTION frontline.check_radius(float8, text) IS
  'Returns a radius in km when it is a number in (0, 20004]; raises 22004 for NULL and 22023 otherwise, naming the value';

CREATE FUNCTION frontline.capital_of(place_id integer, level text DEFAULT 'national') RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
    p record;
    caps integer[];
    names text;
BEGIN
    IF place_id IS NULL THEN
        RETURN NULL;
    END IF;
    IF level IS NULL OR level NOT IN ('national', 'provincial') THEN
        RAISE EXCEPTION 'capital level "%" is not national or provincial', coalesce(level, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'national: the capital of the place''s country; provincial: the capital of its admin1.';
    END IF;
    PERFORM frontline.check_place_id(place_id);
    SELECT pl.name, pl.country, pl.admin1 INTO p FROM frontline.place pl WHERE pl.place_id = capital_of.place_id;
    IF level = 'national' AND p.country IS NULL THEN
        RAISE EXCEPTION 'place "%" has no country, so no national capital', p.name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Set frontline.place.country for it.';
    ELSIF level = 'provincial' AND p.admin1 IS NULL THEN
        RAISE EXCEPTION 'place "%" has no admin1, so no provincial capital', p.name
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Set frontline.place.admin1 for it.';
    END IF;
    SELECT array_agg(c.place_id ORDER BY c.place_id),
           string_agg(format('"%s" (%s)', c.name, c.place_id), ', ' ORDER BY c.place_id)
      INTO caps, names
      FROM frontline.place c
     WHERE c.capital = level AND c.country IS NOT DISTINCT FROM p.country
       AND (level = 'national' OR c.admin1 = p.admin1);
    IF caps IS NULL THEN
        IF level = 'national' THEN
            RAISE EXCEPTION 'no national capital is recorded for country "%"', p.country
                USING ERRCODE = 'undefined_object',
                      HINT = 'Mark one place of that country with capital = ''national'' in frontline.place.';
        ELSE
            RAISE EXCEPTION 'no provincial capital is recorded for "%" (%)', p.admin1, coalesce(p.country, 'no country')
                USING ERRCODE = 'undefined_object',
                      HINT = 'Mark one place of that admin1 with capital = ''provincial'' in frontline.place.';
        END IF;
    END IF;
    IF cardinality(caps) > 1 THEN
        RAISE EXCEPTION '% capital of "%" is ambiguous: %', level,
                        CASE level WHEN 'national' THEN p.country ELSE p.admin1 END, names
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Keep one place per country (or admin1) marked as its capital.';
    END IF;
    RETURN caps[1];
END
$$;
COMMENT ON FUNCTION frontline.capital_of(integer, text) IS
  'The place_id of the national capital (same country) or provincial capital (same country and admin1) of a place; 42704 when none is recorded, 22023 when several are';

CREATE FUNCTION frontline.from_capital(place_id integer, level text DEFAULT 'national')
RETURNS TABLE (capital text, km float8, bearing float8, compass text, phrase text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1 AS $$
DECLARE
    cid integer;
    pg geometry;
    cg geometry;
BEGIN
    IF place_id IS NULL THEN
        RETURN;
    END IF;
    cid := frontline.capital_of(place_id, level);
    SELECT p.geom INTO pg FROM frontline.place p WHERE p.place_id = from_capital.place_id;
    SELECT p.name, p.geom INTO capital, cg FROM frontline.place p WHERE p.place_id = cid;
    km := frontline.geodesic_km(cg, pg);
    bearing := CASE WHEN km > 0 THEN frontline.bearing(cg, pg) END;
    compass := frontline.compass(bearing);
    phrase := CASE WHEN km = 0 THEN 'in ' || capital
                   WHEN km < 0.5 THEN format('less than 1 km %s of %s', compass, capital)
                   ELSE format('%s km %s of %s', round(km::numeric), compass, capital) END;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION frontline.from_capital(integer, text) IS
  'Distance (km, WGS84), initial bearing and compass direction of a place from its national or provincial capital, with a phrase like "61 km S of Kabul"';

CREATE FUNCTION frontline.from_capital(place text, level text DEFAULT 'national')
RETURNS TABLE (capital text, km float8, bearing float8, compass text, phrase text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT f.capital, f.km, f.bearing, f.compass, f.phrase
      FROM frontline.from_capital(frontline.find_place(from_capital.place), from_capital.level) f;
END;
COMMENT ON FUNCTION frontline.from_capital(text, text) IS
  'from_capital for a place name or alias (any case or accents); errors on unknown or ambiguous names';

CREATE FUNCTION frontline.within_radius(capital text, radius_km float8, at timestamptz DEFAULT NULL,
                                        held_by text DEFAULT NULL, sources text[] DEFAULT NULL,
                                        min_confidence real DEFAULT 0)
RETURNS TABLE (place_id integer, place text, kind text, km float8, bearing float8, compass text, controller text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 100 AS $$
#variable_conflict use_column
DECLARE
    cid integer := frontline.find_place(capital);
    r float8 := frontline.check_radius(radius_km);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    who text;
    cg geometry;
BEGIN
    IF cid IS NULL THEN
        RAISE EXCEPTION 'capital must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF held_by IS NOT NULL THEN
        IF t IS NULL THEN
            RAISE EXCEPTION 'held_by "%" needs a moment, but at is NULL', held_by
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Pass at => the moment whose controller should match.';
        END IF;
        who := CASE WHEN lower(btrim(held_by)) = 'contested' THEN 'contested'
                    ELSE frontline.find_actor(held_by) END;
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    RETURN QUERY
    WITH cand AS (
        SELECT p.place_id, p.name, p.kind, p.geom, frontline.geodesic_km(cg, p.geom) AS km
          FROM frontline.place p
         WHERE ST_DWithin(p.geom::geography, cg::geography, r * 1020.0 + 1000.0, false)),
    hits AS (
        SELECT c.*, CASE WHEN t IS NOT NULL
                         THEN frontline.control_at(c.place_id, t, sources, m) END AS controller
          FROM cand c
         WHERE c.km <= r)
    SELECT h.place_id, h.name, h.kind, h.km, b.az, frontline.compass(b.az), h.controller
      FROM hits h
     CROSS JOIN LATERAL (SELECT CASE WHEN h.km > 0 THEN frontline.bearing(cg, h.geom) END AS az) b
     WHERE who IS NULL OR h.controller IS NOT DISTINCT FROM who
     ORDER BY h.km, h.place_id;
END
$$;
COMMENT ON FUNCTION frontline.within_radius(text, float8, timestamptz, text, text[], real) IS
  'Every place within radius_km (WGS84 geodesic) of the named place, nearest first, with its bearing and, when at is given, its controller then (actor, ''contested'' or NULL); held_by (an actor or ''contested'') keeps only the places it held at that moment';

CREATE FUNCTION frontline.rings(capital text, at timestamptz, radii_km float8[], sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0)
RETURNS TABLE (inner_km float8, outer_km float8, controller text, places integer, population bigint)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 20 AS $$
#variable_conflict use_column
DECLARE
    cid integer := frontline.find_place(capital);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    rs float8[];
    cg geometry;
BEGIN
    IF cid IS NULL OR t IS NULL OR radii_km IS NULL THEN
        RAISE EXCEPTION 'capital, at and radii_km must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF cardinality(radii_km) = 0 THEN
        RAISE EXCEPTION 'radii_km is empty' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Give the outer radius of each band, e.g. ARRAY[50, 100, 200].';
    END IF;
    SELECT array_agg(frontline.check_radius(r, 'radius') ORDER BY r) INTO rs FROM unnest(radii_km) r;
    IF (SELECT count(DISTINCT r) FROM unnest(rs) r) < cardinality(rs) THEN
        RAISE EXCEPTION 'radii_km % lists a radius twice', radii_km USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    RETURN QUERY
    WITH bands AS (
        SELECT lag(r, 1, 0::float8) OVER (ORDER BY r) AS inner_km, r AS outer_km FROM unnest(rs) r),
    cand AS (
        SELECT p.place_id, p.population, frontline.geodesic_km(cg, p.geom) AS km
          FROM frontline.place p
         WHERE ST_DWithin(p.geom::geography, cg::geography, rs[cardinality(rs)] * 1020.0 + 1000.0, false)),
    hits AS (
        SELECT c.*, frontline.control_at(c.place_id, t, sources, m) AS controller
          FROM cand c WHERE c.km <= rs[cardinality(rs)])
    SELECT b.inner_km, b.outer_km, h.controller, count(*)::integer, sum(h.population)::bigint
      FROM bands b
      JOIN hits h ON h.km <= b.outer_km AND (h.km > b.inner_km OR b.inner_km = 0)
     GROUP BY b.inner_km, b.outer_km, h.controller
     ORDER BY b.inner_km, count(*) DESC, h.controller COLLATE "C" NULLS LAST;
END
$$;
COMMENT ON FUNCTION frontline.rings(text, timestamptz, float8[], text[], real) IS
  'Who held what in each distance band around a place at one moment: bands [0, r1], (r1, r2], ... from the sorted radii_km, one row per (band, controller) with the number of places and their summed population (NULL when none is known)';

CREATE FUNCTION frontline.front(actor text, capital text, at timestamptz, sources text[] DEFAULT NULL,
                                min_confidence real DEFAULT 0)
RETURNS TABLE (place text, km float8, bearing float8, compass text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1 AS $$
#variable_conflict use_column
DECLARE
    a text := frontline.find_actor(actor);
    cid integer := frontline.find_place(capital);
    t timestamptz := frontline.check_instant(at);
    m real := frontline.check_confidence(min_confidence);
    cg geometry;
BEGIN
    IF a IS NULL OR cid IS NULL OR t IS NULL THEN
        RAISE EXCEPTION 'actor, capital and at must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    RETURN QUERY
    WITH cur AS (
        SELECT DISTINCT ON (w.place_id) w.place_id, w.controller
          FROM frontline.winning_claims(t + interval '1 microsecond', sources, m) w
         ORDER BY w.place_id, w.at DESC),
    held AS (
        SELECT p.place_id, p.name, p.geom, frontline.geodesic_km(cg, p.geom) AS km
          FROM cur JOIN frontline.place p ON p.place_id = cur.place_id
         WHERE cur.controller = a
         ORDER BY 4, 1
         LIMIT 1)
    SELECT h.name, h.km, b.az, frontline.compass(b.az)
      FROM held h
     CROSS JOIN LATERAL (SELECT CASE WHEN h.km > 0 THEN frontline.bearing(cg, h.geom) END AS az) b;
END
$$;
COMMENT ON FUNCTION frontline.front(text, text, timestamptz, text[], real) IS
  'The front''s closest approach: the place the actor held at that moment that is nearest (WGS84) to the capital, with bearing; no row when it held nothing. Ties go to the lower place_id.';

CREATE FUNCTION frontline._front_sweep_trans(internal, integer, timestamptz, boolean, float8, timestamptz[])
RETURNS internal
    AS 'MODULE_PATHNAME', 'fl_front_sweep_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._front_sweep_trans(internal, integer, timestamptz, boolean, float8, timestamptz[]) IS
  'Internal: transition function of _front_sweep';
CREATE FUNCTION frontline._front_sweep_final(internal) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'fl_front_sweep_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._front_sweep_final(internal) IS
  'Internal: final function of _front_sweep';
CREATE AGGREGATE frontline._front_sweep(place_id integer, at timestamptz, held boolean, km float8,
                                        steps timestamptz[]) (
    SFUNC = frontline._front_sweep_trans,
    STYPE = internal,
    FINALFUNC = frontline._front_sweep_final,
    FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE frontline._front_sweep(integer, timestamptz, boolean, float8, timestamptz[]) IS
  'Internal: the front sweep. Fed winning claims ORDER BY at, returns per step the held place nearest to the capital (NULL when none)';

CREATE FUNCTION frontline.front_series(actor text, capital text, from_t timestamptz, to_t timestamptz,
                                       step interval, sources text[] DEFAULT NULL,
                                       min_confidence real DEFAULT 0)
RETURNS TABLE (t timestamptz, place text, km float8)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 365 AS $$
#variable_conflict use_column
DECLARE
    a text := frontline.find_actor(actor);
    cid integer := frontline.find_place(capital);
    f timestamptz := frontline.check_instant(from_t, 'from_t');
    u timestamptz := frontline.check_instant(to_t, 'to_t');
    m real := frontline.check_confidence(min_confidence);
    steps timestamptz[];
    cg geometry;
BEGIN
    IF a IS NULL OR cid IS NULL OR f IS NULL OR u IS NULL OR step IS NULL THEN
        RAISE EXCEPTION 'actor, capital, from_t, to_t and step must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF f > u THEN
        RAISE EXCEPTION 'from_t % is after to_t %', f, u USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF f + step <= f THEN
        RAISE EXCEPTION 'step % is not positive', step USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF extract(epoch FROM u - f) / extract(epoch FROM step) > 1000000 THEN
        RAISE EXCEPTION 'a series from % to % every % has more than 1000000 steps', f, u, step
            USING ERRCODE = 'program_limit_exceeded', HINT = 'Use a larger step or a shorter period.';
    END IF;
    steps := ARRAY(SELECT g FROM generate_series(f, u, step) g);
    SELECT p.geom INTO cg FROM frontline.place p WHERE p.place_id = cid;
    RETURN QUERY
    WITH w AS (
        SELECT * FROM frontline.winning_claims(u + interval '1 microsecond', sources, m)),
    d AS (
        SELECT p.place_id, frontline.geodesic_km(cg, p.geom) AS km
          FROM frontline.place p
         WHERE p.place_id IN (SELECT w.place_id FROM w WHERE w.controller = a)),
    sweep AS (
        SELECT frontline._front_sweep(w.place_id, w.at, w.controller IS NOT DISTINCT FROM a, d.km, steps
                                      ORDER BY w.at) AS res
          FROM w LEFT JOIN d ON d.place_id = w.place_id)
    SELECT s.t, p.name, d.km
      FROM unnest(steps) WITH ORDINALITY s(t, i)
      LEFT JOIN sweep ON true
      LEFT JOIN frontline.place p ON p.place_id = sweep.res[s.i]
      LEFT JOIN d ON d.place_id = sweep.res[s.i]
     ORDER BY s.i;
END
$$;
COMMENT ON FUNCTION frontline.front_series(text, text, timestamptz, timestamptz, interval, text[], real) IS
  'front() at every t of generate_series(from_t, to_t, step), computed in one sweep over the claims sorted once; place and km are NULL at steps where the actor held nothing';
