package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.spec.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Catalog reads and the assertions on them, run on a superuser connection. */
final class Catalog {

  /**
   * Every table privilege: a view must grant exactly what the table grants, no more and no less.
   */
  static final List<String> PRIVILEGES =
      List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

  private final Connection su;

  Catalog(Connection superuser) {
    this.su = superuser;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String sql(QualifiedName name) {
    return quote(name.schema()) + "." + quote(name.name());
  }

  /**
   * pg_class.relkind of the relation ({@code r} table, {@code v} view), or empty when there is
   * none.
   */
  Optional<String> relkind(QualifiedName name) throws SQLException {
    return strings(
            "SELECT c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?",
            name.schema(),
            name.name())
        .stream()
        .findFirst();
  }

  /** Column names in ordinal order, as information_schema shows them to the superuser. */
  List<String> columns(QualifiedName name) throws SQLException {
    return strings(
        "SELECT column_name::text FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        name.schema(),
        name.name());
  }

  boolean schemaExists(String schema) throws SQLException {
    return !strings("SELECT nspname::text FROM pg_namespace WHERE nspname = ?", schema).isEmpty();
  }

  List<String> relationsIn(String schema) throws SQLException {
    return strings(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? ORDER BY 1",
        schema);
  }

  /**
   * Everything a run could change outside viewswap's own schema: schemas with their ACL and
   * comment, relations with kind, owner, ACL, comment and columns (with their comments). Equal
   * fingerprints mean nothing changed.
   */
  String fingerprint() throws SQLException {
    return String.join(
        "\n",
        strings(
            "SELECT format('schema %s owner %s acl %s comment %s', n.nspname, n.nspowner::regrole, n.nspacl,"
                + " obj_description(n.oid, 'pg_namespace'))"
                + " FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN"
                + " ('information_schema', 'viewswap')"
                + " UNION ALL"
                + " SELECT format('rel %s.%s kind %s owner %s acl %s comment %s columns %s', n.nspname,"
                + " c.relname, c.relkind, c.relowner::regrole, c.relacl, obj_description(c.oid, 'pg_class'),"
                + " (SELECT string_agg(a.attname || '/' || coalesce(col_description(c.oid, a.attnum), ''),"
                + " ',' ORDER BY a.attnum) FROM pg_attribute a"
                + " WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'viewswap')"
                + " ORDER BY 1"));
  }

  /**
   * The relations in non-system schemas that are views, e.g. to show that a refused run made none.
   */
  List<String> userViews() throws SQLException {
    return strings(
        "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'v'"
            + " AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', 'viewswap') ORDER BY 1");
  }

  /**
   * The view shows the expected columns in table order, belongs to the table's owner, grants each
   * of {@code roles} exactly what the table grants it, and carries the table's comments.
   */
  void assertViewMirrorsTable(
      QualifiedName view, QualifiedName table, List<String> expectedColumns, List<String> roles)
      throws SQLException {
    assertThat(relkind(view)).as("%s is a view", view).contains("v");
    assertThat(columns(view))
        .as("columns of view %s, in table order", view)
        .containsExactlyElementsOf(expectedColumns);
    assertThat(
            string(
                "SELECT relowner::regrole::text FROM pg_class WHERE oid = ?::regclass", sql(view)))
        .as("owner of view %s is the owner of table %s", view, table)
        .isEqualTo(
            string(
                "SELECT relowner::regrole::text FROM pg_class WHERE oid = ?::regclass",
                sql(table)));
    for (String role : roles) {
      for (String privilege : PRIVILEGES) {
        boolean onTable = has(role, table, privilege);
        assertThat(has(role, view, privilege))
            .as(
                "%s has %s on view %s exactly when it has it on table %s (%s)",
                role, privilege, view, table, onTable)
            .isEqualTo(onTable);
      }
    }
    assertThat(string("SELECT obj_description(?::regclass, 'pg_class')", sql(view)))
        .as("comment of view %s copied from table %s", view, table)
        .isEqualTo(string("SELECT obj_description(?::regclass, 'pg_class')", sql(table)));
    List<String> viewComments = columnComments(view);
    assertThat(viewComments)
        .as("column comments of view %s, position by position, copied from %s", view, table)
        .containsExactlyElementsOf(columnComments(table));
  }

  private List<String> columnComments(QualifiedName relation) throws SQLException {
    return strings(
        "SELECT coalesce(col_description(a.attrelid, a.attnum), '<none>') FROM pg_attribute a"
            + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        sql(relation));
  }

  private boolean has(String role, QualifiedName relation, String privilege) throws SQLException {
    return Boolean.parseBoolean(
        string(
            "SELECT has_table_privilege(?::name, ?::regclass, ?::text)::text",
            role,
            sql(relation),
            privilege));
  }

  private String string(String query, String... args) throws SQLException {
    List<String> rows = strings(query, args);
    assertThat(rows).as("one row from %s", query).hasSize(1);
    return rows.get(0);
  }

  List<String> strings(String query, String... args) throws SQLException {
    try (PreparedStatement ps = su.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
