-- viewswap's state schema, as `apply` and every exported script make sure of it before a phase: refused (SQLSTATE
-- VS403, nothing changed) when the schema exists but cannot be trusted, installed or upgraded only when it is
-- missing or older than this viewswap (so a role that may not CREATE in an existing, current schema can still run
-- phases), and checked again after installing, so that a schema someone made between the check and the install is
-- refused too. Never adopted by its comment: the comment only says which version a trusted schema holds.
-- {0} state/untrusted.sql for the state schema, {1} the version mark literal, {2} state/install.sql followed by
-- the COMMENT ON SCHEMA statement that sets the version mark.
do $viewswap_ensure$
declare
  problem record;
  untrusted constant text := $viewswap_untrusted$
{0}
$viewswap_untrusted$;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('viewswap:install'::text, 0::bigint));
  for problem in execute untrusted loop
    raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
      using errcode = 'VS403',
            hint = 'viewswap runs its state functions as you: the schema viewswap and everything in it must belong to'
                   ' you, a role you inherit or a superuser, and nobody else may create in it or write its tables;'
                   ' run `viewswap check` for every problem';
  end loop;
  if pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'::text), 'pg_namespace'::pg_catalog.name)
     is distinct from {1} then
    execute $viewswap_install$
{2}
$viewswap_install$;
    for problem in execute untrusted loop
      raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
        using errcode = 'VS403', hint = 'someone else created it while viewswap was installing it; nothing was changed';
    end loop;
  end if;
end $viewswap_ensure$
