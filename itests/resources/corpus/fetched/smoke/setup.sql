\set ON_ERROR_STOP 1
create schema app;
create table app.thing (id int primary key, label text);
create table app.thing_history (id int, label text);
create function app.hist() returns trigger language plpgsql as $$
begin
  execute format('insert into app.%I select ($1).*', TG_ARGV[0] || '_history') using NEW;
  return NEW;
end $$;
create trigger h after insert on app.thing for each row execute function app.hist('thing');
