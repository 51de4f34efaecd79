-- viewswap: spec 2026-11-quoted-names (checksum 5e74d6406fd09931813dd7727023190290f12e62d2472c3d903501c99abf0339)
-- renames "Sales Data"."Customer Accounts" -> "Sales Data"."Client Accounts"; columns "Full Name" -> "Display ""Name""", "eMail" -> "E-Mail"
-- expand: planned -> expanded, planned for PostgreSQL 18
--   what: adds views showing the tables under their new names (nothing is renamed yet); old releases keep working unchanged
--   before it: nothing: the old release may keep running
--   after it: deploy the new release, which uses the new names
-- run: psql -X -v ON_ERROR_STOP=1 -f 01-expand.sql   (as the table owner; one file per psql run)
-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again
\set ON_ERROR_STOP on
begin;
set local search_path = pg_catalog, pg_temp;
set local lock_timeout = '200ms';
set local statement_timeout = '5000ms';
set local idle_in_transaction_session_timeout = '1000ms';
set local synchronous_commit = 'local';
-- viewswap's state schema: refused unless trusted, installed only when missing or older (this script
-- installs it for the others), so `viewswap status` is right however the phase was run
do $viewswap_ensure$
declare
  problem pg_catalog.record;
  handed pg_catalog.record;
  existing pg_catalog.oid[];
  untrusted constant pg_catalog.text := $viewswap_untrusted$
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
                                             'pg_namespace'::pg_catalog.name) operator(pg_catalog.=) 'viewswap state v4', false) then
    existing := array(select c.oid from pg_catalog.pg_class c
                      where c.relnamespace operator(pg_catalog.=) pg_catalog.to_regnamespace('viewswap'::pg_catalog.text));
    if pg_catalog.to_regnamespace('viewswap'::pg_catalog.text) is null then
      existing := array[0::pg_catalog.oid];
    end if;
    execute $viewswap_install$
create schema if not exists viewswap;

create table if not exists viewswap.spec_state (
  spec_id    pg_catalog.text primary key,
  checksum   pg_catalog.text not null check (checksum operator(pg_catalog.~) '^[0-9a-f]{64}$'),
  state      pg_catalog.text not null
             check (state operator(pg_catalog.=) any ('{planned,expanded,swapped,contracted}'::pg_catalog.text[])),
  created_at pg_catalog.timestamptz not null default pg_catalog.now(),
  updated_at pg_catalog.timestamptz not null default pg_catalog.now()
);

create table if not exists viewswap.phase_run (
  run_id       bigint generated always as identity primary key,
  spec_id      pg_catalog.text not null references viewswap.spec_state (spec_id),
  phase        pg_catalog.text not null,
  direction    pg_catalog.text not null,
  from_state   pg_catalog.text not null,
  to_state     pg_catalog.text not null,
  checksum     pg_catalog.text not null,
  run_by       pg_catalog.text not null default current_user,
  client       pg_catalog.text not null,
  started_at   pg_catalog.timestamptz,
  finished_at  pg_catalog.timestamptz not null default pg_catalog.clock_timestamp(),
  attempts     bigint check (attempts operator(pg_catalog.>=) 1),
  lock_wait_ms bigint check (lock_wait_ms operator(pg_catalog.>=) 0),
  lock_held_ms bigint check (lock_held_ms operator(pg_catalog.>=) 0),
  statements   pg_catalog.text[] not null,
  -- every run moves exactly one state, the way its phase and direction say
  constraint phase_run_one_step check (
       (phase, direction, from_state, to_state) operator(pg_catalog.=) ('expand', 'forward', 'planned', 'expanded')
    or (phase, direction, from_state, to_state) operator(pg_catalog.=) ('expand', 'rollback', 'expanded', 'planned')
    or (phase, direction, from_state, to_state) operator(pg_catalog.=) ('swap', 'forward', 'expanded', 'swapped')
    or (phase, direction, from_state, to_state) operator(pg_catalog.=) ('swap', 'rollback', 'swapped', 'expanded')
    or (phase, direction, from_state, to_state) operator(pg_catalog.=) ('contract', 'forward', 'swapped', 'contracted')
    or (phase, direction, from_state, to_state) operator(pg_catalog.=) ('contract', 'rollback', 'contracted', 'swapped'))
);

