-- An exported phase's plan, run behind the two checks every exported script makes before it changes anything, in
-- one DO block (so the statement_timeout bounds the block as a whole: apply's bounds each statement).
-- Already done: the spec stands where run/Readiness says this phase is done (the states are rendered from that rule,
-- {2}), so the script changes nothing and succeeds, as `apply` does. A spec changed since an earlier phase is never
-- done: its row is not read here, and begin_phase (the plan's first step) refuses it.
-- One phase per run: Flyway, Liquibase, Django, Rails and Alembic run every pending migration on one connection, so
-- a plain `flyway migrate` (what Spring Boot runs at start-up) would expand, swap and contract within a second and
-- break the old release. A phase that commits leaves a mark on its session (a session setting, undone with the
-- transaction if it fails); the next phase of the spec in the same direction refuses to run in that session
-- (VS428, nothing changed) and runs in the next run: the next deploy.
-- {0} spec id literal, {1} checksum literal, {2} the done states as a text[] literal, {3} the name of the session
-- setting, {4} the mark that refuses this phase, {5} the mark this phase leaves, {6} this phase's title literal,
-- {7} the previous phase's title literal, {8} the refusal's hint literal, {9} the plan's steps as EXECUTE lines,
-- {10} the block's dollar-quote tag ($viewswap_phase$, numbered when a step's text holds it: names come from the
-- catalog and the spec).
do {10}
declare
  v_state pg_catalog.text;
begin
  select s.state into v_state from viewswap.spec_state s
  where s.spec_id operator(pg_catalog.=) {0}
    and (s.state operator(pg_catalog.=) 'planned' or s.checksum operator(pg_catalog.=) {1});
  if coalesce(v_state, 'planned') operator(pg_catalog.=) any ({2}::pg_catalog.text[]) then
    raise notice 'viewswap: spec % is already %: % changes nothing', {0}, v_state, {6};
    return;
  end if;
  if pg_catalog.current_setting({3}, true) operator(pg_catalog.=) {4} then
    raise exception 'viewswap: % of spec % ran in this session moments ago; % runs in a later run, not the same one',
      {7}, {0}, {6}
      using errcode = 'VS428', hint = {8};
  end if;
{9}
  perform pg_catalog.set_config({3}, {5}, false);
end {10};
