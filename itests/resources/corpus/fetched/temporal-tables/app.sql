-- Our own file (not upstream): versioned tables set up the way temporal_tables' README says (a tstzrange system
-- period column, a history table LIKE the table, a BEFORE ROW trigger calling versioning(period column, history
-- table, mitigate conflicts[, ignore unchanged, include current version, migration mode, increment version,
-- version column])), and unversioned tables whose names are the words the trigger arguments use.
create table subscriptions (
  name text not null,
  state text not null
);
alter table subscriptions add column sys_period tstzrange not null default tstzrange(current_timestamp, null);
create table subscriptions_history (like subscriptions);
alter table subscriptions_history add column archived_by text default 'versioning';  -- a history-only column
create index on subscriptions_history (sys_period);
create trigger versioning_trigger
before insert or update or delete on subscriptions
for each row execute procedure versioning('sys_period', 'subscriptions_history', true);

-- the current version kept in history too, with a version number (all eight arguments)
create table account (
  id integer primary key,
  owner text not null,
  balance numeric(12,2) not null,
  sys_period tstzrange not null default tstzrange(current_timestamp, null),
  version integer not null default 1
);
create table account_history (like account);
create trigger versioning_trigger
before insert or update or delete on account
for each row execute procedure versioning('sys_period', 'account_history', true, false, true, false, true, 'version');

-- history kept in another schema, under the same name (the argument is schema-qualified); a column named like its
-- table
create schema history;
create table price (
  code text primary key,
  price numeric(10,2) not null,
  sys_period tstzrange not null default tstzrange(current_timestamp, null)
);
create table history.price (like price);
create trigger versioning_trigger
before insert or update or delete on price
for each row execute procedure versioning('sys_period', 'history.price', false, true);

-- not versioned: tables and columns named like the words in the trigger arguments
create table version (
  version text primary key,
  released_on date
);
create table plan (
  id integer primary key,
  name text not null,
  state text,
  sys_period tstzrange,
  version integer
);

-- a column named like the history table the trigger argument names
create table audit_note (
  id integer primary key,
  subscriptions_history text
);

insert into audit_note values (1, 'kept for a year');
insert into subscriptions (name, state) values ('test1', 'inserted'), ('test2', 'inserted');
insert into account (id, owner, balance) values (1, 'ada', 100), (2, 'bob', 50);
insert into price (code, price) values ('std', 10), ('pro', 25);
insert into version values ('1.2.1', '2024-01-01');
insert into plan values (1, 'basic', 'active', null, 1);