-- v3: the spec as last applied (one line of JSON that viewswap's spec reader reads back), written with the state by
-- finish_phase, so that status shows it and rollback runs without the file. Null in a row an older version wrote.
alter table viewswap.spec_state add column if not exists applied_spec pg_catalog.text;

create index if not exists phase_run_spec on viewswap.phase_run (spec_id, run_id);

-- Called first in every phase transaction: serialises with other runs of the spec (the same key as the
-- session lock `apply` holds), and refuses a phase out of order or a spec changed since an earlier phase.
create or replace function viewswap.begin_phase(p_spec pg_catalog.text, p_checksum pg_catalog.text,
                                                p_from pg_catalog.text) returns pg_catalog.void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  s viewswap.spec_state;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('viewswap:' || p_spec, 0::bigint));
  select * into s from viewswap.spec_state where spec_id = p_spec for update;
  if not found then
    if p_from <> 'planned' then
      raise exception 'spec "%" has no state yet (planned); this step needs state "%"', p_spec, p_from
        using errcode = 'VS409', hint = 'run the phases in order: expand, swap, contract';
    end if;
  elsif s.state <> 'planned' and s.checksum <> p_checksum then
    raise exception 'spec "%" changed since an earlier phase: its renames no longer match the ones applied', p_spec
      using errcode = 'VS409',
            hint = 'restore the spec as it was when expand ran, or roll back to planned first';
  elsif s.state <> p_from then
    raise exception 'spec "%" is %; this step needs state "%"', p_spec, s.state, p_from
      using errcode = 'VS409', hint = 'run `viewswap status` to see where it stands';
  end if;
end $$;

-- Guard: the table still has exactly the columns, in order, that the plan was made from.
create or replace function viewswap.expect_columns(p_table pg_catalog.text, p_columns pg_catalog.text[])
returns pg_catalog.void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  actual text[];
begin
  select pg_catalog.array_agg(a.attname::text order by a.attnum) into actual
  from pg_catalog.pg_attribute a
  where a.attrelid = pg_catalog.to_regclass(p_table) and a.attnum > 0 and not a.attisdropped;
  if actual is null then
    raise exception 'table % does not exist', p_table
      using errcode = 'VS412', hint = 'the database changed since this plan was made; plan again';
  elsif actual is distinct from p_columns then
    raise exception 'table % has columns % but the plan was made for %', p_table, actual, p_columns
      using errcode = 'VS412', hint = 'the database changed since this plan was made; plan again';
  end if;
end $$;

