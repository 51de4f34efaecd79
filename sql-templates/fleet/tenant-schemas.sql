-- Every schema a tenant could be: neither a system schema, nor viewswap's own, with its comment (a transition
-- schema carries viewswap's mark there and is left out by the caller). Runs before anything else on a fleet's
-- connection, so every built-in is qualified, whatever the session's search_path.
select n.nspname::pg_catalog.text as name,
       pg_catalog.obj_description(n.oid, 'pg_namespace') as comment
from pg_catalog.pg_namespace n
where n.nspname operator(pg_catalog.!~) '^pg_'
  and n.nspname operator(pg_catalog.<>) all ('{information_schema,viewswap}'::pg_catalog.name[])
