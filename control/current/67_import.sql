-- ------------------------------------------------------------------ ACLED import
-- ACLED exports (CSV) become claims: docs/import.md.  The CSV is copied into
-- a staging table whose columns are named by its header (all text; the
-- helper acled_staging() makes one from the header line); import_acled()
-- finds the columns by name, so the three layouts ACLED has published load:
-- 2023+ (sub_event_type, assoc_actor_*), 2019-2022 (data_id, iso, iso3,
-- numeric inter codes) and pre-2019 (alphabetical, ally_actor_*, the kind of
-- event in event_type, often a leading unnamed pandas index column).

-- A date as ACLED exports have carried it: 2021-08-15, 15 August 2021,
-- 06 March 2020, 9-May-20, 31-12-19 (day first), 15/08/2021.  A two-digit
-- year takes the century that makes it equal to the year column (which must
-- lie in 1997-2096); without one, 97-99 are 1997-1999 (ACLED begins in
-- 1997) and 00-96 are 2000-2096.
-- NULL when the text is not a date or contradicts the year.
CREATE OR REPLACE FUNCTION frontline._acled_date(d text, year integer DEFAULT NULL) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s text := lower(btrim(d, E' \t\r\n\u00a0'));
    m text[];
    dd integer;
    mm integer;
    yy integer;
    two_digit boolean := false;
    months CONSTANT text[] := ARRAY['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
BEGIN
    IF s IS NULL OR s = '' OR length(s) > 40 THEN
        RETURN NULL;
    END IF;
    IF s ~ '^\d{4}-\d{1,2}-\d{1,2}$' THEN                      -- 2021-08-15
        m := regexp_match(s, '^(\d{4})-(\d{1,2})-(\d{1,2})$');
        yy := m[1]::integer; mm := m[2]::integer; dd := m[3]::integer;
    ELSIF s ~ '^\d{1,2} [a-z]+\.? \d{4}$' THEN                  -- 15 August 2021
        m := regexp_match(s, '^(\d{1,2}) ([a-z]+)\.? (\d{4})$');
        dd := m[1]::integer; yy := m[3]::integer;
        mm := array_position(months, left(m[2], 3));
        IF mm IS NULL OR NOT (m[2] = left(m[2], 3) OR m[2] = (ARRAY['january', 'february', 'march', 'april', 'may', 'june', 'july',
                                    'august', 'september', 'october', 'november', 'december'])[mm]
                                 OR (mm = 9 AND m[2] = 'sept')) THEN
            RETURN NULL;
        END IF;
    ELSIF s ~ '^\d{1,2}-[a-z]{3}-\d{2}(\d{2})?$' THEN           -- 9-May-20, 9-May-2020
        m := regexp_match(s, '^(\d{1,2})-([a-z]{3})-(\d{2,4})$');
        dd := m[1]::integer; mm := array_position(months, m[2]); yy := m[3]::integer;
        two_digit := length(m[3]) = 2;
    ELSIF s ~ '^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}(\d{2})?$' THEN    -- 31-12-19, 15/08/2021
        m := regexp_match(s, '^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$');
        dd := m[1]::integer; mm := m[2]::integer; yy := m[3]::integer;
        two_digit := length(m[3]) = 2;
    ELSE
        RETURN NULL;
    END IF;
    IF yy IS NULL OR mm IS NULL OR dd IS NULL OR (NOT two_digit AND yy < 1000) THEN
        RETURN NULL;
    END IF;
    IF two_digit THEN
        IF year IS NOT NULL THEN
            IF year % 100 <> yy OR year < 1997 OR year > 2096 THEN
                RETURN NULL;
            END IF;
            yy := year;
        ELSE
            yy := CASE WHEN yy >= 97 THEN 1900 + yy ELSE 2000 + yy END;
        END IF;
    ELSIF year IS NOT NULL AND year <> yy THEN
        RETURN NULL;
    END IF;
    IF mm < 1 OR mm > 12 OR dd < 1 OR yy < 1 OR yy > 9999
       OR dd > extract(day FROM (make_date(yy, mm, 1) + interval '1 month - 1 day'))::integer THEN
        RETURN NULL;
    END IF;
    RETURN make_date(yy, mm, dd);
END
$$;
COMMENT ON FUNCTION frontline._acled_date(text, integer) IS
  'Internal: parse_acled_date without the error: NULL when the text is not a date or contradicts the year';

CREATE OR REPLACE FUNCTION frontline.parse_acled_date(d text, year integer DEFAULT NULL) RETURNS date
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r date;
BEGIN
    IF d IS NULL THEN
        RETURN NULL;
    END IF;
    r := frontline._acled_date(d, year);
    IF r IS NULL THEN
        RAISE EXCEPTION 'invalid ACLED event date "%"%', left(d, 100), CASE WHEN year IS NOT NULL THEN format(' for year %s', year) ELSE '' END
            USING ERRCODE = 'invalid_datetime_format',
                  DETAIL = 'Accepted: 2021-08-15, 15 August 2021, 06 March 2020, 9-May-20, 31-12-19 (day first), 15/08/2021; a two-digit year must match the year column.';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION frontline.parse_acled_date(text, integer) IS
  'An ACLED event_date in any format exports have used (2021-08-15, 15 August 2021, 9-May-20, 31-12-19, 15/08/2021); a two-digit year takes its century from year (else 97-99 -> 1997-1999, 00-96 -> 2000s); raises 22007 naming the value';

-- A staging table for one export: one text column per header field (names
-- lower-cased and trimmed; an unnamed first column, pandas' index, is
-- "index"), so that COPY ... (FORMAT csv, HEADER) loads the file as it is.
CREATE OR REPLACE FUNCTION frontline.acled_staging(name text, header text) RETURNS regclass
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cols text[];
    c text;
    defs text := '';
    i integer := 0;
BEGIN
    IF name IS NULL OR header IS NULL OR btrim(header) = '' THEN
        RAISE EXCEPTION 'name and header must not be NULL or empty' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(parse_ident(name)) part(ident) WHERE octet_length(part.ident) > 63) OR cardinality(parse_ident(name)) > 2 THEN
        RAISE EXCEPTION 'invalid staging table name "%"', left(name, 100)
            USING ERRCODE = 'invalid_name', HINT = 'Use name or schema.name, each at most 63 bytes.';
    END IF;
    cols := string_to_array(btrim(header, E' \r\n\ufeff'), ',');
    IF cardinality(cols) > 200 THEN
        RAISE EXCEPTION 'the header has % columns', cardinality(cols)
            USING ERRCODE = 'program_limit_exceeded', HINT = 'ACLED exports have about 30; pass the first line of the CSV file.';
    END IF;
    FOREACH c IN ARRAY cols LOOP
        i := i + 1;
        c := lower(btrim(c, E' "\t\ufeff'));
        IF octet_length(c) > 63 THEN
            RAISE EXCEPTION 'column % of the header is longer than 63 bytes: "%"', i, left(c, 100)
                USING ERRCODE = 'invalid_name';
        END IF;
        IF c = '' THEN
            IF i > 1 THEN
                RAISE EXCEPTION 'column % of the header has no name', i USING ERRCODE = 'invalid_parameter_value';
            END IF;
            c := 'index';
        END IF;
        defs := defs || CASE WHEN i > 1 THEN ', ' ELSE '' END || format('%I text', c);
    END LOOP;
    -- an unqualified name is a temporary table (staging data lives for the
    -- session); schema.name creates it in that schema
    IF array_length(parse_ident(name), 1) = 1 THEN
        EXECUTE format('CREATE TEMP TABLE %I (%s)', (parse_ident(name))[1], defs);
        RETURN format('pg_temp.%I', (parse_ident(name))[1])::regclass;
    END IF;
    EXECUTE format('CREATE TABLE %I.%I (%s)', (parse_ident(name))[1], (parse_ident(name))[2], defs);
    RETURN format('%I.%I', (parse_ident(name))[1], (parse_ident(name))[2])::regclass;
