-- Values in an extension's configuration table ({0}, schema-qualified, from extension-config-tables.sql) that
-- name one of the spec's tables ($1 bigint[] oids): its oid (an oid or regclass column), or its name bare,
-- qualified, quoted or as regclass prints it (a text or name column). Read through to_jsonb, so the columns'
-- types and names need not be known; only JSON strings are compared: to_jsonb makes numbers of integer columns
-- (PostGIS's srid would otherwise equal some table's oid) and strings of oid, regclass and text ones.
-- Also a value that is the table's schema, in a row that names no relation of that schema: the extension keeps
-- the schema as a whole and finds tables in it by names its code fixes (topology.topology's name = 'city_data',
-- whose tables PostGIS topology's code reads as city_data.edge_data, .node, .face, .relation). A schema named
-- beside a table of it (topology.layer's schema_name = 'public' with table_name) qualifies that table only.
select x.key as column_name, (x.value operator(pg_catalog.#>>) '{}'::pg_catalog.text[]) as value,
       tn.nspname::pg_catalog.text as schema, tc.relname::pg_catalog.text as table_name
from {0} as p
cross join lateral pg_catalog.jsonb_each(pg_catalog.to_jsonb(p)) as x(key, value)
join pg_catalog.pg_class tc on tc.oid operator(pg_catalog.=) any (?::bigint[]::pg_catalog.oid[])
join pg_catalog.pg_namespace tn on tn.oid operator(pg_catalog.=) tc.relnamespace
where pg_catalog.jsonb_typeof(x.value) operator(pg_catalog.=) 'string'
  and ((x.value operator(pg_catalog.#>>) '{}'::pg_catalog.text[]) operator(pg_catalog.=) any (array[tc.oid::pg_catalog.text, tc.relname::pg_catalog.text,
        tn.nspname::pg_catalog.text operator(pg_catalog.||) '.' operator(pg_catalog.||) tc.relname::pg_catalog.text,
        pg_catalog.format('%I.%I', tn.nspname, tc.relname), tc.oid::pg_catalog.regclass::pg_catalog.text])
    or ((x.value operator(pg_catalog.#>>) '{}'::pg_catalog.text[]) operator(pg_catalog.=) tn.nspname::pg_catalog.text
        and not exists (
          select from pg_catalog.jsonb_each(pg_catalog.to_jsonb(p)) as y(key, value)
          join pg_catalog.pg_class oc
            on oc.relnamespace operator(pg_catalog.=) tn.oid
           and oc.relname::pg_catalog.text operator(pg_catalog.=) (y.value operator(pg_catalog.#>>) '{}'::pg_catalog.text[])
          where pg_catalog.jsonb_typeof(y.value) operator(pg_catalog.=) 'string')))
group by 1, 2, 3, 4
order by 1, 2, 3, 4
