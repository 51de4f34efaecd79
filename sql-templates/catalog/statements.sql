-- Statements pg_stat_statements ({0}: its view, schema-qualified) recorded in this database that name one of
-- the spec's tables ($1 word pattern) and use what a view cannot take: COPY, TRUNCATE, ON CONFLICT ON
-- CONSTRAINT, MERGE. One row per text (the view has one per user and nesting level). A role without
-- pg_read_all_stats sees only its own statements' text, which is still worth reporting.
select s.query, pg_catalog.sum(s.calls)::bigint as calls
from {0} s
join pg_catalog.pg_database d on d.oid operator(pg_catalog.=) s.dbid
where d.datname operator(pg_catalog.=) pg_catalog.current_database()
  and s.query operator(pg_catalog.~*) ?
  and s.query operator(pg_catalog.~*) '^\s*(copy|truncate|merge)\M|\mon\s+conflict\s+on\s+constraint\M'
group by s.query
order by 2 desc, 1
limit 50
