package io.viewswap.fleet;

import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many more connections the server accepts from an ordinary role (fleet/free-slots.sql). A
 * fleet run never opens more than that, so it cannot lock the application out of its own database.
 */
final class ConnectionSlots {
  private ConnectionSlots() {}

  static int free(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("fleet/free-slots.sql"));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Workers for one database: the coordinator's connection is the first, and the others are new
   * connections, at most {@code parallel} in all and never more than the free slots leave room for.
   */
  static int workers(int parallel, int freeSlots, int targets) {
    return Math.max(
        1, Math.min(Math.min(parallel, 1 + Math.max(0, freeSlots)), Math.max(1, targets)));
  }
}
