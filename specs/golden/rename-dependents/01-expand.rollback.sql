-- viewswap: spec 2026-12-account-to-member (checksum 1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5)
-- renames public.account -> public.member; columns email_addr -> email
-- expand rollback: expanded -> planned, planned for PostgreSQL 18
--   what: undoes expand, back to planned
-- run: psql -X -v ON_ERROR_STOP=1 -f 01-expand.rollback.sql   (as the table owner; one file per psql run)
-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again
\set ON_ERROR_STOP on
begin;
set local search_path = pg_catalog, pg_temp;
set local lock_timeout = '200ms';
set local statement_timeout = '5000ms';
set local idle_in_transaction_session_timeout = '1000ms';
set local synchronous_commit = 'local';
-- viewswap's state schema: refused unless trusted and of this version (the expand script installs it)
do $viewswap_expect$
declare
  problem pg_catalog.record;
begin
  for problem in execute $viewswap_untrusted$
with recursive me(oid) as (
  select r.oid from pg_catalog.pg_roles r where r.rolname operator(pg_catalog.=) current_user
),
mine(oid) as (
  select me.oid from me
  union
  select m.roleid from pg_catalog.pg_auth_members m join mine on m.member operator(pg_catalog.=) mine.oid
),
-- Who may act as whom: (role, member, whether the member may become the role with all its attributes).
edges(roleid, member, may_set) as (
  select m.roleid, m.member,
         coalesce((pg_catalog.to_jsonb(m) operator(pg_catalog.->>) 'set_option')::pg_catalog.bool, true)
           or m.admin_option
  from pg_catalog.pg_auth_members m
  where coalesce((pg_catalog.to_jsonb(m) operator(pg_catalog.->>) 'inherit_option')::pg_catalog.bool, true)
     or coalesce((pg_catalog.to_jsonb(m) operator(pg_catalog.->>) 'set_option')::pg_catalog.bool, true)
     or m.admin_option
  union all
  select o.oid, d.datdba, true
  from pg_catalog.pg_roles o, pg_catalog.pg_database d
  where o.rolname operator(pg_catalog.=) 'pg_database_owner' and d.datname operator(pg_catalog.=) pg_catalog.current_database()
  union all
  select r.oid, cr.oid, true
  from pg_catalog.pg_roles r, pg_catalog.pg_roles cr
  where pg_catalog.current_setting('server_version_num')::pg_catalog.int4 operator(pg_catalog.<) 160000
    and cr.rolcreaterole and not cr.rolsuper and not r.rolsuper and r.oid operator(pg_catalog.<>) cr.oid
),
-- Who gains nothing by acting as a role: the connected role, and whoever may already become it.
becomers(oid) as (
  select me.oid from me
  union
  select e.member from edges e join becomers b on e.roleid operator(pg_catalog.=) b.oid where e.may_set
),
candidates(oid) as (
  select r.oid from pg_catalog.pg_roles r
  where not r.rolsuper
    and r.oid operator(pg_catalog.=) any (select mine.oid from mine)
    and pg_catalog.pg_has_role(current_user, r.oid, 'USAGE'::pg_catalog.text)
),
actors(owner, actor) as (
  select candidates.oid, candidates.oid from candidates
  union
  select a.owner, e.member from actors a join edges e on e.roleid operator(pg_catalog.=) a.actor
),
-- Each candidate's other actors: login roles, not superusers, that may not already become the connected role.
shared(owner, others) as (
  select a.owner, pg_catalog.string_agg(pg_catalog.quote_ident(r.rolname::pg_catalog.text), ', ' order by r.rolname)
  from actors a join pg_catalog.pg_roles r on r.oid operator(pg_catalog.=) a.actor
  where r.rolcanlogin and not r.rolsuper and a.actor operator(pg_catalog.<>) all (select becomers.oid from becomers)
  group by a.owner
),
trusted(oid) as (
  select r.oid from pg_catalog.pg_roles r where r.rolsuper
  union all
  select candidates.oid from candidates
  where candidates.oid operator(pg_catalog.<>) all (select shared.owner from shared)
),
-- Why a role is not trusted, to follow its name: empty, or who else could act as it.
why(oid, text) as (
  select shared.owner, ' (' operator(pg_catalog.||) shared.others operator(pg_catalog.||) ' can act as '
                       operator(pg_catalog.||) pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(shared.owner)::pg_catalog.text)
                       operator(pg_catalog.||) ' too)'
  from shared
),
nsp as (
  select n.oid, n.nspname, n.nspowner, n.nspacl from pg_catalog.pg_namespace n
  where n.nspname operator(pg_catalog.=) 'viewswap'::pg_catalog.name
),
objects(kind, name, owner) as (
  select 'schema', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text), nsp.nspowner from nsp
  union all
  select case when c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[]) then 'table'
              when c.relkind operator(pg_catalog.=) 'v' then 'view'
              when c.relkind operator(pg_catalog.=) 'm' then 'materialized view'
              when c.relkind operator(pg_catalog.=) 'S' then 'sequence'
              when c.relkind operator(pg_catalog.=) 'f' then 'foreign table'
              when c.relkind operator(pg_catalog.=) any ('{i,I}'::pg_catalog."char"[]) then 'index'
              when c.relkind operator(pg_catalog.=) 'c' then 'type' else 'relation' end,
         c.oid::pg_catalog.regclass::pg_catalog.text, c.relowner
  from pg_catalog.pg_class c join nsp on c.relnamespace operator(pg_catalog.=) nsp.oid
  union all
  select case when p.prokind operator(pg_catalog.=) 'p' then 'procedure'
              when p.prokind operator(pg_catalog.=) 'a' then 'aggregate' else 'function' end,
         p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner
  from pg_catalog.pg_proc p join nsp on p.pronamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'type', t.oid::pg_catalog.regtype::pg_catalog.text, t.typowner
  from pg_catalog.pg_type t join nsp on t.typnamespace operator(pg_catalog.=) nsp.oid
  where t.typrelid operator(pg_catalog.=) 0
    and not exists (select from pg_catalog.pg_type b where b.typarray operator(pg_catalog.=) t.oid)
  union all
  select 'operator', o.oid::pg_catalog.regoperator::pg_catalog.text, o.oprowner
  from pg_catalog.pg_operator o join nsp on o.oprnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'collation', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                      operator(pg_catalog.||) pg_catalog.quote_ident(x.collname::pg_catalog.text), x.collowner
  from pg_catalog.pg_collation x join nsp on x.collnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'conversion', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                       operator(pg_catalog.||) pg_catalog.quote_ident(x.conname::pg_catalog.text), x.conowner
  from pg_catalog.pg_conversion x join nsp on x.connamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'operator family', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                            operator(pg_catalog.||) pg_catalog.quote_ident(x.opfname::pg_catalog.text), x.opfowner
  from pg_catalog.pg_opfamily x join nsp on x.opfnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'operator class', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                           operator(pg_catalog.||) pg_catalog.quote_ident(x.opcname::pg_catalog.text), x.opcowner
  from pg_catalog.pg_opclass x join nsp on x.opcnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'text search dictionary', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                                   operator(pg_catalog.||) pg_catalog.quote_ident(x.dictname::pg_catalog.text), x.dictowner
  from pg_catalog.pg_ts_dict x join nsp on x.dictnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'text search configuration', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                                      operator(pg_catalog.||) pg_catalog.quote_ident(x.cfgname::pg_catalog.text), x.cfgowner
  from pg_catalog.pg_ts_config x join nsp on x.cfgnamespace operator(pg_catalog.=) nsp.oid
  union all
  select 'statistics object', pg_catalog.quote_ident(nsp.nspname::pg_catalog.text) operator(pg_catalog.||) '.'
                              operator(pg_catalog.||) pg_catalog.quote_ident(x.stxname::pg_catalog.text), x.stxowner
  from pg_catalog.pg_statistic_ext x join nsp on x.stxnamespace operator(pg_catalog.=) nsp.oid
),
-- Rights others hold: CREATE on the schema; more than SELECT on a table or sequence, or on one of its columns.
acl(object, grantee, privilege) as (
  select 'schema ' operator(pg_catalog.||) pg_catalog.quote_ident(nsp.nspname::pg_catalog.text), a.grantee, a.privilege_type
  from nsp, pg_catalog.aclexplode(nsp.nspacl) a
  where a.privilege_type operator(pg_catalog.=) 'CREATE'
  union all
  select case when c.relkind operator(pg_catalog.=) 'S' then 'sequence ' else 'table ' end
           operator(pg_catalog.||) c.oid::pg_catalog.regclass::pg_catalog.text,
         a.grantee, a.privilege_type
  from pg_catalog.pg_class c join nsp on c.relnamespace operator(pg_catalog.=) nsp.oid,
       pg_catalog.aclexplode(c.relacl) a
  where c.relkind operator(pg_catalog.=) any ('{r,p,S}'::pg_catalog."char"[]) and a.privilege_type operator(pg_catalog.<>) 'SELECT'
  union all
  select 'column ' operator(pg_catalog.||) c.oid::pg_catalog.regclass::pg_catalog.text operator(pg_catalog.||) '.'
           operator(pg_catalog.||) pg_catalog.quote_ident(att.attname::pg_catalog.text),
         a.grantee, a.privilege_type
  from pg_catalog.pg_class c join nsp on c.relnamespace operator(pg_catalog.=) nsp.oid
  join pg_catalog.pg_attribute att on att.attrelid operator(pg_catalog.=) c.oid,
       pg_catalog.aclexplode(att.attacl) a
  where c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[]) and a.privilege_type operator(pg_catalog.<>) 'SELECT'
)
select o.kind operator(pg_catalog.||) ' ' operator(pg_catalog.||) o.name as object,
       pg_catalog.pg_get_userbyid(o.owner)::pg_catalog.text as role,
       o.kind operator(pg_catalog.||) ' ' operator(pg_catalog.||) o.name operator(pg_catalog.||) ' is owned by '
         operator(pg_catalog.||) pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o.owner)::pg_catalog.text)
         operator(pg_catalog.||) coalesce((select why.text from why where why.oid operator(pg_catalog.=) o.owner), '')
         as problem
