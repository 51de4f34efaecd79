-- The oids of the transition schemas viewswap's state says it created (read only once the state schema is
-- trusted and holds the record).
select t.schema_oid::pg_catalog.int8 from viewswap.transition_schema t
