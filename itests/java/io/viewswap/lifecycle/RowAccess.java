package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.lifecycle.RenamedTable.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an application connected as the unprivileged role can do: read and write a table (or view)
 * under one set of names, or fail to. Each write is undone by the same check (insert, update,
 * delete), so checks can repeat.
 */
final class RowAccess {

  /**
   * One way an application version names a table.
   *
   * @param label for messages, e.g. "new names via the view"
   * @param searchPath the search_path to set, or empty for the role's default
   * @param relation the relation as the application writes it in SQL (qualified, or bare with a
   *     search_path)
   * @param naming which name of each column the application uses
   */
  record Names(
      String label,
      Optional<String> searchPath,
      String relation,
      Function<Column, String> naming) {}

  private final Connection app;

  /**
   * Varies inserted values. They stay between 50 and 99: clear of the example data's unique pairs
   * of small numbers, yet within the keys a foreign key column (multi-table's payment.acct_id) may
   * point at. Each row is deleted before the next insert, so values may repeat.
   */
  private int counter;

  RowAccess(Connection app) {
    this.app = app;
  }

  /**
   * Reads rows, inserts one naming only the required columns (the others must take the table's
   * defaults, RETURNING every column under the expected names), updates it, upserts it (ON CONFLICT
   * on the key), reads it back each time (FOR UPDATE), deletes it.
   */
  void assertReadWrite(RenamedTable table, Names names) throws SQLException {
    List<String> columns = table.names(names.naming());
    String what = table + " " + names.label() + " as " + names.relation();
    usePath(names.searchPath());
    try (Statement s = app.createStatement()) {
      String cols = columns.stream().map(Catalog::quote).collect(Collectors.joining(", "));
      try (ResultSet rs =
          s.executeQuery("SELECT " + cols + " FROM " + names.relation() + " LIMIT 3")) {
        assertThat(rs.next()).as("%s: rows readable", what).isTrue();
      }
      List<Column> required = table.columns().stream().filter(Column::required).toList();
      int n = 50 + counter++ % 49;
      String insert =
          "INSERT INTO "
              + names.relation()
              + " ("
              + required.stream()
                  .map(c -> Catalog.quote(names.naming().apply(c)))
                  .collect(Collectors.joining(", "))
              + ") VALUES ("
              + required.stream().map(c -> literal(c, n)).collect(Collectors.joining(", "))
              + ") RETURNING *";
      Object id;
      try (ResultSet rs = s.executeQuery(insert)) {
        assertThat(rs.next()).as("%s: INSERT ... RETURNING gives the row", what).isTrue();
        ResultSetMetaData md = rs.getMetaData();
        List<String> returned = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          returned.add(md.getColumnName(i));
        }
        assertThat(returned)
            .as("%s: RETURNING * names the columns in table order", what)
            .containsExactlyElementsOf(columns);
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Column c = table.columns().get(i - 1);
          if (c.required() || c.defaulted()) {
            assertThat(rs.getObject(i))
                .as(
                    "%s: column %s took its value or the table's default (%s)",
                    what, md.getColumnName(i), insert)
                .isNotNull();
          }
        }
        id = rs.getObject(1);
      }
      String idColumn = Catalog.quote(columns.get(0));
      Column probe = required.stream().filter(Column::renamed).findFirst().orElse(required.get(0));
      String probeName = Catalog.quote(names.naming().apply(probe));
      String newValue = literal(probe, n + 1);
      try (PreparedStatement ps =
          app.prepareStatement(
              "UPDATE "
                  + names.relation()
                  + " SET "
                  + probeName
                  + " = "
                  + newValue
                  + " WHERE "
                  + idColumn
                  + " = ?")) {
        ps.setObject(1, id);
        assertThat(ps.executeUpdate()).as("%s: UPDATE finds the row", what).isEqualTo(1);
      }
      assertProbe(names, idColumn, id, probeName, newValue, what + ": the update is read back");
      // ON CONFLICT (cols) infers the arbiter index through a simple view, under the view's names.
      String upserted = literal(probe, n + 2);
      String columnList =
          required.stream()
              .map(c -> Catalog.quote(names.naming().apply(c)))
              .collect(Collectors.joining(", "));
      try (PreparedStatement ps =
          app.prepareStatement(
              "INSERT INTO "
                  + names.relation()
                  + " ("
                  + idColumn
                  + ", "
                  + columnList
                  + ") VALUES (?, "
                  + required.stream().map(c -> literal(c, n)).collect(Collectors.joining(", "))
                  + ") ON CONFLICT ("
                  + idColumn
                  + ") DO UPDATE SET "
                  + probeName
                  + " = "
                  + upserted)) {
        ps.setObject(1, id);
        assertThat(ps.executeUpdate())
            .as("%s: INSERT ... ON CONFLICT DO UPDATE hits the row", what)
            .isEqualTo(1);
      }
      assertProbe(names, idColumn, id, probeName, upserted, what + ": the upsert is read back");
      try (PreparedStatement ps =
          app.prepareStatement("DELETE FROM " + names.relation() + " WHERE " + idColumn + " = ?")) {
        ps.setObject(1, id);
        assertThat(ps.executeUpdate()).as("%s: DELETE finds the row", what).isEqualTo(1);
      }
    } finally {
      usePath(Optional.empty());
    }
  }

  /**
   * Reads the probe column of the row (locking it, as SELECT ... FOR UPDATE through a view may).
   */
  private void assertProbe(
      Names names, String idColumn, Object id, String probeName, String expected, String what)
      throws SQLException {
    try (PreparedStatement ps =
        app.prepareStatement(
            "SELECT "
                + probeName
                + " = "
                + expected
                + " FROM "
                + names.relation()
                + " WHERE "
                + idColumn
                + " = ? FOR UPDATE")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next() && rs.getBoolean(1)).as(what).isTrue();
      }
    }
  }

  /** The statement fails with the SQLSTATE (42P01 no such relation, 42703 no such column). */
  void assertFails(String what, Optional<String> searchPath, String sql, String sqlState)
      throws SQLException {
    usePath(searchPath);
    try (Statement s = app.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery(sql))
          .as("%s: %s must fail with %s", what, sql, sqlState)
          .isInstanceOfSatisfying(
              SQLException.class,
              e ->
                  assertThat(e.getSQLState())
                      .as("SQLSTATE of %s: %s", sql, e.getMessage())
                      .isEqualTo(sqlState));
    } finally {
      usePath(Optional.empty());
    }
  }

  private void usePath(Optional<String> searchPath) throws SQLException {
    try (Statement s = app.createStatement()) {
      s.execute(searchPath.map(p -> "SET search_path TO " + p).orElse("RESET search_path"));
    }
  }

  /** A value for a required column: the examples' required columns are text or numbers. */
  private static String literal(Column c, int n) {
    return switch (c.dataType()) {
      case "text", "character varying" -> "'vs-" + n + "'";
      case "smallint", "integer", "bigint", "numeric" -> Integer.toString(n);
      default ->
          throw new IllegalStateException(
              "no sample value for column "
                  + c
                  + " of type "
                  + c.dataType()
                  + "; extend RowAccess.literal");
    };
  }
}
