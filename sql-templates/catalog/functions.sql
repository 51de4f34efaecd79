-- Functions whose bodies are stored as text and mention one of the given names ($1 text pattern):
-- pg_depend does not track them, so they break at run time after the swap. BEGIN ATOMIC bodies have an
-- empty prosrc and follow renames, so they never match here.
select p.oid::regprocedure::text as signature, l.lanname::text as language, p.prosrc as source
from pg_proc p join pg_language l on l.oid = p.prolang
join pg_namespace n on n.oid = p.pronamespace
where l.lanname not in ('c', 'internal')
  and n.nspname not in ('pg_catalog', 'information_schema', 'viewswap')
  and p.prosrc ~* ?
order by 1
