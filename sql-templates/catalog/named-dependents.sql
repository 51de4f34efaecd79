-- Objects with names of their own that belong to the spec's tables ($1 bigint[] oids): indexes, constraints
-- (those backed by an index are listed once, as constraints, since renaming the constraint renames its index),
-- sequences owned by a column (serial, identity), triggers and policies. They follow a rename by OID; only
-- their names stay, and options.rename_dependents renames those made from the old names.
select n.nspname::pg_catalog.text as table_schema, c.relname::pg_catalog.text as table_name, x.kind, x.schema,
       x.name, x.column_name
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
cross join lateral (
  select 'INDEX' as kind, inn.nspname::pg_catalog.text as schema, ic.relname::pg_catalog.text as name,
         null::pg_catalog.text as column_name
  from pg_catalog.pg_index i join pg_catalog.pg_class ic on ic.oid operator(pg_catalog.=) i.indexrelid
  join pg_catalog.pg_namespace inn on inn.oid operator(pg_catalog.=) ic.relnamespace
  where i.indrelid operator(pg_catalog.=) c.oid
    and not exists (select 1 from pg_catalog.pg_constraint k
                    where k.conindid operator(pg_catalog.=) i.indexrelid and k.conrelid operator(pg_catalog.=) c.oid)
  union all
  select 'CONSTRAINT', n.nspname::pg_catalog.text, k.conname::pg_catalog.text, null
  from pg_catalog.pg_constraint k where k.conrelid operator(pg_catalog.=) c.oid
  union all
  select 'SEQUENCE', sn.nspname::pg_catalog.text, s.relname::pg_catalog.text, a.attname::pg_catalog.text
  from pg_catalog.pg_depend d
  join pg_catalog.pg_class s on s.oid operator(pg_catalog.=) d.objid and s.relkind operator(pg_catalog.=) 'S'
  join pg_catalog.pg_namespace sn on sn.oid operator(pg_catalog.=) s.relnamespace
  join pg_catalog.pg_attribute a
    on a.attrelid operator(pg_catalog.=) c.oid and a.attnum operator(pg_catalog.=) d.refobjsubid
  where d.classid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
    and d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
    and d.refobjid operator(pg_catalog.=) c.oid
    and d.deptype operator(pg_catalog.=) any ('{a,i}'::pg_catalog."char"[])
  union all
  select 'TRIGGER', n.nspname::pg_catalog.text, t.tgname::pg_catalog.text, null
  from pg_catalog.pg_trigger t where t.tgrelid operator(pg_catalog.=) c.oid and not t.tgisinternal
  union all
  select 'POLICY', n.nspname::pg_catalog.text, p.polname::pg_catalog.text, null
  from pg_catalog.pg_policy p where p.polrelid operator(pg_catalog.=) c.oid
) x
where c.oid operator(pg_catalog.=) any (?::bigint[]::pg_catalog.oid[])
order by 1, 2, 3, 5
