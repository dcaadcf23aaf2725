-- ------------------------------------------------------------------ per-place cache
-- Claims are the truth; the cache is derived from them and never disagrees
-- with a fresh computation (sql/cache.sql and the isolation specs check
-- exactly that).  Design: docs/design-1.2.md; operation: docs/cache.md.
--
-- frontline_internal.control_cache (20_tables.sql) holds, for every place,
-- its resolved history under no filter.  Writers only mark the places they
-- wrote (C triggers reading the statement's transition tables); when the
-- transaction commits, frontline recomputes the marked places as the cache's
-- owner, in a security-restricted operation (src/fl_cache_sql.c), by calling
-- frontline_internal.cache_apply().  No function is SECURITY DEFINER.

CREATE OR REPLACE FUNCTION frontline_internal.cache_mark() RETURNS trigger
    AS 'MODULE_PATHNAME', 'frontline_cache_mark' LANGUAGE C;
COMMENT ON FUNCTION frontline_internal.cache_mark() IS
  'Internal trigger: marks the places a statement wrote (from its transition tables, or the row in replica mode) for recomputation at commit';

CREATE OR REPLACE FUNCTION frontline_internal.cache_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'frontline_cache_guard' LANGUAGE C;
COMMENT ON FUNCTION frontline_internal.cache_guard() IS
  'Internal trigger: refuses (42501) every INSERT, UPDATE, DELETE or TRUNCATE of the cache that is not frontline''s own commit-time maintenance';

CREATE OR REPLACE FUNCTION frontline._cache_pending() RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__cache_pending' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION frontline._cache_pending() IS
  'Internal: true while the current transaction has written claims or places that the cache will take in only at commit (its reads then come from the claims)';

-- The days on which a history's controller changed (src/fl_view.c), kept
-- in the cache with a GIN index: changes() over a range of days reads only
-- the places that changed hands on one of them.  Days count from
-- 2000-01-01 UTC; _days() gives those of a range the same way.
CREATE OR REPLACE FUNCTION frontline._change_days(h frontline.control_history) RETURNS int4[]
    AS 'MODULE_PATHNAME', 'frontline__change_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._change_days(frontline.control_history) IS
  'Internal: the days (from 2000-01-01 UTC) on which the history''s controller changed, ascending (what the cache''s change_days column holds)';

CREATE OR REPLACE FUNCTION frontline._days(from_t timestamptz, to_t timestamptz) RETURNS int4[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN isfinite(from_t) AND isfinite(to_t) AND extract(epoch FROM to_t) - extract(epoch FROM from_t) <= 366 * 86400 THEN
    ARRAY(SELECT generate_series(floor((extract(epoch FROM from_t) - 946684800) / 86400)::int,
                                 floor((extract(epoch FROM to_t) - 0.000001 - 946684800) / 86400)::int)) END;
COMMENT ON FUNCTION frontline._days(timestamptz, timestamptz) IS
  'Internal: the days (from 2000-01-01 UTC, as _change_days counts them) that the range [from_t, to_t) touches; NULL for a range over 366 days or an infinite bound';

-- The claim set of a place (frontline_internal.claim_set, src/fl_claims.h):
-- built by cache_apply only (EXECUTE revoked from PUBLIC).
CREATE OR REPLACE FUNCTION frontline_internal.claim_set_agg_trans(internal, timestamptz, text, text, real,
                                                                  timestamptz, bigint)
RETURNS internal AS 'MODULE_PATHNAME', 'frontline_claim_set_agg_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION frontline_internal.claim_set_agg_final(internal)
RETURNS frontline_internal.claim_set AS 'MODULE_PATHNAME', 'frontline_claim_set_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE AGGREGATE frontline_internal.claim_set_agg(at timestamptz, state text, source text, confidence real,
                                                             reported_at timestamptz, event_id bigint) (
    SFUNC = frontline_internal.claim_set_agg_trans,
    STYPE = internal,
    FINALFUNC = frontline_internal.claim_set_agg_final
);
REVOKE ALL ON FUNCTION frontline_internal.claim_set_agg_trans(internal, timestamptz, text, text, real, timestamptz, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_agg_final(internal) FROM PUBLIC;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_agg(timestamptz, text, text, real, timestamptz, bigint) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.claim_set_agg_trans(internal, timestamptz, text, text, real, timestamptz, bigint) IS
  'Internal: transition function of claim_set_agg';
COMMENT ON FUNCTION frontline_internal.claim_set_agg_final(internal) IS
  'Internal: final function of claim_set_agg (sorts the claims and writes the claim set)';
COMMENT ON AGGREGATE frontline_internal.claim_set_agg(timestamptz, text, text, real, timestamptz, bigint) IS
  'Internal: the claim set of a place from its claims (state as control_history_agg takes it); run by cache_apply only';

CREATE OR REPLACE FUNCTION frontline_internal.claim_set_same(a frontline_internal.claim_set, b frontline_internal.claim_set)
RETURNS boolean AS 'MODULE_PATHNAME', 'frontline_claim_set_same' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_same(frontline_internal.claim_set, frontline_internal.claim_set) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.claim_set_same(frontline_internal.claim_set, frontline_internal.claim_set) IS
  'Internal: do two claim sets hold the same claims (canonical bytes; two NULLs are the same)? Used by cache_check()';

-- Splicing a load's claims into a cached claim set (the commit-time flush,
-- flush_statement): the claims of claims before from_at, then those of
-- later, which must all be at from_at or after (22023 otherwise); a NULL
-- claim set has no claims, and no claims give NULL.
CREATE OR REPLACE FUNCTION frontline_internal.claim_set_splice(claims frontline_internal.claim_set, from_at timestamptz,
                                                               later frontline_internal.claim_set)
RETURNS frontline_internal.claim_set AS 'MODULE_PATHNAME', 'frontline_claim_set_splice' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_splice(frontline_internal.claim_set, timestamptz, frontline_internal.claim_set) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.claim_set_splice(frontline_internal.claim_set, timestamptz, frontline_internal.claim_set) IS
  'Internal, run by the commit-time flush: the claim set of the claims of claims before from_at and of the claims of later (the bytes claim_set_agg gives for all of them); 22023 when a claim of later is before from_at, 22004 for a NULL from_at';

-- The same for claims written at a few instants, anywhere in a place's
-- claims (flush_statement): the claims of claims at none of the instants
-- (sorted, distinct), with those of later, which must all be at one of
-- them (22023 otherwise).  A claim inserted among older ones can tie with
-- them at its instant, and a claim set keeps no event ids to order a tie:
-- the flush reads again every claim at those instants, and only those.
CREATE OR REPLACE FUNCTION frontline_internal.claim_set_replace(claims frontline_internal.claim_set, instants timestamptz[],
                                                                later frontline_internal.claim_set)
RETURNS frontline_internal.claim_set AS 'MODULE_PATHNAME', 'frontline_claim_set_replace' LANGUAGE C IMMUTABLE PARALLEL SAFE;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_replace(frontline_internal.claim_set, timestamptz[], frontline_internal.claim_set) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.claim_set_replace(frontline_internal.claim_set, timestamptz[], frontline_internal.claim_set) IS
  'Internal, run by the commit-time flush: the claim set of the claims of claims at none of the instants and of the claims of later (the bytes claim_set_agg gives for all of them); 22023 when a claim of later is at none of the instants or they are not ascending and distinct, 22004 for NULL instants';

CREATE OR REPLACE FUNCTION frontline_internal.claim_set_last_at(claims frontline_internal.claim_set)
RETURNS timestamptz AS 'MODULE_PATHNAME', 'frontline_claim_set_last_at' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
REVOKE ALL ON FUNCTION frontline_internal.claim_set_last_at(frontline_internal.claim_set) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.claim_set_last_at(frontline_internal.claim_set) IS
  'Internal, run by the commit-time flush (cache_apply): the instant of the last claim of a claim set (NULL for none): a load whose claims for a place all come after it reads only them';

-- The rule over a claim set (src/fl_claims.c), the C twin of
-- winning_claims (45_rule.sql) for reads from the cache: the same filter,
-- the same ranking.  sql/claim_sets.sql (and test/unit/test_claims.c for
-- the C core) check that both give the same answers.  Executable by everyone (readers reach claim
-- sets through frontline._place_claims); arguments are validated as the
-- API validates them.
CREATE OR REPLACE FUNCTION frontline._claims_history(claims frontline_internal.claim_set, sources text[],
                                                     min_confidence real, as_of timestamptz)
RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline__claims_history' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claims_history(frontline_internal.claim_set, text[], real, timestamptz) IS
  'Internal: the resolved history of a cached claim set under the sources / min_confidence / as_of filter (NULL for a NULL claim set); raises 22003 / 22008 on a bad min_confidence or as_of';

-- The same as it stands over a window of time, for the series: its first
-- entry, at from_t, is the winner in force then, followed by the changes up
-- to to_t; a month's series of a long history reads the claims of that
-- month, not all of them (docs/cache.md, "A hundred claims a place").
CREATE OR REPLACE FUNCTION frontline._claims_window(claims frontline_internal.claim_set, sources text[],
                                                    min_confidence real, as_of timestamptz,
                                                    from_t timestamptz, to_t timestamptz)
RETURNS frontline.control_history
    AS 'MODULE_PATHNAME', 'frontline__claims_window' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claims_window(frontline_internal.claim_set, text[], real, timestamptz, timestamptz, timestamptz) IS
  'Internal: the resolved history of a cached claim set under the filter as it stands over [from_t, to_t] (its first entry at from_t: the controller then; then its changes up to to_t; NULL from_t / to_t: from the first claim / to the last): the same controller as _claims_history at every moment of the window; NULL for a NULL claim set; raises 22003 / 22008 / 22023 on a bad min_confidence, as_of, from_t or to_t';

CREATE OR REPLACE FUNCTION frontline._claims_controller(claims frontline_internal.claim_set, at timestamptz,
                                                        sources text[], min_confidence real, as_of timestamptz)
RETURNS text
    AS 'MODULE_PATHNAME', 'frontline__claims_controller' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claims_controller(frontline_internal.claim_set, timestamptz, text[], real, timestamptz) IS
  'Internal: the controller (actor, ''contested'' or NULL) of the winning claim at a moment in a cached claim set under the filter, by binary search';

CREATE OR REPLACE FUNCTION frontline._claims_since(claims frontline_internal.claim_set, at timestamptz,
                                                   sources text[], min_confidence real, as_of timestamptz)
RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'frontline__claims_since' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claims_since(frontline_internal.claim_set, timestamptz, text[], real, timestamptz) IS
  'Internal: since when the controller at a moment in a cached claim set under the filter had held it (what since() of _claims_history gives: NULL when no claim at or before it passes), by a binary search and a walk back over the instants of that controller''s period';

CREATE OR REPLACE FUNCTION frontline._claims_changes(claims frontline_internal.claim_set, from_t timestamptz,
                                                     to_t timestamptz, sources text[], min_confidence real,
                                                     as_of timestamptz)
RETURNS TABLE (at timestamptz, from_controller text, to_controller text, source text)
    AS 'MODULE_PATHNAME', 'frontline__claims_changes' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION frontline._claims_changes(frontline_internal.claim_set, timestamptz, timestamptz, text[], real, timestamptz) IS
  'Internal: the changes of controller in [from_t, to_t) of a cached claim set under the filter, with the source of the claim that made each (what changes() returns for one place)';

CREATE OR REPLACE FUNCTION frontline._claims_any_in(claims frontline_internal.claim_set, from_t timestamptz, to_t timestamptz)
RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__claims_any_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claims_any_in(frontline_internal.claim_set, timestamptz, timestamptz) IS
  'Internal: whether a cached claim set holds a claim (whatever a filter) in [from_t, to_t), by binary search: a controller changes only at a claim''s instant, so changes() under a filter reads the changes of those places only; raises 22008 for an infinite bound';

-- The statement of the flush's pass over the claims (cache_apply): $1 the
-- places (sorted), $2 the cache_ids of the cached policies whose USING (as
-- policy_using printed it) are using_exprs, in the same order, $3 for each
-- place the earliest instant of the claims the transaction wrote for it
-- (inserted, deleted, or updated: either version; NULL after a write to
-- its place row; the array may be shorter than $1: unnest pads it with
-- NULLs), $4 the instants of every claim written when the commit wrote a
-- few places at a few instants (else empty), $5 for each place whether
-- every claim written for it is at its $3 instant (padded like $3); with
-- no policy, the shared claim sets alone.
-- A place with that instant, a cached claim set and a row in each cached
-- policy's cache splices (m.lo): only its claims from that instant on are
-- read and aggregated, and they replace those of its cached sets
-- (claim_set_splice: the claims before the instant are the same, since
-- the transaction wrote no claim before it, and no claim of
-- one part can tie with one of the other, so the bytes are those a fresh
-- aggregate of every claim gives); the others read every claim.  A load
-- that comes after everything a place had (news as it arrives) reads only
-- its own claims.  When the transaction wrote a few places and wrote
-- claims at only a few instants ($4, sorted and distinct; empty otherwise,
-- see fl_cache_sql.c), such a place reads only its claims at those instants
-- and replaces its cached claims there (claim_set_replace): a claim of old
-- news (record_control at an instant among the place's older claims)
-- reads the claims of its instant, not every claim from it on.  So does,
-- in a commit of any size, a place whose written claims are all at one
-- instant ($5, m.one): a dated map backfilled for many places reads the
-- claims at its instant, not every claim after it, and so does a claim
-- retracted (deleted) or corrected in place (updated, its instant kept).
-- Every table is also restricted to the range $1[1] .. $1[cardinality($1)]:
-- the planner estimates a range cheaply, so the rows of a slice are found
-- through the primary keys and the
-- (place_id, at) index when the slice is a small part of the places, not
-- by reading the whole of each cache table once per slice.
-- sequential: the text run with index scans off (flush_execute_sequential),
-- where every claim of the places is read in one scan of the table, with
-- no splice; otherwise each place's claims are read through the
-- (place_id, at) index, from its instant, and aggregated by a LATERAL
-- subquery per place (joined to the places instead, they went through one
-- merge join over the whole index, which the planner estimates cheaper
-- when most places read only their new claims: 0.65 s at M for 66,668
-- places, then a hash aggregate spilling to disk).
CREATE OR REPLACE FUNCTION frontline_internal.flush_statement(using_exprs text[], sequential boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    sel text := '';
    aggs text := '';
    olds text := '';
    nulls text := '';
    joins text := '';
    have text := '';
    outs text := '';
    writes text := '';
    m_sel text;
    m_from text;
    shared_agg text;
    a_join text;
BEGIN
    FOR j IN 1 .. cardinality(using_exprs) LOOP
        sel := sel || format(', (%s) AS p%s', using_exprs[j], j);
        aggs := aggs || format($a$,
                            frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                             e.source, e.confidence, e.reported_at, e.event_id)
                                FILTER (WHERE e.p%s) AS p%s$a$, j, j);
        -- the policy's cached claim set of the place; a place its cache
        -- lacks reads every claim
        olds := olds || format(', q%s.claims AS old%s', j, j);
        nulls := nulls || format(', NULL::frontline_internal.claim_set AS old%s', j);
        joins := joins || format($j$
          LEFT JOIN frontline_internal.policy_claim_cache q%1$s
                 ON q%1$s.cache_id = $2[%1$s] AND q%1$s.place_id = i.place_id
                AND q%1$s.place_id BETWEEN $1[1] AND $1[cardinality($1)]$j$, j);
        have := have || format(' AND q%s.place_id IS NOT NULL', j);
        outs := outs || format($o$,
                       CASE WHEN m.lo IS NULL THEN a.p%1$s
                            WHEN m.one THEN frontline_internal.claim_set_replace(m.old%1$s, ARRAY[m.lo], a.p%1$s)
                            WHEN cardinality($4) = 0 THEN frontline_internal.claim_set_splice(m.old%1$s, m.lo, a.p%1$s)
                            ELSE frontline_internal.claim_set_replace(m.old%1$s, $4, a.p%1$s) END AS p%1$s$o$, j);
        -- rows whose claim set changed are rewritten (a place whose new
        -- claims the policy hides keeps its row: claim sets are
        -- canonical, the same claims give the same bytes); the places
        -- the policy's cache lacks get one, if the place exists
        writes := writes || format($w$,
    u%1$s AS (
        UPDATE frontline_internal.policy_claim_cache k
           SET claims = r.p%1$s,
               change_days = frontline._change_days(coalesce(frontline._claims_history(r.p%1$s, NULL, 0, NULL),
                                                             '{}'::frontline.control_history))
          FROM r
         WHERE k.cache_id = $2[%1$s] AND k.place_id = r.place_id
           AND k.place_id BETWEEN $1[1] AND $1[cardinality($1)]
           AND NOT frontline_internal.claim_set_same(k.claims, r.p%1$s)),
    i%1$s AS (
        INSERT INTO frontline_internal.policy_claim_cache (cache_id, place_id, claims, change_days)
        SELECT $2[%1$s], r.place_id, r.p%1$s,
               frontline._change_days(coalesce(frontline._claims_history(r.p%1$s, NULL, 0, NULL),
                                               '{}'::frontline.control_history))
          FROM r
         WHERE EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = r.place_id)
           AND NOT EXISTS (SELECT 1 FROM frontline_internal.policy_claim_cache k
                            WHERE k.cache_id = $2[%1$s] AND k.place_id = r.place_id
                              AND k.place_id BETWEEN $1[1] AND $1[cardinality($1)])
         ORDER BY 2)$w$, j);
    END LOOP;
    shared_agg := $a$frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                        e.source, e.confidence, e.reported_at, e.event_id) AS claims,
                       max(e.event_id) AS max_event$a$ || aggs;
    IF sequential THEN
        -- every place reads every claim: one scan of the table, the places
        -- hashed (a join to m would hash the table instead: the planner
        -- knows nothing of m's ids), sorted by place and aggregated
        m_sel := ', NULL::frontline_internal.claim_set AS old' || nulls || ', NULL::timestamptz AS lo, false AS one';
        m_from := 'unnest($1) i(place_id)';
        a_join := format($c$LEFT JOIN (SELECT e.place_id, %s
                               FROM (SELECT place_id, at, state, actor, contenders, source, confidence, reported_at, event_id%s
                                       FROM frontline.control_event
                                      WHERE place_id = ANY ($1) AND place_id BETWEEN $1[1] AND $1[cardinality($1)]) e
                              GROUP BY e.place_id) a ON a.place_id = m.place_id$c$, shared_agg, sel);
    ELSE
        -- each place's claims from its instant on, through the index, and
        -- aggregated there: no sort, no hash of all the places' claims;
        -- its cached claim set through the primary key too (a hash join
        -- read the whole table, and at L wrote its claim sets to 64
        -- batches of temporary files, for the same time)
        m_sel := format($s$, k.claims AS old%s,
               CASE WHEN k.claims IS NOT NULL%s THEN i.from_at END AS lo, coalesce(i.one, false) AS one$s$, olds, have);
        m_from := format($f$unnest($1, $3, $5) i(place_id, from_at, one)
          LEFT JOIN LATERAL (SELECT k.claims FROM frontline_internal.claim_cache k
                              WHERE k.place_id = i.place_id AND k.place_id BETWEEN $1[1] AND $1[cardinality($1)] OFFSET 0) k ON true%s$f$, joins);
        -- (m.one: the claims at the place's one written instant; else $4
        -- non-empty: the claims at the instants where the transaction
        -- wrote claims, of every place; each instant probed through the
        -- index on both columns: a generic plan tested at = ANY ($4) as a
        -- filter on every claim of the place, and with at = the instant a
        -- plan for many places probed the index on at alone and tested
        -- the place on every claim at that instant (ten thousand places
        -- backfilled at one instant, at 100 claims a place: 9 s against
        -- 0.6 s; a range is estimated to hold more rows than an equality);
        -- each branch runs only when its one-time filter on m.lo, m.one
        -- and $4 holds)
        a_join := format($c$LEFT JOIN LATERAL (SELECT %1$s
                               FROM (SELECT e.*
                                       FROM unnest(CASE WHEN m.one THEN ARRAY[m.lo] ELSE $4 END) t(instant)
                                      CROSS JOIN LATERAL (
                                            SELECT place_id, at, state, actor, contenders, source, confidence, reported_at, event_id%2$s
                                              FROM frontline.control_event
                                             WHERE place_id = m.place_id AND at BETWEEN t.instant AND t.instant OFFSET 0) e
                                      WHERE m.lo IS NOT NULL AND (m.one OR cardinality($4) > 0)
                                     UNION ALL
                                     SELECT place_id, at, state, actor, contenders, source, confidence, reported_at, event_id%2$s
                                       FROM frontline.control_event
                                      WHERE (m.lo IS NULL OR (NOT m.one AND cardinality($4) = 0))
                                        AND place_id = m.place_id AND at >= coalesce(m.lo, '-infinity'::timestamptz)
                                        AND place_id BETWEEN $1[1] AND $1[cardinality($1)]) e) a ON true$c$, shared_agg, sel);
    END IF;
    RETURN format($q$
    WITH m AS MATERIALIZED (
        SELECT i.place_id%s
          FROM %s
         WHERE i.place_id IS NOT NULL),
    r AS MATERIALIZED (
        SELECT x.*, coalesce(frontline._claims_history(x.claims, NULL, 0, NULL), '{}') AS history
          FROM (SELECT m.place_id,
                       CASE WHEN m.lo IS NULL THEN a.claims
                            WHEN m.one THEN frontline_internal.claim_set_replace(m.old, ARRAY[m.lo], a.claims)
                            WHEN cardinality($4) = 0 THEN frontline_internal.claim_set_splice(m.old, m.lo, a.claims)
                            ELSE frontline_internal.claim_set_replace(m.old, $4, a.claims) END AS claims,
                       a.max_event%s
                  FROM m
                  %s
                OFFSET 0) x),
    h AS (      -- a data-modifying WITH runs to completion, referenced or not
        -- a history that came out the same bytes is not rewritten (most
        -- claims of a bulk load confirm who holds the place): no new row
        -- version, no entry in the histories' GiST index.  The row holding
        -- the largest claim id of the pass always is, so that the largest
        -- max_event of the table keeps up with the claims (_cache_state)
        -- max_event is never lowered (a claim deleted): the largest over the
        -- table must stay at or above every claim id it has seen
        UPDATE frontline_internal.control_cache c
           SET history = r.history, max_event = greatest(c.max_event, r.max_event)
          FROM r
         WHERE c.place_id = r.place_id AND c.place_id BETWEEN $1[1] AND $1[cardinality($1)]
           AND (c.history OPERATOR(frontline.<>) r.history
                OR r.max_event = (SELECT max(m.max_event) FROM r m)))%s
    UPDATE frontline_internal.claim_cache k
       SET claims = r.claims, change_days = frontline._change_days(r.history)
      FROM r
     WHERE k.place_id = r.place_id AND k.place_id BETWEEN $1[1] AND $1[cardinality($1)]$q$,
        m_sel, m_from, outs, a_join, writes);
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.flush_statement(text[], boolean) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.flush_statement(text[], boolean) IS
  'Internal, run by cache_apply: the text of the flush''s pass over the claims, with one claim_set_agg FILTERed by each USING given and the writes of each policy''s claim sets; a place given the instant of its earliest written claim ($3: inserted, deleted or updated) reads only its claims from that instant on and splices them into its cached claim sets, or, when every claim written for it is at that instant ($5) or at the few instants in $4, only its claims at them, replaced in its cached claim sets';

-- The flush's pass over the claims: its statement (built by cache_apply,
-- with the cached policies' USING) through a plan the session keeps, keyed
-- by its text, for a commit that wrote a few places; planned for them when
-- there are many (src/fl_cache_sql.c).
CREATE OR REPLACE FUNCTION frontline_internal.flush_execute(sql text, ids integer[], cache_ids integer[],
                                                            from_at timestamptz[], instants timestamptz[],
                                                            one_instant boolean[]) RETURNS bigint
    AS 'MODULE_PATHNAME', 'frontline_flush_execute' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION frontline_internal.flush_execute(text, integer[], integer[], timestamptz[], timestamptz[], boolean[]) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.flush_execute(text, integer[], integer[], timestamptz[], timestamptz[], boolean[]) IS
  'Internal, run only by cache_apply (the commit-time flush) as the cache''s owner: runs its statement with the places ($1), the cached policies ($2), for each place the earliest instant of the claims written for it (inserted, deleted or updated), from which its claims are read and spliced into its cached claim sets ($3), the instants of every written claim when there were few (else empty: $4), at which alone they are then read and replaced, and for each place whether every claim written for it is at that earliest instant ($5), at which alone its claims are then read and replaced, through a generic plan kept for the session and keyed by the statement''s text when there are at most 64 places, else planned for them; returns the rows processed';

-- The same, for a flush that reads a large part of the claims (cache_apply
-- asks flush_reads_all): index scans off for its statement, so the claims
-- are read in one pass over the table, in its order, and sorted by place,
-- instead of fetched place by place through the (place_id, at) index,
-- which visits each page of the table many times, out of order.  At scale
-- L (a load of 1,000,000 claims touching 632,311 places, the table larger
-- than shared_buffers) the pass over the claims took 12.8 s this way
-- against 27.5 s through the index; at M (63,173 places, the table in
-- shared_buffers) about the same either way.
CREATE OR REPLACE FUNCTION frontline_internal.flush_execute_sequential(sql text, ids integer[], cache_ids integer[],
                                                                       from_at timestamptz[], instants timestamptz[],
                                                                       one_instant boolean[]) RETURNS bigint
    AS 'MODULE_PATHNAME', 'frontline_flush_execute' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE
    SET enable_indexscan = off SET enable_bitmapscan = off;
REVOKE ALL ON FUNCTION frontline_internal.flush_execute_sequential(text, integer[], integer[], timestamptz[], timestamptz[], boolean[]) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.flush_execute_sequential(text, integer[], integer[], timestamptz[], timestamptz[], boolean[]) IS
  'Internal, run only by cache_apply (the commit-time flush) as the cache''s owner: flush_execute with index and bitmap scans off, for a slice of places that holds a large part of the claims (flush_reads_all): the claims are read in one sequential pass and sorted';

-- Does a slice of this many places read the claims sequentially?  When it
-- is more than 64 places and more than an eighth of the places the cache
-- holds, by the statistics: about eight claims a page of the table or more
-- (a page holds about 60), where the index would visit each page that many
-- times.  Before the cache's first ANALYZE (reltuples -1) it does not.
CREATE OR REPLACE FUNCTION frontline_internal.flush_reads_all(places integer) RETURNS boolean
LANGUAGE sql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
    SELECT places > 64 AND coalesce((SELECT c.reltuples >= 0 AND places::float8 * 8 > c.reltuples
                                       FROM pg_catalog.pg_class c
                                      WHERE c.oid = 'frontline_internal.control_cache'::pg_catalog.regclass), false)
$$;
REVOKE ALL ON FUNCTION frontline_internal.flush_reads_all(integer) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.flush_reads_all(integer) IS
  'Internal, run by cache_apply: true when a slice of this many places is more than 64 places and more than an eighth of the places the cache holds (pg_class.reltuples; false before its first ANALYZE): its pass reads the claims sequentially (flush_execute_sequential)';

-- frontline's own writes to its tables run as their owner (the flush, the
-- event triggers), so code anyone else attached to them would run with the
-- owner's rights: each writer first refuses when a table it writes has a
-- trigger other than its guard (named <table>_guard), a rule or a policy.
-- what names the cache in the message ('cache', 'ground cache').
CREATE OR REPLACE FUNCTION frontline_internal.refuse_foreign_code(rels regclass[], what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    foreign_code text;
BEGIN
    SELECT string_agg(x.item, ', ' ORDER BY x.item) INTO foreign_code FROM (
        SELECT format('trigger %I on %s', t.tgname, t.tgrelid::regclass) AS item FROM pg_trigger t
         WHERE t.tgrelid = ANY (rels) AND t.tgname <> (SELECT c.relname || '_guard' FROM pg_class c WHERE c.oid = t.tgrelid)
        UNION ALL
        SELECT format('rule %I on %s', r.rulename, r.ev_class::regclass) FROM pg_rewrite r WHERE r.ev_class = ANY (rels)
        UNION ALL
        SELECT format('policy %I on %s', p.polname, p.polrelid::regclass) FROM pg_policy p WHERE p.polrelid = ANY (rels)) x;
    IF foreign_code IS NOT NULL THEN
        RAISE EXCEPTION 'frontline will not maintain its % while other code is attached to it: %', what, foreign_code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('The %s is written as its owner; code attached to it would run with the owner''s rights.', what),
                  HINT = 'Drop what was attached to the tables of frontline_internal.';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.refuse_foreign_code(regclass[], text) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.refuse_foreign_code(regclass[], text) IS
  'Internal, run by frontline''s writers of its own tables (as their owner): raises 42501 naming every trigger other than <table>_guard, rule or policy attached to these tables; what names the cache in the message';

-- Run by the commit-time flush only, as the cache's owner (never by a
-- caller: EXECUTE is revoked from PUBLIC, and the guard refuses its writes
-- outside the flush).  It refuses to run while code other than frontline's
-- guard is attached to the cache: such code would run as the owner.  The
-- rows of control_cache are locked in place_id order, and those of
-- claim_cache always rewritten (a place's claims changed, even where its
-- history did not and its control_cache row is left as it was), so the
-- second writer of a place waits (READ COMMITTED, then recomputes from a
-- fresh snapshot) or fails with 40001 (REPEATABLE READ, SERIALIZABLE);
-- never a stale row.
CREATE OR REPLACE FUNCTION frontline_internal.cache_apply(place_ids integer[], every_place boolean,
                                                         written_from timestamptz[], written_at timestamptz[],
                                                         one_instant boolean[])
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    SET jit = off AS $$
DECLARE
    ids integer[];
    n integer := 0;
    m integer;
    pc record;
    expr text;
    pol_ids integer[] := '{}';
    pol_sql text[] := '{}';
    policies_failed boolean := false;
    stmt text;
    slice integer;
    part integer[];
    part_from timestamptz[];
    part_one boolean[];
    instants CONSTANT timestamptz[] := CASE WHEN every_place THEN '{}' ELSE coalesce(written_at, '{}') END;
    reads_all boolean;
    gone bigint;