-- Records a phase run and moves the spec's state, in the phase's own transaction. v3 added p_applied_spec (the v2
-- signature is dropped so that a call is never ambiguous; a v2 script's call, without it, keeps the stored spec).
drop function if exists viewswap.finish_phase(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text,
  pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.timestamptz, integer, bigint, bigint, pg_catalog.text[]);
create or replace function viewswap.finish_phase(
  p_spec pg_catalog.text, p_checksum pg_catalog.text, p_phase pg_catalog.text, p_direction pg_catalog.text,
  p_from pg_catalog.text, p_to pg_catalog.text, p_client pg_catalog.text, p_started pg_catalog.timestamptz,
  p_attempts integer, p_lock_wait_ms bigint, p_lock_held_ms bigint, p_statements pg_catalog.text[],
  p_applied_spec pg_catalog.text default null)
returns pg_catalog.void language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  insert into viewswap.spec_state (spec_id, checksum, state, applied_spec) values (p_spec, p_checksum, p_to, p_applied_spec)
  on conflict (spec_id) do update set checksum = excluded.checksum, state = excluded.state,
    applied_spec = coalesce(excluded.applied_spec, viewswap.spec_state.applied_spec), updated_at = pg_catalog.now();
  insert into viewswap.phase_run (spec_id, phase, direction, from_state, to_state, checksum, client, started_at,
                                  attempts, lock_wait_ms, lock_held_ms, statements)
  values (p_spec, p_phase, p_direction, p_from, p_to, p_checksum, p_client, p_started,
          p_attempts, p_lock_wait_ms, p_lock_held_ms, p_statements);
end $$;

-- Transition schemas viewswap created, by oid: only these are ever granted on, shared by another spec, or dropped.
-- A schema that merely has the name (made by someone else before expand, or dropped and made again) is not in here.
create table if not exists viewswap.transition_schema (
  schema_oid  pg_catalog.oid primary key,
  schema_name pg_catalog.text not null,
  spec_id     pg_catalog.text not null,
  created_at  pg_catalog.timestamptz not null default pg_catalog.now()
);

-- v4: what identifies a recorded schema once its oid changed. pg_dump/pg_restore and pg_upgrade give every schema a
-- new oid (pg_upgrade keeps relations' but not schemas'), and the row above keeps the old one. The mark is a random
-- token written by record_schema both here and into the schema's comment, which a dump and an upgrade carry over;
-- owner_name is the role viewswap made own the schema (role names, not oids, survive a restore). Null in rows an
-- older version wrote: those are found by oid only.
alter table viewswap.transition_schema add column if not exists mark pg_catalog.text;
alter table viewswap.transition_schema add column if not exists owner_name pg_catalog.text;

-- Records a transition schema the phase has just created (in the same transaction), and takes back what
-- ALTER DEFAULT PRIVILEGES ... ON SCHEMAS handed out on it: a role that may create in the schema the new release
-- searches first could put a table there under a name the release uses, and capture its writes. Appends the mark
-- to the schema's comment: COMMENT ON SCHEMA needs the schema owner's rights, so only its owner (the table owner,
-- whom viewswap made own it) or a superuser could put the mark on a schema, and the owner must match too.
create or replace function viewswap.record_schema(p_schema pg_catalog.text, p_spec pg_catalog.text)
returns pg_catalog.void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  ns oid := pg_catalog.to_regnamespace(pg_catalog.quote_ident(p_schema));
  v_mark text := pg_catalog.gen_random_uuid()::text;
  handed record;
begin
  for handed in
    select distinct a.grantee from pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
    where n.oid = ns and a.grantee <> n.nspowner
  loop
    execute pg_catalog.format('revoke all on schema %I from %s', p_schema,
      case when handed.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(handed.grantee)::text) end);
  end loop;
  execute pg_catalog.format('comment on schema %I is %L', p_schema,
    coalesce(pg_catalog.obj_description(ns, 'pg_namespace'), 'viewswap transition schema of spec ' || p_spec)
    || ' (mark ' || v_mark || ')');
  insert into viewswap.transition_schema (schema_oid, schema_name, spec_id, mark, owner_name)
  values (ns, p_schema, p_spec, v_mark,
          (select pg_catalog.pg_get_userbyid(n.nspowner)::text from pg_catalog.pg_namespace n where n.oid = ns));
end $$;

-- The oid of the schema named p_schema when viewswap's state records it, else null. By oid first; failing that
-- (a restore or an upgrade gave it a new oid), by what survives them: the recorded name, the recorded owner and
-- the recorded mark in its comment; the row then gets the new oid. A schema someone else made under the name is
-- owned by someone else, and one its owner made by hand lacks the mark (see docs/threat-model.md).
create or replace function viewswap.recorded_schema(p_schema pg_catalog.text) returns pg_catalog.oid
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  ns oid := pg_catalog.to_regnamespace(pg_catalog.quote_ident(p_schema));
  v_key oid;
begin
  if ns is null then
    return null;
  elsif exists (select from viewswap.transition_schema t where t.schema_oid = ns) then
    return ns;
  end if;
  select t.schema_oid into v_key
  from viewswap.transition_schema t, pg_catalog.pg_namespace n
  where n.oid = ns and t.schema_name = p_schema and t.mark is not null
    and t.owner_name = pg_catalog.pg_get_userbyid(n.nspowner)::text
    and pg_catalog.strpos(coalesce(pg_catalog.obj_description(ns, 'pg_namespace'), ''),
                          ' (mark ' || t.mark || ')') > 0
  limit 1;
  if not found then
    return null;
  end if;
  update viewswap.transition_schema t set schema_oid = ns where t.schema_oid = v_key;
  return ns;
end $$;

-- Drops a transition schema, but only one viewswap created (recorded above, not merely commented) and only once
-- nothing else is in it.
create or replace function viewswap.drop_schema_if_empty(p_schema pg_catalog.text) returns pg_catalog.void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  ns oid := viewswap.recorded_schema(p_schema);
begin
  if ns is not null then
    begin
      execute pg_catalog.format('drop schema %I', p_schema);
      delete from viewswap.transition_schema t where t.schema_oid = ns;
    exception when dependent_objects_still_exist then
      raise notice 'transition schema % still holds other objects; kept', p_schema;
    end;
  end if;
