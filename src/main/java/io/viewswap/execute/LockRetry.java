package io.viewswap.execute;

import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Runs a unit of work in its own transaction under {@code SET LOCAL lock_timeout} and {@code statement_timeout},
 * and re-runs the whole transaction after a backoff when a lock is not granted in time (SQLSTATE 55P03). Any
 * other error ends the run, rolled back. Both the phases and the catalog read go through here, so nothing
 * viewswap does ever queues for a lock without a bound.
 */
public final class LockRetry {
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Sql sql = new Sql();

  public LockRetry(Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * One try of the work.
   *
   * @param number 1 for the first
   * @param waitedMs time lost to earlier tries and their backoff
   * @param firstStart when the first try began
   * @param preamble the SET LOCAL statements this try ran
   */
  public record Attempt(int number, long waitedMs, Instant firstStart, List<String> preamble) {}

  /** The work of one transaction; it must not commit. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Attempt attempt) throws SQLException;
  }

  /**
   * The committed result.
   *
   * @param value what the work returned
   * @param attempts tries needed
   * @param waitedMs time lost to lock timeouts and backoff before the try that committed
   * @param committedAt when COMMIT returned
   */
  public record Done<T>(T value, int attempts, long waitedMs, Instant committedAt) {}

  /**
   * Runs {@code work} until it commits.
   *
   * @param title what is being done, for messages ("swap", "reading the catalog")
   * @param failure turns any other SQL error into the run's exception
   */
  public <T> Done<T> run(
      Connection c,
      String title,
      Duration lockTimeout,
      Duration statementTimeout,
      RetryPolicy retry,
      ProgressListener progress,
      java.util.function.Function<SQLException, ViewSwapException> failure,
      Work<T> work) {
    int maxAttempts = retry.retries() + 1;
    Instant firstStart = clock.instant();
    long waited = 0;
    for (int attempt = 1; ; attempt++) {
      Instant attemptStart = clock.instant();
      try {
        c.setAutoCommit(false);
        List<String> preamble =
            List.of(
                sql.setLocal("lock_timeout", lockTimeout.toMillis() + "ms"),
                sql.setLocal("statement_timeout", statementTimeout.toMillis() + "ms"));
        try (Statement st = c.createStatement()) {
          for (String s : preamble) {
            st.execute(s);
          }
        }
        T value = work.run(new Attempt(attempt, waited, firstStart, preamble));
        c.commit();
        return new Done<>(value, attempt, waited, clock.instant());
      } catch (SQLException e) {
        rollbackQuietly(c);
        String state = SqlStates.of(e);
        if (!state.equals(SqlStates.LOCK_NOT_AVAILABLE)) {
          throw failure.apply(e);
        }
        if (attempt >= maxAttempts) {
          throw new ViewSwapException(
              ErrorCode.LOCK_NOT_ACQUIRED,
              title + ": lock not acquired after " + maxAttempts + " attempts (lock_timeout "
                  + lockTimeout.toMillis() + "ms); nothing was changed",
              "a long transaction holds the table: find it in pg_stat_activity, or raise --retries / --lock-timeout"
                  + " (keep the lock timeout below deadlock_timeout)",
              state,
              e);
        }
        Duration delay = retry.delay(attempt, random);
        progress.retrying(attempt, maxAttempts, SqlStates.message(e), delay);
        sleeper.sleep(delay);
        waited += Duration.between(attemptStart, clock.instant()).toMillis();
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is gone; the server rolled the transaction back.
    }
  }
}
