-- Tables replicated by mimeo (Debian's postgresql-15-mimeo; the extension's own code is installed by the package, never
-- copied here), set up the way mimeo's documentation says, with this one database as both source and destination
-- (mimeo reaches its source through dblink, here a loop-back connection with a role made for it). dml_maker and
-- logdel_maker read the source table's key and columns from the catalog and generate, on the source, a queue table
-- mimeo.<schema>_<table>_q and a plpgsql trigger function mimeo.<schema>_<table>_mimeo_queue whose INSERTs name the
-- queue table and the key columns (and, for logdel, every column) as text built at set-up time; the trigger calls
-- it after every write. The destination copies live in schema replica. Only the tables below are ours. Each COMMIT
-- lets the loop-back session see what came before.
create extension dblink;
create schema mimeo;
create extension mimeo schema mimeo;
create schema replica;
create role mimeo_link login superuser password 'mimeo-loopback';
insert into mimeo.dblink_mapping_mimeo (data_source, username, pwd)
  select pg_catalog.format('host=127.0.0.1 port=%s dbname=%s', pg_catalog.current_setting('port'),
    pg_catalog.current_database()), 'mimeo_link', 'mimeo-loopback';
-- dml: the queue holds the key of each changed row
create table customer (id int primary key, email text not null, nick text);
-- logdel: the queue also keeps every column of a deleted row
create table orders (order_no int primary key, customer_id int not null references customer, amount int not null, note text);
-- dml with a two-column key
create table line_item (order_no int not null, line_no int not null, qty int not null, primary key (order_no, line_no));
-- not replicated: renames here change nothing mimeo made
create table audit_note (id serial primary key, body text not null);
-- not replicated either, with column names like the replicated ones and their queues
create table ledger (id int primary key, order_no int not null, amount int not null, processed boolean);
insert into customer values (1, 'ada@example.org', 'ada'), (2, 'bob@example.org', 'bob');
insert into orders values (10, 1, 100, 'first'), (12, 2, 30, 'third');
insert into line_item values (10, 1, 2), (10, 2, 5);
insert into audit_note (body) values ('hello');
insert into ledger values (1, 10, 100, false);
commit;
select mimeo.dml_maker('public.customer', 1, 'replica.customer_copy');
commit;
select mimeo.logdel_maker('public.orders', 1, 'replica.orders_copy');
commit;
select mimeo.dml_maker('public.line_item', 1, 'replica.line_item_copy');
commit;
