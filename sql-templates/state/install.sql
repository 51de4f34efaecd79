-- viewswap's state: one row per spec and a history of every phase run, written in the same transaction as the
-- phase's DDL so that state and schema can never disagree. Idempotent; run under an advisory lock.
-- The functions are shared by `apply` and by exported scripts, so both write the same rows the same way.
-- Run only from state/ensure.sql, after the schema was found trusted (or missing). Every function pins
-- search_path to pg_catalog, pg_temp, so a caller's search_path never picks the built-ins they call, and their
-- bodies are written plainly; everything else here (column and parameter types, defaults, checks) is resolved
-- once, under the installing session's search_path, and kept by OID, so it is qualified (see the package-info
-- of io.viewswap.catalog): whoever could shadow now() or = there would run code on every phase.
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
