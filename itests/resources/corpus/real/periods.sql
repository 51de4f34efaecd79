-- Tables managed by the periods extension (Debian's postgresql-15-periods; the extension's own code is installed
-- by the package, never copied here): SQL:2016 periods, system versioning with a history table, the functions and
-- views periods generates for it, temporal unique and foreign keys checked by its plpgsql trigger functions (which
-- read the names they check from periods' catalog at run time), and a FOR PORTION OF view whose INSTEAD OF
-- trigger builds its UPDATE with format() from that catalog. Only the tables below are ours.
create extension periods cascade;
create table employee (id int primary key, name text not null, salary int not null, dept text not null default 'ops');
select periods.add_system_time_period('employee');
select periods.add_system_versioning('employee');
insert into employee (id, name, salary) values (1, 'ada', 100), (2, 'bob', 90);
create table price (price_no serial primary key, id int not null, valid_from date not null, valid_to date not null, amount int not null);
select periods.add_period('price', 'validity', 'valid_from', 'valid_to');
select periods.add_unique_key('price', array['id'], 'validity');
insert into price (id, valid_from, valid_to, amount) values (1, '2020-01-01', '2030-01-01', 10), (2, '2020-01-01', '2025-01-01', 20);
create table contract (id int primary key, price_id int not null, valid_from date not null, valid_to date not null, note text);
select periods.add_period('contract', 'validity', 'valid_from', 'valid_to');
select periods.add_foreign_key('contract', array['price_id'], 'validity', 'price_id_validity');
insert into contract values (1, 1, '2021-01-01', '2022-01-01', 'first');
create table rate (rate_no serial primary key, code text not null, valid_from date not null, valid_to date not null, amount int not null);
select periods.add_period('rate', 'validity', 'valid_from', 'valid_to');
select periods.add_for_portion_view('rate', 'validity');
insert into rate (code, valid_from, valid_to, amount) values ('std', '2020-01-01', '2030-01-01', 5);
