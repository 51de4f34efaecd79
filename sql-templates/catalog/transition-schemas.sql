-- The oids of the transition schemas viewswap's state says it created (read only once the state schema is
-- trusted and holds the record): by the recorded oid, or, once a restore or an upgrade gave the schema a new
-- oid, by the recorded name, owner and mark (see viewswap.recorded_schema in state/install.sql; this read-only
-- twin leaves the row as it is, the next phase that drops the schema re-records it). mark and owner_name are read
-- through to_jsonb: a state schema older than v4 has neither, and is found by oid only.
select t.schema_oid::pg_catalog.int8 from viewswap.transition_schema t
union
select n.oid::pg_catalog.int8
from viewswap.transition_schema t
join pg_catalog.pg_namespace n on n.nspname operator(pg_catalog.=) t.schema_name::pg_catalog.name
where (pg_catalog.to_jsonb(t) operator(pg_catalog.->>) 'mark') is not null
  and pg_catalog.pg_get_userbyid(n.nspowner)::pg_catalog.text
      operator(pg_catalog.=) (pg_catalog.to_jsonb(t) operator(pg_catalog.->>) 'owner_name')
  and pg_catalog.strpos(coalesce(pg_catalog.obj_description(n.oid, 'pg_namespace'::pg_catalog.name), ''),
                        ' (mark ' operator(pg_catalog.||) (pg_catalog.to_jsonb(t) operator(pg_catalog.->>) 'mark')
                        operator(pg_catalog.||) ')') operator(pg_catalog.>) 0
