-- After a phase: how far each standby streaming from this server has replayed, against the WAL position
-- the phase's commit is known to be before (pg_current_wal_lsn() read right after COMMIT), as a pg_lsn
-- parameter. Senders whose details this role may not see (no pg_read_all_stats) are left out. Built-ins
-- qualified: the session's search_path is not trusted.
select r.application_name,
       r.replay_lsn::pg_catalog.text,
       pg_catalog.pg_wal_lsn_diff(?::pg_catalog.pg_lsn, r.replay_lsn)::bigint as behind
from pg_catalog.pg_stat_replication r
where r.state is not null
order by r.application_name, r.pid
