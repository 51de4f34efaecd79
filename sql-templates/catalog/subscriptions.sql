-- Subscriptions of this database that replicate into the spec's tables ($1 bigint[] oids). The apply worker
-- finds its target table, and each column, by name: a rename on this side stops replication.
select n.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as name,
       s.subname::pg_catalog.text as subscription
from pg_catalog.pg_subscription_rel sr
join pg_catalog.pg_subscription s on s.oid operator(pg_catalog.=) sr.srsubid
join pg_catalog.pg_class c on c.oid operator(pg_catalog.=) sr.srrelid
join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
where sr.srrelid operator(pg_catalog.=) any (?::bigint[]::pg_catalog.oid[])
order by 1, 2, 3