BEGIN
    PERFORM frontline_internal.refuse_foreign_code(
        ARRAY['frontline_internal.control_cache', 'frontline_internal.claim_cache', 'frontline_internal.policy_cache',
              'frontline_internal.policy_claim_cache', 'frontline_internal.cache_note']::regclass[], 'cache');
    IF every_place THEN
        LOCK TABLE frontline.control_event IN SHARE MODE;     -- no writer while we rebuild
        LOCK TABLE frontline.place IN SHARE MODE;
        ids := ARRAY(SELECT p.place_id FROM frontline.place p
                     UNION SELECT c.place_id FROM frontline_internal.control_cache c
                     UNION SELECT k.place_id FROM frontline_internal.claim_cache k ORDER BY 1);
        -- every place is recomputed from every claim, with no writer
        -- about: whatever was written with the triggers disabled is in,
        -- and the pass below rewrites the row holding the largest claim id
        DELETE FROM frontline_internal.cache_note n WHERE n.cache = 'claims';
    ELSE
        ids := place_ids;       -- sorted and distinct (fl_cache_sql.c)
    END IF;
    -- the cached row-level security policies whose claim sets this flush
    -- keeps too (52_policy_cache.sql); one whose USING changed, that was
    -- dropped or can no longer be cached is marked invalid instead
    FOR pc IN SELECT c.cache_id, c.policy_name, c.using_expr FROM frontline_internal.policy_cache c
               WHERE c.valid ORDER BY c.cache_id LOOP
        expr := frontline_internal.policy_using(pc.policy_name);
        IF expr IS DISTINCT FROM pc.using_expr THEN
            UPDATE frontline_internal.policy_cache c SET valid = false WHERE c.cache_id = pc.cache_id;
        ELSE
            pol_ids := pol_ids || pc.cache_id;
            pol_sql := pol_sql || expr;
        END IF;
    END LOOP;
    -- The places go through in slices of at most frontline.flush_slice ids
    -- (a million unless set; src/fl_cache_sql.c says why), in place_id
    -- order: each slice is locked, then recomputed by statements planned
    -- for its ids, whose memory is freed before the next slice.  The rows
    -- are locked in one global order across the slices too, so two flushes
    -- cannot deadlock.  The setting is defined, with its default, by the
    -- module, which the flush (this function's only caller) has loaded.
    slice := current_setting('frontline.flush_slice')::integer;
    FOR lo IN 1 .. coalesce(cardinality(ids), 0) BY slice LOOP
        part := ids[lo : lo + slice - 1];
        -- the earliest instant of the claims written for each place, from
        -- which its claims are read and spliced into its cached claim sets
        -- (flush_statement; NULL: every claim); none when every place is
        -- rebuilt
        part_from := CASE WHEN every_place THEN '{}'
                          ELSE coalesce(written_from[lo : lo + slice - 1], '{}') END;
        -- and whether every claim written for it is at that instant: its
        -- claims at that instant alone are then read and replaced
        part_one := CASE WHEN every_place THEN '{}'
                         ELSE coalesce(one_instant[lo : lo + slice - 1], '{}') END;
        -- Every marked id the cache lacks goes through its unique index,
        -- even when its place is not visible here: under logical
        -- replication (no foreign-key checks in replica mode) a place and
        -- its claims can arrive in two concurrent transactions that do not
        -- see each other's rows.  The second inserter of an id waits for
        -- the first to end, then recomputes from a fresh snapshot; rows of
        -- places that do not exist are deleted below.
        INSERT INTO frontline_internal.control_cache (place_id, history, max_event)
        SELECT i, '{}', NULL FROM unnest(part) i
         WHERE NOT EXISTS (SELECT 1 FROM frontline_internal.control_cache c WHERE c.place_id = i)
         ORDER BY 1
            ON CONFLICT (place_id) DO NOTHING;
        -- the rows of control_cache are the lock: claim_cache is written
        -- only by a flush that holds the same place's row there
        -- A plan kept for the session (from the sixth flush on, planned for
        -- what the table held then) may scan the table and test = ANY (part)
        -- element by element on each row: with 100,000 new places after a
        -- few writes in the same session, 27 s instead of well under one.
        -- A slice of more than a few ids is planned for them (EXECUTE: the
        -- array is then a constant, which PostgreSQL hashes); a flush of a
        -- few places (record_control) keeps the plan, which costs less than
        -- planning it.
        IF cardinality(part) > 64 THEN
            EXECUTE $q$
            SELECT 1 FROM frontline_internal.control_cache c WHERE c.place_id = ANY ($1)
             ORDER BY c.place_id FOR NO KEY UPDATE OF c$q$
            USING part;
        ELSE
            PERFORM 1 FROM frontline_internal.control_cache c WHERE c.place_id = ANY (part)
              ORDER BY c.place_id FOR NO KEY UPDATE OF c;
        END IF;
        INSERT INTO frontline_internal.claim_cache (place_id)
        SELECT i FROM unnest(part) i
         WHERE NOT EXISTS (SELECT 1 FROM frontline_internal.claim_cache k WHERE k.place_id = i)
         ORDER BY 1
            ON CONFLICT (place_id) DO NOTHING;
        -- One pass over the places' claims: the sorted claim set, the
        -- resolved history (the claim set under no filter) and the largest
        -- event_id, written to both tables by one statement; with policies
        -- cached, the same pass reads each claim once for their claim sets
        -- too: one more claim_set_agg per policy, FILTERed by its USING (the
        -- text policy_using printed: it reads only the claim's own columns,
        -- with built-in immutable functions), and per policy an UPDATE of
        -- the rows whose claim set changed (a place whose new claims the
        -- policy hides keeps its row: claim sets are canonical, the same
        -- claims give the same bytes) and an INSERT of the rows its cache
        -- lacks, if the place exists.
        -- A USING that raises an error on a claim fails the statement: the
        -- slice is then passed again without the policies, and
        -- policy_cache_apply takes them one by one below (it marks the one
        -- that raised invalid, with a warning, and the write commits); the
        -- later slices do the same, without the policies in their pass.
        -- a slice holding a large part of the claims reads them in one
        -- sequential pass (flush_reads_all, flush_execute_sequential); a
        -- flush of a few places does not ask (the call would be planned
        -- again in every transaction: tens of microseconds a commit)
        -- (a place whose written claims all come after its cached claims,
        -- or are all at one instant, reads only them, through the index:
        -- only the other places count, estimated from about a thousand of
        -- the slice's places)
        reads_all := cardinality(part) > 64 AND frontline_internal.flush_reads_all(cardinality(part));
        IF reads_all AND EXISTS (SELECT 1 FROM unnest(part_from) f WHERE f IS NOT NULL) THEN
            EXECUTE $q$
            SELECT frontline_internal.flush_reads_all(cardinality($1) - (cardinality($1) * coalesce(
                       avg((coalesce(i.one, false)
                            OR coalesce(frontline_internal.claim_set_last_at(k.claims) < i.from_at, false))::integer), 0))::integer)
              FROM unnest($1, $2, $3) WITH ORDINALITY i(place_id, from_at, one, n)
              JOIN frontline_internal.claim_cache k ON k.place_id = i.place_id
             WHERE i.n % greatest(cardinality($1) / 1000, 1) = 0$q$
            INTO reads_all USING part, part_from, part_one;
        END IF;
        stmt := frontline_internal.flush_statement(pol_sql, reads_all);
        IF cardinality(pol_ids) = 0 THEN
            n := n + CASE WHEN reads_all THEN frontline_internal.flush_execute_sequential(stmt, part, pol_ids, part_from, instants, part_one)
                          ELSE frontline_internal.flush_execute(stmt, part, pol_ids, part_from, instants, part_one) END;
        ELSE
            BEGIN
                m := CASE WHEN reads_all THEN frontline_internal.flush_execute_sequential(stmt, part, pol_ids, part_from, instants, part_one)
                          ELSE frontline_internal.flush_execute(stmt, part, pol_ids, part_from, instants, part_one) END;
            EXCEPTION WHEN OTHERS THEN
                -- serialization failures, cancels and refusals are the write's own
                IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '57%' OR SQLSTATE = '42501' THEN
                    RAISE;
                END IF;
                -- the same pass without the policies (an error of the shared
                -- pass raises again there, and the commit fails with it)
                policies_failed := true;
                pol_ids := '{}';
                pol_sql := '{}';
                stmt := frontline_internal.flush_statement('{}', reads_all);
                m := CASE WHEN reads_all THEN frontline_internal.flush_execute_sequential(stmt, part, pol_ids, part_from, instants, part_one)
                          ELSE frontline_internal.flush_execute(stmt, part, pol_ids, part_from, instants, part_one) END;
            END;
            n := n + m;
        END IF;
        -- the rows of places that do not exist (deleted, or not visible
        -- yet): looked for only when a marked id has no place
        IF EXISTS (SELECT 1 FROM unnest(part) i WHERE NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = i)) THEN
            -- planned for this slice's ids (EXECUTE): a plan kept for the
            -- session could test = ANY (part) element by element on every
            -- row, where the ids as a constant are hashed
            EXECUTE $q$
            WITH d AS (
                DELETE FROM frontline_internal.control_cache c
                 WHERE c.place_id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = c.place_id)
                RETURNING c.max_event)
            SELECT max(d.max_event) FROM d$q$
            INTO gone USING part;
            -- the largest claim id those rows had seen stays seen: it may
            -- be all that covers claims of other places (a flush rewrites
            -- only the rows whose history changed, and the one holding its
            -- largest claim id), which must not start to look unseen
            IF gone > greatest((SELECT max(c.max_event) FROM frontline_internal.control_cache c),
                               (SELECT max(n.max_event) FROM frontline_internal.cache_note n WHERE n.cache = 'claims'), 0) THEN
                INSERT INTO frontline_internal.cache_note (cache, max_event, reason)
                VALUES ('claims', gone, 'the largest claim id seen by the cache rows of deleted places');
            END IF;
            EXECUTE $q$
            DELETE FROM frontline_internal.claim_cache k
             WHERE k.place_id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = k.place_id)$q$
            USING part;
            EXECUTE $q$
            DELETE FROM frontline_internal.policy_claim_cache k
             WHERE k.place_id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM frontline.place p WHERE p.place_id = k.place_id)$q$
            USING part;
        END IF;
        -- the policies' claim sets, when the pass above could not keep them
        IF policies_failed THEN
            PERFORM frontline_internal.policy_cache_apply(part, NULL);
        END IF;
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.cache_apply(integer[], boolean, timestamptz[], timestamptz[], boolean[]) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.cache_apply(integer[], boolean, timestamptz[], timestamptz[], boolean[]) IS
  'Internal, run only by the commit-time flush as the cache''s owner: recompute the cache rows of these places (or of every place) from their claims (a place given the earliest instant of the claims written for it, inserted, deleted or updated, in written_from, reads only its claims from that instant on, spliced into its cached claim sets; when one_instant says every claim written for it is at that instant, only its claims at that instant, and when written_at holds the instants of every written claim, only its claims at those instants, replaced in them); returns how many rows were written';

