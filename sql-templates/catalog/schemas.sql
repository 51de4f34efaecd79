-- The schemas a spec touches ($1 text[]).
select n.nspname::text as name, pg_get_userbyid(n.nspowner)::text as owner,
       obj_description(n.oid, 'pg_namespace') as comment
from pg_namespace n
where n.nspname = any(?)
