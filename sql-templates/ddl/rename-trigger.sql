-- Not in jOOQ's DSL. options.rename_dependents: a trigger named after the old names follows the rename.
-- {0} trigger, {1} table, {2} new name.
alter trigger {0} on {1} rename to {2}
