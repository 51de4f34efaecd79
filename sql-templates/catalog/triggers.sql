-- Triggers whose arguments (pg_trigger.tgargs, text never re-parsed) may name a renamed table or column:
-- every user trigger on the spec's tables ($1 bigint[] oids), their partitions and inheritance children, and any
-- trigger elsewhere whose arguments contain one of the renamed names ($2 text[], bytes compared, case kept).
-- Clones of a partitioned table's trigger (tgparentid <> 0) repeat its arguments: the parent's is reported.
-- reads_args: the body of a PL function mentions TG_ARGV (C functions cannot be read, the caller knows them);
-- reviewed: it carries the viewswap:reviewed mark.
with recursive tree(relid, top) as (
  select o::oid, o::oid from unnest(?::bigint[]) as o
  union
  select i.inhrelid, tree.top from pg_inherits i join tree on i.inhparent = tree.relid
)
select n.nspname::text as schema, c.relname::text as table_name,
       tn.nspname::text as top_schema, tc.relname::text as top_name,
       t.tgname::text as name, t.tgfoid::regprocedure::text as function, l.lanname::text as language,
       (l.lanname not in ('c', 'internal') and p.prosrc ~* '\mtg_argv\M') as reads_args,
       (l.lanname not in ('c', 'internal') and strpos(lower(p.prosrc), 'viewswap:reviewed') > 0) as reviewed,
       t.tgnargs as nargs, t.tgargs as args
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_proc p on p.oid = t.tgfoid
join pg_language l on l.oid = p.prolang
left join (select distinct on (relid) relid, top from tree order by relid, top) tr on tr.relid = t.tgrelid
left join pg_class tc on tc.oid = tr.top
left join pg_namespace tn on tn.oid = tc.relnamespace
where not t.tgisinternal
  and t.tgparentid = 0
  and (tr.relid is not null
       or exists (select 1 from unnest(?::text[]) as x(name)
                  where position(convert_to(x.name, 'UTF8') in t.tgargs) > 0))
order by 1, 2, 5
