-- ------------------------------------------------------------------ type
-- control_history: a step function from time to control state, one place.

CREATE TYPE frontline.control_history;

CREATE FUNCTION frontline.control_history_in(cstring) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_control_history_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_out(frontline.control_history) RETURNS cstring
    AS 'MODULE_PATHNAME', 'frontline_control_history_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_recv(internal) RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline_control_history_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_send(frontline.control_history) RETURNS bytea
    AS 'MODULE_PATHNAME', 'frontline_control_history_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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
    AS 'MODULE_PATHNAME', 'frontline_control_history_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_ne(frontline.control_history, frontline.control_history) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline_control_history_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION frontline.control_history_hash(frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_control_history_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
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
    AS 'MODULE_PATHNAME', 'frontline_control_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.control_at(frontline.control_history, timestamptz) IS
  'Controller at an instant: the actor''s name, ''contested'', or NULL when unknown (before the first instant or in an unknown period). Binary search.';

CREATE FUNCTION frontline.state_at(h frontline.control_history, at timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_state_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.state_at(frontline.control_history, timestamptz) IS
  'Full state at an instant as a literal fragment: Taliban, contested(A,B), or unknown (also before the first instant)';

CREATE FUNCTION frontline.since(h frontline.control_history, at timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_since' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE COST 5;
COMMENT ON FUNCTION frontline.since(frontline.control_history, timestamptz) IS
  'Since when the controller at an instant had held it (start of its period); NULL before the first instant';

CREATE FUNCTION frontline.transitions(h frontline.control_history) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_transitions' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.transitions(frontline.control_history) IS
  'Number of stored transitions (instants at which the state changes)';

CREATE FUNCTION frontline.periods(h frontline.control_history, OUT state text, OUT during tstzrange)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'frontline_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION frontline.periods(frontline.control_history) IS
  'One row per period of one controller, in time order: state is the actor, ''contested'' or NULL (an explicit unknown period); during is [start, next start), the last one unbounded above';

CREATE FUNCTION frontline.held(h frontline.control_history, actor text, during tstzrange) RETURNS interval
    AS 'MODULE_PATHNAME', 'frontline_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.held(frontline.control_history, text, tstzrange) IS
  'How long the actor (or ''contested'') held the place within the range, as days and hours; an error if that is unbounded';

CREATE FUNCTION frontline.first_held(h frontline.control_history, actor text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_first_held' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.first_held(frontline.control_history, text) IS
  'The first instant at which the actor (or ''contested'') held the place; NULL if never';

-- helpers of the read functions
CREATE FUNCTION frontline.check_instant(t timestamptz, what text DEFAULT 'at') RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline_check_instant' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.check_instant(timestamptz, text) IS
  'Returns t, or raises 22008 when it is infinite or outside 0001..9999';

CREATE FUNCTION frontline.check_confidence(c real) RETURNS real
    AS 'MODULE_PATHNAME', 'frontline_check_confidence' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.check_confidence(real) IS
  'Returns a min_confidence (NULL means 0), or raises 22003 when it is outside 0..1 or NaN';

CREATE FUNCTION frontline.contested_state(contenders text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_contested_state' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.contested_state(text[]) IS
  'The state value for a contested claim: contested, or contested(A,B,...) sorted and quoted as in a literal';

CREATE FUNCTION frontline.fold_name(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_fold_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.fold_name(text) IS
  'Lookup key of a name: lower case, Latin diacritics removed, spaces and punctuation dropped (Mazār-e Sharīf -> mazaresharif)';

CREATE FUNCTION frontline.name_distance(a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline_name_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline.name_distance(text, text) IS
  'Levenshtein distance in characters (first 255 of each), used to suggest near-miss names';
