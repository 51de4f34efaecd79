-- pg_partman configuration rows ({0}: part_config or part_config_sub, schema-qualified). Read through to_jsonb:
-- the columns differ between pg_partman 4 and 5, and every one of interest is text naming a table or a column.
-- constraint_cols (both versions; NULL unless the set was made with p_constraint_cols) is a text[] of columns
-- whose min and max maintenance writes into a CHECK on older children, so each of its columns is named too.
select coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'parent_table',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_parent', '') as parent_table,
       coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'control',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_control', '') as control,
       coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'template_table',
                pg_catalog.to_jsonb(p) operator(pg_catalog.->>) 'sub_template_table', '') as template_table,
       array(select pg_catalog.jsonb_array_elements_text(c.cols)
             from (select coalesce(pg_catalog.to_jsonb(p) operator(pg_catalog.->) 'constraint_cols',
                                   pg_catalog.to_jsonb(p) operator(pg_catalog.->) 'sub_constraint_cols') as cols) as c
             where pg_catalog.jsonb_typeof(c.cols) operator(pg_catalog.=) 'array') as constraint_cols
from {0} as p
order by 1
