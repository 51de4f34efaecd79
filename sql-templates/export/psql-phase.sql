-- Skeleton of one exported phase script. {0} header comment lines (the summary first), {1} the phase body (timeouts,
-- state schema, the plan behind the readiness gate). The search_path is pinned first, as apply pins it: nothing a
-- schema on the caller's path holds may stand in for a built-in the script calls.
{0}
\set ON_ERROR_STOP on
begin;
set local search_path = pg_catalog, pg_temp;
{1}
commit;
