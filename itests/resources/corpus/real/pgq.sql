-- Tables whose changes are queued by PgQ (Debian's postgresql-15-pgq3; the extension's own code is installed by the
-- package, never copied here): the way PgQ's documentation says, a queue and AFTER ROW triggers that call its
-- compiled trigger functions with the queue's name and their options as arguments. pgq.logutriga encodes each row
-- as urlencoded name=value pairs, pgq.sqltriga as the SQL a replica replays, pgq.jsontriga as JSON, each with the
-- table's name in ev_extra1 and its primary key columns read from the catalog at run time; the ignore= and pkey=
-- options name columns as text. Only the tables below are ours.
create extension pgq;
select pgq.create_queue('shop');
create table customer (id int primary key, email text not null, nick text);
create trigger customer_q after insert or update or delete on customer
  for each row execute procedure pgq.logutriga('shop', 'ignore=nick');
create table orders (order_no int primary key, customer_id int not null references customer, amount int not null, secret text);
create trigger orders_q after insert or update or delete on orders
  for each row execute procedure pgq.sqltriga('shop', 'ignore=secret', 'pkey=order_no');
create table price_list (sku text primary key, price int not null, note text);
create trigger price_list_q after insert or update or delete on price_list
  for each row execute procedure pgq.jsontriga('shop');
-- no trigger: renames here change no event
create table audit_note (id serial primary key, body text not null);
insert into customer values (1, 'ada@example.org', 'ada'), (2, 'bob@example.org', 'bob');
insert into orders values (10, 1, 100, 's1');
insert into price_list values ('a-1', 5, 'first');
insert into audit_note (body) values ('hello');