CREATE OR REPLACE TRIGGER control_cache_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.control_cache FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.control_cache ENABLE ALWAYS TRIGGER control_cache_guard;
COMMENT ON TRIGGER control_cache_guard ON frontline_internal.control_cache IS
  'Refuses every write to the cache but frontline''s commit-time maintenance, whatever was granted';
CREATE OR REPLACE TRIGGER cache_note_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.cache_note FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.cache_note ENABLE ALWAYS TRIGGER cache_note_guard;
COMMENT ON TRIGGER cache_note_guard ON frontline_internal.cache_note IS
  'Refuses every write but frontline''s own (the commit-time flush, the event trigger frontline_cache_triggers), whatever was granted';
CREATE OR REPLACE TRIGGER claim_cache_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.claim_cache FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.claim_cache ENABLE ALWAYS TRIGGER claim_cache_guard;
COMMENT ON TRIGGER claim_cache_guard ON frontline_internal.claim_cache IS
  'Refuses every write to the cached claim sets but frontline''s commit-time maintenance, whatever was granted';

CREATE OR REPLACE TRIGGER control_event_cache_insert AFTER INSERT ON frontline.control_event
    REFERENCING NEW TABLE AS new_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER control_event_cache_update AFTER UPDATE ON frontline.control_event
    REFERENCING OLD TABLE AS old_claims NEW TABLE AS new_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER control_event_cache_delete AFTER DELETE ON frontline.control_event
    REFERENCING OLD TABLE AS old_claims
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER control_event_cache_truncate AFTER TRUNCATE ON frontline.control_event
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER control_event_cache_replica AFTER INSERT OR UPDATE OR DELETE ON frontline.control_event
    FOR EACH ROW EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER place_cache_insert AFTER INSERT ON frontline.place
    REFERENCING NEW TABLE AS new_places
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER place_cache_update AFTER UPDATE ON frontline.place
    REFERENCING OLD TABLE AS old_places NEW TABLE AS new_places
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER place_cache_delete AFTER DELETE ON frontline.place
    REFERENCING OLD TABLE AS old_places
    FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_mark();
