-- options.release_role ($1 role name, $2 schemas text[], $3 table schemas text[], $4 table names text[]): may
-- the connected role change the release role's settings, and will the release role reach the tables? A schema
-- that does not exist yet (the transition schema before expand) gives null: expand grants USAGE on it to the
-- table's grantees, so SELECT on the table through membership covers it.
-- ALTER ROLE ... IN DATABASE ... SET: a superuser may alter any role; only a superuser a superuser role; a role
-- itself; on 14 and 15 a CREATEROLE role any other role, from 16 on only one it holds with ADMIN OPTION.
with r as (select * from pg_catalog.pg_roles where rolname operator(pg_catalog.=) ?),
     me as (select * from pg_catalog.pg_roles where rolname operator(pg_catalog.=) current_user)
select (select pg_catalog.count(*) from r) operator(pg_catalog.=) 1 as role_exists,
       current_user::pg_catalog.text as me,
       pg_catalog.current_setting('server_version_num')::int operator(pg_catalog./) 10000 as major,
       coalesce((select rolsuper from r), false) as role_superuser,
       coalesce((select rolcanlogin from r), false) as role_can_login,
       (select rolsuper from me) as me_superuser,
       (select rolcreaterole from me) as me_createrole,
       coalesce((select pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER WITH ADMIN OPTION') from r), false)
         as me_admin,
       coalesce((select r.rolname operator(pg_catalog.=) current_user from r), false) as is_me,
       (select pg_catalog.array_agg(case when n.oid is not null
                                         then pg_catalog.has_schema_privilege(r.oid, n.oid, 'USAGE') end
                                    order by o)
          from r, pg_catalog.unnest(?::pg_catalog.text[]) with ordinality u(s, o)
          left join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) u.s) as schema_usage,
       (select pg_catalog.array_agg(coalesce(pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT'), false)
                                    order by o)
          from r, rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[]))
                    with ordinality u(s, t, o)
          left join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) u.s
          left join pg_catalog.pg_class c
            on c.relnamespace operator(pg_catalog.=) n.oid and c.relname operator(pg_catalog.=) u.t) as table_select,
       (select pg_catalog.count(*) from pg_catalog.pg_stat_activity a, r
         where a.usesysid operator(pg_catalog.=) r.oid
           and a.datname operator(pg_catalog.=) pg_catalog.current_database()) as sessions
