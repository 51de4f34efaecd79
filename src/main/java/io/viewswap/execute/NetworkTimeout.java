package io.viewswap.execute;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A client-side bound on every wait for the server while viewswap holds a transaction open: the
 * JDBC network timeout (pgJDBC's socket read timeout), given back as it was on close. Without it, a
 * network that goes silent (no RST: a partition, a dropped NAT entry) leaves viewswap waiting for
 * an answer until the kernel's keepalive gives up, two hours by default; with it, pgJDBC closes the
 * connection and the run says what became of the phase ({@link CommitCheck}).
 */
final class NetworkTimeout implements AutoCloseable {
  private final Connection c;
  private final int before;

  private NetworkTimeout(Connection c, int before) {
    this.c = c;
    this.before = before;
  }

  static NetworkTimeout set(Connection c, Duration timeout) {
    int before = -1;
    try {
      before = c.getNetworkTimeout();
      c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (SQLException | UnsupportedOperationException e) {
      // A driver without network timeouts, or a closed connection: the run fails on its own.
    }
    return new NetworkTimeout(c, before);
  }

  @Override
  public void close() {
    if (before < 0) {
      return;
    }
    try {
      if (!c.isClosed()) {
        c.setNetworkTimeout(Runnable::run, before);
      }
    } catch (SQLException e) {
      // the connection is gone; nothing to give back
    }
  }
}
