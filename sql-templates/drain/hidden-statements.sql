-- Statements pg_stat_statements ({0}: its view, schema-qualified) recorded in this database whose text it hides
-- from this role (queryid null, query <insufficient privilege>): those of other roles, unless the role has
-- pg_read_all_stats. Per role, the entries and their calls so far: a change during the window means
-- statements ran that drain could not read.
select coalesce(r.rolname::pg_catalog.text, s.userid::pg_catalog.text) as role,
       pg_catalog.count(*)::bigint as entries,
       pg_catalog.sum(s.calls)::bigint as calls
from {0} s
join pg_catalog.pg_database d on d.oid operator(pg_catalog.=) s.dbid
left join pg_catalog.pg_roles r on r.oid operator(pg_catalog.=) s.userid
where d.datname operator(pg_catalog.=) pg_catalog.current_database()
  and s.queryid is null
group by 1
order by 1
