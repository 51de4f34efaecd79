-- The schemas a spec touches ($1 text[]).
select n.oid::bigint as oid, n.nspname::text as name, pg_catalog.pg_get_userbyid(n.nspowner)::text as owner,
       pg_catalog.obj_description(n.oid, 'pg_namespace') as comment,
       pg_catalog.has_schema_privilege(n.oid, 'CREATE') as may_create
from pg_catalog.pg_namespace n
where n.nspname = any(?)
