-- Functions whose bodies are stored as text and mention one of the given names ($1 text pattern):
-- pg_depend does not track them, so they break at run time after the swap. BEGIN ATOMIC bodies have an
-- empty prosrc and follow renames, so they never match here.
-- trigger_schemas/trigger_names (pairwise): the tables the function fires on as a trigger, so that NEW.name
-- in a trigger function of another table is not taken for the renamed table's column.
-- arg_names: the parameter names (empty strings for unnamed ones); trigger_tgnames/trigger_args (pairwise with
-- trigger_schemas/trigger_names): each trigger's name and its arguments (tgargs, hex), so TG_ARGV[n] and
-- TG_TABLE_NAME can be followed into the names a body computes. Bodies are also read when they compute names
-- (EXECUTE, format, TG_ARGV, TG_TABLE_NAME, TG_RELID) or call such a function ($1 then also names them).
-- extension_member: the function belongs to an extension (pg_depend 'e'), whose names computed from its own
-- configuration are not reported as unknowable.
select p.oid::pg_catalog.regprocedure::pg_catalog.text as signature, l.lanname::pg_catalog.text as language,
       p.prosrc as source,
       array(select tn.nspname::pg_catalog.text
             from pg_catalog.pg_trigger t join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) t.tgrelid
             join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
             where t.tgfoid operator(pg_catalog.=) p.oid and not t.tgisinternal
             order by tn.nspname, tc.relname, t.tgname) as trigger_schemas,
       array(select tc.relname::pg_catalog.text
             from pg_catalog.pg_trigger t join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) t.tgrelid
             join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
             where t.tgfoid operator(pg_catalog.=) p.oid and not t.tgisinternal
             order by tn.nspname, tc.relname, t.tgname) as trigger_names,
       array(select t.tgname::pg_catalog.text
             from pg_catalog.pg_trigger t join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) t.tgrelid
             join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
             where t.tgfoid operator(pg_catalog.=) p.oid and not t.tgisinternal
             order by tn.nspname, tc.relname, t.tgname) as trigger_tgnames,
       array(select pg_catalog.encode(t.tgargs, 'hex')
             from pg_catalog.pg_trigger t join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) t.tgrelid
             join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
             where t.tgfoid operator(pg_catalog.=) p.oid and not t.tgisinternal
             order by tn.nspname, tc.relname, t.tgname) as trigger_args,
       array(select t.tgnargs::pg_catalog.int4
             from pg_catalog.pg_trigger t join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) t.tgrelid
             join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
             where t.tgfoid operator(pg_catalog.=) p.oid and not t.tgisinternal
             order by tn.nspname, tc.relname, t.tgname) as trigger_nargs,
       case when p.proargnames is null then '{}'::pg_catalog.text[] else p.proargnames::pg_catalog.text[] end as arg_names,
       case when p.proargmodes is null then '{}'::pg_catalog.text[] else p.proargmodes::pg_catalog.text[] end as arg_modes,
       exists (select from pg_catalog.pg_depend d
               where d.classid operator(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                 and d.objid operator(pg_catalog.=) p.oid
                 and d.deptype operator(pg_catalog.=) 'e') as extension_member
from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid operator(pg_catalog.=) p.prolang
join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) p.pronamespace
where l.lanname operator(pg_catalog.<>) all ('{c,internal}'::pg_catalog.name[])
  and n.nspname operator(pg_catalog.<>) all ('{pg_catalog,information_schema,viewswap}'::pg_catalog.name[])
  and p.prosrc operator(pg_catalog.~*) ?
order by 1