END
$$;
COMMENT ON FUNCTION frontline.acled_staging(text, text) IS
  'Creates a staging table (a temporary one for an unqualified name, else schema.name) with one text column per field of an ACLED CSV header line, ready for COPY ... (FORMAT csv, HEADER) and import_acled()';

CREATE OR REPLACE FUNCTION frontline.import_acled(staging regclass, place_tolerance_m float8 DEFAULT 10000)
RETURNS TABLE (outcome text, rows integer, detail text)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_variable
DECLARE
    cols text[];
    layout text;
    q text;
    r record;
    d date;
    loc_key text;
    adm_key text;
    lat float8;
    lon float8;
    kind text;
    gainer text;
    st text;
    conf real;
    pid integer;
    ext text;
    src text;
    rep timestamptz;
    old record;
    n_added integer := 0;
    n_replaced integer := 0;
    n_same integer := 0;
    n_unknown integer := 0;
    skipped jsonb := '{}';
    bad_date text[] := '{}';
    bad_coord text[] := '{}';
    bad_actor text[] := '{}';
    new_places text[] := '{}';
    new_actors text[] := '{}';
    actors_seen jsonb := '{}';
    a text;
    pre2019 boolean;
    territory CONSTANT text[] := ARRAY['non-state actor overtakes territory', 'government regains territory',
                                       'non-violent transfer of territory'];
    col_expr text;
