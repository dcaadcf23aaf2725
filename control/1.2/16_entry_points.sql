-- ------------------------------------------------------------------ C entry points
-- 1.2 names every C entry point after its SQL function (frontline_<name>).
-- The functions the code files do not re-create on update (the type's and
-- the index's, created once with the type) are pointed at the new names
-- here; the old names stay in the library (src/fl_compat_sql.c) for
-- catalogues not yet updated.
CREATE OR REPLACE FUNCTION frontline.control_history_in(cstring) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_control_history_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_out(frontline.control_history) RETURNS cstring
    AS 'MODULE_PATHNAME', 'frontline_control_history_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_recv(internal) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_control_history_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_send(frontline.control_history) RETURNS bytea
    AS 'MODULE_PATHNAME', 'frontline_control_history_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_eq(frontline.control_history, frontline.control_history) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline_control_history_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_ne(frontline.control_history, frontline.control_history) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline_control_history_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_hash(frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_control_history_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_at(h frontline.control_history, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_control_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
CREATE OR REPLACE FUNCTION frontline.state_at(h frontline.control_history, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_state_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
CREATE OR REPLACE FUNCTION frontline.since(h frontline.control_history, at timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_since' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
CREATE OR REPLACE FUNCTION frontline.transitions(h frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_transitions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.periods(h frontline.control_history, OUT state text, OUT during tstzrange)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'frontline_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE OR REPLACE FUNCTION frontline.held(h frontline.control_history, actor text, during tstzrange) RETURNS interval
    AS 'MODULE_PATHNAME', 'frontline_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.first_held(h frontline.control_history, actor text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_first_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.check_instant(t timestamptz, what text DEFAULT 'at') RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_check_instant' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.check_confidence(c real) RETURNS real
    AS 'MODULE_PATHNAME', 'frontline_check_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.contested_state(contenders text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_contested_state' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.fold_name(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_fold_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.name_distance(a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_name_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._changed(h frontline.control_history, during tstzrange) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__changed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._holds(h frontline.control_history, q frontline.holding) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__holds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gkey_in(cstring) RETURNS frontline.control_history_gkey
    AS 'MODULE_PATHNAME', 'frontline__gkey_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gkey_out(frontline.control_history_gkey) RETURNS cstring
    AS 'MODULE_PATHNAME', 'frontline__gkey_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_consistent(internal, frontline.control_history, smallint, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__gist_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_union(internal, internal) RETURNS frontline.control_history_gkey
    AS 'MODULE_PATHNAME', 'frontline__gist_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_compress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_decompress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_decompress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_picksplit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline._gist_same(frontline.control_history_gkey, frontline.control_history_gkey, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_same' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
