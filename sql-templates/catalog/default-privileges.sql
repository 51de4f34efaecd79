-- Roles that ALTER DEFAULT PRIVILEGES would hand rights on a new relation to ($1 schemas text[]):
-- a new view must end up with exactly the table's grants, so every one of them is revoked first.
select distinct case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end as grantee
from pg_default_acl d
left join pg_namespace n on n.oid = d.defaclnamespace
cross join aclexplode(d.defaclacl) a
where d.defaclobjtype = 'r' and (d.defaclnamespace = 0 or n.nspname = any(?))
