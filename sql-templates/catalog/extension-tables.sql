-- Tables that belong to the extensions whose configuration names tables and columns as text: pg_cron's job
-- table and pg_partman's part_config. Found through pg_depend (deptype 'e'), so a look-alike table that someone
-- else created in a schema of the same name is never read, whatever the search_path says.
select e.extname::pg_catalog.text as extension, n.nspname::pg_catalog.text as schema,
       c.relname::pg_catalog.text as name
from pg_catalog.pg_extension e
join pg_catalog.pg_depend d
  on d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
 and d.refobjid operator(pg_catalog.=) e.oid and d.deptype operator(pg_catalog.=) 'e'
 and d.classid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
join pg_catalog.pg_class c
  on c.oid operator(pg_catalog.=) d.objid and c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[])
join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
where (e.extname operator(pg_catalog.=) 'pg_cron' and c.relname operator(pg_catalog.=) 'job')
   or (e.extname operator(pg_catalog.=) 'pg_partman'
       and c.relname operator(pg_catalog.=) any ('{part_config,part_config_sub}'::pg_catalog.name[]))
order by 1, 2, 3
