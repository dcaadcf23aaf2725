-- ------------------------------------------------------------------ policy caches (new in 1.2)
-- The claim sets as a role under a row-level security policy on
-- frontline.control_event may see them: one set per cached policy, built
-- only from the claims the policy's USING lets through, so that such a role
-- is answered from a cache that holds nothing it may not see.  Only a
-- policy whose USING reads the claim's own columns with built-in immutable
-- functions can be cached (its answer then depends on the row alone, and
-- the commit-time flush can keep it as it keeps claim_cache).  Created by
-- fresh installs and by the 1.1 -> 1.2 update alike (the Makefile puts this
-- file in both scripts).  docs/cache.md, "Row-level security".

CREATE TABLE frontline_internal.policy_cache (
    cache_id    integer PRIMARY KEY CONSTRAINT policy_cache_id_positive CHECK (cache_id > 0),
    policy_name name NOT NULL UNIQUE,
    using_expr  text NOT NULL,
    valid       boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE frontline_internal.policy_cache IS
  'Derived, not user data: the policies on frontline.control_event whose claim sets are cached (frontline.cache_policy). Written by frontline alone';
COMMENT ON COLUMN frontline_internal.policy_cache.cache_id IS 'Key of the policy''s rows in policy_claim_cache';
COMMENT ON COLUMN frontline_internal.policy_cache.policy_name IS 'The policy on frontline.control_event';
COMMENT ON COLUMN frontline_internal.policy_cache.using_expr IS
  'The policy''s USING as frontline_internal.policy_using() printed it (pg_get_expr with the settings that change its output pinned) when the cache was built; a role is answered from the cache only while its policy still reads the same';
COMMENT ON COLUMN frontline_internal.policy_cache.valid IS
  'False once a commit found the policy changed or dropped: the rows stopped being kept and are never read again (frontline.cache_policy() rebuilds them)';

CREATE TABLE frontline_internal.policy_claim_cache (
    cache_id    integer NOT NULL,
    place_id    integer NOT NULL,
    claims      frontline_internal.claim_set,
    change_days int4[],
    PRIMARY KEY (cache_id, place_id)
) WITH (fillfactor = 80, toast_tuple_target = 8160);  -- as claim_cache (20_tables.sql)
CREATE INDEX policy_claim_cache_change_days ON frontline_internal.policy_claim_cache USING gin (change_days);
COMMENT ON TABLE frontline_internal.policy_claim_cache IS
  'Derived, not user data: per cached policy and place, the claim set of the claims the policy lets through, kept with claim_cache at commit. Read through frontline._policy_claims';
COMMENT ON COLUMN frontline_internal.policy_claim_cache.cache_id IS 'The policy (frontline_internal.policy_cache)';
COMMENT ON COLUMN frontline_internal.policy_claim_cache.claims IS 'The claims about the place that the policy lets through, sorted (NULL: none)';
COMMENT ON COLUMN frontline_internal.policy_claim_cache.change_days IS 'The days on which the controller resolved from those claims changed (GIN index, for changes())';
COMMENT ON INDEX frontline_internal.policy_claim_cache_change_days IS 'Finds the places whose controller, as the policy''s roles see it, changed on given days';

-- Policies on frontline.control_event are cached when they are created or
-- altered, and their caches dropped when they are dropped (52_policy_cache.sql,
-- policy_cache_ddl); the function is C (src/fl_cache_sql.c).  Event
-- triggers have no CREATE OR REPLACE: they are created here, with the tables.
CREATE FUNCTION frontline_internal.policy_ddl() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'frontline_policy_ddl' LANGUAGE C;
REVOKE ALL ON FUNCTION frontline_internal.policy_ddl() FROM PUBLIC;
COMMENT ON FUNCTION frontline_internal.policy_ddl() IS
  'Internal event trigger function: after CREATE or ALTER POLICY on frontline.control_event caches the policy when it can be cached; after DROP POLICY drops the caches of policies that are gone';
CREATE EVENT TRIGGER frontline_policy_cache ON ddl_command_end
    WHEN TAG IN ('CREATE POLICY', 'ALTER POLICY')
    EXECUTE FUNCTION frontline_internal.policy_ddl();
COMMENT ON EVENT TRIGGER frontline_policy_cache IS
  'frontline: caches a policy on frontline.control_event that can be cached when it is created or altered (frontline.cache_policy)';
CREATE EVENT TRIGGER frontline_policy_uncache ON sql_drop
    WHEN TAG IN ('DROP POLICY')
    EXECUTE FUNCTION frontline_internal.policy_ddl();
COMMENT ON EVENT TRIGGER frontline_policy_uncache IS
  'frontline: drops the caches of the policies on frontline.control_event that were dropped (frontline.uncache_policy)';
