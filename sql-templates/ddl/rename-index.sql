-- jOOQ's ALTER INDEX drops the schema from the index name, and viewswap's sessions run with
-- search_path = pg_catalog, pg_temp: the index is named with its schema here.
-- {0} index (schema-qualified), {1} new name.
alter index {0} rename to {1}
