package io.viewswap.execute;

import io.viewswap.render.SqlTemplates;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Every session viewswap opens runs with {@code search_path = pg_catalog, pg_temp}, set before
 * anything else (the run lock, the state schema's checks, the catalog reads, the phases): a schema
 * that a less privileged role may create in (PostgreSQL 14's {@code public}, a schema named like
 * the connected role, first on the default {@code "$user", public}) could otherwise hold a function
 * or an operator that matches a call more exactly than the built-in, and it would run with
 * viewswap's rights. Closing the connection puts the session's own search_path back, so a pooled
 * connection is returned as it was lent.
 */
public final class PinnedSearchPath {
  /** The search_path of every viewswap session and of every exported script's transaction. */
  public static final String SEARCH_PATH = "pg_catalog, pg_temp";

  private PinnedSearchPath() {}

  /**
   * Pins the session's search_path (in autocommit, so it holds for the session) and returns the
   * connection, whose {@code close()} restores the value it had.
   */
  public static Connection pin(Connection c) throws SQLException {
    c.setAutoCommit(true);
    String saved;
    // SHOW calls no function, so nothing on the caller's search_path can run before the pin.
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(SqlTemplates.load("execute/show-search-path.sql"))) {
      rs.next();
      saved = rs.getString(1);
    }
    try (Statement st = c.createStatement()) {
      st.execute(SqlTemplates.fill(SqlTemplates.load("execute/pin-search-path.sql"), SEARCH_PATH));
    }
    return (Connection)
        Proxy.newProxyInstance(
            PinnedSearchPath.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                restore(c, saved);
              }
              try {
                return method.invoke(c, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void restore(Connection c, String saved) {
    try {
      if (c.isClosed()) {
        return;
      }
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      try (PreparedStatement ps =
          c.prepareStatement(SqlTemplates.load("execute/restore-search-path.sql"))) {
        ps.setString(1, saved);
        ps.execute();
      }
    } catch (SQLException ignored) {
      // The session is gone or broken; the pool discards it, and with it the pinned search_path.
    }
  }
}
