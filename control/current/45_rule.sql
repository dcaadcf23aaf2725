-- ------------------------------------------------------------------ the rule
-- The rule, used by every read function:
--  * the state at a moment is that of the latest claim at or before it;
--    before the first claim it is unknown (NULL);
--  * among claims at the same instant the higher confidence wins, then the one
--    recorded last (higher event_id); unrated claims (NULL confidence) rank
--    below rated ones and pass only min_confidence = 0;
--  * sources (when not NULL) keeps only claims from those sources (claims
--    without a source are then left out); min_confidence drops lower ones;
--    as_of (when not NULL) keeps only the claims reported by then
--    (reported_at <= as_of): what was known at that moment.
-- Everything is computed from the claims the caller can SELECT, so table
-- privileges and row-level security on control_event apply to every result.
--
-- This file is the only place where the filters and the state -> controller
-- mapping are written (_claim_passes, _claim_state, _claim_controller, used
-- by _claims() here and _area_claims() for areas): _claims() is every claim
-- the caller may see under the filters, winning_claims() the rule's winner per (place, instant).  The
-- read functions take resolved histories from frontline._histories()
-- (55_read.sql), the one place that chooses between the cache and the claims.

-- The filter and the state -> controller mapping, as expressions: _claims()
-- below and _area_claims() (65_areas.sql) are written with them, and the
-- planner inlines them (plain SQL expressions of their arguments).
CREATE OR REPLACE FUNCTION frontline._claim_passes(source text, confidence real, reported_at timestamptz,
                                                   sources text[], min_confidence real, as_of timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (sources IS NULL OR source = ANY (sources))
   AND (confidence >= min_confidence OR (confidence IS NULL AND coalesce(min_confidence, 0) <= 0))
   AND (as_of IS NULL OR reported_at <= as_of);
COMMENT ON FUNCTION frontline._claim_passes(text, real, timestamptz, text[], real, timestamptz) IS
  'Internal: whether a claim (of a place or an area) passes the sources / min_confidence / as_of filter; inlined';

CREATE OR REPLACE FUNCTION frontline._claim_state(state text, actor text, contenders text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE state WHEN 'control' THEN actor WHEN 'unknown' THEN 'unknown' ELSE frontline.contested_state(contenders) END;
COMMENT ON FUNCTION frontline._claim_state(text, text, text[]) IS
  'Internal: the state literal of a claim, as control_history spells it (the actor, unknown, contested or contested(A,B)); inlined';

CREATE OR REPLACE FUNCTION frontline._claim_controller(state text, actor text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE state WHEN 'control' THEN actor WHEN 'contested' THEN 'contested' END;
COMMENT ON FUNCTION frontline._claim_controller(text, text) IS
  'Internal: the controller a claim names: the actor, ''contested'', or NULL for unknown; inlined';

CREATE OR REPLACE FUNCTION frontline._claims(sources text[], min_confidence real, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (event_id bigint, place_id integer, at timestamptz, confidence real, state text, controller text,
               source text, reported_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT e.event_id, e.place_id, e.at, e.confidence,
           frontline._claim_state(e.state, e.actor, e.contenders),
           frontline._claim_controller(e.state, e.actor),
           e.source, e.reported_at
      FROM frontline.control_event e
     WHERE frontline._claim_passes(e.source, e.confidence, e.reported_at,
                                   _claims.sources, _claims.min_confidence, _claims.as_of);
END;
COMMENT ON FUNCTION frontline._claims(text[], real, timestamptz) IS
  'Internal: every claim the caller may see that passes the sources/min_confidence filter and was reported by as_of (NULL: every claim), with its state (a literal fragment) and controller (actor, ''contested'' or NULL); inlined by the planner. The one place where the filters are written';

CREATE OR REPLACE FUNCTION frontline.winning_claims(upto_excl timestamptz, sources text[], min_confidence real,
                                         only_place integer DEFAULT NULL, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (place_id integer, at timestamptz, state text, controller text, source text, confidence real,
               event_id bigint, reported_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (c.place_id, c.at) c.place_id, c.at, c.state, c.controller, c.source, c.confidence,
           c.event_id, c.reported_at
      FROM frontline._claims(winning_claims.sources, winning_claims.min_confidence, winning_claims.as_of) c
     WHERE (winning_claims.only_place IS NULL OR c.place_id = winning_claims.only_place)
       AND (winning_claims.upto_excl IS NULL OR c.at < winning_claims.upto_excl)
     ORDER BY c.place_id, c.at, c.confidence DESC NULLS LAST, c.event_id DESC;
END;
COMMENT ON FUNCTION frontline.winning_claims(timestamptz, text[], real, integer, timestamptz) IS
  'The winning claim per (place, instant) before upto_excl under the sources/min_confidence filter, among the claims reported by as_of (NULL: all): the building block of every resolved history (arguments are not validated here)';

-- The rule at one moment for one place, for reads that need only the
-- controller (a snapshot without since): the latest visible claim at or
-- before the moment, ordered as winning_claims orders an instant's claims.
-- A set-returning SQL function, so that the planner inlines it into a
-- LATERAL join: one descent of the (place_id, at) index per place.
CREATE OR REPLACE FUNCTION frontline._controller_at(place_id integer, at timestamptz, sources text[], min_confidence real,
                                                    as_of timestamptz DEFAULT NULL)
RETURNS TABLE (controller text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT c.controller
      FROM frontline._claims(_controller_at.sources, _controller_at.min_confidence, _controller_at.as_of) c
     WHERE c.place_id = _controller_at.place_id AND c.at <= _controller_at.at
     ORDER BY c.at DESC, c.confidence DESC NULLS LAST, c.event_id DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION frontline._controller_at(integer, timestamptz, text[], real, timestamptz) IS
  'Internal: the controller of the winning claim at a moment (no row before the first claim), under the filters; inlined into LATERAL joins; arguments are not validated here';
