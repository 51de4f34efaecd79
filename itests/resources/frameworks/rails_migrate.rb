# What `bin/rails db:migrate:up VERSION=V` and `db:migrate:down VERSION=V` do, for ActiveRecord without Rails
# (Debian's ruby-activerecord 6.1): ARGV = [migrations directory, "up" or "down", version]. The database comes
# from libpq's variables.
require "active_record"

ActiveRecord::Base.establish_connection(
  adapter: "postgresql", host: ENV["PGHOST"], port: ENV["PGPORT"], database: ENV["PGDATABASE"],
  username: ENV["PGUSER"], password: ENV["PGPASSWORD"]
)
ActiveRecord::Migration.verbose = true
dir, direction, version = ARGV
ActiveRecord::MigrationContext.new(dir, ActiveRecord::SchemaMigration).run(direction.to_sym, Integer(version, 10))
