-- jOOQ quotes the setting's name ("lock_timeout"), which PostgreSQL accepts but migration linters that look for
-- `SET lock_timeout` before DDL do not recognise. The name is one of viewswap's own constants, never user input.
-- {0} setting name, {1} value literal.
set local {0} = {1}
