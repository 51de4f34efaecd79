-- Sessions in this database whose statements pg_stat_activity hides from this role: it shows their query as
-- <insufficient privilege> (and their state and backend_type as null) unless the role has the privileges of
-- the session's role or of pg_read_all_stats. Background processes have no role; viewswap's own sessions
-- ($1: their application_name) are left out, as in the activity query.
select s.pid, s.usename::pg_catalog.text as usename
from pg_catalog.pg_stat_activity s
where s.datname operator(pg_catalog.=) pg_catalog.current_database()
  and s.pid operator(pg_catalog.<>) pg_catalog.pg_backend_pid()
  and s.usesysid is not null
  and s.application_name operator(pg_catalog.<>) ?
  and (s.query is null or s.query operator(pg_catalog.=) '<insufficient privilege>')
order by s.pid
