-- Skeleton of one exported phase script. {0} header comment lines, {1} SET LOCAL lines, {2} the state schema
-- installation, {3} the plan's statements, {4} the state row call.
{0}
\set ON_ERROR_STOP on
begin;
{1}
-- viewswap's state schema (idempotent), so `viewswap status` is right however the phase was run
{2}
{3}
{4}
commit;
