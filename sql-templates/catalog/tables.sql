-- Full facts of the tables a spec names ($1 schemas text[], $2 names text[], pairwise).
select c.oid::bigint as oid, n.nspname::pg_catalog.text as schema, c.relname::pg_catalog.text as name,
       c.relkind::pg_catalog.text as kind,
       pg_catalog.pg_get_userbyid(c.relowner)::pg_catalog.text as owner, c.relrowsecurity, c.relforcerowsecurity,
       pg_catalog.obj_description(c.oid, 'pg_class') as comment,
       (c.relispartition
        or exists (select 1 from pg_catalog.pg_inherits i where i.inhrelid operator(pg_catalog.=) c.oid))
         as partition_or_child,
       -- Publications that replicate the table or any of its partitions (their columns are renamed with it),
       -- whether named directly, FOR ALL TABLES or (15+) FOR TABLES IN SCHEMA, which pg_publication_tables covers.
       array(select p.pubname::pg_catalog.text from pg_catalog.pg_publication p
             where p.puballtables
                or exists (select 1 from pg_catalog.pg_publication_rel pr
                           where pr.prpubid operator(pg_catalog.=) p.oid and pr.prrelid operator(pg_catalog.=) c.oid)
                or exists (select 1
                           from (select c.oid::pg_catalog.regclass as relid
                                 union
                                 select relid from pg_catalog.pg_partition_tree(c.oid)) tree
                           join pg_catalog.pg_class pc on pc.oid operator(pg_catalog.=) tree.relid
                           join pg_catalog.pg_namespace pn on pn.oid operator(pg_catalog.=) pc.relnamespace
                           join pg_catalog.pg_publication_tables pt
                             on pt.pubname operator(pg_catalog.=) p.pubname
                            and pt.schemaname operator(pg_catalog.=) pn.nspname
                            and pt.tablename operator(pg_catalog.=) pc.relname)
             order by 1) as publications
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid operator(pg_catalog.=) c.relnamespace
join rows from (pg_catalog.unnest(?::pg_catalog.text[]), pg_catalog.unnest(?::pg_catalog.text[])) as wanted(schema, name)
  on n.nspname operator(pg_catalog.=) wanted.schema::pg_catalog.name
 and c.relname operator(pg_catalog.=) wanted.name::pg_catalog.name
where c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog."char"[])
