-- The tables extensions register as their own data (pg_extension.extconfig, through pg_extension_config_dump):
-- an extension that records a table there (periods' system_versioning, an audit extension's list of audited
-- tables) finds it and its columns by what it recorded, in code viewswap cannot follow (C, or its own functions).
-- pg_cron's and pg_partman's tables are left out: their rows are read as text by their own rules (cron-jobs.sql,
-- partman-config.sql). Only tables the extension owns (listed in its extconfig), never a look-alike by name.
select e.extname::pg_catalog.text as extension, n.nspname::pg_catalog.text as schema,
       c.relname::pg_catalog.text as name
from pg_catalog.pg_extension e
cross join lateral pg_catalog.unnest(e.extconfig) as cfg(relid)
join pg_catalog.pg_class c
  on c.oid operator(pg_catalog.=) cfg.relid and c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[])
join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
where e.extname operator(pg_catalog.<>) all ('{pg_cron,pg_partman}'::pg_catalog.name[])
order by 1, 2, 3
