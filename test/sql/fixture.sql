\set fl_echo :ECHO
\set ECHO none
-- The shared fixture of every pg_regress file (sql/*.sql), loaded first by
-- each so that any file runs alone: the extension, and err(), which runs a
-- statement and returns its SQLSTATE, message and hint.  Data are loaded by
-- each file itself (data/load_sample.sql or its own rows).
SELECT current_setting('client_min_messages') AS fl_cmm \gset
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS frontline CASCADE;
CREATE OR REPLACE FUNCTION public.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(nullif(' HINT: ' || h, ' HINT: '), '');
END $$;
SET client_min_messages = :'fl_cmm';
\set ECHO :fl_echo
