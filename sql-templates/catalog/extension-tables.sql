-- Tables that belong to the extensions whose configuration names tables and columns as text: pg_cron's job
-- table and pg_partman's part_config. Found through pg_depend (deptype 'e'), so a look-alike table that someone
-- else created in a schema of the same name is never read, whatever the search_path says.
select e.extname::text as extension, n.nspname::text as schema, c.relname::text as name
from pg_extension e
join pg_depend d on d.refclassid = 'pg_extension'::regclass and d.refobjid = e.oid and d.deptype = 'e'
                and d.classid = 'pg_class'::regclass
join pg_class c on c.oid = d.objid and c.relkind in ('r', 'p')
join pg_namespace n on n.oid = c.relnamespace
where (e.extname = 'pg_cron' and c.relname = 'job')
   or (e.extname = 'pg_partman' and c.relname in ('part_config', 'part_config_sub'))
order by 1, 2, 3
