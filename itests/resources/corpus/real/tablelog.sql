-- Tables whose changes table_log logs (Debian's postgresql-15-tablelog; the extension's own code is installed by the
-- package, never copied here), the ways its documentation says: table_log_init (plpgsql) creates the log table
-- (LIKE the logged table plus trigger_mode, trigger_tuple, trigger_changed and a trigger_id from its own sequence)
-- and an AFTER ROW trigger calling the compiled table_log() (or table_log_basic()) with the log table's name and
-- schema as arguments; a table_log() trigger without arguments writes to <table>_log in the table's schema. The
-- compiled trigger writes every column of the logged row into the log table by the logged table's column names;
-- the compiled table_log_restore_table() rebuilds a table's state from the log by table and column names given as
-- text. Only the tables below are ours.
create extension table_log;
create schema audit;
-- table_log_init: log table account_log named in the trigger's arguments
create table account (id int primary key, owner text not null, balance int not null);
select table_log_init(4, 'public', 'account', 'public', null);
-- by hand, as table_log's README shows: no arguments, so the log table is <table>_log
create table item (id int primary key, name text not null, price int not null);
create table item_log (like item, trigger_mode varchar(10) not null, trigger_tuple varchar(5) not null,
  trigger_changed timestamptz not null, trigger_id bigserial primary key);
create trigger item_log_trigger after insert or update or delete on item for each row execute procedure table_log();
-- basic mode, log table in another schema and with a name of its own
create table price (sku text primary key, amount int not null);
select table_log_init(3, 'public', 'price', 'audit', 'price_history', 'SINGLE', true);
-- not logged: renames here change nothing table_log made
create table audit_note (id serial primary key, body text not null);
-- not logged either, with column names like the logged ones and their logs
create table ledger (id int primary key, owner text not null, balance int not null, name text, trigger_mode text);
insert into account values (1, 'ada', 100), (2, 'bob', 50);
insert into item values (1, 'pen', 3), (2, 'ink', 9);
insert into price values ('a-1', 5);
insert into audit_note (body) values ('hello');
insert into ledger values (1, 'ada', 100, 'pen', 'x');
