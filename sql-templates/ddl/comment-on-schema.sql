-- Not in jOOQ's DSL. Marks a transition schema as viewswap's, so only schemas it created are ever dropped.
-- {0} schema, {1} comment literal.
comment on schema {0} is {1}
