-- The names a spec can meet, not every relation of its schemas (a schema of 5,000 tables costs nothing here):
-- relations and stand-alone types (which also take a relation's name) under the names the spec reads or
-- creates ($1 schemas, $2 names, pairwise: its tables under old and new names, its views). Where a table is under
-- neither of its names ($3 schemas, $4 old names, $5 new names, pairwise), the tables of that schema too, so
-- that "table does not exist" can suggest the name that was meant. With options.rename_dependents ($6 schemas,
-- $7 new names, pairwise), the relations of the schema whose names hold a new table or column name: the names
-- the renamed indexes and sequences could collide with. Index lookups on (relname, relnamespace).
with wanted as (
  select n.oid as nsp, n.nspname, w.name::name as name
  from unnest(?::text[], ?::text[]) as w(schema, name)
  join pg_namespace n on n.nspname = w.schema::name
), fragments as (
  select n.oid as nsp, n.nspname, f.fragment::name as fragment
  from unnest(?::text[], ?::text[]) as f(schema, fragment)
  join pg_namespace n on n.nspname = f.schema::name
), lost as (
  select n.oid as nsp, n.nspname
  from unnest(?::text[], ?::text[], ?::text[]) as t(schema, old_name, new_name)
  join pg_namespace n on n.nspname = t.schema::name
  where not exists (select 1 from pg_class c
                    where c.relnamespace = n.oid and c.relname in (t.old_name::name, t.new_name::name))
)
select w.nspname::text as schema, c.relname::text as name, c.relkind::text as kind
from wanted w join pg_class c on c.relnamespace = w.nsp and c.relname = w.name
union
select l.nspname::text, c.relname::text, c.relkind::text
from lost l join pg_class c on c.relnamespace = l.nsp
where c.relkind in ('r', 'p')
union
select f.nspname::text, c.relname::text, c.relkind::text
from fragments f join pg_class c on c.relnamespace = f.nsp
where pg_catalog.strpos(c.relname::text, f.fragment::text) > 0
union all
select w.nspname::text, t.typname::text, 'T'
from wanted w join pg_type t on t.typnamespace = w.nsp and t.typname = w.name
where t.typrelid = 0 and t.typtype in ('c', 'd', 'e', 'r', 'm')
