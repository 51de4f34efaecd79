package io.viewswap.execute;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.api.Step;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Runs one phase plan: one transaction with {@code SET LOCAL lock_timeout} and {@code
 * statement_timeout}, the plan's statements, the state row, commit. A lock timeout rolls back and
 * re-runs the whole transaction after a backoff; any other error ends the run with nothing changed.
 *
 * <p>The lock window is two round trips, whatever the number of statements. Everything that takes
 * no exclusive lock is sent first (the settings, the guards that check the state row and the
 * table's columns); then the DDL and the state row go to the server as one pipelined batch (pgJDBC
 * sends a statement batch as one message stream with a single Sync), then COMMIT. A failure in the
 * batch is mapped back to its step, so messages still say which statement failed.
 *
 * <p>COMMIT is deliberately not in the batch: a run killed while its batch waits for the lock must
 * never commit. The server executes what it has received even after the client is gone, so a
 * pipelined COMMIT would land the phase behind a dead client's back; without it, the backend finds
 * the connection closed when it reads the next message and rolls back (FaultsIT).
 */
public final class PhaseRunner {
  /** The custom setting that carries the lock window's start to the state row, inside the batch. */
  private static final String LOCK_START = "viewswap.lock_start";

  private static final String REHEARSAL = "viewswap_rehearsal";

  /** DDL of the phase's kinds on temporary objects, rehearsed and undone before the lock. */
  private static final String WARM_DDL = SqlTemplates.load("execute/warm-ddl.sql");

  /** Opens the relations the phase will lock, so their cache entries are built before it. */
  private static final String WARM_RELATIONS = SqlTemplates.load("execute/warm-relations.sql");

  private final Clock clock;
  private final Sleeper sleeper;
  private final LockRetry lockRetry;
  private final BlockerWatch.ConnectionSource reconnect;
  private final Duration standbyWait;
  private final Sql sql = new Sql();

  public PhaseRunner(Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this(clock, sleeper, random, BlockerWatch.none());
  }

  /**
   * @param blockers names who is in the way on each lock timeout; the caller closes it
   */
  public PhaseRunner(Clock clock, Sleeper sleeper, DoubleSupplier random, BlockerWatch blockers) {
    this(clock, sleeper, random, blockers, null);
  }

  /**
   * @param blockers names who is in the way on each lock timeout; the caller closes it
   * @param reconnect opens a new connection to find out what became of a phase whose connection was
   *     lost ({@link CommitCheck}); null: the run only says it cannot tell
   */
  public PhaseRunner(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      BlockerWatch blockers,
      BlockerWatch.ConnectionSource reconnect) {
    this(clock, sleeper, random, blockers, reconnect, null);
  }

