-- What the standbys of this server will feel of a phase, read by check and before a phase: the synchronous
-- replication settings this session would commit under, and one row per WAL sender (a streaming standby or other
-- physical/logical receiver). Without pg_read_all_stats (or superuser) pg_stat_replication shows other roles'
-- senders with their details null: "visible" says so, and the check says it cannot tell. Built-ins qualified:
-- the session's search_path is not trusted.
select pg_catalog.current_setting('synchronous_standby_names') as names,
       pg_catalog.current_setting('synchronous_commit') as sync_commit,
       pg_catalog.pg_is_in_recovery() as in_recovery,
       r.pid is not null as sender,
       r.application_name,
       r.state,
       r.sync_state,
       r.state is not null as visible,
       r.backend_xmin is not null as feedback,
       (extract(epoch from r.replay_lag) operator(pg_catalog.*) 1000)::bigint as replay_lag_ms,
       case when r.replay_lsn is null or pg_catalog.pg_is_in_recovery() then null
            else pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), r.replay_lsn)::bigint end as replay_behind_bytes
from (select 1) one
left join pg_catalog.pg_stat_replication r on true
order by r.application_name, r.pid
