-- The schemas a spec touches ($1 text[]).
select n.oid::bigint as oid, n.nspname::pg_catalog.text as name,
       pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text as owner,
       pg_catalog.obj_description(n.oid, 'pg_namespace') as comment,
       pg_catalog.has_schema_privilege(n.oid, 'CREATE') as may_create
from pg_catalog.pg_namespace n
where n.nspname operator(pg_catalog.=) any (?)
