-- Who we are and on what server: decides security_invoker support and whether we may act as the table owner.
select current_setting('server_version_num')::int as version_num,
       current_user as current_user,
       (select r.rolsuper from pg_roles r where r.rolname = current_user) as superuser,
       array(select b.rolname::text from pg_roles b where pg_has_role(current_user, b.oid, 'MEMBER')) as member_of
