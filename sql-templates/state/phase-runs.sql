-- A spec's phase history, oldest first ($1: the spec id). Run only once the state schema is trusted.
select r.run_id, r.spec_id, r.phase, r.direction, r.from_state, r.to_state, r.run_by, r.client, r.finished_at,
       r.attempts, r.lock_wait_ms, r.lock_held_ms, r.statements
from viewswap.phase_run r
where r.spec_id operator(pg_catalog.=) ?::pg_catalog.text
order by r.run_id
