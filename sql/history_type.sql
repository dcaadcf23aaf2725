-- The control_history type: literal syntax, canonical form, round trips, errors.
\i test/sql/fixture.sql
SET search_path = frontline, public;
SET TimeZone = 'UTC';

-- literals: offsets normalised to UTC, fractional seconds kept, quoting as needed
SELECT '{}'::control_history;
SELECT ' { 2021-08-14T19:30:00Z = Taliban } '::control_history;
SELECT '{2021-08-15 00:00+04:30=Taliban, 2021-08-16T00:00:00.25-01:00=contested, 2021-08-20T12:00Z=unknown}'::control_history;
SELECT '{2021-08-14T00:00Z="Afghan government", 2021-08-15T00:00Z=contested(Taliban, "Afghan government", NRF)}'::control_history;
SELECT '{2021-08-14T00:00Z="say \"hi\" \\ back"}'::control_history;
SELECT '{2021-08-14T00:00Z=Ṭālibān}'::control_history;
SELECT '{0001-01-01T00:00:00Z=a, 9999-12-31T23:59:59.999999Z=b}'::control_history;
-- canonical: adjacent equal states merge; contenders sorted; keywords any case
SELECT '{2021-08-14T00:00Z=A, 2021-08-15T00:00Z=A, 2021-08-16T00:00Z=B, 2021-08-17T00:00Z=B}'::control_history;
SELECT '{2021-08-14T00:00Z=CONTESTED(B,A), 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=Unknown}'::control_history;
-- round trip: text -> value -> text, and binary send -> recv
WITH v(lit) AS (VALUES ('{}'), ('{2021-08-14T19:30:00Z=Taliban}'),
                       ('{2021-08-14T00:00:00.000001Z="a b", 2021-08-15T00:00:00Z=contested("x,y",z), 2021-08-16T00:00:00Z=unknown}'))
SELECT lit, lit::control_history::text = lit AS text_round_trip,
       (SELECT count(*) FROM (SELECT lit::control_history AS h) s
         WHERE s.h::text::control_history = s.h) AS reparsed_equal
  FROM v;
-- equality is equality of step functions
SELECT '{2021-08-14T00:00Z=A, 2021-08-15T00:00Z=A}'::control_history = '{2021-08-14T00:00Z=A}'::control_history AS merged_equal,
       '{2021-08-14T00:00Z=A}'::control_history <> '{2021-08-14T00:00Z=B}'::control_history AS different,
       '{2021-08-14T00:00Z=A}'::control_history = '{2021-08-14T00:01Z=A}'::control_history AS shifted;
SELECT count(*) AS distinct_values FROM (SELECT h FROM (VALUES ('{2021-08-14T00:00Z=A}'::control_history), ('{2021-08-14T00:00Z=A}'), ('{}')) v(h) GROUP BY h) g;

