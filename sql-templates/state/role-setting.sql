-- options.release_role after expand: the search_path viewswap last set for the role in this database (the latest
-- row of viewswap.role_setting for the spec and role, when it is a 'set'), against what pg_db_role_setting holds
-- now. They differ after a restore from a pg_dump without --create (the setting is not in the dump) or after
-- someone changed it; the new release then reads the old names. One row; recorded is null when viewswap has no
-- setting in force. Rows are not filtered by database: the state schema is this database's, and a restore
-- into another name keeps rows naming the old one. Parameters: the spec id, the role. Run only once the state schema is trusted.
select (select s.value from viewswap.role_setting s
        where s.spec_id operator(pg_catalog.=) ?::pg_catalog.text
          and s.role_name operator(pg_catalog.=) ?::pg_catalog.text
          and s.action operator(pg_catalog.=) 'set'
          and s.change_id operator(pg_catalog.=) (
                select pg_catalog.max(l.change_id) from viewswap.role_setting l
                where l.spec_id operator(pg_catalog.=) s.spec_id
                  and l.role_name operator(pg_catalog.=) s.role_name)) as recorded,
       (select pg_catalog.substr(c, pg_catalog.length('search_path=') operator(pg_catalog.+) 1)
        from pg_catalog.pg_db_role_setting d, pg_catalog.unnest(d.setconfig) c
        where d.setrole operator(pg_catalog.=) (select r.oid from pg_catalog.pg_roles r
                                                where r.rolname operator(pg_catalog.=) ?::pg_catalog.name)
          and d.setdatabase operator(pg_catalog.=) (select b.oid from pg_catalog.pg_database b
                                                    where b.datname operator(pg_catalog.=) pg_catalog.current_database())
          and c operator(pg_catalog.~~) 'search_path=%') as current,
       pg_catalog.current_database()::pg_catalog.text as database