end $$;

-- options.release_role: the search_path viewswap gave a release's login role, and what the role had before, so
-- that rollback and contract put back exactly that. One row per set and per restore: the history of the setting.
create table if not exists viewswap.role_setting (
  change_id    bigint generated always as identity primary key,
  spec_id      pg_catalog.text not null,
  role_name    pg_catalog.text not null,
  database     pg_catalog.text not null,
  action       pg_catalog.text not null check (action operator(pg_catalog.=) any ('{set,restore}'::pg_catalog.text[])),
  previous     pg_catalog.text, -- the role's search_path in the database before this change; null: none
  value        pg_catalog.text, -- what this change left; null: none
  changed_by   pg_catalog.text not null default current_user,
  changed_at   pg_catalog.timestamptz not null default pg_catalog.clock_timestamp()
);

-- A search_path as PostgreSQL stores it in pg_db_role_setting (each schema already quoted as needed), checked
-- to be only that: the release role may set its own defaults, so the text is not trusted to be pasted into SQL.
create or replace function viewswap.search_path_sql(p_value pg_catalog.text) returns pg_catalog.text
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
begin
  if p_value is null then
    return null;
  elsif p_value in ('""', '') then
    return '''''';
  elsif p_value !~ '^\s*("([^"]|"")+"|[a-z_][a-z0-9_$]*)(\s*,\s*("([^"]|"")+"|[a-z_][a-z0-9_$]*))*\s*$' then
    raise exception 'search_path setting % is not a list of schema names', p_value
      using errcode = 'VS412', hint = 'set it by hand with ALTER ROLE ... IN DATABASE ... SET search_path';
  end if;
  return p_value;
end $$;

-- The role's search_path setting for this database (not the role-wide or database-wide ones), or null.
create or replace function viewswap.role_search_path(p_role pg_catalog.text) returns pg_catalog.text
language sql stable set search_path = pg_catalog, pg_temp as $$
  select substr(c, length('search_path=') + 1)
  from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) c
  where s.setrole = (select r.oid from pg_catalog.pg_roles r where r.rolname = p_role)
    and s.setdatabase = (select d.oid from pg_catalog.pg_database d where d.datname = current_database())
    and c like 'search_path=%'
$$;

-- The rows below are looked up by spec and role, not by database: the state schema lives in one database, and a
-- restore into a database of another name brings rows that name the old one (database is kept for people).

-- Expand (and contract rollback): the release role finds the transition schemas first. Remembers the setting
-- it replaces; a second set before a restore keeps the first one remembered.
create or replace function viewswap.set_release_search_path(p_spec pg_catalog.text, p_role pg_catalog.text,
                                                            p_schemas pg_catalog.text[])
returns pg_catalog.void language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_previous text := viewswap.role_search_path(p_role);
  v_value text := (select string_agg(quote_ident(s), ', ' order by o) from unnest(p_schemas) with ordinality u(s, o));
  v_last viewswap.role_setting;
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = p_role) then
    raise exception 'release role % does not exist', quote_ident(p_role)
      using errcode = 'VS412', hint = 'viewswap never creates roles: create it, or fix options.release_role';
  end if;
  select * into v_last from viewswap.role_setting
  where spec_id = p_spec and role_name = p_role
  order by change_id desc limit 1;
  if found and v_last.action = 'set' then
    v_previous := v_last.previous;
  end if;
  execute format('alter role %I in database %I set search_path = %s', p_role, current_database(), v_value);
  insert into viewswap.role_setting (spec_id, role_name, database, action, previous, value)
  values (p_spec, p_role, current_database(), 'set', v_previous, viewswap.role_search_path(p_role));
end $$;

-- Expand rollback and contract: the release role gets back the setting it had before the last set. Nothing to
-- do when viewswap never set it (a phase run twice, or by hand).
create or replace function viewswap.restore_release_search_path(p_spec pg_catalog.text, p_role pg_catalog.text)
returns pg_catalog.void language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_last viewswap.role_setting;
  v_current text := viewswap.role_search_path(p_role);
