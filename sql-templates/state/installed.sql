-- Whether the state tables exist (asked only once the state schema was found trusted).
select pg_catalog.to_regclass('viewswap.spec_state'::pg_catalog.text) is not null
