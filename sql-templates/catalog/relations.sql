-- The names a spec can meet, not every relation of its schemas (a schema of 5,000 tables costs nothing here):
-- relations and stand-alone types (which also take a relation's name) under the names the spec reads or
-- creates ($1 schemas, $2 names, pairwise: its tables under old and new names, its views). With
-- options.rename_dependents ($3 schemas, $4 new names, pairwise), the relations of the schema whose names hold a
-- new table or column name: the names the renamed indexes and sequences could collide with. Where a table is
-- under neither of its names ($5 schemas, $6 old names, $7 new names, pairwise), the tables of that schema too,
-- so that "table does not exist" can suggest the name that was meant. Index lookups on (relname, relnamespace).
-- Every built-in is qualified (see the package-info of io.viewswap.catalog): this runs whatever the session's
-- search_path says.
with wanted as (
  select n.oid as nsp, n.nspname, w.name::pg_catalog.name as name
  from rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as w(schema, name)
  join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) w.schema::pg_catalog.name
), fragments as (
  select n.oid as nsp, n.nspname, f.fragment::pg_catalog.name as fragment
  from rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]))
         as f(schema, fragment)
  join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) f.schema::pg_catalog.name
), lost as (
  select n.oid as nsp, n.nspname
  from rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]),
                  pg_catalog.unnest(?::pg_catalog.text[])) as t(schema, old_name, new_name)
  join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) t.schema::pg_catalog.name
  where not exists (select 1 from pg_catalog.pg_class c
                    where c.relnamespace operator(pg_catalog.=) n.oid
                      and c.relname operator(pg_catalog.=)
                          any (array[t.old_name::pg_catalog.name, t.new_name::pg_catalog.name]))
)
select w.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as name,
       c.relkind::pg_catalog.text as kind
from wanted w join pg_catalog.pg_class c
  on c.relnamespace operator(pg_catalog.=) w.nsp and c.relname operator(pg_catalog.=) w.name
union
select l.nspname::pg_catalog.text, c.relname::pg_catalog.text, c.relkind::pg_catalog.text
from lost l join pg_catalog.pg_class c on c.relnamespace operator(pg_catalog.=) l.nsp
where c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[])
union
select f.nspname::pg_catalog.text, c.relname::pg_catalog.text, c.relkind::pg_catalog.text
from fragments f join pg_catalog.pg_class c on c.relnamespace operator(pg_catalog.=) f.nsp
where pg_catalog.strpos(c.relname::pg_catalog.text, f.fragment::pg_catalog.text) operator(pg_catalog.>) 0
union all
select w.nspname::pg_catalog.text, t.typname::pg_catalog.text, 'T'
from wanted w join pg_catalog.pg_type t
  on t.typnamespace operator(pg_catalog.=) w.nsp and t.typname operator(pg_catalog.=) w.name
where t.typrelid operator(pg_catalog.=) 0 and t.typtype operator(pg_catalog.=) any ('{c,d,e,r,m}'::pg_catalog."char"[])
