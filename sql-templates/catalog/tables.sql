-- Full facts of the tables a spec names ($1 schemas text[], $2 names text[], pairwise).
select c.oid::bigint as oid, n.nspname::text as schema, c.relname::text as name, c.relkind::text as kind,
       pg_get_userbyid(c.relowner)::text as owner, c.relrowsecurity, c.relforcerowsecurity,
       obj_description(c.oid, 'pg_class') as comment,
       (c.relispartition or exists (select 1 from pg_inherits i where i.inhrelid = c.oid)) as partition_or_child,
       array(select p.pubname::text from pg_publication p
             where p.puballtables or exists (select 1 from pg_publication_rel pr where pr.prpubid = p.oid and pr.prrelid = c.oid)
             order by 1) as publications
from pg_class c join pg_namespace n on n.oid = c.relnamespace
join unnest(?::text[], ?::text[]) as wanted(schema, name) on wanted.schema = n.nspname and wanted.name = c.relname
where c.relkind in ('r', 'p')
