-- untrusted.sql for several schemas in one round trip ($1 text[]: their names; {0}: untrusted.sql with its
-- schema slot filled by the column s.name). One row per problem, with the schema it belongs to; a fleet's
-- catalog read asks about every tenant's schema at once, so its cost does not grow with the tenants.
select s.name as schema, u.object, u.role, u.problem
from pg_catalog.unnest(?::pg_catalog.text[]) as s(name)
cross join lateral ({0}) as u
