-- Live columns of the given tables ($1 oids bigint[]) in attnum order.
select a.attrelid::bigint as oid, a.attnum, a.attname::pg_catalog.text as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull, a.attidentity::pg_catalog.text as identity, a.attgenerated::pg_catalog.text as generated,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default_expr,
       pg_catalog.col_description(a.attrelid, a.attnum) as comment,
       a.attinhcount operator(pg_catalog.>) 0 as inherited
from pg_catalog.pg_attribute a
left join pg_catalog.pg_attrdef d
  on d.adrelid operator(pg_catalog.=) a.attrelid and d.adnum operator(pg_catalog.=) a.attnum
where a.attrelid operator(pg_catalog.=) any (?::pg_catalog.oid[]) and a.attnum operator(pg_catalog.>) 0
  and not a.attisdropped
order by a.attrelid, a.attnum
