-- Objects with names of their own that belong to the spec's tables ($1 bigint[] oids): indexes, constraints
-- (those backed by an index are listed once, as constraints, since renaming the constraint renames its index),
-- sequences owned by a column (serial, identity), triggers and policies. They follow a rename by OID; only
-- their names stay, and options.rename_dependents renames those made from the old names.
select n.nspname::text as table_schema, c.relname::text as table_name, x.kind, x.schema, x.name, x.column_name
from pg_class c join pg_namespace n on n.oid = c.relnamespace
cross join lateral (
  select 'INDEX' as kind, inn.nspname::text as schema, ic.relname::text as name, null::text as column_name
  from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_namespace inn on inn.oid = ic.relnamespace
  where i.indrelid = c.oid
    and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = c.oid)
  union all
  select 'CONSTRAINT', n.nspname::text, k.conname::text, null
  from pg_constraint k where k.conrelid = c.oid
  union all
  select 'SEQUENCE', sn.nspname::text, s.relname::text, a.attname::text
  from pg_depend d
  join pg_class s on s.oid = d.objid and s.relkind = 'S'
  join pg_namespace sn on sn.oid = s.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum = d.refobjsubid
  where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.refobjid = c.oid
    and d.deptype in ('a', 'i')
  union all
  select 'TRIGGER', n.nspname::text, t.tgname::text, null
  from pg_trigger t where t.tgrelid = c.oid and not t.tgisinternal
  union all
  select 'POLICY', n.nspname::text, p.polname::text, null
  from pg_policy p where p.polrelid = c.oid
) x
where c.oid = any(?::bigint[]::oid[])
order by 1, 2, 3, 5
