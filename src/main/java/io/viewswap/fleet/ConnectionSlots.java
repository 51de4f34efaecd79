package io.viewswap.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many more connections the server accepts from an ordinary role: max_connections less the
 * slots reserved for superusers (and, from 16 on, for pg_use_reserved_connections) less the client
 * backends already there. A fleet run never opens more than that, so it cannot lock the application
 * out of its own database.
 */
final class ConnectionSlots {
  private ConnectionSlots() {}

  static final String FREE_SLOTS =
      "select current_setting('max_connections')::int"
          + " - current_setting('superuser_reserved_connections')::int"
          + " - coalesce(current_setting('reserved_connections', true)::int, 0)"
          + " - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int";

  static int free(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FREE_SLOTS);
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
