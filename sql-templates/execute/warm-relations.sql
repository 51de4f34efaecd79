-- Opens the relations a phase is about to lock, and every partition under them, so that this session's
-- relation cache holds them before the lock window opens: a rename that recurses into 1,000 partitions
-- otherwise builds 1,000 cache entries while it holds the lock. {0} and {1} are arrays of the relations'
-- schemas and names (literals). pg_relation_size opens a relation under ACCESS SHARE and checks no
-- privilege; a name that is gone just matches nothing. The runner sends this inside a savepoint that it
-- rolls back at once, which releases those locks. Built-ins are qualified: search_path is not trusted.
select pg_catalog.count(pg_catalog.pg_relation_size(w.relid))
from rows from (pg_catalog.unnest({0}::pg_catalog.text[]), pg_catalog.unnest({1}::pg_catalog.text[])) as n(nspname, relname)
  join pg_catalog.pg_namespace s on s.nspname operator(pg_catalog.=) n.nspname
  join pg_catalog.pg_class c
    on c.relnamespace operator(pg_catalog.=) s.oid and c.relname operator(pg_catalog.=) n.relname
  cross join lateral (
    select c.oid::pg_catalog.regclass as relid
    union
    select p.relid from pg_catalog.pg_partition_tree(c.oid::pg_catalog.regclass) as p
  ) as w
