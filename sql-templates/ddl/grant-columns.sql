-- Column-level grants are not in jOOQ's DSL. Column rights on the table are mapped to the view's column names.
-- {0} privilege keyword, {1} column list, {2} view, {3} grantee, {4} empty or " with grant option".
grant {0} ({1}) on {2} to {3}{4}
