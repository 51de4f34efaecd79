-- Functions whose bodies are stored as text and mention one of the given names ($1 text pattern):
-- pg_depend does not track them, so they break at run time after the swap. BEGIN ATOMIC bodies have an
-- empty prosrc and follow renames, so they never match here.
-- trigger_schemas/trigger_names (pairwise): the tables the function fires on as a trigger, so that NEW.name
-- in a trigger function of another table is not taken for the renamed table's column.
select p.oid::regprocedure::text as signature, l.lanname::text as language, p.prosrc as source,
       array(select tn.nspname::text from pg_trigger t join pg_class tc on tc.oid = t.tgrelid
             join pg_namespace tn on tn.oid = tc.relnamespace
             where t.tgfoid = p.oid and not t.tgisinternal order by tn.nspname, tc.relname, t.tgname) as trigger_schemas,
       array(select tc.relname::text from pg_trigger t join pg_class tc on tc.oid = t.tgrelid
             join pg_namespace tn on tn.oid = tc.relnamespace
             where t.tgfoid = p.oid and not t.tgisinternal order by tn.nspname, tc.relname, t.tgname) as trigger_names
from pg_proc p join pg_language l on l.oid = p.prolang
join pg_namespace n on n.oid = p.pronamespace
where l.lanname not in ('c', 'internal')
  and n.nspname not in ('pg_catalog', 'information_schema', 'viewswap')
  and p.prosrc ~* ?
order by 1
