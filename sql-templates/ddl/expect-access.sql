-- Guard after a view's grants: access through the view ({0}, a regclass literal) must be exactly access to the
-- table ({1}, a regclass literal) as it is now, inside this transaction: every role's rights, table-wide and per
-- column (matched by position), with their grant options, the owners' own left out, grantors ignored. The
-- grants before this guard were written from the table as viewswap read it when it planned: a script run later
-- would otherwise hand a role revoked since then the table through the new view, and miss a role granted since,
-- or keep what an ALTER DEFAULT PRIVILEGES added since hands out. Raises VS412 (the plan is stale), so the
-- phase's transaction changes nothing; `apply` plans afresh and runs the same guard.
-- {2} the body's dollar-quote tag, chosen so that neither name holds it.
-- A DO block runs under the session's search_path, so every built-in here is qualified (the rule is in the
-- package-info of io.viewswap.catalog).
do {2}
declare
  drift pg_catalog.text;
begin
  with pair(oid) as (
    select pg_catalog.unnest(array[{0}::pg_catalog.regclass, {1}::pg_catalog.regclass]::pg_catalog.oid[])
  ),
  cols as (
    select att.attrelid, att.attacl,
           pg_catalog.row_number() over (partition by att.attrelid order by att.attnum) as pos
    from pg_catalog.pg_attribute att join pair on att.attrelid operator(pg_catalog.=) pair.oid
    where att.attnum operator(pg_catalog.>) 0 and not att.attisdropped
  ),
  rights(rel, pos, grantee, privilege, grantable) as (
    select c.oid, 0::pg_catalog.int8, a.grantee, a.privilege_type, a.is_grantable
    from pg_catalog.pg_class c join pair on c.oid operator(pg_catalog.=) pair.oid,
         pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) a
    where a.grantee operator(pg_catalog.<>) c.relowner
    union all
    select c.oid, cols.pos, a.grantee, a.privilege_type, a.is_grantable
    from cols join pg_catalog.pg_class c on c.oid operator(pg_catalog.=) cols.attrelid,
         pg_catalog.aclexplode(cols.attacl) a
    where a.grantee operator(pg_catalog.<>) c.relowner
  ),
  on_table as (
    select r.pos, r.grantee, r.privilege, r.grantable from rights r
    where r.rel operator(pg_catalog.=) {1}::pg_catalog.regclass::pg_catalog.oid
  ),
  on_view as (
    select r.pos, r.grantee, r.privilege, r.grantable from rights r
    where r.rel operator(pg_catalog.=) {0}::pg_catalog.regclass::pg_catalog.oid
  ),
  drifted(place, pos, grantee, privilege, grantable) as (
    select 'on the table only', t.* from (select * from on_table except select * from on_view) t
    union all
    select 'on the view only', v.* from (select * from on_view except select * from on_table) v
  )
  select pg_catalog.string_agg(
           case when d.grantee operator(pg_catalog.=) 0 then 'PUBLIC'
                else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(d.grantee)::pg_catalog.text) end
           operator(pg_catalog.||) ' holds ' operator(pg_catalog.||) d.privilege
           operator(pg_catalog.||) case when d.grantable then ' with grant option' else '' end
           operator(pg_catalog.||) case when d.pos operator(pg_catalog.=) 0 then ''
                                        else ' on column ' operator(pg_catalog.||) d.pos::pg_catalog.text end
           operator(pg_catalog.||) ' ' operator(pg_catalog.||) d.place,
           '; ' order by d.place, d.pos, d.grantee, d.privilege)
    into drift
  from drifted d;
  if drift is not null then
    raise exception 'access to % changed since this plan was made; the view % would not give exactly its access: %',
        {1}::pg_catalog.regclass, {0}::pg_catalog.regclass, drift
      using errcode = 'VS412',
            hint = 'nothing was changed; make the scripts again (viewswap export) or run viewswap apply, which'
                   ' mirrors the grants as they are now';
  end if;
end {2}
