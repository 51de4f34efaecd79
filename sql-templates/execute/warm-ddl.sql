-- A rehearsal, before the lock, of the kinds of statement a phase runs under it, on objects of the session's
-- own temporary schema. A new session's first DDL loads the system catalogs' cache entries and looks up
-- types, roles and event triggers; without this, that work falls inside the lock window and clients queue
-- behind it (on PostgreSQL 18 it is most of the window). Nothing here names an object of anyone else's or
-- waits for a lock on one. The runner rolls it back at once (a savepoint); any error (no TEMP privilege on
-- the database, an event trigger that refuses it) is swallowed, because the rehearsal only saves time.
do $viewswap_warm$
begin
  create temporary table pg_temp.viewswap_warm (a pg_catalog.int4, b pg_catalog.text);
  create temporary view pg_temp.viewswap_warm_v as select a, b as c from pg_temp.viewswap_warm;
  drop view pg_temp.viewswap_warm_v;
  alter table pg_temp.viewswap_warm rename column b to c;
  alter table pg_temp.viewswap_warm rename to viewswap_warm_t;
  create temporary view pg_temp.viewswap_warm_v as select a, c as b from pg_temp.viewswap_warm_t;
  alter view pg_temp.viewswap_warm_v owner to current_user;
  revoke all on pg_temp.viewswap_warm_v from public;
  grant select on pg_temp.viewswap_warm_v to public;
  comment on view pg_temp.viewswap_warm_v is 'viewswap';
  comment on column pg_temp.viewswap_warm_v.a is 'viewswap';
exception when others then
  null;
end
$viewswap_warm$
