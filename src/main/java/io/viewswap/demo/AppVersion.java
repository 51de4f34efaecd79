package io.viewswap.demo;

/**
 * The names one release of the example application uses for the customer table, and the statements
 * it runs. The old release knows {@code customer(full_name, email_addr)}, the new one {@code
 * client(display_name, email)}; the rest of the table is the same for both.
 *
 * @param label how the summary names the client, e.g. {@code old-name}
 * @param table schema-qualified table (or view) name, as the application writes it
 * @param nameColumn the column holding the display name
 * @param emailColumn the unique e-mail column
 */
record AppVersion(String label, String table, String nameColumn, String emailColumn) {
  static final AppVersion OLD =
      new AppVersion("old-name", "public.customer", "full_name", "email_addr");
  static final AppVersion NEW =
      new AppVersion("new-name", "public.client", "display_name", "email");

  /**
   * {@code SELECT *} on purpose: prepared, it only survives the swap if the view keeps the table's
   * column order.
   */
  String select() {
    return "SELECT * FROM " + table + " WHERE id = ?";
  }

  String update() {
    return "UPDATE " + table + " SET " + nameColumn + " = ? WHERE id = ?";
  }

  /** Leaves status and created_at out, so the table's defaults must apply through the view. */
  String insert() {
    return "INSERT INTO "
        + table
        + " ("
        + nameColumn
        + ", "
        + emailColumn
        + ") VALUES (?, ?) RETURNING id";
  }

  /** e.g. {@code public.customer (full_name, email_addr)}. */
  String describe() {
    return table + " (" + nameColumn + ", " + emailColumn + ")";
  }
}
