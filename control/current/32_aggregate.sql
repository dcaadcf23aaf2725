-- ------------------------------------------------------------------ the aggregate
-- control_history_agg builds a history from (state, instant) rows in any
-- order.  It is PARALLEL SAFE: partial states are combined and passed
-- between processes as bytes (fl_builder_serialize in the core).

CREATE OR REPLACE FUNCTION frontline.control_history_agg_trans(internal, text, timestamptz) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline_control_history_agg_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_agg_final(internal) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_control_history_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline_control_history_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'frontline_control_history_agg_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline.control_history_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'frontline_control_history_agg_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.control_history_agg_trans(internal, text, timestamptz) IS 'transition function of control_history_agg';
COMMENT ON FUNCTION frontline.control_history_agg_final(internal) IS 'final function of control_history_agg: sorts and canonicalises';
COMMENT ON FUNCTION frontline.control_history_agg_combine(internal, internal) IS 'combine function of control_history_agg (parallel aggregation)';
COMMENT ON FUNCTION frontline.control_history_agg_serialize(internal) IS 'serialise function of control_history_agg (state to a parallel leader)';
COMMENT ON FUNCTION frontline.control_history_agg_deserialize(bytea, internal) IS 'deserialise function of control_history_agg';

CREATE OR REPLACE AGGREGATE frontline.control_history_agg(state text, at timestamptz) (
    SFUNC = frontline.control_history_agg_trans,
    STYPE = internal,
    FINALFUNC = frontline.control_history_agg_final,
    COMBINEFUNC = frontline.control_history_agg_combine,
    SERIALFUNC = frontline.control_history_agg_serialize,
    DESERIALFUNC = frontline.control_history_agg_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE frontline.control_history_agg(text, timestamptz) IS
  'Builds a control_history from (state, instant) rows in any order. state: an actor name, ''contested'', ''contested(A,B)'' or ''unknown''/NULL. Equal rows merge; two different states at one instant are an error. PARALLEL SAFE';
