package io.viewswap.catalog;

import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@link StatementStat}s of pg_stat_statements that name the renamed tables. Kept apart
 * from {@link CatalogReader} because, unlike the catalog, the statistics are optional: nothing
 * fails for their lack.
 */
final class StatementStatReader {

  private StatementStatReader() {}

  /** 55000: created but not in shared_preload_libraries; 42501: this role may not read the view. */
  private static final Set<String> STATISTICS_UNAVAILABLE = Set.of("55000", "42501");

  /**
   * Statements on the given tables that a view could not run, from pg_stat_statements. None when
   * the extension is not installed here, not loaded (55000), or not readable by this role (42501):
   * the statistics are a bonus, never a reason to fail. Inside a transaction a savepoint keeps such
   * an error from aborting it.
   */
  static List<StatementStat> read(Connection c, Set<String> tableNames) throws SQLException {
    String schema;
    try (PreparedStatement ps =
            c.prepareStatement(SqlTemplates.load("catalog/statements-schema.sql"));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return List.of();
      }
      schema = rs.getString("schema");
    }
    String sql =
        SqlTemplates.fill(
            SqlTemplates.load("catalog/statements.sql"),
            new Sql().identifier(schema, "pg_stat_statements"));
    Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
    List<StatementStat> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, CatalogReader.wordPattern(tableNames));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(new StatementStat(rs.getString("query"), rs.getLong("calls")));
        }
      }
    } catch (SQLException e) {
      if (!STATISTICS_UNAVAILABLE.contains(e.getSQLState())) {
        throw e;
      }
      if (savepoint != null) {
        c.rollback(savepoint);
      }
      return List.of();
    }
    if (savepoint != null) {
      c.releaseSavepoint(savepoint);
    }
    return found;
  }
}
