-- Not in jOOQ's DSL: grantees of the table need USAGE to reach the view in the transition schema.
-- {0} schema, {1} grantee.
grant usage on schema {0} to {1}
