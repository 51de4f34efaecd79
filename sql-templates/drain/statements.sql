-- Normalised statements of this database that use an old name, with their call counts so far ({0}:
-- pg_stat_statements, qualified with its extension's schema; {1}: the old names' predicate over s.query).
select s.queryid, s.calls, s.query from {0} s
join pg_catalog.pg_database d on d.oid operator(pg_catalog.=) s.dbid
where d.datname operator(pg_catalog.=) pg_catalog.current_database()
  and {1}
order by s.queryid
