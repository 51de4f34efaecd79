-- Skeleton of one exported phase script. {0} header comment lines, {1} SET LOCAL lines, {2} the state schema
-- installation, {3} the plan's statements, {4} the state row call. The search_path is pinned first, as apply pins
-- it: nothing a schema on the caller's path holds may stand in for a built-in the script calls.
{0}
\set ON_ERROR_STOP on
begin;
set local search_path = pg_catalog, pg_temp;
{1}
-- viewswap's state schema: refused unless trusted, installed only when missing or older, so `viewswap status` is
-- right however the phase was run
{2}
{3}
{4}
commit;
