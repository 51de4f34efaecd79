-- jOOQ's CREATE SCHEMA has no AUTHORIZATION. The transition schema belongs to the table's owner, who must be
-- able to create the view in it. {0} schema, {1} owner role.
create schema {0} authorization {1}
