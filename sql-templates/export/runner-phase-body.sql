-- The part of an exported phase that Flyway and Liquibase run inside the transaction they own (no begin/commit,
-- no psql meta-commands). {0} SET LOCAL lines, {1} the state schema installation, {2} the plan's statements,
-- {3} the state row call. The search_path is pinned first, as apply pins it, and the runner's own is put back at
-- the end, for the bookkeeping the runner does in the same transaction.
select pg_catalog.set_config('viewswap.runner_search_path', pg_catalog.current_setting('search_path'), true);
set local search_path = pg_catalog, pg_temp;
{0}
-- viewswap's state schema: refused unless trusted, installed only when missing or older, so `viewswap status` is
-- right however the phase was run
{1}
{2}
{3}
select pg_catalog.set_config('search_path', pg_catalog.current_setting('viewswap.runner_search_path'), true);
