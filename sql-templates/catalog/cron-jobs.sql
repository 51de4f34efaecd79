-- pg_cron jobs that run in this database ({0}: the extension's job table, schema-qualified). Read through
-- to_jsonb so that the columns of every pg_cron version (jobname came in 1.3) are read as text the same way.
-- pg_cron's row-level security shows a role only its own jobs; a superuser sees them all.
select (pg_catalog.to_jsonb(j) operator(pg_catalog.->>) 'jobid') as jobid,
       coalesce(pg_catalog.to_jsonb(j) operator(pg_catalog.->>) 'jobname', '') as jobname,
       (pg_catalog.to_jsonb(j) operator(pg_catalog.->>) 'command') as command
from {0} as j
where coalesce(pg_catalog.to_jsonb(j) operator(pg_catalog.->>) 'database', pg_catalog.current_database())
        operator(pg_catalog.=) pg_catalog.current_database()
order by 1