begin
  select * into v_last from viewswap.role_setting
  where spec_id = p_spec and role_name = p_role
  order by change_id desc limit 1;
  if not found or v_last.action <> 'set' or not exists (select 1 from pg_catalog.pg_roles where rolname = p_role) then
    return;
  end if;
  if v_last.previous is null then
    execute format('alter role %I in database %I reset search_path', p_role, current_database());
  else
    execute format('alter role %I in database %I set search_path = %s', p_role, current_database(),
                   viewswap.search_path_sql(v_last.previous));
  end if;
  insert into viewswap.role_setting (spec_id, role_name, database, action, previous, value)
  values (p_spec, p_role, current_database(), 'restore', v_current, viewswap.role_search_path(p_role));
end $$;

-- v4, swap and its rollback: puts back the setting viewswap's state says is in force (the last change is a set)
-- when the role has none in this database, as a restore from a pg_dump without --create leaves it (ALTER ROLE ...
-- IN DATABASE is not in such a dump). A setting someone changed is theirs: left alone (check warns about it).
create or replace function viewswap.reapply_release_search_path(p_spec pg_catalog.text, p_role pg_catalog.text)
returns pg_catalog.void language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_last viewswap.role_setting;
begin
  select * into v_last from viewswap.role_setting
  where spec_id = p_spec and role_name = p_role
  order by change_id desc limit 1;
  if not found or v_last.action <> 'set' or v_last.value is null
     or viewswap.role_search_path(p_role) is not null
     or not exists (select 1 from pg_catalog.pg_roles where rolname = p_role) then
    return;
  end if;
  execute format('alter role %I in database %I set search_path = %s', p_role, current_database(),
                 viewswap.search_path_sql(v_last.value));
  insert into viewswap.role_setting (spec_id, role_name, database, action, previous, value)
  values (p_spec, p_role, current_database(), 'set', v_last.previous, viewswap.role_search_path(p_role));
  raise notice 'release role %: search_path put back to % in database % (a restore had lost it)',
    quote_ident(p_role), v_last.value, quote_ident(current_database());
end $$;
comment on schema "viewswap" is 'viewswap state v4';
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
end $viewswap_ensure$;
do $viewswap_phase$
declare
  v_state pg_catalog.text;
begin
  select s.state into v_state from viewswap.spec_state s
  where s.spec_id operator(pg_catalog.=) '2026-11-quoted-names'
    and (s.state operator(pg_catalog.=) 'planned' or s.checksum operator(pg_catalog.=) '5e74d6406fd09931813dd7727023190290f12e62d2472c3d903501c99abf0339');
  if coalesce(v_state, 'planned') operator(pg_catalog.=) any ('{expanded,swapped,contracted}'::pg_catalog.text[]) then
    raise notice 'viewswap: spec % is already %: % changes nothing', '2026-11-quoted-names', v_state, 'expand';
    return;
  end if;
  if pg_catalog.current_setting('viewswap.ran_19c3025b4f411886', true) operator(pg_catalog.=) 'forward:planned' then
    raise exception 'viewswap: % of spec % ran in this session moments ago; % runs in a later run, not the same one',
      'an earlier phase', '2026-11-quoted-names', 'expand'
      using errcode = 'VS428', hint = 'one phase per run (docs/pipelines.md): run expand later, once nothing: the old release may keep running, with: psql -X -v ON_ERROR_STOP=1 -f 01-expand.sql; this one changed nothing';
  end if;
  -- guard:state: refuse unless spec 2026-11-quoted-names is planned (and unchanged since earlier phases)
  execute $viewswap_step$select "viewswap"."begin_phase"('2026-11-quoted-names', '5e74d6406fd09931813dd7727023190290f12e62d2472c3d903501c99abf0339', 'planned')$viewswap_step$;
  -- guard:columns:"Sales Data"."Customer Accounts": refuse unless "Sales Data"."Customer Accounts" still has the columns this plan was made for
  execute $viewswap_step$select "viewswap"."expect_columns"('"Sales Data"."Customer Accounts"', array['ID', 'Full Name', 'eMail', 'Region']::pg_catalog.text[])$viewswap_step$;
  -- create-view:"Sales Data"."Client Accounts": create view "Sales Data"."Client Accounts" over "Sales Data"."Customer Accounts"
  execute $viewswap_step$create view "Sales Data"."Client Accounts" as select "ID", "Full Name" as "Display ""Name""", "eMail" as "E-Mail", "Region" from "Sales Data"."Customer Accounts"$viewswap_step$;
  -- owner:"Sales Data"."Client Accounts": owned by the table owner postgres
  execute $viewswap_step$alter view "Sales Data"."Client Accounts" owner to "postgres"$viewswap_step$;
  -- revoke:"Sales Data"."Client Accounts":PUBLIC: reset the view's access: nothing for PUBLIC beyond the table's grants
  execute $viewswap_step$revoke all on "Sales Data"."Client Accounts" from public$viewswap_step$;
  -- grant:"Sales Data"."Client Accounts":app_rw: mirror app_rw's table rights [DELETE, INSERT, SELECT, UPDATE]
  execute $viewswap_step$grant delete, insert, select, update on "Sales Data"."Client Accounts" to "app_rw"$viewswap_step$;
  -- guard:access:"Sales Data"."Client Accounts": refuse unless access through "Sales Data"."Client Accounts" is exactly access to "Sales Data"."Customer Accounts" as it is when this runs, not as it was when this was planned
  execute $viewswap_step$do $viewswap_access$
