-- The version mark on viewswap's state schema (its comment), or null when the schema is missing. Read only to
-- decide whether a trusted schema must be upgraded: the comment never makes a schema viewswap's.
select pg_catalog.obj_description(pg_catalog.to_regnamespace('viewswap'::pg_catalog.text), 'pg_namespace'::pg_catalog.name)
