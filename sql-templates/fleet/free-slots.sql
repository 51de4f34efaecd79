-- How many more connections the server accepts from an ordinary role: max_connections less the slots reserved
-- for superusers (and, from 16 on, for pg_use_reserved_connections) less the client backends already there.
select pg_catalog.current_setting('max_connections')::pg_catalog.int4
       operator(pg_catalog.-) pg_catalog.current_setting('superuser_reserved_connections')::pg_catalog.int4
       operator(pg_catalog.-) coalesce(pg_catalog.current_setting('reserved_connections', true)::pg_catalog.int4, 0)
       operator(pg_catalog.-) (select pg_catalog.count(*) from pg_catalog.pg_stat_activity a
                               where a.backend_type operator(pg_catalog.=) 'client backend')::pg_catalog.int4