declare
  drift pg_catalog.text;
begin
  with pair(oid) as (
    select pg_catalog.unnest(array['"Sales Data"."Client Accounts"'::pg_catalog.regclass, '"Sales Data"."Customer Accounts"'::pg_catalog.regclass]::pg_catalog.oid[])
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
    where r.rel operator(pg_catalog.=) '"Sales Data"."Customer Accounts"'::pg_catalog.regclass::pg_catalog.oid
  ),
  on_view as (
    select r.pos, r.grantee, r.privilege, r.grantable from rights r
    where r.rel operator(pg_catalog.=) '"Sales Data"."Client Accounts"'::pg_catalog.regclass::pg_catalog.oid
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
        '"Sales Data"."Customer Accounts"'::pg_catalog.regclass, '"Sales Data"."Client Accounts"'::pg_catalog.regclass, drift
      using errcode = 'VS412',
            hint = 'nothing was changed; make the scripts again (viewswap export) or run viewswap apply, which'
                   ' mirrors the grants as they are now';
  end if;
end $viewswap_access$$viewswap_step$;
  -- comment:"Sales Data"."Client Accounts": copy the table comment
  execute $viewswap_step$comment on view "Sales Data"."Client Accounts" is 'Accounts, with names that need quoting'$viewswap_step$;
  -- comment:"Sales Data"."Client Accounts".Display "Name": copy the column comment
  execute $viewswap_step$comment on column "Sales Data"."Client Accounts"."Display ""Name""" is 'Name as shown to the customer'$viewswap_step$;
  -- the state row, as apply writes it
  execute $viewswap_step$select "viewswap"."finish_phase"('2026-11-quoted-names', '5e74d6406fd09931813dd7727023190290f12e62d2472c3d903501c99abf0339', 'expand', 'forward', 'planned', 'expanded', 'psql 01-expand.sql', pg_catalog.now(), null, null, null, array[
  'create view "Sales Data"."Client Accounts" as select "ID", "Full Name" as "Display ""Name""", "eMail" as "E-Mail", "Region" from "Sales Data"."Customer Accounts"',
  'alter view "Sales Data"."Client Accounts" owner to "postgres"',
  'revoke all on "Sales Data"."Client Accounts" from public',
  'grant delete, insert, select, update on "Sales Data"."Client Accounts" to "app_rw"',
  'comment on view "Sales Data"."Client Accounts" is ''Accounts, with names that need quoting''',
  'comment on column "Sales Data"."Client Accounts"."Display ""Name""" is ''Name as shown to the customer''']::text[], E'{"id":"2026-11-quoted-names","description":"mixed case, spaces and a double quote in names","renames":[{"table":"Sales Data.Customer Accounts","to":"Client Accounts","columns":{"Full Name":"Display \\"Name\\"","eMail":"E-Mail"}}],"options":{"lock_timeout":"200ms","statement_timeout":"5000ms","retries":30,"backoff":"50ms..5000ms","compat_view":true,"allow_publications":false,"rename_dependents":false,"synchronous_commit":"local"}}')$viewswap_step$;
  perform pg_catalog.set_config('viewswap.ran_19c3025b4f411886', 'forward:expanded', false);
end $viewswap_phase$;
commit;
