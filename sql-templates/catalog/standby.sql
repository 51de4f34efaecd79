-- On a hot standby the user named (--standby): what a phase's ACCESS EXCLUSIVE lock will meet when the standby
-- replays it. Its conflict settings (the primary cannot read them), how far behind its replay is now, and the
-- sessions holding a lock on the spec's tables and views (by schema and name, parameters 1 and 2 as arrays): the
-- replay waits for their transactions, up to max_standby_streaming_delay, and every later reader of the table
-- and all later replay wait behind it. xact_start is null for other roles' sessions without pg_read_all_stats.
-- Built-ins qualified: the session's search_path is not trusted.
with wanted as (
  select c.oid
  from rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as w(nsp, rel)
  join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) w.nsp
  join pg_catalog.pg_class c on c.relnamespace operator(pg_catalog.=) n.oid and c.relname operator(pg_catalog.=) w.rel
), holders as (
  select distinct l.pid
  from pg_catalog.pg_locks l
  join wanted w on w.oid operator(pg_catalog.=) l.relation
  where l.locktype operator(pg_catalog.=) 'relation'
    and l.pid operator(pg_catalog.<>) pg_catalog.pg_backend_pid()
)
select pg_catalog.pg_is_in_recovery() as in_recovery,
       pg_catalog.current_setting('max_standby_streaming_delay') as max_delay,
       pg_catalog.current_setting('hot_standby_feedback') as feedback,
       (extract(epoch from pg_catalog.now() operator(pg_catalog.-) pg_catalog.pg_last_xact_replay_timestamp())
          operator(pg_catalog.*) 1000)::bigint as replay_delay_ms,
       (select pg_catalog.count(*) from holders) as holders,
       (select (extract(epoch from pg_catalog.max(pg_catalog.now() operator(pg_catalog.-) a.xact_start))
                 operator(pg_catalog.*) 1000)::bigint
          from pg_catalog.pg_stat_activity a join holders h on h.pid operator(pg_catalog.=) a.pid) as longest_ms
