-- Objects that depend on the given views ($1 schemas text[], $2 names text[], pairwise) and would make
-- DROP VIEW fail with 2BP01. PostgreSQL 14 records the view's own _RETURN rule as such a dependency: skip it.
-- A view depending on ours shows up as its _RETURN rule, once per column it uses: name the view, once.
select distinct n.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as name,
       coalesce((select case when rc.relkind operator(pg_catalog.=) 'm' then 'materialized view ' else 'view ' end
                        operator(pg_catalog.||) pg_catalog.quote_ident(rn.nspname)
                        operator(pg_catalog.||) '.' operator(pg_catalog.||) pg_catalog.quote_ident(rc.relname)
                 from pg_catalog.pg_rewrite r
                 join pg_catalog.pg_class rc on rc.oid operator(pg_catalog.=) r.ev_class
                 join pg_catalog.pg_namespace rn on rn.oid operator(pg_catalog.=) rc.relnamespace
                 where d.classid operator(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                   and r.oid operator(pg_catalog.=) d.objid and r.rulename operator(pg_catalog.=) '_RETURN'),
                pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)) as dependent
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
join rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as wanted(schema, name)
  on n.nspname operator(pg_catalog.=) wanted.schema::pg_catalog.name
 and c.relname operator(pg_catalog.=) wanted.name::pg_catalog.name
join pg_catalog.pg_depend d
  on d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
 and d.refobjid operator(pg_catalog.=) c.oid and d.deptype operator(pg_catalog.=) 'n'
where c.relkind operator(pg_catalog.=) 'v'
  and not (d.classid operator(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
           and d.objid operator(pg_catalog.=) any (select r.oid from pg_catalog.pg_rewrite r
                                                   where r.ev_class operator(pg_catalog.=) c.oid))
order by 1, 2, 3
