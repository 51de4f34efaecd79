# One release of an application, written with ActiveRecord (Debian's ruby-activerecord 6.1 + ruby-pg), configured
# only from what `viewswap repoint --for rails --format json` said (the test turns that JSON into ARGV[0]).
# It boots once, like a real process: ActiveRecord reads the model's columns and primary key on first use and
# caches them. Then, for every line "run" on stdin, it does one unit of work through the model (find, update,
# create, destroy, count) and prints "ok" or "error <class>: <message>".
require "json"
require "active_record"

cfg = JSON.parse(ARGV[0])
db = {
  adapter: "postgresql", host: cfg["host"], port: cfg["port"], database: cfg["database"],
  username: cfg["username"], password: cfg["password"],
  prepared_statements: cfg["prepared_statements"], advisory_locks: cfg["advisory_locks"]
}
db[:schema_search_path] = cfg["schema_search_path"] if cfg["schema_search_path"]
ActiveRecord::Base.establish_connection(db)

class Record < ActiveRecord::Base; end
Record.table_name = cfg["table_name"]
Record.primary_key = cfg["primary_key"] if cfg["primary_key"]
(cfg["aliases"] || {}).each { |old, new| Record.alias_attribute old, new }

rows = cfg["rows"]
n = 0
STDOUT.sync = true
STDIN.each_line do |line|
  break if line.strip == "quit"
  n += 1
  begin
    Record.transaction do
      r = Record.find(1 + rand(rows))
      r.update!(cfg["update"] => cfg["update_value"])
      created = Record.create!(cfg["create"].transform_values { |v| v.is_a?(String) ? v.gsub("{n}", "#{Process.pid}-#{n}") : v })
      raise "created row has no id" if created.id.nil?
      Record.find(created.id).destroy!
      Record.where(cfg["where_column"] => r.send(cfg["where"])).count
    end
    puts "ok"
  rescue StandardError => e
    puts "error #{e.class}: #{e.message.lines.first&.strip}"
  end
end