  /**
   * @param standbyWait after a phase commits, how long to wait for the standbys to replay it (zero:
   *     only report how far they are, {@link StandbyReplay}); null: say nothing of them
   */
  public PhaseRunner(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      BlockerWatch blockers,
      BlockerWatch.ConnectionSource reconnect,
      Duration standbyWait) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.lockRetry = new LockRetry(clock, sleeper, random, blockers);
    this.reconnect = reconnect;
    this.standbyWait = standbyWait;
  }

  /**
   * @param specId the spec, for the state row
   * @param specChecksum recorded with the state row
   * @param appliedSpec the spec as applied, stored with the state row (see {@code SpecText.json})
   * @param lockTimeout per statement wait for a lock
   * @param statementTimeout per statement cap
   * @param retry backoff after a lock timeout
   * @param rehearse whether the role can rehearse the phase's DDL on temporary objects before the
   *     lock (USAGE on plpgsql and TEMP, as the catalog read found); without, the block would only
   *     fail
   */
  public PhaseOutcome run(
      Connection c,
      PhasePlan plan,
      String specId,
      String specChecksum,
      String appliedSpec,
      Duration lockTimeout,
      Duration statementTimeout,
      RetryPolicy retry,
      ProgressListener progress,
      boolean rehearse) {
    return run(
        c,
        plan,
        specId,
        specChecksum,
        appliedSpec,
        lockTimeout,
        statementTimeout,
        false,
        retry,
        progress,
        rehearse);
  }

  /**
   * @param keepSynchronousCommit whether COMMIT waits for synchronous standbys as the server is
   *     configured (while the phase holds its locks); else the phase commits with {@code
   *     synchronous_commit = local}
   */
  public PhaseOutcome run(
      Connection c,
      PhasePlan plan,
      String specId,
      String specChecksum,
      String appliedSpec,
      Duration lockTimeout,
      Duration statementTimeout,
      boolean keepSynchronousCommit,
      RetryPolicy retry,
      ProgressListener progress,
      boolean rehearse) {
    int pid = backendPid(c);
    Instant started = clock.instant();
    LockRetry.Done<Attempt> done;
    try {
      done =
          lockRetry.run(
              c,
              plan.title(),
              lockTimeout,
              statementTimeout,
              keepSynchronousCommit,
              retry,
              progress,
              e -> failure(e, plan),
              a -> attempt(c, plan, specId, specChecksum, appliedSpec, a, rehearse));
    } catch (ViewSwapException e) {
      if (e.code() != ErrorCode.CONNECTION) {
        throw e;
      }
      // Patience for a lost session this role may not end: its statement, then its idle timeout.
      Duration patience =
          LockRetry.clientTimeout(lockTimeout, statementTimeout).plus(Duration.ofSeconds(5));
      CommitCheck.Verdict v =
          pid < 0
              ? new CommitCheck.Unknown("the connection's backend was not known")
              : CommitCheck.resolve(
                  reconnect, pid, plan, specId, started, patience, clock, sleeper);
      return afterLostConnection(e, v, plan, progress);
    }
    Duration held = Duration.between(done.value().lockStart(), done.committedAt());
    if (standbyWait != null) {
      StandbyReplay.after(c, standbyWait, clock, sleeper, progress);
    }
    return new PhaseOutcome(
        done.attempts(),
        done.waitedMs(),
        held.toMillis(),
        done.value().statements(),
        done.lockTimeouts(),
        held.toNanos() / 1000);
  }

  private record Attempt(Instant lockStart, List<String> statements) {}

  private static int backendPid(Connection c) {
    try {
      return c.unwrap(org.postgresql.PGConnection.class).getBackendPID();
    } catch (SQLException notPostgres) {
      return -1;
    }
  }

  /**
   * The lost connection's phase, found committed (the outcome, as its history row recorded it) or
   * not (exit 7, run again), or unknown (exit 7, saying how to find out): never "rolled back" on a
   * guess.
   */
  private static PhaseOutcome afterLostConnection(
      ViewSwapException lost, CommitCheck.Verdict v, PhasePlan plan, ProgressListener progress) {
    String what = plan.title() + ": the connection was lost (" + lost.getMessage() + ")";
    if (v instanceof CommitCheck.Committed c) {
      progress.info(
          what
              + "; a new connection found the phase committed (the spec is "
              + plan.to().label()
              + "): it is done, nothing to run again");
      Optional<PhaseRunRecord> run = c.run();
      long heldMs = run.map(r -> r.lockHeldMs() == null ? 0L : r.lockHeldMs()).orElse(0L);
      return new PhaseOutcome(
          run.map(r -> r.attempts() == null ? 1 : r.attempts()).orElse(1),
          run.map(r -> r.lockWaitMs() == null ? 0L : r.lockWaitMs()).orElse(0L),
          heldMs,
          run.map(PhaseRunRecord::statements).orElse(List.of()),
          List.of(),
          heldMs * 1000);
    }
    if (v instanceof CommitCheck.NotCommitted n) {
      throw new ViewSwapException(
          ErrorCode.CONNECTION,
          what
              + "; a new connection found the phase not committed (the spec is still "
              + n.state().label()
              + ")",
          "nothing was changed; run the phase again",
          lost.sqlState().orElse(""),
          lost);
    }
    String why = ((CommitCheck.Unknown) v).why();
    throw new ViewSwapException(
        ErrorCode.CONNECTION,
        what + "; whether it committed is not known: " + why,
        "run `viewswap status SPEC`: if it says "
            + plan.to().label()
            + ", the phase is done; if it says "
            + plan.from().label()
            + ", nothing was changed and the phase can run again",
        lost.sqlState().orElse(""),
        lost);
  }

  /**
   * A statement of the transaction, with the step it came from (empty for viewswap's own
   * bookkeeping).
   */
  private record Sent(String sql, Optional<Step> step) {}

  /**
   * The guards in one round trip, then the DDL with the state row in another; the caller commits.
   * The lock time runs from sending the second (its first statement takes the first exclusive lock)
   * to the end of COMMIT; the state row records the same window measured by the server up to the
   * state row itself.
   */
  private Attempt attempt(
      Connection c,
      PhasePlan plan,
      String specId,
      String checksum,
      String appliedSpec,
      LockRetry.Attempt a,
      boolean rehearse)
      throws SQLException {
    List<String> run = new ArrayList<>(a.preamble());
    List<Sent> guards = new ArrayList<>();
    List<Sent> locked = new ArrayList<>();
    locked.add(new Sent(sql.markLockStart(LOCK_START), Optional.empty()));
    boolean ddlSeen = false;
    for (Step step : plan.steps()) {
      // Guards lead the plan; anything after the first DDL statement stays in the locked batch, in
      // order.
      ddlSeen |= !step.isGuard();
      (ddlSeen ? locked : guards).add(new Sent(step.sql(), Optional.of(step)));
    }
    String heldSoFar = sql.millisecondsSince(LOCK_START);
    String finish =
        sql.finishPhase(
            specId,
            checksum,
            plan.phase().label(),
            plan.direction().label(),
            plan.from().label(),
            plan.to().label(),
            "viewswap apply",
            sql.literal(a.firstStart().toString()) + "::timestamptz",
            Integer.toString(a.number()),
            Long.toString(a.waitedMs()),
            heldSoFar,
            plan.ddl(),
            ", ",
            appliedSpec);
    locked.add(new Sent(finish, Optional.empty()));
    // Rehearsals before the lock, undone at once by the savepoint: the session's first call of
    // finish_phase compiles the plpgsql function and plans its two inserts (the rehearsal sends the
    // very statements the locked batch ends with), and its first DDL builds the cache entries of
    // the catalogs and of the relations it changes; without them that
    // work falls inside the lock window. A state row the constraints would refuse is also refused
    // before anything is locked. The savepoint's rollback releases the ACCESS SHARE locks taken
    // while opening the relations.
    guards.add(new Sent(sql.savepoint(REHEARSAL), Optional.empty()));
    guards.add(locked.get(0));
    guards.add(new Sent(finish, Optional.empty()));
    if (locked.size() > 2) { // the phase changes something: warm the caches its DDL will use
      if (rehearse) {
        guards.add(new Sent(WARM_DDL, Optional.empty()));
      }
      warmRelations(plan).ifPresent(w -> guards.add(new Sent(w, Optional.empty())));
    }
    guards.add(new Sent(sql.rollbackToSavepoint(REHEARSAL), Optional.empty()));
    guards.add(new Sent(sql.releaseSavepoint(REHEARSAL), Optional.empty()));

    // What the run reports is listed before the lock: from the first exclusive lock to COMMIT
    // nothing runs here but the batch (in a cold JVM, even a stream's first use costs
    // milliseconds).
    guards.stream().filter(s -> s.step().isPresent()).forEach(s -> run.add(s.sql()));
    locked.stream().filter(s -> s.step().isPresent()).forEach(s -> run.add(s.sql()));
    run.add(Sql.FINISH_PHASE_SHOWN);
    send(c, guards);
    Instant lockStart = clock.instant();
    send(c, locked);
    return new Attempt(lockStart, run);
  }

  /**
   * Opens the relations the plan locks (and their partitions) so their cache entries are built
   * before the lock; empty when the plan names none.
   */
  private Optional<String> warmRelations(PhasePlan plan) {
    if (plan.relations().isEmpty()) {
      return Optional.empty();
    }
    String schemas =
        plan.relations().stream()
            .map(q -> sql.literal(q.schema()))
            .collect(java.util.stream.Collectors.joining(", ", "array[", "]"));
    String names =
        plan.relations().stream()
            .map(q -> sql.literal(q.name()))
            .collect(java.util.stream.Collectors.joining(", ", "array[", "]"));
    return Optional.of(SqlTemplates.fill(WARM_RELATIONS, schemas, names));
  }

  /** One round trip for the whole list; a failure names the step it came from. */
  private static void send(Connection c, List<Sent> statements) throws SQLException {
    if (statements.isEmpty()) {
      return;
    }
    try (Statement st = c.createStatement()) {
      st.setEscapeProcessing(false);
      for (Sent s : statements) {
        st.addBatch(s.sql());
      }
      st.executeBatch();
    } catch (BatchUpdateException e) {
      SQLException server = e.getNextException() != null ? e.getNextException() : e;
      throw new StepFailure(server, failedStep(e, statements));
    } catch (AssertionError e) {
      // pgJDBC's batch handler asserts (only under -ea) when the server ends the session mid-batch
      // (pg_terminate_backend): that is a lost connection, and must read as one.
      if (c.isClosed()) {
        throw new SQLException("the connection was closed during the phase", "08006", e);
      }
      throw e;
    }
  }

  /**
   * pgJDBC marks every entry of a failed batch in a transaction as failed and names the failed one
   * only in its message ({@code Batch entry N <statement> was aborted: ...}); the statement text is
   * not translated, so the step is the one whose statement that message quotes (the longest, should
   * one statement contain another).
   */
  static Optional<Step> failedStep(BatchUpdateException e, List<Sent> statements) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    Sent best = null;
    for (Sent s : statements) {
      if (m.contains(" " + s.sql() + " ")
          && (best == null || s.sql().length() > best.sql().length())) {
        best = s;
      }
    }
    return best == null ? Optional.empty() : best.step();
  }

  /** The server's error for one step of a batch; SQLSTATE and message are the server's. */
  static final class StepFailure extends SQLException {
    private static final long serialVersionUID = 1L;
    private final transient Optional<Step> step;

    StepFailure(SQLException server, Optional<Step> step) {
      super(server.getMessage(), server.getSQLState(), server.getErrorCode(), server);
      this.step = step;
    }

    Optional<Step> step() {
      return step == null ? Optional.empty() : step;
    }
  }

  static ViewSwapException failure(SQLException e, PhasePlan plan) {
    ErrorCode code = SqlStates.classify(e);
    String hint =
        switch (code) {
          case STATE_CONFLICT -> "run `viewswap status SPEC` to see where the spec stands";
          case CONNECTION ->
              "the connection was lost; `viewswap status SPEC` says whether the phase committed";
          case SPEC_INVALID ->
              "the database changed since the plan was made; run `viewswap check` and plan again";
          default -> "the transaction was rolled back; nothing was changed";
        };
    String at =
        e instanceof StepFailure f
            ? f.step().map(s -> " at step " + s.id() + " (" + s.description() + ")").orElse("")
            : "";
    return new ViewSwapException(
        code,
        plan.title()
            + " failed"
            + at
            + ": "
            + SqlStates.message(e)
            + " (SQLSTATE "
            + SqlStates.of(e)
            + ")",
        hint,
        SqlStates.of(e),
        e);
  }
}
