-- ------------------------------------------------------------------ GiST strategy numbers
-- 1.1 gave && and @> the strategy numbers 1 and 2; 1.2 uses PostgreSQL's
-- standard ones (access/stratnum.h): RTOverlapStrategyNumber (3) for &&,
-- RTContainsStrategyNumber (7) for @>.  The operators move inside the
-- family; indexes built by 1.1 stay valid (the key did not change, and the
-- consistent function answers both numberings), so nothing is rebuilt.
ALTER OPERATOR FAMILY frontline.control_history_gist_ops USING gist
    DROP OPERATOR 1 (frontline.control_history, tstzrange),
         OPERATOR 2 (frontline.control_history, frontline.holding);
ALTER OPERATOR FAMILY frontline.control_history_gist_ops USING gist
    ADD OPERATOR 3 frontline.&& (frontline.control_history, tstzrange),
        OPERATOR 7 frontline.@> (frontline.control_history, frontline.holding);
