-- Our own file (not upstream): application tables audited the way pgMemento's README says: after the install
-- (INSTALL_PGMEMENTO.sql runs src/*.sql in this order; the load file lists them, since psql's \i is not run here),
-- pgmemento.init('public', ...) adds the pgmemento_audit_id column to every table of the schema, creates the
-- logging triggers per table and the DDL event triggers. Rows are written before init and logged as the baseline.
create table customer (
  id integer primary key,
  name text not null,
  email text
);
create table orders (
  id integer primary key,
  customer integer not null references customer,  -- a column named like another table
  total numeric(10,2) not null,
  note text
);
create table tag (
  id integer primary key,
  tag text not null                                -- a column named like its own table
);
create table scratch (                             -- left out of auditing (init's except_tables)
  id integer primary key,
  pgmemento_audit_id bigint,                       -- a column named like the audit id column, not pgMemento's
  table_name text
);
insert into customer values (1, 'ada', 'ada@example.org'), (2, 'bob', null);
insert into orders values (10, 1, 12.50, 'first'), (11, 2, 3.00, null);
insert into tag values (1, 'vip'), (2, 'new');
insert into scratch values (1, 7, 'customer');

-- audit id column pgmemento_audit_id, log old and new data, log the existing rows as a baseline, no auditing of
-- tables created later, scratch left out
select pgmemento.init('public', 'pgmemento_audit_id', true, true, true, false, array['scratch']);

-- not audited (init covers public only): a reporting schema whose tables and columns have the names of pgMemento's
-- own log tables
create schema reporting;
create table reporting.row_log (
  id integer primary key,
  audit_id bigint,
  event_key text,
  old_data jsonb,
  new_data jsonb
);
create table reporting.table_event_log (
  id integer primary key,
  table_name text,
  op_id smallint
);
create table reporting.audit_column_log (
  id integer primary key,
  column_name text,
  column_default text
);
insert into reporting.row_log values (1, 3, 'k1', null, '{"total": 12.5}');
insert into reporting.table_event_log values (1, 'customer', 3);
insert into reporting.audit_column_log values (1, 'name', null);
