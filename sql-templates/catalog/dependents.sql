-- Objects that depend on the given views ($1 schemas text[], $2 names text[], pairwise) and would make
-- DROP VIEW fail with 2BP01. PostgreSQL 14 records the view's own _RETURN rule as such a dependency: skip it.
-- A view depending on ours shows up as its _RETURN rule, once per column it uses: name the view, once.
-- A view also has a row type (and an array type of it) that goes with it: a column of another table, a
-- function's argument or result, a cast, a domain or a composite type using either blocks the drop just the
-- same (on_row_type, the type named after the object), though nothing reads the view's rows.
with wanted_views as (
  select c.oid, c.reltype, n.nspname, c.relname
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
  join rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as wanted(schema, name)
    on n.nspname operator(pg_catalog.=) wanted.schema::pg_catalog.name
   and c.relname operator(pg_catalog.=) wanted.name::pg_catalog.name
  where c.relkind operator(pg_catalog.=) 'v'
),
deps(nspname, relname, classid, objid, objsubid, on_row_type, type_oid) as (
  select v.nspname, v.relname, d.classid, d.objid, d.objsubid, false, 0::pg_catalog.oid
  from wanted_views v
  join pg_catalog.pg_depend d
    on d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
   and d.refobjid operator(pg_catalog.=) v.oid and d.deptype operator(pg_catalog.=) 'n'
  where not (d.classid operator(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
             and d.objid operator(pg_catalog.=) any (select r.oid from pg_catalog.pg_rewrite r
                                                     where r.ev_class operator(pg_catalog.=) v.oid))
  union all
  select v.nspname, v.relname, d.classid, d.objid, d.objsubid, true, d.refobjid
  from wanted_views v
  join pg_catalog.pg_type t on t.oid operator(pg_catalog.=) v.reltype
  join pg_catalog.pg_depend d
    on d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
   and d.refobjid operator(pg_catalog.=) any (array[t.oid, t.typarray]) and d.deptype operator(pg_catalog.=) 'n'
)
select distinct x.nspname::pg_catalog.text as schema, x.relname::pg_catalog.text as name,
       coalesce((select case when rc.relkind operator(pg_catalog.=) 'm' then 'materialized view ' else 'view ' end
                        operator(pg_catalog.||) pg_catalog.quote_ident(rn.nspname)
                        operator(pg_catalog.||) '.' operator(pg_catalog.||) pg_catalog.quote_ident(rc.relname)
                 from pg_catalog.pg_rewrite r
                 join pg_catalog.pg_class rc on rc.oid operator(pg_catalog.=) r.ev_class
                 join pg_catalog.pg_namespace rn on rn.oid operator(pg_catalog.=) rc.relnamespace
                 where x.classid operator(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                   and r.oid operator(pg_catalog.=) x.objid and r.rulename operator(pg_catalog.=) '_RETURN'),
                pg_catalog.pg_describe_object(x.classid, x.objid, x.objsubid))
         operator(pg_catalog.||) case when x.on_row_type
                                      then ' (of type ' operator(pg_catalog.||) pg_catalog.format_type(x.type_oid, null)
                                           operator(pg_catalog.||) ')'
                                      else '' end as dependent,
       x.on_row_type
from deps x
order by 1, 2, 3
