-- Not in jOOQ's DSL. options.rename_dependents: a policy named after the old names follows the rename.
-- {0} policy, {1} table, {2} new name.
alter policy {0} on {1} rename to {2}
