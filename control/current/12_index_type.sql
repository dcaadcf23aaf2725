-- ------------------------------------------------------------------ index on control_history
-- Two predicates on histories, with a GiST operator class so that they use
-- an index on any control_history column (the cache has one):
--   changed_during(h, during)     h && during
--   held_by(h, actor, during)     h @> ROW(actor, during)::frontline.holding
-- The functions are SQL expressions that the planner inlines into the
-- operator, which is what an index scan needs.  The index key is lossy
-- (src/fl_gkey.c, src/fl_gkey_sql.c); the operators' own functions give the exact answer.

CREATE TYPE frontline.holding AS (actor text, during tstzrange);
COMMENT ON TYPE frontline.holding IS
  'Right operand of control_history @> holding: an actor (or ''contested'') and a time range';

CREATE FUNCTION frontline._changed(h frontline.control_history, during tstzrange) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__changed' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._changed(frontline.control_history, tstzrange) IS
  'Internal: function of the && operator (see changed_during)';
CREATE FUNCTION frontline._holds(h frontline.control_history, q frontline.holding) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__holds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._holds(frontline.control_history, frontline.holding) IS
  'Internal: function of the @> operator (see held_by)';

CREATE OPERATOR frontline.&& (
    LEFTARG = frontline.control_history, RIGHTARG = tstzrange, FUNCTION = frontline._changed,
    RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR frontline.&& (frontline.control_history, tstzrange) IS
  'The controller changed at an instant of the range (a first claim naming a controller counts; unknown to unknown does not)';
CREATE OPERATOR frontline.@> (
    LEFTARG = frontline.control_history, RIGHTARG = frontline.holding, FUNCTION = frontline._holds,
    RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR frontline.@> (frontline.control_history, frontline.holding) IS
  'The actor (or ''contested'') held the place at some instant of the range';

CREATE FUNCTION frontline.changed_during(h frontline.control_history, during tstzrange) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN h OPERATOR(frontline.&&) during;
COMMENT ON FUNCTION frontline.changed_during(frontline.control_history, tstzrange) IS
  'Did the place change hands during the range (its controller changed at an instant of it)? Uses a GiST index on the history column';

CREATE FUNCTION frontline.held_by(h frontline.control_history, actor text, during tstzrange) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN h OPERATOR(frontline.@>) ROW(actor, during)::frontline.holding;
COMMENT ON FUNCTION frontline.held_by(frontline.control_history, text, tstzrange) IS
  'Did the actor (or ''contested'') hold the place at some instant of the range? Uses a GiST index on the history column';

-- the index key: 272 bytes, internal
CREATE TYPE frontline.control_history_gkey;
CREATE FUNCTION frontline._gkey_in(cstring) RETURNS frontline.control_history_gkey
    AS 'MODULE_PATHNAME', 'frontline__gkey_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._gkey_in(cstring) IS 'Internal: the GiST key has no input (an error)';
CREATE FUNCTION frontline._gkey_out(frontline.control_history_gkey) RETURNS cstring
    AS 'MODULE_PATHNAME', 'frontline__gkey_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._gkey_out(frontline.control_history_gkey) IS 'Internal: prints a GiST key (for debugging)';
CREATE TYPE frontline.control_history_gkey (
    INPUT = frontline._gkey_in, OUTPUT = frontline._gkey_out,
    INTERNALLENGTH = 272, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE frontline.control_history_gkey IS
  'Internal: key of the GiST index on control_history (span of changes, and per hashed controller the span held)';

CREATE FUNCTION frontline._gist_consistent(internal, frontline.control_history, smallint, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__gist_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_union(internal, internal) RETURNS frontline.control_history_gkey
    AS 'MODULE_PATHNAME', 'frontline__gist_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_compress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_decompress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_decompress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_picksplit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline._gist_same(frontline.control_history_gkey, frontline.control_history_gkey, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline__gist_same' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._gist_consistent(internal, frontline.control_history, smallint, oid, internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_union(internal, internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_compress(internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_decompress(internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_penalty(internal, internal, internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_picksplit(internal, internal) IS 'Internal: GiST support';
COMMENT ON FUNCTION frontline._gist_same(frontline.control_history_gkey, frontline.control_history_gkey, internal) IS 'Internal: GiST support';

CREATE OPERATOR CLASS frontline.control_history_gist_ops
    DEFAULT FOR TYPE frontline.control_history USING gist AS
        OPERATOR 3 frontline.&& (frontline.control_history, tstzrange),
        OPERATOR 7 frontline.@> (frontline.control_history, frontline.holding),
        FUNCTION 1 frontline._gist_consistent(internal, frontline.control_history, smallint, oid, internal),
        FUNCTION 2 frontline._gist_union(internal, internal),
        FUNCTION 3 frontline._gist_compress(internal),
        FUNCTION 4 frontline._gist_decompress(internal),
        FUNCTION 5 frontline._gist_penalty(internal, internal, internal),
        FUNCTION 6 frontline._gist_picksplit(internal, internal),
        FUNCTION 7 frontline._gist_same(frontline.control_history_gkey, frontline.control_history_gkey, internal),
        STORAGE frontline.control_history_gkey;
COMMENT ON OPERATOR CLASS frontline.control_history_gist_ops USING gist IS
  'GiST on control_history: && tstzrange (changed hands during) and @> holding (held by an actor during)';

-- ------------------------------------------------------------------ series result type
CREATE TYPE frontline._series_result AS (step integer[], controller text[], places integer[], population bigint[]);
COMMENT ON TYPE frontline._series_result IS 'Internal: result of the _series_sweep aggregate, one element per (step, controller)';

