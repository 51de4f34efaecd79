-- The part of an exported phase that Flyway and Liquibase run inside the transaction they own (no begin/commit,
-- no psql meta-commands). {0} SET LOCAL lines, {1} the state schema installation, {2} the plan's statements,
-- {3} the state row call.
{0}
-- viewswap's state schema (idempotent), so `viewswap status` is right however the phase was run
{1}
{2}
{3}
