-- Objects that depend on the given views ($1 schemas text[], $2 names text[], pairwise) and would make
-- DROP VIEW fail with 2BP01. PostgreSQL 14 records the view's own _RETURN rule as such a dependency: skip it.
-- A view depending on ours shows up as its _RETURN rule, once per column it uses: name the view, once.
select distinct n.nspname::text as schema, c.relname::text as name,
       coalesce((select case rc.relkind when 'm' then 'materialized view ' else 'view ' end
                        || quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)
                 from pg_rewrite r
                 join pg_class rc on rc.oid = r.ev_class
                 join pg_namespace rn on rn.oid = rc.relnamespace
                 where d.classid = 'pg_rewrite'::regclass and r.oid = d.objid and r.rulename = '_RETURN'),
                pg_describe_object(d.classid, d.objid, d.objsubid)) as dependent
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema, name) on n.nspname = wanted.schema::name and c.relname = wanted.name::name
join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = c.oid and d.deptype = 'n'
where c.relkind = 'v'
  and not (d.classid = 'pg_rewrite'::regclass
           and d.objid in (select r.oid from pg_rewrite r where r.ev_class = c.oid))
order by 1, 2, 3
