-- Whether the state schema holds the record of the transition schemas viewswap created (older ones do not).
select pg_catalog.to_regclass('viewswap.transition_schema'::pg_catalog.text) is not null
