package io.viewswap.execute;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import io.viewswap.plan.PhasePlan;
import io.viewswap.plan.Step;
import io.viewswap.render.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Runs one phase plan: one transaction with {@code SET LOCAL lock_timeout} and {@code statement_timeout}, the
 * plan's statements, the state row, commit. A lock timeout rolls back and re-runs the whole transaction after a
 * backoff; any other error ends the run with nothing changed.
 */
public final class PhaseRunner {
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Sql sql = new Sql();

  public PhaseRunner(Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * @param specId the spec, for the state row
   * @param specChecksum recorded with the state row
   * @param lockTimeout per statement wait for a lock
   * @param statementTimeout per statement cap
   * @param retry backoff after a lock timeout
   */
  public PhaseOutcome run(
      Connection c,
      PhasePlan plan,
      String specId,
      String specChecksum,
      Duration lockTimeout,
      Duration statementTimeout,
      RetryPolicy retry,
      ProgressListener progress) {
    int maxAttempts = retry.retries() + 1;
    Instant firstStart = clock.instant();
    long waited = 0;
    for (int attempt = 1; ; attempt++) {
      Instant attemptStart = clock.instant();
      try {
        Attempt a = attempt(c, plan, specId, specChecksum, lockTimeout, statementTimeout, attempt, waited, firstStart);
        return new PhaseOutcome(attempt, waited, a.heldMs, a.statements);
      } catch (SQLException e) {
        rollbackQuietly(c);
        String state = SqlStates.of(e);
        if (!state.equals(SqlStates.LOCK_NOT_AVAILABLE)) {
          throw failure(e, plan);
        }
        if (attempt >= maxAttempts) {
          throw new ViewSwapException(
              ErrorCode.LOCK_NOT_ACQUIRED,
              plan.title() + ": lock not acquired after " + maxAttempts + " attempts (lock_timeout "
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

  private record Attempt(long heldMs, List<String> statements) {}

  private Attempt attempt(
      Connection c,
      PhasePlan plan,
      String specId,
      String checksum,
      Duration lockTimeout,
      Duration statementTimeout,
      int attempt,
      long waited,
      Instant firstStart)
      throws SQLException {
    c.setAutoCommit(false);
    List<String> run = new ArrayList<>();
    Instant lockStart = null;
    try (Statement st = c.createStatement()) {
      for (String s :
          List.of(
              sql.setLocal("lock_timeout", lockTimeout.toMillis() + "ms"),
              sql.setLocal("statement_timeout", statementTimeout.toMillis() + "ms"))) {
        st.execute(s);
        run.add(s);
      }
      for (Step step : plan.steps()) {
        if (lockStart == null && !step.isGuard()) {
          lockStart = clock.instant();
        }
        st.execute(step.sql());
        run.add(step.sql());
      }
    }
    if (lockStart == null) {
      lockStart = clock.instant();
    }
    long heldSoFar = Duration.between(lockStart, clock.instant()).toMillis();
    try (PreparedStatement ps =
        c.prepareStatement("select viewswap.finish_phase(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, specId);
      ps.setString(2, checksum);
      ps.setString(3, plan.phase().label());
      ps.setString(4, plan.direction().label());
      ps.setString(5, plan.from().label());
      ps.setString(6, plan.to().label());
      ps.setString(7, "viewswap apply");
      ps.setTimestamp(8, Timestamp.from(firstStart));
      ps.setInt(9, attempt);
      ps.setLong(10, waited);
      ps.setLong(11, heldSoFar);
      Array ddl = c.createArrayOf("text", plan.ddl().toArray());
      ps.setArray(12, ddl);
      ps.execute();
    }
    run.add("select viewswap.finish_phase(...)");
    c.commit();
    long held = Duration.between(lockStart, clock.instant()).toMillis();
    return new Attempt(held, run);
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

  static ViewSwapException failure(SQLException e, PhasePlan plan) {
    ErrorCode code = SqlStates.classify(e);
    String hint =
        switch (code) {
          case STATE_CONFLICT -> "run `viewswap status SPEC` to see where the spec stands";
          case CONNECTION -> "the connection was lost; the transaction was rolled back, so run the phase again";
          case SPEC_INVALID -> "the database changed since the plan was made; run `viewswap check` and plan again";
          default -> "the transaction was rolled back; nothing was changed";
        };
    return new ViewSwapException(
        code,
        plan.title() + " failed: " + SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")",
        hint,
        SqlStates.of(e),
        e);
  }
}