CREATE OR REPLACE TRIGGER place_cache_replica AFTER INSERT OR UPDATE OR DELETE ON frontline.place
    FOR EACH ROW EXECUTE FUNCTION frontline_internal.cache_mark();
-- statement triggers fire also under session_replication_role = replica;
-- the row triggers fire only then (logical-replication apply workers fire
-- no statement triggers)
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_cache_insert;
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_cache_update;
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_cache_delete;
ALTER TABLE frontline.control_event ENABLE ALWAYS TRIGGER control_event_cache_truncate;
ALTER TABLE frontline.control_event ENABLE REPLICA TRIGGER control_event_cache_replica;
ALTER TABLE frontline.place ENABLE ALWAYS TRIGGER place_cache_insert;
ALTER TABLE frontline.place ENABLE ALWAYS TRIGGER place_cache_update;
ALTER TABLE frontline.place ENABLE ALWAYS TRIGGER place_cache_delete;
ALTER TABLE frontline.place ENABLE REPLICA TRIGGER place_cache_replica;
COMMENT ON TRIGGER control_event_cache_insert ON frontline.control_event IS 'Marks the places of new claims for the cache (recomputed at commit)';
COMMENT ON TRIGGER control_event_cache_update ON frontline.control_event IS 'Marks the places of changed claims for the cache (recomputed at commit)';
COMMENT ON TRIGGER control_event_cache_delete ON frontline.control_event IS 'Marks the places of deleted claims for the cache (recomputed at commit)';
COMMENT ON TRIGGER control_event_cache_truncate ON frontline.control_event IS 'Marks every place for the cache (recomputed at commit)';
COMMENT ON TRIGGER control_event_cache_replica ON frontline.control_event IS 'Replica mode only (logical-replication apply): marks the row''s place for the cache';
COMMENT ON TRIGGER place_cache_insert ON frontline.place IS 'Gives every new place its row in the cache (at commit)';
COMMENT ON TRIGGER place_cache_update ON frontline.place IS 'Marks renumbered places for the cache (at commit)';
COMMENT ON TRIGGER place_cache_delete ON frontline.place IS 'Removes the cache rows of deleted places (at commit)';
COMMENT ON TRIGGER place_cache_replica ON frontline.place IS 'Replica mode only (logical-replication apply): marks the row''s place for the cache';