-- malformed literals: SQLSTATE and message
SELECT err($$SELECT ''::frontline.control_history$$);
SELECT err($$SELECT '{'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=A'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=A} x'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z="abc}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z="a\nb"}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=a b}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=A;2021-08-15T00:00Z=B}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-02-30T00:00Z=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T24:00Z=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00:00.1234567Z=A}'::frontline.control_history$$);
SELECT err($$SELECT '{infinity=A}'::frontline.control_history$$);
SELECT err($$SELECT '{0000-12-31T00:00Z=A}'::frontline.control_history$$);
SELECT err($$SELECT '{9999-12-31T23:00-01:00=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00+16:00=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-15T00:00Z=A, 2021-08-14T00:00Z=B}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=A, 2021-08-14T00:00Z=A}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z="unknown"}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=contested(A)}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=contested(A,A)}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=contested()}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=contested(A,B}'::frontline.control_history$$);
SELECT err($$SELECT '{2021-08-14T00:00Z=" A"}'::frontline.control_history$$);
SELECT err(format($$SELECT '{2021-08-14T00:00Z="%s"}'::frontline.control_history$$, repeat('x', 1001)));

-- binary input: valid, truncated, corrupted
SELECT control_history_send('{2021-08-14T00:00Z=Taliban, 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=unknown}');
CREATE TEMP TABLE bin (b bytea);
INSERT INTO bin VALUES (control_history_send('{2021-08-14T00:00Z=Taliban, 2021-08-15T00:00Z=contested(A,B)}'));
COPY bin TO '/tmp/frontline_regress_bin.dat' WITH (FORMAT binary);
CREATE TEMP TABLE hb (h control_history);
-- a bytea column's binary COPY payload is exactly the control_history send format
COPY hb FROM '/tmp/frontline_regress_bin.dat' WITH (FORMAT binary);
SELECT h FROM hb;
-- corrupted payloads go through the same recv function
CREATE FUNCTION pg_temp.recv(b bytea) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bin;
    INSERT INTO bin VALUES (b);
    EXECUTE 'COPY bin TO ''/tmp/frontline_regress_bin.dat'' WITH (FORMAT binary)';
    DELETE FROM hb;
    EXECUTE 'COPY hb FROM ''/tmp/frontline_regress_bin.dat'' WITH (FORMAT binary)';
    RETURN (SELECT h::text FROM hb);
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT pg_temp.recv('\x01000000010002'::bytea) AS truncated;
SELECT pg_temp.recv('\x020000000000'::bytea) AS bad_version;
SELECT pg_temp.recv('\x0100000001000269d6d9f64000'::bytea || '\x5a'::bytea) AS bad_kind;
SELECT pg_temp.recv('\x0100000001000269d6d9f6400041000000ff41'::bytea) AS name_too_short;
SELECT pg_temp.recv('\x0100000002000269d6d9f64000550000000000000000410000000141'::bytea) AS decreasing;
SELECT pg_temp.recv('\x0100000001000269d6d9f6400055ff'::bytea) AS trailing;
SELECT pg_temp.recv('\x01ffffffff'::bytea) AS huge_count;
SELECT pg_temp.recv('\x01000000017fffffffffffffff55'::bytea) AS infinite_instant;
SELECT pg_temp.recv('\x0100000001000269d6d9f640004300000001000000014141'::bytea) AS one_contender;

-- readers
SELECT control_at(h, '2021-08-13 12:00Z') AS before_first, control_at(h, '2021-08-14 00:00Z') AS at_first,
       control_at(h, '2021-08-15 12:00Z') AS contested, control_at(h, '2021-08-16 12:00Z') AS unknown_state,
       control_at(h, '2030-01-01Z') AS later
  FROM (SELECT '{2021-08-14T00:00Z=Taliban, 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=unknown, 2021-08-17T00:00Z=Taliban}'::control_history h) s;
SELECT state_at('{2021-08-15T00:00Z=contested(A,B)}', '2021-08-15 01:00Z'), state_at('{}', '2021-08-15Z'),
       since('{2021-08-14T00:00Z=X, 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=contested(A,C)}', '2021-08-16 12:00Z'),
       since('{2021-08-14T00:00Z=X}', '2021-08-13Z'), transitions('{2021-08-14T00:00Z=X, 2021-08-15T00:00Z=Y}');
SELECT control_at(NULL::control_history, now()), control_at('{}'::control_history, NULL);
SELECT err($$SELECT frontline.control_at('{}'::frontline.control_history, 'infinity')$$);
SELECT err($$SELECT frontline.control_at('{}'::frontline.control_history, '-infinity')$$);
SELECT err($$SELECT frontline.control_at('{}'::frontline.control_history, '4000-01-01 BC')$$);

SELECT * FROM periods('{2021-08-14T00:00Z=Taliban, 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=contested(A,C), 2021-08-17T00:00Z=unknown, 2021-08-18T00:00Z=Taliban}');
SELECT count(*) FROM periods('{}');

SELECT held(h, 'Taliban', '[2021-08-01Z, 2021-09-01Z)') AS taliban,
       held(h, 'contested', '[2021-08-01Z, 2021-09-01Z)') AS contested,
       held(h, 'Taliban', '[2021-08-14 12:00Z, 2021-08-14 18:00Z)') AS partial,
       held(h, 'Taliban', 'empty') AS empty_range,
       held(h, 'NRF', '(,)') AS never,
       held(h, 'contested', '(,2021-08-15 06:00Z)') AS unbounded_below
  FROM (SELECT '{2021-08-14T00:00Z=Taliban, 2021-08-15T00:00Z=contested(A,B), 2021-08-16T00:00Z=unknown, 2021-08-17T00:00Z=Taliban}'::control_history h) s;
SELECT err($$SELECT frontline.held('{2021-08-14T00:00Z=Taliban}', 'Taliban', '[2021-08-01,)')$$);
SELECT err($$SELECT frontline.held('{2021-08-14T00:00Z=Taliban}', 'Taliban', '[2021-08-01,infinity)')$$);
SELECT first_held('{2021-08-14T00:00Z=A, 2021-08-15T00:00Z=Taliban, 2021-08-16T00:00Z=A, 2021-08-17T00:00Z=Taliban}', 'Taliban'),
       first_held('{2021-08-14T00:00Z=A}', 'Taliban'), first_held('{2021-08-14T00:00Z=contested}', 'contested');

-- a large literal (100,000 transitions) parses, round-trips and binary-searches
SELECT transitions(h), control_at(h, '2021-01-01Z'::timestamptz + 77777 * interval '1 minute') AS at_77777,
       h::text::control_history = h AS round_trip
  FROM (SELECT ('{' || string_agg(to_char(('2021-01-01Z'::timestamptz + i * interval '1 minute') AT TIME ZONE 'UTC',
                                          'YYYY-MM-DD"T"HH24:MI:SS"Z="') || 'a' || (i % 3), ',' ORDER BY i) || '}')::control_history h
          FROM generate_series(0, 99999) i) s;
