-- Triggers whose arguments (pg_trigger.tgargs, text never re-parsed) may name a renamed table or column:
-- every user trigger on the spec's tables ($1 bigint[] oids), their partitions and inheritance children, and any
-- trigger elsewhere whose arguments contain one of the renamed names ($2 text[], bytes compared, case kept), and
-- any trigger calling a compiled function on a table a renamed table is named after ($3 text[]: a renamed item_log
-- for a trigger on item in the same schema, checked by the caller), since such a function may find its table
-- from the name of the table it fires on (table_log() writes into <table>_log).
-- Clones of a partitioned table's trigger (tgparentid <> 0) repeat its arguments: the parent's is reported.
-- reads_args: the body of a PL function mentions TG_ARGV (C functions cannot be read, the caller knows them);
-- reviewed: it carries the viewswap:reviewed mark.
-- Triggers on the views that depend on those tables (through their rewrite rules, views of views included) are
-- read too (on_view): an INSTEAD OF trigger there writes to the renamed table.
-- extension: the extension the function belongs to (pg_depend 'e'), empty for none; runs_computed_sql: its PL
-- body runs SQL it builds at run time (EXECUTE), whose names viewswap cannot follow in an extension's own code.
with recursive tree(relid, top, on_view) as (
  select o::pg_catalog.oid, o::pg_catalog.oid, false from pg_catalog.unnest(?::bigint[]) as o
  union
  select ch.child, tree.top, tree.on_view or ch.is_view
  from tree join (
    select i.inhparent as parent, i.inhrelid as child, false as is_view from pg_catalog.pg_inherits i
    union all
    select d.refobjid, r.ev_class, true
    from pg_catalog.pg_depend d
    join pg_catalog.pg_rewrite r on r.oid operator(pg_catalog.=) d.objid
    where d.classid operator(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
      and d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
      and r.ev_class operator(pg_catalog.<>) d.refobjid
  ) ch on ch.parent operator(pg_catalog.=) tree.relid
)
select n.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as table_name,
       tn.nspname::pg_catalog.text as top_schema, tc.relname::pg_catalog.text as top_name,
       t.tgname::pg_catalog.text as name, t.tgfoid::pg_catalog.regprocedure::pg_catalog.text as function,
       l.lanname::pg_catalog.text as language,
       (l.lanname operator(pg_catalog.<>) all ('{c,internal}'::pg_catalog.name[])
        and p.prosrc operator(pg_catalog.~*) '\mtg_argv\M') as reads_args,
       (l.lanname operator(pg_catalog.<>) all ('{c,internal}'::pg_catalog.name[])
        and pg_catalog.strpos(pg_catalog.lower(p.prosrc), 'viewswap:reviewed') operator(pg_catalog.>) 0) as reviewed,
       t.tgnargs as nargs, t.tgargs as args,
       coalesce(tr.on_view, false) as on_view,
       coalesce((select e.extname::pg_catalog.text
                 from pg_catalog.pg_depend d
                 join pg_catalog.pg_extension e on e.oid operator(pg_catalog.=) d.refobjid
                 where d.classid operator(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                   and d.objid operator(pg_catalog.=) p.oid
                   and d.refclassid operator(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                   and d.deptype operator(pg_catalog.=) 'e'
                 order by 1 limit 1), '') as extension,
       (l.lanname operator(pg_catalog.<>) all ('{c,internal}'::pg_catalog.name[])
        and p.prosrc operator(pg_catalog.~*) '\mexecute\M') as runs_computed_sql
from pg_catalog.pg_trigger t
join pg_catalog.pg_class c on c.oid operator(pg_catalog.=) t.tgrelid
join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
join pg_catalog.pg_proc p on p.oid operator(pg_catalog.=) t.tgfoid
join pg_catalog.pg_language l on l.oid operator(pg_catalog.=) p.prolang
left join (select distinct on (relid) relid, top, on_view from tree order by relid, on_view, top) tr
  on tr.relid operator(pg_catalog.=) t.tgrelid
left join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) tr.top
left join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
where not t.tgisinternal
  and t.tgparentid operator(pg_catalog.=) 0
  and (tr.relid is not null
       or exists (select 1 from pg_catalog.unnest(?::pg_catalog.text[]) as x(name)
                  where pg_catalog.position(t.tgargs, pg_catalog.convert_to(x.name, 'UTF8')) operator(pg_catalog.>) 0)
       or (l.lanname operator(pg_catalog.=) any ('{c,internal}'::pg_catalog.name[])
           and exists (select 1 from pg_catalog.unnest(?::pg_catalog.text[]) as x(name)
                       where pg_catalog.starts_with(x.name, c.relname::pg_catalog.text operator(pg_catalog.||) '_'))))
order by 1, 2, 5
