-- Every name taken in the schemas a spec touches ($1 text[]): a new table or view name must not collide with any.
select n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any(?)
union all
select n.nspname::text, t.typname::text, 'T'
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where n.nspname = any(?) and t.typrelid = 0 and t.typtype in ('c', 'd', 'e', 'r', 'm') 
