-- pg_partman configuration rows ({0}: part_config or part_config_sub, schema-qualified). Read through to_jsonb:
-- the columns differ between pg_partman 4 and 5, and every one of interest is text naming a table or a column.
select coalesce(to_jsonb(p) ->> 'parent_table', to_jsonb(p) ->> 'sub_parent', '') as parent_table,
       coalesce(to_jsonb(p) ->> 'control', to_jsonb(p) ->> 'sub_control', '') as control,
       coalesce(to_jsonb(p) ->> 'template_table', to_jsonb(p) ->> 'sub_template_table', '') as template_table
from {0} as p
order by 1