from objects o
where o.owner operator(pg_catalog.<>) all (select trusted.oid from trusted)
union all
select acl.object,
       case when acl.grantee operator(pg_catalog.=) 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(acl.grantee)::pg_catalog.text end,
       case when acl.grantee operator(pg_catalog.=) 0 then 'PUBLIC'
            else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(acl.grantee)::pg_catalog.text) end
         operator(pg_catalog.||) ' holds ' operator(pg_catalog.||) acl.privilege
         operator(pg_catalog.||) ' on ' operator(pg_catalog.||) acl.object
         operator(pg_catalog.||) coalesce((select why.text from why where why.oid operator(pg_catalog.=) acl.grantee), '')
from acl
where acl.grantee operator(pg_catalog.<>) all (select trusted.oid from trusted)
order by 1, 3
$viewswap_untrusted$ loop
    raise exception 'viewswap''s state schema cannot be trusted: %', problem.problem
      using errcode = 'VS403',
            hint = 'viewswap runs its state functions as you: connect as the role that owns the schema viewswap, or'
                   ' run `viewswap check` for every problem and what to do (never drop the schema: it holds the state'
                   ' of every spec)';
  end loop;
  if not coalesce(pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'::pg_catalog.text),
                                             'pg_namespace'::pg_catalog.name) operator(pg_catalog.=) 'viewswap state v4', false) then
    raise exception 'viewswap''s state schema is missing or not the version this script was made for (%)', 'viewswap state v4'
      using errcode = 'VS426', hint = 'run this export''s expand script (or `viewswap apply SPEC --phase expand`) once more: it installs or upgrades the state schema and, expand being done, changes nothing else; then run this one again';
  end if;
