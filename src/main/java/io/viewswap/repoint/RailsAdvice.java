package io.viewswap.repoint;

import java.util.List;
import java.util.Optional;

/**
 * Rails (ActiveRecord): model settings and database.yml. ActiveRecord reads columns, defaults and
 * the primary key from the catalog and caches them at boot, which a view answers differently from a
 * table.
 */
final class RailsAdvice implements ClientAdvice {
  @Override
  public String tableChange(String oldName, String newName) {
    return "model: self.table_name = \"" + newName + "\" (was \"" + oldName + "\")";
  }

  @Override
  public String columnChange(String from, String to) {
    return "attribute "
        + from
        + " is now "
        + to
        + "; to keep the old name in code: alias_attribute :"
        + from
        + ", :"
        + to;
  }

  @Override
  public Optional<String> primaryKeyChange() {
    return Optional.of(
        "model: self.primary_key = \"id\" (the table's primary key column, by its new"
            + " name): a view has no primary key, and without it every find, save and destroy raises"
            + " ActiveRecord::UnknownPrimaryKey");
  }

  @Override
  public String searchPathChange(String searchPath) {
    return "database.yml: schema_search_path: \"" + searchPath + "\"";
  }

  @Override
  public String searchPathSetting() {
    return "schema_search_path";
  }

  @Override
  public List<String> transactionPoolerAdvice() {
    return List.of(
        "database.yml: prepared_statements: false for PgBouncer before 1.21, RDS Proxy and Supavisor"
            + " (ActiveRecord prepares named statements on one server connection)",
        "database.yml: advisory_locks: false (migrations take session advisory locks), no"
            + " schema_search_path and no variables: (both run a session SET that reaches the next client)");
  }

  @Override
  public List<String> deployAdvice() {
    return List.of(
        "Rails caches each model's columns and primary key at boot: restart (or deploy) the new release after"
            + " expand, and the old one after swap if it should see the compat view's names",
        "a view reports no column defaults and every column as nullable: until the swap, a record the new"
            + " release creates holds nil in memory for columns the table fills by default (the row itself gets"
            + " the default); reload after create where the code reads them, and keep NOT NULL checks in"
            + " validations");
  }

  @Override
  public List<String> afterColumnRenames() {
    return List.of("drop the alias_attribute lines once the code uses the new attribute names");
  }
}
