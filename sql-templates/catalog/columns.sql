-- Live columns of the given tables ($1 oids bigint[]) in attnum order.
select a.attrelid::bigint as oid, a.attnum, a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type,
       a.attnotnull, a.attidentity::text as identity, a.attgenerated::text as generated,
       pg_get_expr(d.adbin, d.adrelid) as default_expr, col_description(a.attrelid, a.attnum) as comment,
       a.attinhcount > 0 as inherited
from pg_attribute a
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where a.attrelid = any(?::oid[]) and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum
