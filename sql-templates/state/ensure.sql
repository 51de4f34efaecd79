-- viewswap's state schema, as `apply` and every exported script make sure of it before a phase: refused (SQLSTATE
-- VS403, nothing changed) when the schema exists but cannot be trusted, installed or upgraded only when it is
-- missing or older than this viewswap (so a role that may not CREATE in an existing, current schema can still run
-- phases), and checked again after installing, so that a schema someone made between the check and the install is
-- refused too. Never adopted by its comment: the comment only says which version a trusted schema holds. What
-- ALTER DEFAULT PRIVILEGES hands out on the schema and the tables this install creates is taken back: nobody else
-- may create in viewswap's schema or write its state.
-- {0} state/untrusted.sql for the state schema, {1} the version mark literal (never null), {2} state/install.sql
-- followed by the COMMENT ON SCHEMA statement that sets the version mark.
-- A DO block runs under the session's search_path, so every built-in here is qualified (the rule is in the
-- package-info of io.viewswap.catalog); "the comment is not the mark" is a qualified = and coalesce, since IS
-- DISTINCT FROM looks its = up on the search_path.
do $viewswap_ensure$
declare
  problem pg_catalog.record;
  handed pg_catalog.record;
  existing pg_catalog.oid[];
  untrusted constant pg_catalog.text := $viewswap_untrusted$
{0}
$viewswap_untrusted$;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('viewswap:install'::pg_catalog.text, 0::bigint));
  for problem in execute untrusted loop
    raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
      using errcode = 'VS403',
            hint = 'viewswap runs its state functions as you: the schema viewswap and everything in it must belong to'
                   ' you, a role you inherit that no other login role can act as, or a superuser, and nobody else'
                   ' may create in it or write its tables; connect as the role named, or run `viewswap check` for'
                   ' every problem and what to do (never drop the schema: it holds the state of every spec)';
  end loop;
  if not coalesce(pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'::pg_catalog.text),
                                             'pg_namespace'::pg_catalog.name) operator(pg_catalog.=) {1}, false) then
    existing := array(select c.oid from pg_catalog.pg_class c
                      where c.relnamespace operator(pg_catalog.=) pg_catalog.to_regnamespace('viewswap'::pg_catalog.text));
    if pg_catalog.to_regnamespace('viewswap'::pg_catalog.text) is null then
      existing := array[0::pg_catalog.oid];
    end if;
    execute $viewswap_install$
{2}
$viewswap_install$;
    for handed in
      select distinct 'schema viewswap' as object, a.grantee
      from pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
      where n.nspname operator(pg_catalog.=) 'viewswap' and 0::pg_catalog.oid operator(pg_catalog.=) any (existing)
        and a.grantee operator(pg_catalog.<>) n.nspowner
      union
      select distinct 'table ' operator(pg_catalog.||) c.oid::pg_catalog.regclass::pg_catalog.text, a.grantee
      from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
      where c.relnamespace operator(pg_catalog.=) pg_catalog.to_regnamespace('viewswap'::pg_catalog.text)
        and c.relkind operator(pg_catalog.=) any ('{r,p,S}'::pg_catalog."char"[])
        and c.oid operator(pg_catalog.<>) all (existing) and a.grantee operator(pg_catalog.<>) c.relowner
    loop
      execute pg_catalog.format('revoke all on %s from %s', handed.object,
        case when handed.grantee operator(pg_catalog.=) 0 then 'public'
             else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(handed.grantee)::pg_catalog.text) end);
    end loop;
    for problem in execute untrusted loop
      raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
        using errcode = 'VS403', hint = 'someone else created it while viewswap was installing it; nothing was changed';
    end loop;
  end if;
end $viewswap_ensure$
