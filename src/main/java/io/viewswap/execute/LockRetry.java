package io.viewswap.execute;

import io.viewswap.api.Blocker;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.LockTimeout;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;

/**
 * Runs a unit of work in its own transaction under {@code SET LOCAL lock_timeout} and {@code
 * statement_timeout}, and re-runs the whole transaction after a backoff when a lock is not granted
 * in time (SQLSTATE 55P03). Any other error ends the run, rolled back. Both the phases and the
 * catalog read go through here, so nothing viewswap does ever queues for a lock without a bound.
 *
 * <p>The trade-off of retrying: a statement that hits {@code lock_timeout} leaves the lock queue,
 * and its retry queues again at the end, behind every session that arrived meanwhile. A short
 * timeout keeps the stall of the queries queued behind viewswap's ALTER short; the price is that
 * under steady contention a retry may never reach the front. Each timeout therefore names the
 * sessions that were in the way ({@link BlockerWatch}), so that the choice between waiting longer
 * ({@code --lock-timeout}), trying more often ({@code --retries}) and ending the blocker is an
 * informed one.
 */
public final class LockRetry {
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final BlockerWatch blockers;
  private final Sql sql = new Sql();

  public LockRetry(Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this(clock, sleeper, random, BlockerWatch.none());
  }

  /**
   * @param blockers samples who is in the way while an attempt waits; the caller closes it
   */
  public LockRetry(Clock clock, Sleeper sleeper, DoubleSupplier random, BlockerWatch blockers) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.blockers = blockers;
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
   * @param lockTimeouts the attempts before it that hit the lock timeout, with who was in the way
   */
  public record Done<T>(
      T value, int attempts, long waitedMs, Instant committedAt, List<LockTimeout> lockTimeouts) {
    public Done {
      lockTimeouts = List.copyOf(lockTimeouts);
    }
  }

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
    return run(c, title, lockTimeout, statementTimeout, false, retry, progress, failure, work);
  }

  /**
   * Runs {@code work} until it commits.
   *
   * @param keepSynchronousCommit whether COMMIT waits for synchronous standbys as the server says
   *     (else {@code synchronous_commit = local}, see {@link Sql#transactionSettings})
   */
  public <T> Done<T> run(
      Connection c,
      String title,
      Duration lockTimeout,
      Duration statementTimeout,
      boolean keepSynchronousCommit,
      RetryPolicy retry,
      ProgressListener progress,
      java.util.function.Function<SQLException, ViewSwapException> failure,
      Work<T> work) {
    try (NetworkTimeout bound =
        NetworkTimeout.set(c, clientTimeout(lockTimeout, statementTimeout))) {
      return attempts(
          c,
          title,
          lockTimeout,
          statementTimeout,
          keepSynchronousCommit,
          retry,
          progress,
          failure,
          work);
    }
  }

  /**
   * How long the client waits for any one answer before it takes the connection for lost: every
   * statement ends within statement_timeout (lock waits included) and an idle session within the
   * idle timeout, so a longer silence means the network or the server is gone. A socket read
   * timeout (not a cap on the whole batch: each answer that arrives starts it again).
   */
  static Duration clientTimeout(Duration lockTimeout, Duration statementTimeout) {
    return statementTimeout.plus(Sql.idleTimeout(lockTimeout));
  }

  private <T> Done<T> attempts(
      Connection c,
      String title,
      Duration lockTimeout,
      Duration statementTimeout,
      boolean keepSynchronousCommit,
      RetryPolicy retry,
      ProgressListener progress,
      java.util.function.Function<SQLException, ViewSwapException> failure,
      Work<T> work) {
    int maxAttempts = retry.retries() + 1;
    Instant firstStart = clock.instant();
    long waited = 0;
    List<LockTimeout> timeouts = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      Instant attemptStart = clock.instant();
      BlockerWatch.Sampling sampling = blockers.watch(c, lockTimeout);
      try {
        c.setAutoCommit(false);
        List<String> preamble =
            sql.transactionSettings(lockTimeout, statementTimeout, keepSynchronousCommit);
        try (Statement st = c.createStatement()) {
          // One round trip for every setting.
          for (String s : preamble) {
            st.addBatch(s);
          }
          st.executeBatch();
        }
        T value = work.run(new Attempt(attempt, waited, firstStart, preamble));
        c.commit();
        Instant committedAt = clock.instant();
        sampling.stop();
        return new Done<>(value, attempt, waited, committedAt, timeouts);
      } catch (SQLException e) {
        List<Blocker> seen = sampling.stop();
        rollbackQuietly(c);
        String state = SqlStates.of(e);
        if (!state.equals(SqlStates.LOCK_NOT_AVAILABLE)) {
          throw failure.apply(e);
        }
        if (attempt >= maxAttempts) {
          timeouts.add(new LockTimeout(attempt, SqlStates.message(e), stepOf(e), -1, seen));
          throw gaveUp(title, maxAttempts, lockTimeout, state, e, timeouts);
        }
        Duration delay = retry.delay(attempt, random);
        LockTimeout timeout =
            new LockTimeout(attempt, SqlStates.message(e), stepOf(e), delay.toMillis(), seen);
        timeouts.add(timeout);
        progress.retrying(maxAttempts, timeout, delay);
        sleeper.sleep(delay);
        waited += Duration.between(attemptStart, clock.instant()).toMillis();
      }
    }
  }

  private static String stepOf(SQLException e) {
    return e instanceof PhaseRunner.StepFailure f ? f.step().map(s -> s.id()).orElse("") : "";
  }

  /** Exit 5, naming the sessions last seen in the way and what to do about them. */
  private static ViewSwapException gaveUp(
      String title,
      int maxAttempts,
      Duration lockTimeout,
      String state,
      SQLException e,
      List<LockTimeout> timeouts) {
    ViewSwapException bare =
        new ViewSwapException(ErrorCode.LOCK_NOT_ACQUIRED, "", "", state, e, timeouts);
    List<Blocker> seen = bare.blockers();
    String message =
        title
            + ": lock not acquired after "
            + maxAttempts
            + " attempt"
            + (maxAttempts == 1 ? "" : "s")
            + " (lock_timeout "
            + lockTimeout.toMillis()
            + "ms); nothing was changed";
    String hint;
    String tradeOff =
        "; or raise --lock-timeout (waits longer in the queue, and stalls the queries queued behind viewswap as"
            + " long; keep it below deadlock_timeout) or --retries (each retry queues again at the end)";
    if (seen.isEmpty()) {
      message += "; no blocking session was seen";
      hint =
          "a long transaction holds the table: find it in pg_stat_activity (pg_blocking_pids)"
              + tradeOff;
    } else {
      message +=
          "; blocked by " + seen.stream().map(Blocker::describe).collect(Collectors.joining("; "));
      String pids =
          seen.stream().map(b -> Integer.toString(b.pid())).collect(Collectors.joining(", "));
      hint =
          "let "
              + (seen.size() == 1 ? "that session's" : "those sessions'")
              + " transaction finish, or end it"
              + " (select pg_terminate_backend(pid) for pid "
              + pids
              + "), then run again"
              + tradeOff;
    }
    return new ViewSwapException(ErrorCode.LOCK_NOT_ACQUIRED, message, hint, state, e, timeouts);
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
