-- Table-level (attnum 0) and column-level privileges of the given tables ($1 oids bigint[]).
-- A NULL relacl means the owner's default rights and nobody else's.
select c.oid::bigint as oid, 0 as attnum,
       case when a.grantee operator(pg_catalog.=) 0 then 'PUBLIC'
            else pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text end as grantee,
       a.privilege_type::pg_catalog.text as privilege, a.is_grantable
from pg_catalog.pg_class c,
     pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) a
where c.oid operator(pg_catalog.=) any (?::pg_catalog.oid[])
union all
select att.attrelid::bigint, att.attnum,
       case when a.grantee operator(pg_catalog.=) 0 then 'PUBLIC'
            else pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text end,
       a.privilege_type::pg_catalog.text, a.is_grantable
from pg_catalog.pg_attribute att, pg_catalog.aclexplode(att.attacl) a
where att.attrelid operator(pg_catalog.=) any (?::pg_catalog.oid[]) and att.attacl is not null
  and att.attnum operator(pg_catalog.>) 0 and not att.attisdropped
order by 1, 2, 3, 4