end $viewswap_expect$;
do $viewswap_phase$
declare
  v_state pg_catalog.text;
begin
  select s.state into v_state from viewswap.spec_state s
  where s.spec_id operator(pg_catalog.=) '2026-12-account-to-member'
    and (s.state operator(pg_catalog.=) 'planned' or s.checksum operator(pg_catalog.=) '1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5');
  if coalesce(v_state, 'planned') operator(pg_catalog.=) any ('{planned}'::pg_catalog.text[]) then
    raise notice 'viewswap: spec % is already %: % changes nothing', '2026-12-account-to-member', v_state, 'expand rollback';
    return;
  end if;
  if pg_catalog.current_setting('viewswap.ran_bee7fa954bde96ab', true) operator(pg_catalog.=) 'rollback:expanded' then
    raise exception 'viewswap: % of spec % ran in this session moments ago; % runs in a later run, not the same one',
      'swap rollback', '2026-12-account-to-member', 'expand rollback'
      using errcode = 'VS428', hint = 'one phase per run (docs/pipelines.md): roll back one phase at a time, with: psql -X -v ON_ERROR_STOP=1 -f 01-expand.rollback.sql; this one changed nothing';
  end if;
  -- guard:state: refuse unless spec 2026-12-account-to-member is expanded (and unchanged since earlier phases)
  execute $viewswap_step$select "viewswap"."begin_phase"('2026-12-account-to-member', '1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5', 'expanded')$viewswap_step$;
  -- guard:columns:public.account: refuse unless public.account still has the columns this plan was made for
  execute $viewswap_step$select "viewswap"."expect_columns"('"public"."account"', array['id', 'email_addr', 'display_name', 'legacy_no']::pg_catalog.text[])$viewswap_step$;
  -- drop-view:public.member: drop the transitional view public.member
  execute $viewswap_step$drop view "public"."member"$viewswap_step$;
  -- the state row, as apply writes it
  execute $viewswap_step$select "viewswap"."finish_phase"('2026-12-account-to-member', '1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5', 'expand', 'rollback', 'expanded', 'planned', 'psql 01-expand.rollback.sql', pg_catalog.now(), null, null, null, array[
  'drop view "public"."member"']::text[], '{"id":"2026-12-account-to-member","description":"account becomes member; account_pkey becomes member_pkey, and so on","renames":[{"table":"public.account","to":"member","columns":{"email_addr":"email"}}],"options":{"lock_timeout":"200ms","statement_timeout":"5000ms","retries":30,"backoff":"50ms..5000ms","compat_view":true,"allow_publications":false,"rename_dependents":true,"synchronous_commit":"local"}}')$viewswap_step$;
  perform pg_catalog.set_config('viewswap.ran_bee7fa954bde96ab', 'rollback:planned', false);
end $viewswap_phase$;
commit;
