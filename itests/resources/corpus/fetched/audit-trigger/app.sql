-- Our own file (not upstream): application tables audited the way audit-trigger's wiki page and README say,
-- with audit.audit_table(...) after loading upstream/audit.sql.
create table customer (
  id integer primary key,
  name text not null,
  email text
);
create table orders (
  id integer primary key,
  customer integer not null references customer,  -- a column named like another table
  total numeric(10,2) not null,
  note text                                        -- ignored by the audit trigger (its TG_ARGV[1])
);
create table note (                                -- a table named like orders' ignored column
  id integer primary key,
  orders_id integer references orders,
  note text                                        -- and a column named like its own table
);
create table tag (
  id integer primary key,
  tag text not null                                -- a column named like its own table
);

insert into customer values (1, 'ada', 'ada@example.org'), (2, 'bob', null);
insert into orders values (10, 1, 12.50, 'first'), (11, 2, 3.00, null);
insert into note values (100, 10, 'call back');
insert into tag values (1, 'vip'), (2, 'new');

-- row-level auditing with the query text (the simplest form the README shows)
select audit.audit_table('customer');
-- row-level auditing without the query text, updates touching only "note" ignored (TG_ARGV[1] = '{note}')
select audit.audit_table('orders', true, false, '{note}'::text[]);
-- statement-level auditing only
select audit.audit_table('note', false, true);
select audit.audit_table('tag');
