-- Table-level (attnum 0) and column-level privileges of the given tables ($1 oids bigint[]).
-- A NULL relacl means the owner's default rights and nobody else's.
select c.oid::bigint as oid, 0 as attnum,
       case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end as grantee,
       a.privilege_type::text as privilege, a.is_grantable
from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
where c.oid = any(?::oid[])
union all
select att.attrelid::bigint, att.attnum,
       case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end,
       a.privilege_type::text, a.is_grantable
from pg_attribute att, aclexplode(att.attacl) a
where att.attrelid = any(?::oid[]) and att.attacl is not null and att.attnum > 0 and not att.attisdropped
order by 1, 2, 3, 4
