package io.viewswap.execute;

import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Step;
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
  private final LockRetry lockRetry;

  public PhaseRunner(Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.clock = clock;
    this.lockRetry = new LockRetry(clock, sleeper, random);
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
    LockRetry.Done<Attempt> done =
        lockRetry.run(
            c,
            plan.title(),
            lockTimeout,
            statementTimeout,
            retry,
            progress,
            e -> failure(e, plan),
            a -> attempt(c, plan, specId, specChecksum, a));
    long held = Duration.between(done.value().lockStart(), done.committedAt()).toMillis();
    return new PhaseOutcome(done.attempts(), done.waitedMs(), held, done.value().statements());
  }

  private record Attempt(Instant lockStart, List<String> statements) {}

  /** The plan's statements and the state row; the lock time runs from the first DDL statement. */
  private Attempt attempt(Connection c, PhasePlan plan, String specId, String checksum, LockRetry.Attempt a)
      throws SQLException {
    List<String> run = new ArrayList<>(a.preamble());
    Instant lockStart = null;
    try (Statement st = c.createStatement()) {
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
      ps.setTimestamp(8, Timestamp.from(a.firstStart()));
      ps.setInt(9, a.number());
      ps.setLong(10, a.waitedMs());
      ps.setLong(11, heldSoFar);
      Array ddl = c.createArrayOf("text", plan.ddl().toArray());
      ps.setArray(12, ddl);
      ps.execute();
    }
    run.add("select viewswap.finish_phase(...)");
    return new Attempt(lockStart, run);
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
