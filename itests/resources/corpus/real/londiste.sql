-- Tables replicated by Londiste on a root node (Debian's postgresql-15-londiste-sql with postgresql-15-pgq-node and
-- postgresql-15-pgq3; the extensions' own code is installed by the packages, never copied here), set up the way
-- londiste's setup tool does: a cascaded queue on a root node (pgq_node.register_location, pgq_node.create_node), then
-- londiste.local_add_table, whose plpgsql records the table's name as text in londiste.table_info (a table the
-- extension dumps with pg_extension_config_dump) and creates with dynamic SQL the triggers that queue every change
-- through PgQ's compiled pgq.logutriga / pgq.sqltriga. Only the tables below are ours.
create extension pgq;
create extension pgq_node;
create extension londiste;
select * from pgq_node.register_location('repl', 'root1', 'dbname=viewswap_real_corpus_londiste', false);
select * from pgq_node.create_node('repl', 'root', 'root1', 'worker1', null, null, null);
create table account (id int primary key, owner text not null, balance int not null, memo text);
create table ledger (entry_no int primary key, account_id int not null references account, amount int not null, note text);
-- registered without triggers (a table whose changes reach the replica another way): only londiste.table_info names it
create table branch (code text primary key, city text not null);
-- not replicated: not registered with londiste, no trigger
create table scratch (id int primary key, body text);
select * from londiste.local_add_table('repl', 'public.account');
select * from londiste.local_add_table('repl', 'public.ledger', array['tgflags=QIUD', 'ignore=note']);
select * from londiste.local_add_table('repl', 'public.branch', array['no_triggers']);
insert into account values (1, 'ada', 100, 'first'), (2, 'bob', 50, null);
insert into ledger values (1, 1, 100, 'opening');
insert into scratch values (1, 'x');
insert into branch values ('n', 'north');
