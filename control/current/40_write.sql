-- ------------------------------------------------------------------ write API

CREATE OR REPLACE FUNCTION frontline.add_actor(name text, kind text DEFAULT NULL, color text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id integer;
    other text;
BEGIN
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'actor name must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF frontline.fold_name(name) = '' THEN
        RAISE EXCEPTION 'actor name "%" has no letter or digit', name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Names are looked up ignoring case, accents, spaces and punctuation; this one would match nothing.';
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
                  DETAIL = CASE WHEN other <> name THEN format('"%s" differs from it only in case, accents or punctuation.', name)
                                ELSE 'Actor names are unique.' END;
    END IF;
    INSERT INTO frontline.actor (name, kind, color) VALUES (name, kind, color)
    RETURNING actor_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.add_actor(text, text, text) IS
  'Adds an actor and returns its actor_id; errors on reserved words, invalid colours and names that already exist (ignoring case and accents)';

CREATE OR REPLACE FUNCTION frontline.add_place(name text, kind text, geom @postgis@.geometry, country text DEFAULT NULL,
                                    admin1 text DEFAULT NULL, capital text DEFAULT NULL,
                                    population bigint DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id integer;
    g @postgis@.geometry;
BEGIN
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'place name must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF frontline.fold_name(name) = '' THEN
        RAISE EXCEPTION 'place name "%" has no letter or digit', name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Names are looked up ignoring case, accents, spaces and punctuation; this one would match nothing.';
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
    -- a second place of the same (folded) name in the same admin1 makes the
    -- name ambiguous for every function that takes a name
    IF EXISTS (SELECT 1 FROM frontline.place p
                WHERE frontline.fold_name(p.name) = frontline.fold_name(add_place.name)
                  AND frontline.fold_name(coalesce(p.admin1, '')) = frontline.fold_name(coalesce(add_place.admin1, ''))) THEN
        RAISE WARNING 'a place named "%" already exists in %', name, coalesce(admin1, 'no admin1')
            USING DETAIL = 'Both are kept; looking the name up now reports it as ambiguous.',
                  HINT = 'Use the place_id forms of the functions, or add_alias() a distinguishing name.';
    END IF;
    INSERT INTO frontline.place (name, kind, geom, country, admin1, capital, population)
    VALUES (name, kind, g, country, admin1, capital, population)
    RETURNING place_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.add_place(text, text, @postgis@.geometry, text, text, text, bigint) IS
  'Adds a place (point or polygon; other SRIDs are transformed to 4326) and returns its place_id';

CREATE OR REPLACE FUNCTION frontline.add_alias(place text, alias text, lang text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid integer;
    other integer;
BEGIN
    IF place IS NULL OR alias IS NULL OR btrim(alias) = '' THEN
        RAISE EXCEPTION 'place and alias must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF frontline.fold_name(alias) = '' THEN
        RAISE EXCEPTION 'alias "%" has no letter or digit', alias
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Names are looked up ignoring case, accents, spaces and punctuation; this one would match nothing.';
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

CREATE OR REPLACE FUNCTION frontline.check_claim(at timestamptz, source text, confidence real) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
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

CREATE OR REPLACE FUNCTION frontline.record_control(place_id integer, actor text, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL,
                                         reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id bigint;
    pid integer;
    a text;
BEGIN
    IF place_id IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'place and actor must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.check_place_id(place_id);
    a := frontline.find_actor(actor);
    INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence, note, reported_at)
    VALUES (pid, at, 'control', a, source, confidence, note,
            coalesce(frontline.check_instant(reported_at, 'reported_at'), now()))
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_control(integer, text, timestamptz, text, real, text, timestamptz) IS
  'Records the claim that an actor controlled the place place_id from an instant on; returns the event_id';

CREATE OR REPLACE FUNCTION frontline.record_control(place text, actor text, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL,
                                         reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF place IS NULL OR actor IS NULL THEN
        RAISE EXCEPTION 'place and actor must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    RETURN frontline.record_control(frontline.find_place(place), actor, at, source, confidence, note, reported_at);
END
$$;
COMMENT ON FUNCTION frontline.record_control(text, text, timestamptz, text, real, text, timestamptz) IS
  'Records the claim that an actor controlled a place (name or alias; pass the place_id when the name is ambiguous) from an instant on; returns the event_id';

CREATE OR REPLACE FUNCTION frontline.record_contested(place_id integer, at timestamptz, actors text[] DEFAULT NULL,
                                           source text DEFAULT NULL, confidence real DEFAULT NULL,
                                           note text DEFAULT NULL, reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id bigint;
    pid integer;
    names text[];
BEGIN
    IF place_id IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.check_place_id(place_id);
    IF array_ndims(actors) > 1 THEN
        RAISE EXCEPTION 'actors must be a one-dimensional array, not %-dimensional: %', array_ndims(actors), actors
            USING ERRCODE = 'array_subscript_error';
    END IF;
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
    INSERT INTO frontline.control_event (place_id, at, state, contenders, source, confidence, note, reported_at)
    VALUES (pid, at, 'contested', names, source, confidence, note,
            coalesce(frontline.check_instant(reported_at, 'reported_at'), now()))
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_contested(integer, timestamptz, text[], text, real, text, timestamptz) IS
  'Records the claim that the place place_id was contested from an instant on, between two or more named actors or unnamed ones (NULL); returns the event_id';

CREATE OR REPLACE FUNCTION frontline.record_contested(place text, at timestamptz, actors text[] DEFAULT NULL,
                                           source text DEFAULT NULL, confidence real DEFAULT NULL,
                                           note text DEFAULT NULL, reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF place IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    RETURN frontline.record_contested(frontline.find_place(place), at, actors, source, confidence, note, reported_at);
END
$$;
COMMENT ON FUNCTION frontline.record_contested(text, timestamptz, text[], text, real, text, timestamptz) IS
  'Records the claim that a place (name or alias) was contested from an instant on, between two or more named actors or unnamed ones (NULL); returns the event_id';

CREATE OR REPLACE FUNCTION frontline.record_unknown(place_id integer, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL,
                                         reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id bigint;
    pid integer;
BEGIN
    IF place_id IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    pid := frontline.check_place_id(place_id);
    INSERT INTO frontline.control_event (place_id, at, state, source, confidence, note, reported_at)
    VALUES (pid, at, 'unknown', source, confidence, note,
            coalesce(frontline.check_instant(reported_at, 'reported_at'), now()))
    RETURNING event_id INTO id;
    RETURN id;
END
$$;
COMMENT ON FUNCTION frontline.record_unknown(integer, timestamptz, text, real, text, timestamptz) IS
  'Records the claim that control of the place place_id became unknown from an instant on (control_at then returns NULL); returns the event_id';

CREATE OR REPLACE FUNCTION frontline.record_unknown(place text, at timestamptz, source text DEFAULT NULL,
                                         confidence real DEFAULT NULL, note text DEFAULT NULL,
                                         reported_at timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF place IS NULL THEN
        RAISE EXCEPTION 'place must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM frontline.check_claim(at, source, confidence);
    RETURN frontline.record_unknown(frontline.find_place(place), at, source, confidence, note, reported_at);
END
$$;
COMMENT ON FUNCTION frontline.record_unknown(text, timestamptz, text, real, text, timestamptz) IS
  'Records the claim that control of a place (name or alias) became unknown from an instant on (control_at then returns NULL); returns the event_id';

-- ------------------------------------------------------------------ rules the tables keep
-- Plain INSERT, UPDATE and COPY into control_event keep the rules of
-- record_contested: every contender is an actor's exact name, no actor is
-- listed twice (also not by two spellings that fold alike: actor names are
-- unique when folded, so among actors such twins are the same string).  An
-- AFTER ROW trigger in C (src/fl_rules_sql.c) with a WHEN clause, so rows
-- without contenders cost nothing and COPY keeps its batched inserts; a row
-- with contenders costs one probe of actor's key through a plan kept for
-- the session (a PL/pgSQL version cost about 40 microseconds a row, 4 s of
-- a load of a million claims with 10 % contested).  Renaming an actor
-- renames it in every claim's contenders; deleting an actor that a claim
-- names is refused.
CREATE OR REPLACE FUNCTION frontline_internal.check_contenders() RETURNS trigger
    AS 'MODULE_PATHNAME', 'frontline_check_contenders' LANGUAGE C;
COMMENT ON FUNCTION frontline_internal.check_contenders() IS
  'Internal trigger: the contenders of a claim are existing actors, each listed once (23503, 23514)';

CREATE OR REPLACE TRIGGER control_event_contenders AFTER INSERT OR UPDATE OF contenders ON frontline.control_event
    FOR EACH ROW WHEN (NEW.contenders IS NOT NULL) EXECUTE FUNCTION frontline_internal.check_contenders();
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_contenders;
COMMENT ON TRIGGER control_event_contenders ON frontline.control_event IS
  'Contenders must be actors, each listed once: the rule of record_contested for plain INSERT, UPDATE and COPY';

CREATE OR REPLACE FUNCTION frontline_internal.actor_in_contenders() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.name IS DISTINCT FROM OLD.name THEN
            UPDATE frontline.control_event e SET contenders = array_replace(e.contenders, OLD.name, NEW.name)
             WHERE e.contenders @> ARRAY[OLD.name];
        END IF;
        RETURN NULL;
    END IF;
    SELECT count(*) INTO n FROM frontline.control_event e WHERE e.contenders @> ARRAY[OLD.name];
    IF n > 0 THEN
        RAISE EXCEPTION 'actor "%" is named as a contender by % claims', OLD.name, n
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Delete or change those claims first.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION frontline_internal.actor_in_contenders() IS
  'Internal trigger: renaming an actor renames it among claims'' contenders; deleting an actor named there is refused (23503)';

CREATE OR REPLACE TRIGGER actor_contenders AFTER UPDATE OF name OR DELETE ON frontline.actor
    FOR EACH ROW EXECUTE FUNCTION frontline_internal.actor_in_contenders();
ALTER TABLE frontline.actor ENABLE ALWAYS TRIGGER actor_contenders;
COMMENT ON TRIGGER actor_contenders ON frontline.actor IS
  'Keeps claims'' contenders in step with actor names (rename), and refuses to delete an actor they name';
