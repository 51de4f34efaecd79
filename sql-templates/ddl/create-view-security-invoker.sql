-- jOOQ's CREATE VIEW has no WITH (...) options. A view over a table with row-level security must check the
-- caller's rights and policies, not its owner's (PostgreSQL 15+; 14 rejects the option even as = false).
-- {0} view name, {1} the SELECT rendered by jOOQ.
create view {0} with (security_invoker = true) as {1}
