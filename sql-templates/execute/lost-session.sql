-- The session of a phase whose connection was lost, seen from a new connection: ended if it is still there
-- ({0} true) or only looked for ({0} false). One row while it lives. It is the lost one only if it has the pid
-- the lost connection had, belongs to the same role and started before this session: a pid the server handed
-- out again since belongs to a session that started later. Ending it is what makes the phase's fate final:
-- idle in transaction (a silent network) it would hold its locks until the idle timeout, and idle after COMMIT
-- it would keep the spec's run lock until TCP keepalive gives up. A phase whose COMMIT is already under way
-- stays committed (the server only stops waiting for a standby). Built-ins qualified: nothing on the
-- session's search_path is trusted.
select a.pid,
       case when {0} then pg_catalog.pg_terminate_backend(a.pid) else false end
from pg_catalog.pg_stat_activity a
where a.pid operator(pg_catalog.=) ?
  and a.usename operator(pg_catalog.=) current_user
  and a.backend_start operator(pg_catalog.<) (select b.backend_start from pg_catalog.pg_stat_activity b
                                              where b.pid operator(pg_catalog.=) pg_catalog.pg_backend_pid())
