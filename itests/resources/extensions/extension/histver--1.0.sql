-- A small extension shaped like periods' system versioning: its configuration table (registered with
-- pg_extension_config_dump, so pg_extension.extconfig lists it) records a table and its history table by regclass,
-- and its trigger function copies each old row into the history table under the columns' names, read from the
-- catalog at run time. Renaming a column of the history table alone breaks every UPDATE and DELETE of the other.
create schema histver;
create table histver.versioned (
  table_name regclass primary key,
  history_table regclass not null,
  keep_days int not null default 30
);
select pg_catalog.pg_extension_config_dump('histver.versioned', '');
create function histver.copy_old() returns trigger language plpgsql as $$
declare
  h regclass;
  cols text;
begin
  select v.history_table into h from histver.versioned v where v.table_name = TG_RELID;
  select pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' order by a.attnum) into cols
  from pg_catalog.pg_attribute a where a.attrelid = TG_RELID and a.attnum > 0 and not a.attisdropped;
  execute pg_catalog.format('insert into %s (%s) select ($1).*', h, cols) using OLD;
  return null;
end
$$;
