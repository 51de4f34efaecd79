-- The schema pg_stat_statements is installed in, if it is installed in this database (one row, or none).
select n.nspname::text as schema
from pg_extension e join pg_namespace n on n.oid = e.extnamespace
where e.extname = 'pg_stat_statements'
