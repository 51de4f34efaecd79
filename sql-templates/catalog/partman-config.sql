-- pg_partman configuration rows ({0}: part_config or part_config_sub, schema-qualified). Read through to_jsonb:
-- the columns differ between pg_partman 4 and 5, and every one of interest is text naming a table or a column.
select coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'parent_table',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_parent', '') as parent_table,
       coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'control',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_control', '') as control,
       coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'template_table',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_template_table', '') as template_table
from {0} as p
order by 1
