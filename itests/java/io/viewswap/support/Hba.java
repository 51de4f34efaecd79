package io.viewswap.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The server's pg_hba.conf, rewritten by tests that need other authentication rules. */
public final class Hba {
  private Hba() {}

  /**
   * Replaces pg_hba.conf through the server (which owns the file; a superuser connection) and
   * reloads it. The reload is asynchronous: callers wait for the rule they need to show.
   */
  public static void write(Connection superuser, String content) throws SQLException {
    long oid;
    try (PreparedStatement ps =
        superuser.prepareStatement(
            "select pg_catalog.lo_from_bytea(0, pg_catalog.convert_to(?, 'UTF8'))")) {
      ps.setString(1, content);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        oid = rs.getLong(1);
      }
    }
    try (Statement st = superuser.createStatement()) {
      st.execute(
          "select pg_catalog.lo_export("
              + oid
              + ", current_setting('hba_file')), pg_catalog.lo_unlink("
              + oid
              + "), pg_catalog.pg_reload_conf()");
    }
  }
}
