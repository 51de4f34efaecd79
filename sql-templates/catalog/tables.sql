-- Full facts of the tables a spec names ($1 schemas text[], $2 names text[], pairwise).
select c.oid::bigint as oid, n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind,
       pg_get_userbyid(c.relowner)::text as owner, c.relrowsecurity, c.relforcerowsecurity,
       obj_description(c.oid, 'pg_class') as comment,
       (c.relispartition or exists (select 1 from pg_inherits i where i.inhrelid = c.oid)) as partition_or_child,
       -- Publications that replicate the table or any of its partitions (their columns are renamed with it),
       -- whether named directly, FOR ALL TABLES or (15+) FOR TABLES IN SCHEMA, which pg_publication_tables covers.
       array(select p.pubname::text from pg_publication p
             where p.puballtables
                or exists (select 1 from pg_publication_rel pr where pr.prpubid = p.oid and pr.prrelid = c.oid)
                or exists (select 1
                           from (select c.oid::regclass as relid union select relid from pg_partition_tree(c.oid)) tree
                           join pg_class pc on pc.oid = tree.relid
                           join pg_namespace pn on pn.oid = pc.relnamespace
                           join pg_publication_tables pt
                             on pt.pubname = p.pubname and pt.schemaname = pn.nspname and pt.tablename = pc.relname)
             order by 1) as publications
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema, name) on n.nspname = wanted.schema::name and c.relname = wanted.name::name
where c.relkind in ('r', 'p')
