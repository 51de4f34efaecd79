-- Subscriptions of this database that replicate into the spec's tables ($1 bigint[] oids). The apply worker
-- finds its target table, and each column, by name: a rename on this side stops replication.
select n.nspname::text as schema, c.relname::text as name, s.subname::text as subscription
from pg_subscription_rel sr
join pg_subscription s on s.oid = sr.srsubid
join pg_class c on c.oid = sr.srrelid
join pg_namespace n on n.oid = c.relnamespace
where sr.srrelid = any(?::bigint[]::oid[])
order by 1, 2, 3