-- Is the cache complete?  Loads made with the triggers disabled
-- (pg_restore --disable-triggers) leave claims or places it has not seen:
-- disabling a cache trigger writes a stale note (27_cache_note.sql), and
-- their ids are above the largest it holds (the notes keep the largest id
-- seen by rows deleted with their places).  The ids alone would not do: the
-- next write through the triggers carries the largest id past them.  A
-- view, so that it reads the cache with its owner's rights; five index
-- probes and a scan of the notes (none, or a few rows).
CREATE OR REPLACE VIEW frontline._cache_state AS
    SELECT coalesce((SELECT max(e.event_id) FROM frontline.control_event e), 0)
             <= greatest((SELECT max(c.max_event) FROM frontline_internal.control_cache c),
                         (SELECT max(n.max_event) FROM frontline_internal.cache_note n WHERE n.cache = 'claims'), 0)
       AND coalesce((SELECT max(p.place_id) FROM frontline.place p), 0)
             <= coalesce((SELECT max(c.place_id) FROM frontline_internal.control_cache c), 0)
       AND NOT EXISTS (SELECT 1 FROM frontline_internal.cache_note n WHERE n.cache = 'claims' AND n.stale) AS complete;
GRANT SELECT ON frontline._cache_state TO PUBLIC;
COMMENT ON VIEW frontline._cache_state IS
  'Internal: complete is false when claims or places may have been written with the triggers disabled (a cache trigger was disabled: a stale note; or their ids exceed those the cache has seen); reads then come from the claims until frontline.refresh_cache()';
