package io.viewswap.repoint;

/**
 * The changes for clients whose code holds the SQL itself (JDBC, libpq): the names in the
 * statements are the names to change.
 */
final class PlainSql {
  private PlainSql() {}

  static String tableChange(String oldName, String newName) {
    return "SQL: use table " + newName + " instead of " + oldName;
  }

  static String columnChange(String from, String to) {
    return "SQL: column " + to + " instead of " + from;
  }
}