BEGIN
    IF staging IS NULL THEN
        RAISE EXCEPTION 'staging must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF place_tolerance_m IS NULL OR NOT (place_tolerance_m >= 0 AND place_tolerance_m <= 100000) THEN
        RAISE EXCEPTION 'place_tolerance_m % is out of range', coalesce(place_tolerance_m::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use a distance in metres from 0 to 100000.';
    END IF;
    SELECT array_agg(lower(a.attname) ORDER BY a.attnum) INTO cols
      FROM pg_attribute a WHERE a.attrelid = staging AND a.attnum > 0 AND NOT a.attisdropped;
    -- the layout, by the columns present
    IF NOT cols @> ARRAY['event_date', 'event_type', 'actor1', 'latitude', 'longitude', 'location'] THEN
        RAISE EXCEPTION 'unknown layout: % is not an ACLED export', staging
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Missing columns: %s.', array_to_string(ARRAY(
                      SELECT c FROM unnest(ARRAY['event_date', 'event_type', 'actor1', 'latitude', 'longitude', 'location']) c
                       WHERE c <> ALL (cols)), ', ')),
                  HINT = 'Create the staging table from the CSV header (frontline.acled_staging) and COPY the file with HEADER.';
    END IF;
    pre2019 := NOT ('sub_event_type' = ANY (cols));
    layout := CASE WHEN pre2019 THEN 'pre-2019'
                   WHEN 'data_id' = ANY (cols) OR 'iso3' = ANY (cols) THEN '2019-2022'
                   ELSE '2023+' END;
    -- one query over the staging table, columns by name (NULL when absent)
    col_expr := '';
    FOR r IN SELECT * FROM (VALUES
            ('event_id', ARRAY['event_id_cnty', 'data_id', 'event_id_no_cnty']),
            ('event_date', ARRAY['event_date']), ('year', ARRAY['year']), ('time_precision', ARRAY['time_precision']),
            ('event_type', ARRAY['event_type']), ('sub_event_type', ARRAY['sub_event_type']),
            ('actor1', ARRAY['actor1']), ('actor2', ARRAY['actor2']), ('country', ARRAY['country']),
            ('admin1', ARRAY['admin1']), ('location', ARRAY['location']), ('latitude', ARRAY['latitude']),
            ('longitude', ARRAY['longitude']), ('geo_precision', ARRAY['geo_precision']), ('source', ARRAY['source']),
            ('notes', ARRAY['notes']), ('ts', ARRAY['timestamp'])) v(field, names) LOOP
        col_expr := col_expr || CASE WHEN col_expr = '' THEN '' ELSE ', ' END
                    || coalesce((SELECT format('nullif(btrim(%I::text, E'' \t\r\n''), '''')', n) FROM unnest(r.names) WITH ORDINALITY u(n, o)
                                  WHERE n = ANY (cols) ORDER BY o LIMIT 1), 'NULL::text')
                    || ' AS ' || r.field;
    END LOOP;
    q := format('SELECT %s FROM %s', col_expr, staging);
    FOR r IN EXECUTE q LOOP
        -- is it a change of territory?
        kind := lower(CASE WHEN pre2019 THEN regexp_replace(r.event_type, '^(battle|battles)\s*-\s*', '', 'i')
                           ELSE r.sub_event_type END);
        IF kind IS NULL OR NOT (kind = ANY (territory)) THEN
            a := coalesce(CASE WHEN pre2019 THEN r.event_type ELSE coalesce(r.sub_event_type, r.event_type) END, '(none)');
            skipped := jsonb_set(skipped, ARRAY[a], to_jsonb(coalesce((skipped ->> a)::integer, 0) + 1));
            CONTINUE;
        END IF;
        ext := coalesce(r.event_id, '(no id)');
        d := frontline._acled_date(r.event_date, CASE WHEN r.year ~ '^\d{4}$' THEN r.year::integer END);
        IF d IS NULL THEN
            bad_date := bad_date || format('%s (%s)', ext, coalesce(left(r.event_date, 40), 'empty'));
            CONTINUE;
        END IF;
        lat := CASE WHEN r.latitude ~ '^-?\d+(\.\d+)?$' THEN r.latitude::float8 END;
        lon := CASE WHEN r.longitude ~ '^-?\d+(\.\d+)?$' THEN r.longitude::float8 END;
        IF lat IS NULL OR lon IS NULL OR lat NOT BETWEEN -90 AND 90 OR lon NOT BETWEEN -180 AND 180 THEN
            bad_coord := bad_coord || ext;
            CONTINUE;
        END IF;
        gainer := btrim(r.actor1, E' \t\r\n\u00a0');
        IF gainer IS NULL OR gainer = '' OR frontline.fold_name(gainer) = '' OR lower(gainer) IN ('contested', 'unknown') THEN
            bad_actor := bad_actor || ext;
            CONTINUE;
        END IF;
        -- pre-2019 non-violent transfers: actor1 may be the side that withdrew
        st := CASE WHEN pre2019 AND kind = 'non-violent transfer of territory' THEN 'unknown' ELSE 'control' END;
        IF st = 'control' THEN
            -- one lookup per distinct actor of the file, not per row
            a := actors_seen ->> frontline.fold_name(gainer);
            IF a IS NULL THEN
                IF NOT EXISTS (SELECT 1 FROM frontline.actor x WHERE frontline.fold_name(x.name) = frontline.fold_name(gainer)) THEN
                    new_actors := new_actors || gainer;
                END IF;
                a := frontline._ensure_actor(gainer);
                actors_seen := actors_seen || jsonb_build_object(frontline.fold_name(gainer), a);
            END IF;
            gainer := a;
        ELSE
            n_unknown := n_unknown + 1;
        END IF;
        conf := CASE r.time_precision WHEN '2' THEN 0.6 WHEN '3' THEN 0.4 ELSE 0.8 END;
        src := coalesce(left(r.source, 500), 'ACLED');
        rep := CASE WHEN r.ts ~ '^\d{9,11}$' THEN to_timestamp(r.ts::float8) ELSE d::timestamp AT TIME ZONE 'UTC' END;
        -- the place: same folded name (or alias) in the same admin1, else
        -- the same name within place_tolerance_m, else a new point
        -- (candidates through the folded-name indexes, _places_named: an OR
        -- over name and alias made it a scan of every place per row,
        -- quadratic in a large export)
        pid := NULL;
        loc_key := frontline.fold_name(r.location);
        adm_key := frontline.fold_name(coalesce(r.admin1, ''));
        SELECT p.place_id INTO pid
          FROM frontline.place p
         WHERE p.place_id IN (SELECT n.place_id FROM frontline._places_named(loc_key) n)
           AND (frontline.fold_name(coalesce(p.admin1, '')) = adm_key
                OR @postgis@.ST_DWithin(p.geom::@postgis@.geography,
                                        @postgis@.ST_SetSRID(@postgis@.ST_MakePoint(lon, lat), 4326)::@postgis@.geography,
                                        place_tolerance_m))
         ORDER BY (frontline.fold_name(coalesce(p.admin1, '')) = adm_key) DESC,
                  @postgis@.ST_Distance(p.geom::@postgis@.geography,
                                        @postgis@.ST_SetSRID(@postgis@.ST_MakePoint(lon, lat), 4326)::@postgis@.geography),
                  p.place_id
         LIMIT 1;
        IF pid IS NULL THEN
            INSERT INTO frontline.place (name, kind, geom, country, admin1)
            VALUES (btrim(r.location), CASE r.geo_precision WHEN '2' THEN 'site' WHEN '3' THEN 'region' ELSE 'town' END,
                    @postgis@.ST_SetSRID(@postgis@.ST_MakePoint(lon, lat), 4326), r.country, r.admin1)
            RETURNING place_id INTO pid;
            new_places := new_places || btrim(r.location);
        END IF;
        -- the claim, keyed by ACLED's event id: a re-import replaces it
        ext := 'acled:' || ext;
        -- (through control_event_external_id whatever the statistics say:
        -- right after a large import, before ANALYZE, the planner took the
        -- primary key in event_id order and filtered, a scan per row)
        SELECT e.event_id, e.place_id, e.at, e.state, e.actor, e.source, e.confidence, e.note, e.reported_at INTO old
          FROM (SELECT x.* FROM frontline.control_event x WHERE x.external_id = ext OFFSET 0) e
         ORDER BY e.event_id LIMIT 1;
        IF old.event_id IS NULL THEN
            INSERT INTO frontline.control_event (place_id, at, state, actor, source, confidence, note, reported_at, external_id)
            VALUES (pid, d::timestamp AT TIME ZONE 'UTC', st, CASE WHEN st = 'control' THEN gainer END, src, conf,
                    CASE WHEN st = 'unknown' THEN 'pre-2019 non-violent transfer: ACLED''s actor1 may be the side that withdrew. ' ELSE '' END
                    || coalesce(r.notes, ''), rep, ext);
            n_added := n_added + 1;
        ELSIF (old.place_id, old.at, old.state, old.actor, old.source, old.confidence, old.reported_at)
              IS NOT DISTINCT FROM (pid, d::timestamp AT TIME ZONE 'UTC', st, CASE WHEN st = 'control' THEN gainer END, src, conf, rep) THEN
            n_same := n_same + 1;
        ELSE
            UPDATE frontline.control_event e
               SET place_id = pid, at = d::timestamp AT TIME ZONE 'UTC', state = st,
                   actor = CASE WHEN st = 'control' THEN gainer END, contenders = NULL, source = src, confidence = conf,
                   note = CASE WHEN st = 'unknown' THEN 'pre-2019 non-violent transfer: ACLED''s actor1 may be the side that withdrew. ' ELSE '' END
                          || coalesce(r.notes, ''),
                   reported_at = rep
             WHERE e.event_id = old.event_id;
            n_replaced := n_replaced + 1;
        END IF;
    END LOOP;
    outcome := 'layout'; rows := NULL; detail := layout; RETURN NEXT;
    outcome := 'claims added'; rows := n_added; detail := NULL; RETURN NEXT;
    outcome := 'claims replaced (revised rows)'; rows := n_replaced; detail := NULL; RETURN NEXT;
    outcome := 'claims unchanged (already imported)'; rows := n_same; detail := NULL; RETURN NEXT;
    IF n_unknown > 0 THEN
        outcome := 'imported as unknown'; rows := n_unknown;
        detail := 'pre-2019 non-violent transfers: actor1 is not always the side that gained the place';
        RETURN NEXT;
    END IF;
    IF cardinality(new_places) > 0 THEN
        outcome := 'places created'; rows := cardinality(new_places);
        detail := left(array_to_string(new_places, ', '), 2000); RETURN NEXT;
    END IF;
    IF cardinality(new_actors) > 0 THEN
        outcome := 'actors created'; rows := cardinality(ARRAY(SELECT DISTINCT x FROM unnest(new_actors) x));
        detail := left(array_to_string(ARRAY(SELECT DISTINCT x FROM unnest(new_actors) x ORDER BY 1), ', '), 2000); RETURN NEXT;
    END IF;
    FOR r IN SELECT e.key, e.value::integer AS n FROM jsonb_each_text(skipped) e ORDER BY e.key LOOP
        outcome := 'skipped: not a change of territory'; rows := r.n; detail := r.key; RETURN NEXT;
    END LOOP;
    IF cardinality(bad_date) > 0 THEN
        outcome := 'rejected: unparseable date'; rows := cardinality(bad_date);
        detail := left(array_to_string(bad_date, ', '), 2000); RETURN NEXT;
    END IF;
    IF cardinality(bad_coord) > 0 THEN
        outcome := 'rejected: no coordinates'; rows := cardinality(bad_coord);
        detail := left(array_to_string(bad_coord, ', '), 2000); RETURN NEXT;
    END IF;
    IF cardinality(bad_actor) > 0 THEN
        outcome := 'rejected: no actor1'; rows := cardinality(bad_actor);
        detail := left(array_to_string(bad_actor, ', '), 2000); RETURN NEXT;
    END IF;
END
$$;
COMMENT ON FUNCTION frontline.import_acled(regclass, float8) IS
  'Imports the changes of territory of an ACLED export (copied into a staging table named by its CSV header; any of the three layouts) as claims, in one transaction: actor1 gains the place (pre-2019 non-violent transfers: unknown), dates in every ACLED format, confidence 0.8/0.6/0.4 by time_precision 1/2/3, places matched by folded name in the same admin1 or within place_tolerance_m, else created; the event id is kept (re-imports replace, never add). Returns what was added, replaced, skipped and rejected, with event ids';
