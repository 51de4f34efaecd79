package io.viewswap.catalog;

import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.QualifiedName;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link TextReferences}: trigger arguments, extension configuration and the names of a
 * table's own objects. Kept apart from {@link CatalogReader} so that each kind of text reference
 * has one place.
 */
final class TextReferenceReader {

  /**
   * @param tableOids the spec's tables found in the catalog
   * @param names the spec's tables (old names): triggers elsewhere are read when an argument
   *     contains one, since such a trigger may name the table or its columns (contrib refint's
   *     check_primary_key, user functions)
   */
  TextReferences read(Connection c, Collection<Long> tableOids, Collection<String> names)
      throws SQLException {
    Long[] oids = tableOids.toArray(Long[]::new);
    return new TextReferences(
        triggers(c, oids, names),
        extensionTexts(c),
        namedDependents(c, oids),
        subscribed(c, oids),
        tracked(c, oids));
  }

  /**
   * The spec's tables that extensions record in their configuration tables; a configuration table
   * this role may not read is listed as {@link TrackedTable#UNREADABLE}, never skipped in silence.
   */
  private static List<TrackedTable> tracked(Connection c, Long[] oids) throws SQLException {
    List<TrackedTable> found = new ArrayList<>();
    if (oids.length == 0) {
      return found;
    }
    List<String[]> tables = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(SqlTemplates.load("catalog/extension-config-tables.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        tables.add(
            new String[] {rs.getString("extension"), rs.getString("schema"), rs.getString("name")});
      }
    }
    for (String[] t : tables) {
      QualifiedName config = new QualifiedName(t[1], t[2]);
      String sql =
          SqlTemplates.fill(
              SqlTemplates.load("catalog/extension-config-rows.sql"),
              new Sql().identifier(t[1], t[2]));
      Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("bigint", oids));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.add(
                new TrackedTable(
                    t[0],
                    config,
                    rs.getString("column_name"),
                    rs.getString("value"),
                    Optional.of(
                        new QualifiedName(rs.getString("schema"), rs.getString("table_name")))));
          }
        }
      } catch (SQLException e) {
        if (!"42501".equals(e.getSQLState())) {
          throw e;
        }
        if (savepoint != null) {
          c.rollback(savepoint);
        }
        found.add(new TrackedTable(t[0], config, TrackedTable.UNREADABLE, "", Optional.empty()));
        continue;
      }
      if (savepoint != null) {
        c.releaseSavepoint(savepoint);
      }
    }
    return found;
  }

  private static List<TriggerInfo> triggers(Connection c, Long[] oids, Collection<String> names)
      throws SQLException {
    List<TriggerInfo> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/triggers.sql"))) {
      ps.setArray(1, c.createArrayOf("bigint", oids));
      ps.setArray(2, c.createArrayOf("text", names.toArray(String[]::new)));
      ps.setArray(3, c.createArrayOf("text", names.toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String topSchema = rs.getString("top_schema");
          Optional<QualifiedName> top =
              topSchema == null
                  ? Optional.empty()
                  : Optional.of(new QualifiedName(topSchema, rs.getString("top_name")));
          found.add(
              new TriggerInfo(
                  new QualifiedName(rs.getString("schema"), rs.getString("table_name")),
                  top,
                  rs.getString("name"),
                  rs.getString("function"),
                  rs.getString("language"),
                  rs.getBoolean("reads_args"),
                  arguments(rs.getBytes("args"), rs.getInt("nargs")),
                  rs.getBoolean("reviewed"),
                  rs.getBoolean("on_view"),
                  rs.getString("extension"),
                  rs.getBoolean("runs_computed_sql")));
        }
      }
    }
    return found;
  }

  /**
   * tgargs holds each argument followed by a NUL byte, in the database encoding (UTF-8 assumed, as
   * the JDBC driver).
   */
  static List<String> arguments(byte[] raw, int count) {
    List<String> args = new ArrayList<>();
    if (raw == null) {
      return args;
    }
    int start = 0;
    for (int i = 0; i < raw.length && args.size() < count; i++) {
      if (raw[i] == 0) {
        args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return args;
  }

  private static List<ExtensionText> extensionTexts(Connection c) throws SQLException {
    List<ExtensionText> found = new ArrayList<>();
    List<String[]> tables = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(SqlTemplates.load("catalog/extension-tables.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        tables.add(
            new String[] {rs.getString("extension"), rs.getString("schema"), rs.getString("name")});
      }
    }
    for (String[] t : tables) {
      String table = new Sql().identifier(t[1], t[2]);
      Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
      try {
        readExtensionTable(c, t[0], t[2], table, found);
      } catch (SQLException e) {
        if (!"42501".equals(e.getSQLState())) {
          throw e;
        }
        if (savepoint != null) {
          c.rollback(savepoint);
        }
        // Not readable by this role: the checker says so rather than pretending there is nothing.
        found.add(new ExtensionText(t[0], t[1] + "." + t[2], ExtensionText.UNREADABLE, "", ""));
        continue;
      }
      if (savepoint != null) {
        c.releaseSavepoint(savepoint);
      }
    }
    return found;
  }

  private static void readExtensionTable(
      Connection c, String extension, String name, String table, List<ExtensionText> found)
      throws SQLException {
    {
      if (extension.equals("pg_cron")) {
        try (PreparedStatement ps =
                c.prepareStatement(
                    SqlTemplates.fill(SqlTemplates.load("catalog/cron-jobs.sql"), table));
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String jobname = rs.getString("jobname");
            String object =
                "job " + rs.getString("jobid") + (jobname.isEmpty() ? "" : " \"" + jobname + "\"");
            found.add(new ExtensionText("pg_cron", object, "command", rs.getString("command"), ""));
          }
        }
      } else {
        try (PreparedStatement ps =
                c.prepareStatement(
                    SqlTemplates.fill(SqlTemplates.load("catalog/partman-config.sql"), table));
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String parent = rs.getString("parent_table");
            String object = name + " row " + parent;
            found.add(new ExtensionText("pg_partman", object, "parent_table", parent, parent));
            if (!rs.getString("control").isEmpty()) {
              found.add(
                  new ExtensionText(
                      "pg_partman", object, "control", rs.getString("control"), parent));
            }
            if (!rs.getString("template_table").isEmpty()) {
              found.add(
                  new ExtensionText(
                      "pg_partman",
                      object,
                      "template_table",
                      rs.getString("template_table"),
                      parent));
            }
            java.sql.Array cols = rs.getArray("constraint_cols");
            if (cols != null) {
              for (Object col : (Object[]) cols.getArray()) {
                found.add(
                    new ExtensionText(
                        "pg_partman", object, "constraint_cols", (String) col, parent));
              }
            }
          }
        }
      }
    }
  }

  private static List<SubscribedTable> subscribed(Connection c, Long[] oids) throws SQLException {
    List<SubscribedTable> found = new ArrayList<>();
    if (oids.length == 0) {
      return found;
    }
    try (PreparedStatement ps =
        c.prepareStatement(SqlTemplates.load("catalog/subscriptions.sql"))) {
      ps.setArray(1, c.createArrayOf("bigint", oids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(
              new SubscribedTable(
                  new QualifiedName(rs.getString("schema"), rs.getString("name")),
                  rs.getString("subscription")));
        }
      }
    }
    return found;
  }

  private static List<NamedDependent> namedDependents(Connection c, Long[] oids)
      throws SQLException {
    List<NamedDependent> found = new ArrayList<>();
    if (oids.length == 0) {
      return found;
    }
    try (PreparedStatement ps =
        c.prepareStatement(SqlTemplates.load("catalog/named-dependents.sql"))) {
      ps.setArray(1, c.createArrayOf("bigint", oids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(
              new NamedDependent(
                  new QualifiedName(rs.getString("table_schema"), rs.getString("table_name")),
                  NamedDependent.Kind.valueOf(rs.getString("kind")),
                  rs.getString("schema"),
                  rs.getString("name"),
                  rs.getString("column_name")));
        }
      }
    }
    return found;
  }
}