COMMENT ON COLUMN frontline._cache_state.complete IS 'The cache has seen the largest event_id and place_id, and no cache trigger was disabled since the last rebuild of every place';

-- The one decision between cache and claims (design note, section 3).
-- C (src/fl_cache_sql.c): it runs once per cache probe, so it must be cheap;
-- the completeness query is remembered for the snapshot it ran under.
-- PARALLEL SAFE, like the gates below: the leader and the workers of a
-- parallel query reach the same answer (in a transaction that has written,
-- none of them trusts the cache: may_trust_marks in C), so a snapshot can
-- be one parallel scan of the cache with partial aggregates in the workers.
CREATE OR REPLACE FUNCTION frontline.cache_usable() RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline_cache_usable' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline.cache_usable() IS
  'True when reads without a filter come from the cache: the current role may SELECT frontline.control_event and frontline.place with no row-level security applying to it, its transaction has no claims waiting for commit, and no load bypassed the triggers; otherwise reads are computed from the claims the role can see';

-- A role under row-level security reads the claim sets of its policy when
-- the owner has cached it (52_policy_cache.sql, src/fl_cache_sql.c).
CREATE OR REPLACE FUNCTION frontline._policy_cache() RETURNS integer
    AS 'MODULE_PATHNAME', 'frontline__policy_cache' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._policy_cache() IS
  'Internal: the cached policy whose claim sets serve the current role (NULL: none): cache_usable() is false because row-level security applies to it on frontline.control_event, exactly one permissive SELECT policy and no restrictive one applies, that policy is cached (frontline.cache_policy) with the USING it has now, and the cache has no writes waiting and is complete';

