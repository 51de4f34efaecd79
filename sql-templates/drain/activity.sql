-- Other client sessions in this database whose current or last statement uses an old name ({0}: viewswap's own
-- application_name as a literal, whose sessions run DDL with the old names and are not traffic; {1}: the old
-- names' predicate over the column query).
select a.pid, a.usename::pg_catalog.text as usename, a.application_name, a.state, a.query
from pg_catalog.pg_stat_activity a
where a.datname operator(pg_catalog.=) pg_catalog.current_database()
  and a.pid operator(pg_catalog.<>) pg_catalog.pg_backend_pid()
  and a.backend_type operator(pg_catalog.=) 'client backend'
  and a.application_name operator(pg_catalog.<>) {0}
  and {1}
order by a.backend_start, a.pid
