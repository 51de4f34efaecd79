-- Every spec's state row, or one spec's ($1 and $2: the spec id, or null for all), by id. applied_spec is read
-- through to_jsonb: null, not an error, in a v2 schema not yet upgraded. Run only once the state schema is trusted.
select s.spec_id, s.checksum, s.state, s.created_at, s.updated_at,
       pg_catalog.to_jsonb(s) operator(pg_catalog.->>) 'applied_spec'
from viewswap.spec_state s
where ?::pg_catalog.text is null or s.spec_id operator(pg_catalog.=) ?::pg_catalog.text
order by s.spec_id
