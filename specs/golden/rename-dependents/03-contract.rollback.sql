-- viewswap: spec 2026-12-account-to-member (checksum 1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5)
-- contract rollback: contracted -> swapped, planned for PostgreSQL 18
-- run: psql -X -v ON_ERROR_STOP=1 -f 03-contract.rollback.sql   (as the table owner)
-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again
\set ON_ERROR_STOP on
begin;
set local lock_timeout = '200ms';
set local statement_timeout = '5000ms';
-- viewswap's state schema (idempotent), so `viewswap status` is right however the phase was run
create schema if not exists viewswap;

create table if not exists viewswap.spec_state (
  spec_id    text primary key,
  checksum   text not null check (checksum ~ '^[0-9a-f]{64}$'),
  state      text not null check (state in ('planned', 'expanded', 'swapped', 'contracted')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists viewswap.phase_run (
  run_id       bigint generated always as identity primary key,
  spec_id      text not null references viewswap.spec_state (spec_id),
  phase        text not null,
  direction    text not null,
  from_state   text not null,
  to_state     text not null,
  checksum     text not null,
  run_by       text not null default current_user,
  client       text not null,
  started_at   timestamptz,
  finished_at  timestamptz not null default clock_timestamp(),
  attempts     integer check (attempts >= 1),
  lock_wait_ms bigint check (lock_wait_ms >= 0),
  lock_held_ms bigint check (lock_held_ms >= 0),
  statements   text[] not null,
  -- every run moves exactly one state, the way its phase and direction say
  constraint phase_run_one_step check (
       (phase, direction, from_state, to_state) = ('expand', 'forward', 'planned', 'expanded')
    or (phase, direction, from_state, to_state) = ('expand', 'rollback', 'expanded', 'planned')
    or (phase, direction, from_state, to_state) = ('swap', 'forward', 'expanded', 'swapped')
    or (phase, direction, from_state, to_state) = ('swap', 'rollback', 'swapped', 'expanded')
    or (phase, direction, from_state, to_state) = ('contract', 'forward', 'swapped', 'contracted')
    or (phase, direction, from_state, to_state) = ('contract', 'rollback', 'contracted', 'swapped'))
);

create index if not exists phase_run_spec on viewswap.phase_run (spec_id, run_id);

-- Called first in every phase transaction: serialises with other runs of the spec (the same key as the
-- session lock `apply` holds), and refuses a phase out of order or a spec changed since an earlier phase.
create or replace function viewswap.begin_phase(p_spec text, p_checksum text, p_from text) returns void
language plpgsql as $$
declare
  s viewswap.spec_state;
begin
  perform pg_advisory_xact_lock(hashtextextended('viewswap:' || p_spec, 0));
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
create or replace function viewswap.expect_columns(p_table text, p_columns text[]) returns void
language plpgsql as $$
declare
  actual text[];
begin
  select array_agg(a.attname::text order by a.attnum) into actual
  from pg_attribute a
  where a.attrelid = to_regclass(p_table) and a.attnum > 0 and not a.attisdropped;
  if actual is null then
    raise exception 'table % does not exist', p_table
      using errcode = 'VS412', hint = 'the database changed since this plan was made; plan again';
  elsif actual is distinct from p_columns then
    raise exception 'table % has columns % but the plan was made for %', p_table, actual, p_columns
      using errcode = 'VS412', hint = 'the database changed since this plan was made; plan again';
  end if;
end $$;

-- Records a phase run and moves the spec's state, in the phase's own transaction.
create or replace function viewswap.finish_phase(
  p_spec text, p_checksum text, p_phase text, p_direction text, p_from text, p_to text, p_client text,
  p_started timestamptz, p_attempts integer, p_lock_wait_ms bigint, p_lock_held_ms bigint, p_statements text[])
returns void language plpgsql as $$
begin
  insert into viewswap.spec_state (spec_id, checksum, state) values (p_spec, p_checksum, p_to)
  on conflict (spec_id) do update set checksum = excluded.checksum, state = excluded.state, updated_at = now();
  insert into viewswap.phase_run (spec_id, phase, direction, from_state, to_state, checksum, client, started_at,
                                  attempts, lock_wait_ms, lock_held_ms, statements)
  values (p_spec, p_phase, p_direction, p_from, p_to, p_checksum, p_client, p_started,
          p_attempts, p_lock_wait_ms, p_lock_held_ms, p_statements);
end $$;

-- Drops a transition schema, but only one viewswap created and only once nothing else is in it.
create or replace function viewswap.drop_schema_if_empty(p_schema text) returns void
language plpgsql as $$
begin
  if obj_description(to_regnamespace(quote_ident(p_schema)), 'pg_namespace') like 'viewswap transition schema%' then
    begin
      execute format('drop schema %I', p_schema);
    exception when dependent_objects_still_exist then
      raise notice 'transition schema % still holds other objects; kept', p_schema;
    end;
  end if;
end $$;
comment on schema "viewswap" is 'viewswap state v1';
-- guard:state: refuse unless spec 2026-12-account-to-member is contracted (and unchanged since earlier phases)
select "viewswap"."begin_phase"('2026-12-account-to-member', '1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5', 'contracted');
-- guard:columns:public.member: refuse unless public.member still has the columns this plan was made for
select "viewswap"."expect_columns"('"public"."member"', array['id', 'email', 'display_name', 'legacy_no']::text[]);
-- create-view:public.account: create view public.account over public.member
create view "public"."account" as select "id", "email" as "email_addr", "display_name", "legacy_no" from "public"."member";
-- owner:public.account: owned by the table owner postgres
alter view "public"."account" owner to "postgres";
-- revoke:public.account:PUBLIC: reset the view's access: nothing for PUBLIC beyond the table's grants
revoke all on "public"."account" from public;
-- grant:public.account:app_rw: mirror app_rw's table rights [DELETE, INSERT, SELECT, UPDATE]
grant delete, insert, select, update on "public"."account" to "app_rw";
select "viewswap"."finish_phase"('2026-12-account-to-member', '1d704f3f23c531d36e412318c468b0ff251e3933c0c275769ed65b0004c20ce5', 'contract', 'rollback', 'contracted', 'swapped', 'psql 03-contract.rollback.sql', now(), null, null, null, array[
  'create view "public"."account" as select "id", "email" as "email_addr", "display_name", "legacy_no" from "public"."member"',
  'alter view "public"."account" owner to "postgres"',
  'revoke all on "public"."account" from public',
  'grant delete, insert, select, update on "public"."account" to "app_rw"']::text[]);
commit;
