-- ------------------------------------------------------------------ the rule
-- The rule, used by every read function:
--  * the state at a moment is that of the latest claim at or before it;
--    before the first claim it is unknown (NULL);
--  * among claims at the same instant the higher confidence wins, then the one
--    recorded last (higher event_id); unrated claims (NULL confidence) rank
--    below rated ones and pass only min_confidence = 0;
--  * sources (when not NULL) keeps only claims from those sources (claims
--    without a source are then left out); min_confidence drops lower ones.
-- Everything is computed from the claims the caller can SELECT, so table
-- privileges and row-level security on control_event apply to every result.

CREATE OR REPLACE FUNCTION frontline.winning_claims(upto_excl timestamptz, sources text[], min_confidence real,
                                         only_place integer DEFAULT NULL)
RETURNS TABLE (place_id integer, at timestamptz, state text, controller text, source text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT DISTINCT ON (e.place_id, e.at)
           e.place_id, e.at,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'unknown' THEN 'unknown'
                        ELSE frontline.contested_state(e.contenders) END,
           CASE e.state WHEN 'control' THEN e.actor
                        WHEN 'contested' THEN 'contested' END,
           e.source
      FROM frontline.control_event e
     WHERE (winning_claims.only_place IS NULL OR e.place_id = winning_claims.only_place)
       AND (winning_claims.upto_excl IS NULL OR e.at < winning_claims.upto_excl)
       AND (winning_claims.sources IS NULL OR e.source = ANY (winning_claims.sources))
       AND (e.confidence >= winning_claims.min_confidence
            OR (e.confidence IS NULL AND coalesce(winning_claims.min_confidence, 0) <= 0))
     ORDER BY e.place_id, e.at, e.confidence DESC NULLS LAST, e.event_id DESC;
END;
COMMENT ON FUNCTION frontline.winning_claims(timestamptz, text[], real, integer) IS
  'The winning claim per (place, instant) before upto_excl under the sources/min_confidence filter: the building block of history, snapshot and changes (arguments are not validated here)';

CREATE OR REPLACE FUNCTION frontline._controller_at(place_id integer, at timestamptz, sources text[], min_confidence real)
RETURNS TABLE (controller text)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
    SELECT CASE e.state WHEN 'control' THEN e.actor WHEN 'contested' THEN 'contested' END
      FROM frontline.control_event e
     WHERE e.place_id = _controller_at.place_id AND e.at <= _controller_at.at
       AND (_controller_at.sources IS NULL OR e.source = ANY (_controller_at.sources))
       AND (e.confidence >= _controller_at.min_confidence
            OR (e.confidence IS NULL AND _controller_at.min_confidence = 0))
     ORDER BY e.at DESC, e.confidence DESC NULLS LAST, e.event_id DESC
     LIMIT 1;
END;
COMMENT ON FUNCTION frontline._controller_at(integer, timestamptz, text[], real) IS
  'Internal: the winning claim''s controller at a moment as a one-row table (no row before the first claim), inlined by the planner into LATERAL joins; arguments are not validated here';

