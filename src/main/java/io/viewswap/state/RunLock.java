package io.viewswap.state;

import io.viewswap.api.Sleeper;
import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session-level advisory lock that keeps two runs of one spec apart (pipeline stages that
 * overlap). It is keyed like the transaction-level lock {@code viewswap.begin_phase} takes, so
 * exported scripts serialise with {@code apply} too. A killed process loses its session and so the
 * lock. The built-ins are qualified and exactly typed ({@code 0::bigint}): an unqualified {@code
 * hashtextextended(text, 0)} would pick a function someone put in a schema on the search_path with
 * an {@code integer} second argument over the built-in.
 */
public final class RunLock implements AutoCloseable {
  private final Connection connection;
  private final String specId;

  private RunLock(Connection connection, String specId) {
    this.connection = connection;
    this.specId = specId;
  }

  /**
   * Takes the lock, polling until {@code wait} runs out.
   *
   * @return empty when another run still holds it
   */
  public static java.util.Optional<RunLock> acquire(
      Connection c, String specId, Duration wait, Clock clock, Sleeper sleeper)
      throws SQLException {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      try (PreparedStatement ps =
          c.prepareStatement(SqlTemplates.load("state/run-lock-take.sql"))) {
        ps.setString(1, specId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return java.util.Optional.of(new RunLock(c, specId));
          }
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        return java.util.Optional.empty();
      }
      sleeper.sleep(Duration.ofMillis(100));
    }
  }

  @Override
  public void close() throws SQLException {
    if (connection.isClosed()) {
      return;
    }
    boolean auto = connection.getAutoCommit();
    if (!auto) {
      connection.rollback();
    }
    try (PreparedStatement ps =
        connection.prepareStatement(SqlTemplates.load("state/run-lock-release.sql"))) {
      ps.setString(1, specId);
      ps.execute();
    }
    if (!auto) {
      connection.commit();
    }
  }
}
