-- An ActiveRecord migration for one phase (not SQL: Ruby, filled by RailsMigrations). {0} header comment lines,
-- {1} class name, {2} the up SQL as a Ruby string expression, {3} the down SQL likewise.
{0}
class {1} < ActiveRecord::Migration[6.1]
  # No disable_ddl_transaction!: the phase is one transaction, ActiveRecord's, which also records the version.
  UP_SQL = {2}

  DOWN_SQL = {3}

  def up
    execute UP_SQL
  end

  def down
    execute DOWN_SQL
  end
end
