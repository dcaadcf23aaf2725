-- ------------------------------------------------------------------ policy caches
-- A role under a row-level security policy on frontline.control_event is
-- answered from the claims it may see.  For a policy whose USING depends on
-- the claim's own row alone (its columns, built-in immutable functions and
-- operators: source <> 'local', confidence >= 0.5, source = ANY ('{AP,AFP}'))
-- the owner can keep a cache of its own: the claim sets built from only the
-- claims that USING lets through (frontline_internal.policy_claim_cache,
-- 26_policy_cache.sql).  It holds nothing the policy's roles may not see, and
-- the commit-time flush keeps it with the shared cache (cache_apply).
-- Reads choose it in one place, frontline._policy_cache() (C): exactly one
-- permissive SELECT policy and no restrictive one applies to the role, and
-- the cache was built from the USING the policy has now.  docs/cache.md,
-- "Row-level security".

CREATE OR REPLACE FUNCTION frontline_internal.policy_using(policy_name name) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_policy_using' LANGUAGE C STABLE STRICT;
REVOKE ALL ON FUNCTION frontline_internal.policy_using(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_using(name) IS
  'Internal: the USING of the policy on frontline.control_event as pg_get_expr prints it with search_path, quote_all_identifiers, DateStyle, IntervalStyle, TimeZone and extra_float_digits pinned (the text a policy cache is keyed by, and what the flush evaluates); NULL when there is no such policy or it cannot be cached (policy_cache_refusal)';

CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_refusal(policy_name name) RETURNS text
    AS 'MODULE_PATHNAME', 'frontline_policy_cache_refusal' LANGUAGE C STABLE STRICT;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_refusal(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_refusal(name) IS
  'Internal: why the policy on frontline.control_event cannot be cached (no such policy, not for SELECT, restrictive, no USING, a USING that reads other rows, depends on the session or calls a function that is not built in and immutable); NULL when it can';

-- Run by policy_cache_build, and by cache_apply (the commit-time flush) when
-- its one pass over the claims with the policies failed (a USING raised),
-- as the cache's owner: the claim sets of these places under each valid
-- cached policy (or only under only_cache), one policy at a time.  A policy whose USING changed,
-- that can no longer be cached or that was dropped, is marked invalid instead: its rows stop being kept
-- and are never read again, even if the policy gets its old USING back.
-- There, a USING that raises an error on a claim just written (a
-- built-in function can: 1 / (length(source) - 7)) marks that policy's
-- cache invalid with a warning and the write commits, as it would with no
-- policy cached; its roles then read the claims, and meet the error there.
-- A build (only_cache) lets the error through to cache_policy().
-- The places go through in slices of at most chunk ids: a build passes every
-- place, and one statement over a million ids left a backend peak of
-- 315 MB at scale L (growing with the ids: the planner estimates the array
-- element by element); a slice of 100,000 ids is what scale M takes in one
-- (about 50 MB).  A smaller chunk is for the tests.
CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_apply(place_ids integer[], only_cache integer,
                                                                 chunk integer DEFAULT 100000)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    SET jit = off AS $$
DECLARE
    pc record;
    expr text;
    n integer := 0;
    m integer;
    lo integer;
    part integer[];
BEGIN
    IF chunk IS NULL OR chunk < 1 THEN
        RAISE EXCEPTION 'chunk % is not a positive number of places', coalesce(chunk::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR pc IN SELECT c.cache_id, c.policy_name, c.using_expr FROM frontline_internal.policy_cache c
               WHERE c.valid AND (only_cache IS NULL OR c.cache_id = only_cache)
               ORDER BY c.cache_id LOOP
        -- NULL when the policy was dropped or can no longer be cached
        expr := frontline_internal.policy_using(pc.policy_name);
        IF expr IS DISTINCT FROM pc.using_expr THEN
            UPDATE frontline_internal.policy_cache c SET valid = false WHERE c.cache_id = pc.cache_id;
            CONTINUE;
        END IF;
        -- the USING, printed by policy_using (pg_get_expr with the settings
        -- that change its output pinned), reads the columns of the one table
        -- in its subquery; it holds only built-in immutable functions and
        -- types (policy_cache_refusal)
        BEGIN
        FOR lo IN 1 .. coalesce(array_length(place_ids, 1), 0) BY chunk LOOP
        part := place_ids[lo : lo + chunk - 1];
        EXECUTE format($q$
            INSERT INTO frontline_internal.policy_claim_cache AS k (cache_id, place_id, claims, change_days)
            SELECT $2, i.place_id, s.claims,
                   frontline._change_days(coalesce(frontline._claims_history(s.claims, NULL, 0, NULL),
                                                   '{}'::frontline.control_history))
              FROM unnest($1) i(place_id)
              LEFT JOIN (SELECT e.place_id,
                                frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                                 e.source, e.confidence, e.reported_at, e.event_id) AS claims
                           FROM (SELECT * FROM frontline.control_event WHERE place_id = ANY ($1) AND (%s)) e
                          GROUP BY e.place_id) s ON s.place_id = i.place_id
             WHERE EXISTS (SELECT 1 FROM frontline_internal.control_cache c WHERE c.place_id = i.place_id)
             ORDER BY 2
                ON CONFLICT (cache_id, place_id) DO UPDATE SET claims = excluded.claims, change_days = excluded.change_days
                -- a place whose new claims the policy hides keeps its row
                -- (claim sets are canonical: the same claims, the same bytes)
                WHERE NOT frontline_internal.claim_set_same(k.claims, excluded.claims)
            $q$, expr) USING part, pc.cache_id;
        GET DIAGNOSTICS m = ROW_COUNT;
        n := n + m;
        -- Nothing to delete here: each id has its row in control_cache (the
        -- build reads the ids from it under a SHARE lock; the flush inserts
        -- a row for every id of its slice and has already deleted, in all
        -- three caches, the rows of places that do not exist).  A DELETE of
        -- the policy's rows by = ANY (part) was here: after a mass delete
        -- from this table, statistics that call it empty planned it to test
        -- the array element by element against every row of the policy's
        -- cache, for more than 26 minutes at scale L.
        END LOOP;
        EXCEPTION WHEN OTHERS THEN
            -- serialization failures, cancels and refusals are the write's
            -- own: they go up; so does any error of a build
            IF only_cache IS NOT NULL OR SQLSTATE LIKE '40%' OR SQLSTATE LIKE '57%' OR SQLSTATE = '42501' THEN
                RAISE;
            END IF;
            UPDATE frontline_internal.policy_cache c SET valid = false WHERE c.cache_id = pc.cache_id;
            RAISE WARNING 'frontline could not keep the cache of policy % on frontline.control_event: %',
                          quote_ident(pc.policy_name), SQLERRM
                USING DETAIL = 'The claims were written. The policy''s USING raised this error on a claim; its cache is marked invalid and roles under the policy are answered from the claims they can see.',
                      HINT = format('Fix the policy''s USING, then frontline.cache_policy(%L) caches it again.', pc.policy_name);
        END;
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_apply(integer[], integer, integer) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_apply(integer[], integer, integer) IS
  'Internal, run only by policy_cache_build and, when its one pass with the policies fails, by the commit-time flush, as the cache''s owner: recompute these places'' claim sets under each valid cached policy (or only under only_cache) from the claims its USING lets through; marks invalid a cached policy that changed or was dropped; returns how many rows were written';

-- A build's claim sets, for every place the cache holds, in one statement:
-- one sequential pass over the claims the USING lets through, sorted by
-- place and aggregated one place at a time (index scans and hashed
-- aggregation off: memory stays within work_mem, the sorts spill), merged
-- with the cache's places.  The USING is the registered one (the
-- caller has just written it), never a text passed in.  policy_cache_apply reads each slice's claims
-- through the (place_id, at) index, visiting each page of the table many
-- times, out of order: on a copy of scale M this statement took 1.8-1.9 s
-- where that one took 2.4 s.  The caller has locked out writers and
-- emptied the policy's rows.
CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_build_all(cache_id integer) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    SET jit = off SET enable_indexscan = off SET enable_bitmapscan = off SET enable_hashagg = off AS $$
DECLARE
    n integer;
    expr text;
BEGIN
    -- the USING as policy_cache_build registered it (policy_using's text)
    SELECT c.using_expr INTO expr FROM frontline_internal.policy_cache c
     WHERE c.cache_id = policy_cache_build_all.cache_id AND c.valid;
    IF expr IS NULL THEN
        RAISE EXCEPTION 'no valid cached policy has cache_id %', coalesce(cache_id::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format($q$
        INSERT INTO frontline_internal.policy_claim_cache (cache_id, place_id, claims, change_days)
        SELECT $1, c.place_id, s.claims,
               frontline._change_days(coalesce(frontline._claims_history(s.claims, NULL, 0, NULL),
                                               '{}'::frontline.control_history))
          FROM frontline_internal.control_cache c
          LEFT JOIN (SELECT e.place_id,
                            frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                             e.source, e.confidence, e.reported_at, e.event_id) AS claims
                       FROM (SELECT * FROM frontline.control_event WHERE (%s)) e
                      GROUP BY e.place_id) s ON s.place_id = c.place_id
         ORDER BY 2
        $q$, expr) USING cache_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_build_all(integer) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_build_all(integer) IS
  'Internal, run only by policy_cache_build as the cache''s owner, with writers locked out and the policy''s rows emptied: builds the claim sets the registered USING of the cached policy cache_id (as policy_using printed it) lets through, for every place the cache holds, in one sequential pass over the claims (22023 when no valid cached policy has that id); returns how many rows were written';

CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_build(policy_name name) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    why text;
    expr text;
    id integer;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'frontline.cache_policy() must run in a READ COMMITTED transaction, not %',
                        upper(current_setting('transaction_isolation'))
            USING ERRCODE = 'invalid_transaction_state',
                  DETAIL = 'It locks out writers and then reads every claim; an older snapshot would miss claims committed before the lock.',
                  HINT = 'Run it on its own, or in a READ COMMITTED transaction.';
    END IF;
    -- no writer while the claim sets are built (the flush of a writer
    -- that committed before this lock has already run)
    LOCK TABLE frontline.control_event IN SHARE MODE;
    LOCK TABLE frontline.place IN SHARE MODE;
    LOCK TABLE frontline_internal.policy_cache IN SHARE ROW EXCLUSIVE MODE;
    why := frontline_internal.policy_cache_refusal(policy_cache_build.policy_name);
    IF why IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = 'frontline.control_event'::regclass
                                                  AND p.polname = policy_cache_build.policy_name) THEN
            RAISE EXCEPTION 'policy "%" on frontline.control_event does not exist', policy_cache_build.policy_name
                USING ERRCODE = 'undefined_object',
                      HINT = 'SELECT polname FROM pg_policy WHERE polrelid = ''frontline.control_event''::regclass lists them.';
        END IF;
        RAISE EXCEPTION 'policy "%" cannot be cached: %', policy_cache_build.policy_name, why
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'Only a permissive policy for SELECT (or ALL) whose USING reads the claim''s own columns with built-in immutable functions and operators can be cached: its answer must not depend on who asks, when, or on other rows.',
                  HINT = 'Roles under this policy are answered from the claims they can see, without the cache.';
    END IF;
    expr := frontline_internal.policy_using(policy_cache_build.policy_name);
    SELECT c.cache_id INTO id FROM frontline_internal.policy_cache c WHERE c.policy_name = policy_cache_build.policy_name;
    IF id IS NULL THEN
        SELECT coalesce(max(c.cache_id), 0) + 1 INTO id FROM frontline_internal.policy_cache c;
        INSERT INTO frontline_internal.policy_cache (cache_id, policy_name, using_expr, valid)
        VALUES (id, policy_cache_build.policy_name, expr, true);
    ELSE
        UPDATE frontline_internal.policy_cache c SET using_expr = expr, valid = true WHERE c.cache_id = id;
        DELETE FROM frontline_internal.policy_claim_cache k WHERE k.cache_id = id;
    END IF;
    RETURN frontline_internal.policy_cache_build_all(id);
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_build(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_build(name) IS
  'Internal, run by frontline.cache_policy() as the cache''s owner: checks the policy, registers it (or renews its USING) and builds its claim sets for every place; returns the number of places';

CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_drop(policy_name name) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id integer;
BEGIN
    DELETE FROM frontline_internal.policy_cache c WHERE c.policy_name = policy_cache_drop.policy_name
    RETURNING c.cache_id INTO id;
    IF id IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM frontline_internal.policy_claim_cache k WHERE k.cache_id = id;
    RETURN 1;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_drop(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_drop(name) IS
  'Internal, run by frontline.uncache_policy() as the cache''s owner: removes the policy''s cache; 1 when there was one, else 0';

CREATE OR REPLACE FUNCTION frontline.cache_policy(policy_name name) RETURNS bigint
    AS 'MODULE_PATHNAME', 'frontline_cache_policy' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION frontline.cache_policy(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline.cache_policy(name) IS
  'Cache the claim sets a row-level security policy on frontline.control_event lets its roles see (owner only), so that those roles are answered from the cache at about the speed of a sources filter; rebuilds the cache if there is one. CREATE POLICY and ALTER POLICY do this by themselves (an event trigger) for every policy that can be cached: permissive, for SELECT or ALL, with a USING that reads only the claim''s own columns through built-in immutable functions and types (else 0A000). Returns the number of places cached';

CREATE OR REPLACE FUNCTION frontline.uncache_policy(policy_name name) RETURNS boolean
    AS 'MODULE_PATHNAME', 'frontline_uncache_policy' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
REVOKE ALL ON FUNCTION frontline.uncache_policy(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline.uncache_policy(name) IS
  'Drop the cache of a row-level security policy (owner only); true when there was one. Its roles are then answered from the claims they can see (until the policy is next altered, which caches it again)';

-- Which policies are cached: a view with its owner's rights (the registry
-- is in frontline_internal), not granted to PUBLIC.  It shows no claim:
-- policy names and USING, which pg_policies shows everyone.
CREATE OR REPLACE VIEW frontline.cached_policies AS
    SELECT c.policy_name, c.using_expr, c.valid,
           (SELECT count(*) FROM frontline_internal.policy_claim_cache k WHERE k.cache_id = c.cache_id) AS places
      FROM frontline_internal.policy_cache c;
REVOKE ALL ON frontline.cached_policies FROM PUBLIC;
COMMENT ON VIEW frontline.cached_policies IS
  'The row-level security policies on frontline.control_event whose claim sets are cached (frontline.cache_policy); not granted to PUBLIC';
COMMENT ON COLUMN frontline.cached_policies.policy_name IS 'The policy';
COMMENT ON COLUMN frontline.cached_policies.using_expr IS 'Its USING when the cache was built (pg_get_expr with the settings that change its output pinned); the cache serves the policy''s roles only while the policy reads the same';
COMMENT ON COLUMN frontline.cached_policies.valid IS 'False once a commit found the policy changed or dropped: the cache is no longer kept or read; frontline.cache_policy() rebuilds it';
COMMENT ON COLUMN frontline.cached_policies.places IS 'Places with a row in the cache';

-- Places whose cached claim set under a policy differs from a fresh
-- computation (owner only: it reads every claim, as the policy's USING
-- sees them).
CREATE OR REPLACE FUNCTION frontline.policy_cache_check() RETURNS TABLE (policy_name name, place_id integer)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pc record;
BEGIN
    FOR pc IN SELECT c.cache_id, c.policy_name, c.using_expr FROM frontline_internal.policy_cache c
               WHERE c.valid ORDER BY c.policy_name LOOP
        RETURN QUERY EXECUTE format($q$
            SELECT $1, coalesce(k.place_id, c.place_id)
              FROM (SELECT * FROM frontline_internal.policy_claim_cache WHERE cache_id = $2) k
              FULL JOIN frontline_internal.control_cache c ON c.place_id = k.place_id
              LEFT JOIN (SELECT e.place_id,
                                frontline_internal.claim_set_agg(e.at, frontline._claim_state(e.state, e.actor, e.contenders),
                                                                 e.source, e.confidence, e.reported_at, e.event_id) AS claims
                           FROM (SELECT * FROM frontline.control_event WHERE (%s)) e
                          GROUP BY e.place_id) s ON s.place_id = coalesce(k.place_id, c.place_id)
             WHERE k.place_id IS NULL OR c.place_id IS NULL
                OR NOT frontline_internal.claim_set_same(k.claims, s.claims)
                OR k.change_days IS DISTINCT FROM
                   frontline._change_days(coalesce(frontline._claims_history(s.claims, NULL, 0, NULL),
                                                   '{}'::frontline.control_history))
             ORDER BY 2$q$, pc.using_expr) USING pc.policy_name, pc.cache_id;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION frontline.policy_cache_check() FROM PUBLIC;
COMMENT ON FUNCTION frontline.policy_cache_check() IS
  'Places whose cached claim set under a cached policy is missing, left over or differs from a fresh computation from the claims the policy''s USING lets through (owner only); no row means every valid policy cache is right';

CREATE OR REPLACE TRIGGER policy_cache_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.policy_cache FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.policy_cache ENABLE ALWAYS TRIGGER policy_cache_guard;
COMMENT ON TRIGGER policy_cache_guard ON frontline_internal.policy_cache IS
  'Refuses every write to the list of cached policies but frontline''s own, whatever was granted';
CREATE OR REPLACE TRIGGER policy_claim_cache_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON frontline_internal.policy_claim_cache FOR EACH STATEMENT EXECUTE FUNCTION frontline_internal.cache_guard();
ALTER TABLE frontline_internal.policy_claim_cache ENABLE ALWAYS TRIGGER policy_claim_cache_guard;
COMMENT ON TRIGGER policy_claim_cache_guard ON frontline_internal.policy_claim_cache IS
  'Refuses every write to the policies'' cached claim sets but frontline''s own maintenance, whatever was granted';

-- Policies are cached when they are created or altered: an event trigger at
-- the end of CREATE POLICY and ALTER POLICY on frontline.control_event
-- (the command's author owns the table, or is a superuser) calls
-- policy_cache_ddl for the policy as the cache's owner, and at the end of
-- DROP POLICY drops the caches of policies that are gone.  A policy that
-- cannot be cached is left to the claims' path, silently; a transaction that
-- is not READ COMMITTED leaves it for frontline.cache_policy().
CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_ddl(policy_name name) RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    expr text;
BEGIN
    IF frontline_internal.policy_cache_refusal(policy_cache_ddl.policy_name) IS NOT NULL THEN
        RETURN frontline_internal.policy_cache_drop(policy_cache_ddl.policy_name);
    END IF;
    expr := frontline_internal.policy_using(policy_cache_ddl.policy_name);
    IF EXISTS (SELECT 1 FROM frontline_internal.policy_cache c
                WHERE c.policy_name = policy_cache_ddl.policy_name AND c.valid AND c.using_expr = expr) THEN
        RETURN 0;               -- the same USING (ALTER POLICY ... TO roles): the cache stands
    END IF;
    -- a USING that raises an error on a stored claim cannot be cached: the
    -- CREATE or ALTER POLICY still succeeds, with a warning, uncached
    BEGIN
        RETURN frontline_internal.policy_cache_build(policy_cache_ddl.policy_name);
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE LIKE '40%' OR SQLSTATE LIKE '57%' OR SQLSTATE = '42501' THEN
            RAISE;
        END IF;
        RAISE WARNING 'frontline could not cache policy % on frontline.control_event: %',
                      quote_ident(policy_cache_ddl.policy_name), SQLERRM
            USING DETAIL = 'The policy was written. Its USING raised this error on a stored claim; roles under it are answered from the claims they can see.',
                  HINT = format('Fix the policy''s USING (or the claim), then frontline.cache_policy(%L) caches it.', policy_cache_ddl.policy_name);
        PERFORM frontline_internal.policy_cache_drop(policy_cache_ddl.policy_name);
        RETURN 0;
    END;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_ddl(name) FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_ddl(name) IS
  'Internal, run by the event trigger frontline_policy_cache as the cache''s owner after CREATE or ALTER POLICY: builds the policy''s cache when it can be cached and its USING changed, drops it when it can no longer be cached; returns places cached';

CREATE OR REPLACE FUNCTION frontline_internal.policy_cache_prune() RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer := 0;
    name name;
BEGIN
    FOR name IN SELECT c.policy_name FROM frontline_internal.policy_cache c
                 WHERE NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = 'frontline.control_event'::regclass
                                                             AND p.polname = c.policy_name) LOOP
        n := n + frontline_internal.policy_cache_drop(name);
    END LOOP;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION frontline_internal.policy_cache_prune() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_cache_prune() IS
  'Internal, run by the event trigger frontline_policy_cache as the cache''s owner after DROP POLICY: drops the caches of policies that no longer exist; returns how many';
