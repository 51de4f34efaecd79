-- Not in jOOQ's DSL. The view is owned by the table's owner: only the owner may drop it at the swap, and a view
-- owned by anyone else either bypasses row-level security (superusers) or fails for everyone.
-- {0} view, {1} owner role.
alter view {0} owner to {1}
