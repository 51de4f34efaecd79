-- Who we are and on what server: decides security_invoker support, whether we may act as the table owner (with
-- the owner's rights: USAGE, so a NOINHERIT member is not taken for one), and whether we may create what the run
-- needs: schemas in this database (the state schema, a transition schema), the state schema's new version.
-- {0} the state schema's current version mark, as a literal (never null: "is not distinct from" is written as a
-- qualified = that a missing comment makes false, since IS DISTINCT FROM looks its = up on the search_path).
select pg_catalog.current_setting('server_version_num')::int as version_num,
       current_user as current_user,
       (select r.rolsuper from pg_catalog.pg_roles r where r.rolname operator(pg_catalog.=) current_user) as superuser,
       array(select b.rolname::pg_catalog.text from pg_catalog.pg_roles b
             where pg_catalog.pg_has_role(current_user, b.oid, 'USAGE')) as member_of,
       pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') as may_create_schemas,
       pg_catalog.to_regnamespace('viewswap') is not null as state_schema_exists,
       coalesce(pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'), 'pg_namespace')
                  operator(pg_catalog.=) {0}, false) as state_schema_current,
       coalesce(pg_catalog.has_schema_privilege(pg_catalog.to_regnamespace('viewswap'), 'CREATE')
                and pg_catalog.pg_has_role((select n.nspowner from pg_catalog.pg_namespace n
                                            where n.nspname operator(pg_catalog.=) 'viewswap'), 'USAGE'), false)
         as may_upgrade_state_schema,
       -- Every phase runs a DO block (the state schema's ensure), which needs USAGE on plpgsql.
       exists (select from pg_catalog.pg_language l
               where l.lanname operator(pg_catalog.=) 'plpgsql'
                 and pg_catalog.has_language_privilege(l.oid, 'USAGE')) as may_use_plpgsql,
       -- The phase's DDL rehearsal before the lock works on temporary objects.
       pg_catalog.has_database_privilege(pg_catalog.current_database(), 'TEMPORARY') as may_create_temp
