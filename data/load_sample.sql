-- Loads the Afghanistan August 2021 sample into frontline (see data/SOURCES.md).
-- Run from the repository root:  psql -v ON_ERROR_STOP=1 -f data/load_sample.sql
-- A claim dated by day only is taken as the START of that day in Kabul time
-- (Asia/Kabul, UTC+04:30): "fell on 14 August" = from 2021-08-14 00:00+04:30.
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE capitals (geonameid int, name text, asciiname text, province text, lat float8, lon float8,
                            feature_code text, population bigint, alt_names text);
\copy capitals FROM 'data/afghanistan_capitals.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE falls (place text, date date, actor text, source text, note text);
\copy falls FROM 'data/afghanistan_2021_falls.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE baseline (place text, date date, actor text, source text, note text);
\copy baseline FROM 'data/baseline_2021.csv' WITH (FORMAT csv, HEADER true)

SELECT frontline.add_actor('Afghan government', 'state', '#1f78b4');
SELECT frontline.add_actor('Taliban', 'insurgency', '#e31a1c');

-- places: named by the press spelling (first alt_names entry), GeoNames names as aliases
SELECT count(frontline.add_place(
           split_part(c.alt_names, '|', 1), 'city',
           ST_SetSRID(ST_MakePoint(c.lon, c.lat), 4326),
           'Afghanistan', c.province,
           CASE c.feature_code WHEN 'PPLC' THEN 'national' ELSE 'provincial' END,
           c.population)) AS places
  FROM capitals c;

SELECT count(*) AS aliases FROM (
    SELECT frontline.add_alias(split_part(c.alt_names, '|', 1), a.alias)
      FROM capitals c,
           LATERAL (SELECT c.name UNION SELECT c.asciiname
                    UNION SELECT x FROM unnest(string_to_array(c.alt_names, '|')) x) a(alias)
     WHERE a.alias <> split_part(c.alt_names, '|', 1)) s;
-- spellings of the seed article (Dutch): "Balch" is how it names Balkh, the
-- province of Mazar-i-Sharif; "Maidan Sharm" is its spelling of Maidan Shahr.
SELECT frontline.add_alias('Mazar-i-Sharif', 'Balch', 'nl');
SELECT frontline.add_alias('Maidan Shahr', 'Maidan Sharm', 'nl');

SELECT count(frontline.record_control(split_part(c.alt_names, '|', 1), b.actor,
                                      b.date::timestamp AT TIME ZONE 'Asia/Kabul', b.source, NULL, b.note)) AS baseline_claims
  FROM capitals c CROSS JOIN baseline b;

SELECT count(frontline.record_control(f.place, f.actor, f.date::timestamp AT TIME ZONE 'Asia/Kabul',
                                      nullif(f.source, ''), NULL, f.note)) AS fall_claims
  FROM falls f;

-- When each claim was published (reported_at, frontline 1.2 and later, for
-- "as of" questions; see data/SOURCES.md): the publication date in the
-- cited page's address when it has one (/2021/08/11/, 20210811) and it is
-- not before the claimed day; otherwise the end of the claimed day, Kabul
-- time.  Either way the end of that day (23:59:59 Asia/Kabul): the hour of
-- publication is not recorded.  The baseline is known at its own instant.
SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                WHERE attrelid = 'frontline.control_event'::regclass AND attname = 'reported_at') AS has_reported_at
\gset
\if :has_reported_at
CREATE FUNCTION pg_temp.reported(claimed date, note text) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT ((CASE WHEN m IS NOT NULL AND make_date(m[1]::int, m[2]::int, m[3]::int) >= claimed
                  THEN make_date(m[1]::int, m[2]::int, m[3]::int) ELSE claimed END)
            + time '23:59:59') AT TIME ZONE 'Asia/Kabul'
      FROM (SELECT regexp_match(substring(note FROM 'https?://[^ ;,"]+'),
                                '(20[0-9]{2})[/-]?([01][0-9])[/-]?([0-3][0-9])') AS m) x
$$;
UPDATE frontline.control_event e SET reported_at = e.at WHERE e.source = 'frontline sample';
UPDATE frontline.control_event e SET reported_at = pg_temp.reported(f.date, f.note)
  FROM falls f
 WHERE e.place_id = frontline.find_place(f.place)
   AND e.at = f.date::timestamp AT TIME ZONE 'Asia/Kabul'
   AND e.source IS NOT DISTINCT FROM nullif(f.source, '')
   AND e.note IS NOT DISTINCT FROM f.note;
\endif
COMMIT;
