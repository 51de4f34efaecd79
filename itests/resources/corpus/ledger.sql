-- A ledger whose triggers and functions build their table and column names at run time: history tables named
-- after an entity label passed as a trigger argument, statistics tables named by a caller's fragment, a table
-- passed as text to a function that splices it into EXECUTE, columns named only inside format() templates,
-- a trigger function that tests which table fired it, a table read from configuration, and words that are a
-- table in one place and a column in another.
create table item (id int primary key, name text not null, qty int not null default 0, flagged boolean not null default false);
create table item_history (id int, name text, qty int, flagged boolean, changed_at timestamptz);
create table item_stats (writes int not null default 0);
insert into item_stats values (0);

-- Copies the new row into the table named by the trigger's entity label (TG_ARGV[0]) plus '_history'.
create function keep_history() returns trigger language plpgsql as $$
begin
  execute format('insert into %I select ($1).*, now()', TG_ARGV[0] || '_history') using NEW;
  return NEW;
end $$;
create trigger item_keep after insert or update on item for each row execute function keep_history('item');
create table stock (id int primary key, qty int not null);
create table stock_history (id int, qty int, changed_at timestamptz);
create trigger stock_keep after insert or update on stock for each row execute function keep_history('stock');

-- Counts writes in <entity>_stats; the entity comes from the caller.
create function bump_stats(entity text) returns void language plpgsql as $$
begin
  execute format('update %I set writes = writes + 1', entity || '_stats');
end $$;
create function item_touch() returns trigger language plpgsql as $$
begin
  perform bump_stats('item');
  return NEW;
end $$;
create trigger item_touch after insert on item for each row execute function item_touch();

-- A table passed in as text and spliced into EXECUTE: the column is in the string, the table in the caller.
create function set_flag(tbl text, flag boolean) returns void language plpgsql as $$
begin
  execute 'update ' || quote_ident(tbl) || ' set flagged = $1' using flag;
end $$;
create function flag_all() returns void language plpgsql as $$
begin
  perform set_flag('item', true);
end $$;

-- A column named only inside a format() template whose table is the trigger's own (%I of TG_TABLE_NAME).
create table task (id int primary key, title text not null, done boolean not null default false);
create table task_count (open_tasks int not null);
insert into task_count values (0);
create function recount() returns trigger language plpgsql as $$
declare
  n int;
begin
  execute format('select count(*) from %I.%I where not done', TG_TABLE_SCHEMA, TG_TABLE_NAME) into n;
  update task_count set open_tasks = n;
  return null;
end $$;
create trigger task_recount after insert or update on task for each statement execute function recount();

-- Routes by which table fired it.
create table link_a_ref (id int primary key, target text not null);
create table link_b_ref (id int primary key, target text not null);
create table plain_ref (id int primary key, target text not null);
create table ref_log (kind text not null, target text not null);
create function route_ref() returns trigger language plpgsql as $$
begin
  if TG_TABLE_NAME like 'link_%_ref' then
    insert into ref_log values ('link', NEW.target);
  else
    insert into ref_log values ('other', NEW.target);
  end if;
  case TG_TABLE_NAME
    when 'plain_ref' then insert into ref_log values ('plain', NEW.target);
    else null;
  end case;
  if TG_RELID = 'link_b_ref'::regclass then
    insert into ref_log values ('b', NEW.target);
  end if;
  return NEW;
end $$;
create trigger a_route after insert on link_a_ref for each row execute function route_ref();
create trigger b_route after insert on link_b_ref for each row execute function route_ref();
create trigger p_route after insert on plain_ref for each row execute function route_ref();

-- Words with two meanings: a table "label" with a column "label", a table "tag" with a column "label",
-- a table "owner" and a column "owner" of "pet".
create table label (id int primary key, label text not null);
create table tag (id int primary key, label text, weight int not null default 1);
create table owner (id int primary key, name text not null);
create table pet (id int primary key, owner int not null, name text not null);
create function tag_labels() returns text language plpgsql stable as $$
begin
  return (select string_agg(label, ',' order by label) from tag);
end $$;
create function pets_of(x int) returns bigint language sql stable as $$
  select count(*) from pet where owner = x
$$;
create function label_names() returns text language sql stable as $$
  select string_agg(l.label, ',' order by l.label) from label l
$$;

-- The table's name is configuration data, read at run time.
create table report_target (tbl text not null, col text not null);
insert into report_target values ('tag', 'weight');
create function report_total() returns bigint language plpgsql stable as $$
declare
  t text;
  c text;
  n bigint;
begin
  select tbl, col into t, c from report_target limit 1;
  execute format('select coalesce(sum(%I), 0) from %I', c, t) into n;
  return n;
end $$;

insert into item values (1, 'bolt', 5);
insert into task values (1, 'first', false);
insert into label values (1, 'red');
insert into tag values (1, 'red', 2);
insert into owner values (1, 'ann');
insert into pet values (1, 1, 'rex');
