-- Gives a spec's run lock back ($1: the state key); see run-lock-take.sql.
select pg_catalog.pg_advisory_unlock(
  pg_catalog.hashtextextended('viewswap:' operator(pg_catalog.||) ?::pg_catalog.text, 0::pg_catalog.int8))