CREATE OR REPLACE FUNCTION frontline._claim_sets_usable() RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline__claim_sets_usable' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION frontline._claim_sets_usable() IS
  'Internal: do cached claim sets serve the current role (cache_usable(), or a cached policy: _policy_cache() is not NULL)? When false, reads are computed from the claims the role can see';

CREATE OR REPLACE FUNCTION frontline._use_cache(sources text[], min_confidence real, as_of timestamptz DEFAULT NULL)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN _use_cache.sources IS NULL AND coalesce(_use_cache.min_confidence, 0) = 0 AND _use_cache.as_of IS NULL
       AND frontline.cache_usable();
COMMENT ON FUNCTION frontline._use_cache(text[], real, timestamptz) IS
  'Internal: does a read with these filters come from the cache (no sources, min_confidence or as_of filter, and cache_usable())?';

-- Not a security_barrier view: its only condition has no column in it, so
-- the planner makes it a one-time filter above the scan; when it is false
-- the scan never runs.  It reads the cache with its owner's rights.
CREATE OR REPLACE VIEW frontline.place_history AS
    SELECT c.place_id, c.history
      FROM frontline_internal.control_cache c
     WHERE frontline.cache_usable();
GRANT SELECT ON frontline.place_history TO PUBLIC;
COMMENT ON VIEW frontline.place_history IS
  'The resolved control history of every place (every claim, no filter; {} when it has none), from the cache; empty for roles for which cache_usable() is false (use frontline.history() then)';
