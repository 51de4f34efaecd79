-- Who holds (or queues ahead for) a lock the waiting session {pid} needs: read on a second connection while
-- viewswap's statement waits, so a lock timeout can name the sessions in its way. Built-ins are qualified: the
-- session's search_path is not trusted. The one parameter is the waiting backend's pid.
select a.pid,
       a.usename::pg_catalog.text,
       a.application_name,
       pg_catalog.host(a.client_addr),
       a.state,
       (extract(epoch from pg_catalog.clock_timestamp() operator(pg_catalog.-) a.xact_start)
          operator(pg_catalog.*) 1000)::bigint,
       a.query_start,
       a.query
from pg_catalog.pg_stat_activity a
where a.pid operator(pg_catalog.=) any (pg_catalog.pg_blocking_pids(?))
order by a.pid
