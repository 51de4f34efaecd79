-- The schema pg_stat_statements is installed in, if it is installed in this database (one row, or none).
select n.nspname::pg_catalog.text as schema
from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) e.extnamespace
where e.extname operator(pg_catalog.=) 'pg_stat_statements'
