-- The views a spec's phases create ($1 schemas text[], $2 names text[], pairwise), with the columns tables.sql
-- has, so that their columns and grants are read the same way: the access-drift check compares them with the
-- table's. security_invoker: whether the view checks the caller's rights and policies (PostgreSQL 15+).
select c.oid::bigint as oid, n.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as name,
       c.relkind::pg_catalog.text as kind,
       pg_catalog.pg_get_userbyid(c.relowner)::pg_catalog.text as owner, false as relrowsecurity,
       false as relforcerowsecurity,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment, false as partition_or_child,
       array[]::pg_catalog.text[] as publications,
       coalesce((select pg_catalog.lower(o.option_value)
                          operator(pg_catalog.=) any ('{true,on,yes,1}'::pg_catalog.text[])
                 from pg_catalog.pg_options_to_table(c.reloptions) o
                 where o.option_name operator(pg_catalog.=) 'security_invoker'), false) as security_invoker
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
join rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as wanted(schema, name)
  on wanted.schema operator(pg_catalog.=) n.nspname and wanted.name operator(pg_catalog.=) c.relname
where c.relkind operator(pg_catalog.=) 'v'
