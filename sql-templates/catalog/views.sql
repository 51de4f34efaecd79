-- The views a spec's phases create ($1 schemas text[], $2 names text[], pairwise), with the columns tables.sql
-- has, so that their columns and grants are read the same way: the access-drift check compares them with the
-- table's. security_invoker: whether the view checks the caller's rights and policies (PostgreSQL 15+).
select c.oid::bigint as oid, n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind,
       pg_catalog.pg_get_userbyid(c.relowner)::text as owner, false as relrowsecurity, false as relforcerowsecurity,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment, false as partition_or_child,
       array[]::text[] as publications,
       coalesce((select pg_catalog.lower(o.option_value) in ('true', 'on', 'yes', '1')
                 from pg_catalog.pg_options_to_table(c.reloptions) o
                 where o.option_name = 'security_invoker'), false) as security_invoker
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema, name) on wanted.schema = n.nspname and wanted.name = c.relname
where c.relkind = 'v'