COMMENT ON COLUMN frontline.place_history.history IS 'Resolved history: control_at(history, t), since(history, t), periods(history)...';

-- The claim sets, for reads with a filter, with the days each place
-- changed hands (GIN index, for changes()); the same gate as place_history.
CREATE OR REPLACE VIEW frontline._place_claims AS
    SELECT k.place_id, k.claims, k.change_days
      FROM frontline_internal.claim_cache k
     WHERE frontline.cache_usable();
GRANT SELECT ON frontline._place_claims TO PUBLIC;
COMMENT ON VIEW frontline._place_claims IS
  'Internal: every place''s cached claim set (NULL: no claims), for reads under a sources / min_confidence / as_of filter, and the days on which its resolved controller changed; empty for roles for which cache_usable() is false';
COMMENT ON COLUMN frontline._place_claims.claims IS 'Every claim about the place, sorted: read with frontline._claims_history / frontline._claims_controller';
COMMENT ON COLUMN frontline._place_claims.change_days IS 'The days on which the resolved history''s controller changed (GIN index): changes() finds the places of a range of days with it';

-- The claim sets of the cached policy that serves the caller
-- (frontline.cache_policy, 52_policy_cache.sql): what a role under that
-- policy reads where others read _place_claims, in a branch of its own in
-- the read functions (a second branch inside _place_claims would cost every
-- other reader a node per probe).  Empty for everyone else: the first
-- condition has no column, so it is a one-time filter.  No InitPlan (a
-- scalar subquery) here: PostgreSQL 15 marks a subquery with one
-- parallel-unsafe, and one branch without parallel paths keeps the whole
-- snapshot from being one parallel scan with partial aggregates (scale L,
-- bench/RESULTS.md).  The key is compared per row when the table is read
-- in full (about 70 ns a row).
CREATE OR REPLACE VIEW frontline._policy_claims AS
    SELECT k.place_id, k.claims, k.change_days
      FROM frontline_internal.policy_claim_cache k
     WHERE frontline._policy_cache() IS NOT NULL
       AND k.cache_id = frontline._policy_cache();
GRANT SELECT ON frontline._policy_claims TO PUBLIC;
COMMENT ON VIEW frontline._policy_claims IS
  'Internal: for a role under a cached row-level security policy (frontline.cache_policy), every place''s claim set built from only the claims the policy lets it see, and the days on which the controller resolved from them changed; empty for every other role';
COMMENT ON COLUMN frontline._policy_claims.claims IS 'The claims about the place that the policy lets through, sorted: read with frontline._claims_history / frontline._claims_controller';
COMMENT ON COLUMN frontline._policy_claims.change_days IS 'The days on which the controller resolved from those claims changed';

CREATE OR REPLACE FUNCTION frontline.refresh_cache() RETURNS bigint
    AS 'MODULE_PATHNAME', 'frontline_refresh_cache' LANGUAGE C VOLATILE PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION frontline.refresh_cache() FROM PUBLIC;
COMMENT ON FUNCTION frontline.refresh_cache() IS
  'Rebuild the cache from every claim, and the ground cache of the areas from every area claim, now (owner only): needed only after places, claims or area claims were loaded with the triggers disabled (pg_restore --disable-triggers) or deleted that way. It first sets frontline''s cache triggers back to their modes (ENABLE ALWAYS; ENABLE REPLICA for the *_replica ones). Returns the number of places cached';

CREATE OR REPLACE FUNCTION frontline.cache_check() RETURNS TABLE (place_id integer, cached frontline.control_history,
                                                       computed frontline.control_history)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(c.place_id, cc.place_id, p.place_id), c.history, coalesce(w.h, '{}'::frontline.control_history)
      FROM frontline_internal.control_cache c
      FULL JOIN frontline_internal.claim_cache cc ON cc.place_id = c.place_id
      FULL JOIN frontline.place p ON p.place_id = coalesce(c.place_id, cc.place_id)
      LEFT JOIN (SELECT w.place_id, frontline.control_history_agg(w.state, w.at) AS h
                   FROM frontline.winning_claims(NULL, NULL, 0) w
                  GROUP BY w.place_id) w ON w.place_id = p.place_id
      LEFT JOIN (SELECT e.place_id,
                        frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                         e.source, e.confidence, e.reported_at, e.event_id) AS claims
                   FROM frontline.control_event e
                  GROUP BY e.place_id) k ON k.place_id = p.place_id
     WHERE c.place_id IS NULL OR cc.place_id IS NULL OR p.place_id IS NULL
        OR c.history OPERATOR(frontline.<>) coalesce(w.h, '{}'::frontline.control_history)
        OR NOT frontline_internal.claim_set_same(cc.claims, k.claims)
        OR cc.change_days IS DISTINCT FROM frontline._change_days(coalesce(w.h, '{}'::frontline.control_history))
     ORDER BY 1;
END;
COMMENT ON FUNCTION frontline.cache_check() IS
  'Places whose cached history or claim set is missing or differs from a fresh computation from every claim (owner only; computed NULL: a cache row without its place; cached = computed: the claim set differs); no row means the cache is right';
