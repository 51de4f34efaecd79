-- Takes a spec's run lock, without waiting ($1: the state key): a session-level advisory lock on the hash of
-- 'viewswap:' and the key. Qualified: it runs before anything else on the session.
select pg_catalog.pg_try_advisory_lock(
  pg_catalog.hashtextextended('viewswap:' operator(pg_catalog.||) ?::pg_catalog.text, 0::pg_catalog.int8))
