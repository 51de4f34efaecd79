-- viewswap's state schema as an exported script after the first checks it (the first, expand, installs it, as
-- state/ensure.sql does, so the install is in one file, not in every phase): refused (VS403) unless trusted, as
-- ensure.sql refuses it, and refused (VS426, nothing changed) when missing or of another version than the script
-- was made for, with the hint to run the export's expand script again, which installs or upgrades it and, once
-- expand is done, changes nothing else.
-- {0} state/untrusted.sql for the state schema, {1} the version mark literal, {2} the hint literal.
do $viewswap_expect$
declare
  problem pg_catalog.record;
begin
  for problem in execute $viewswap_untrusted$
{0}
$viewswap_untrusted$ loop
    raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
      using errcode = 'VS403',
            hint = 'viewswap runs its state functions as you: connect as the role that owns the schema viewswap, or'
                   ' run `viewswap check` for every problem and what to do (never drop the schema: it holds the state'
                   ' of every spec)';
  end loop;
  if not coalesce(pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'::pg_catalog.text),
                                             'pg_namespace'::pg_catalog.name) operator(pg_catalog.=) {1}, false) then
    raise exception 'viewswap''s state schema is missing or not the version this script was made for (%)', {1}
      using errcode = 'VS426', hint = {2};
  end if;
end $viewswap_expect$
