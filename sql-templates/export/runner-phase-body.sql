-- The part of an exported phase that Flyway, Liquibase and the frameworks run inside the transaction they own (no
-- begin/commit, no psql meta-commands). {0} the phase body (timeouts, state schema, the plan behind the readiness
-- gate). The search_path is pinned first, as apply pins it, and the runner's own is put back at the end, for the
-- bookkeeping the runner does in the same transaction.
select pg_catalog.set_config('viewswap.runner_search_path', pg_catalog.current_setting('search_path'), true);
set local search_path = pg_catalog, pg_temp;
{0}
select pg_catalog.set_config('search_path', pg_catalog.current_setting('viewswap.runner_search_path'), true);
