-- Roles that ALTER DEFAULT PRIVILEGES would hand rights on a new relation to ($1 schemas text[]):
-- a new view must end up with exactly the table's grants, so every one of them is revoked first.
select distinct case when a.grantee operator(pg_catalog.=) 0 then 'PUBLIC'
                     else pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text end as grantee
from pg_catalog.pg_default_acl d
left join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) d.defaclnamespace
cross join pg_catalog.aclexplode(d.defaclacl) a
where d.defaclobjtype operator(pg_catalog.=) 'r'
  and (d.defaclnamespace operator(pg_catalog.=) 0 or n.nspname operator(pg_catalog.=) any (?))
