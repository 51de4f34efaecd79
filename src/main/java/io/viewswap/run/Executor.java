package io.viewswap.run;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.Plan;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.Sleeper;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ReleaseRoleInfo;
import io.viewswap.catalog.ReleaseRoleReader;
import io.viewswap.catalog.ReplicationReader;
import io.viewswap.catalog.StandbyInfo;
import io.viewswap.catalog.StandbyReader;
import io.viewswap.check.CheckContext;
import io.viewswap.check.Checker;
import io.viewswap.execute.BlockerWatch;
import io.viewswap.execute.LockRetry;
import io.viewswap.execute.PhaseOutcome;
import io.viewswap.execute.PhaseRunner;
import io.viewswap.execute.PinnedSearchPath;
import io.viewswap.execute.RetryPolicy;
import io.viewswap.execute.SqlStates;
import io.viewswap.execute.StandbyReplay;
import io.viewswap.plan.Planner;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.spec.SpecText;
import io.viewswap.state.RoleSetting;
import io.viewswap.state.RunLock;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import javax.sql.DataSource;

/**
 * One phase, check or plan on one target: a database (its DataSource) and a spec whose tables are
 * all named (a fleet hands each tenant its own spec). Immutable; safe to share between threads.
 *
 * <p>Somewhat over 500 lines on purpose: it is the one sequence every run goes through (session,
 * run lock, state row, catalog, checks, refusal, plan, phase), and keeping that sequence readable
 * in one file is what stops a second front door from growing its own. What is not the sequence
 * lives beside it ({@link Readiness}, {@link SpecDrift}).
 */
public final class Executor {
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final ProgressListener progress;
  private final Duration runLockWait;
  private final boolean earlyProbe;
  private final Duration standbyWait;
  private final List<Database> standbys;
  private final StandbyReader standbyReader = new StandbyReader();
  private final CatalogReader catalogReader = new CatalogReader();
  private final Checker checker = new Checker();
  private final ReleaseRoleReader releaseRoleReader = new ReleaseRoleReader();
  private final ReplicationReader replicationReader = new ReplicationReader();
  private final io.viewswap.check.ReplicationCheck replicationCheck =
      new io.viewswap.check.ReplicationCheck();
  private final Planner planner = new Planner();
  private final StateStore stateStore = new StateStore();

  /**
   * @param progress where retries (with the sessions in the way) and waits are reported
   * @param runLockWait how long a run waits for another run of the same target before exit 4
   */
  public Executor(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      ProgressListener progress,
      Duration runLockWait) {
    this(clock, sleeper, random, progress, runLockWait, true, null, List.of());
  }

  private Executor(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      ProgressListener progress,
      Duration runLockWait,
      boolean earlyProbe,
      Duration standbyWait,
      List<Database> standbys) {
    this.earlyProbe = earlyProbe;
    this.standbyWait = standbyWait;
    this.standbys = List.copyOf(standbys);
    this.clock = Objects.requireNonNull(clock);
    this.sleeper = Objects.requireNonNull(sleeper);
    this.random = Objects.requireNonNull(random);
    this.progress = Objects.requireNonNull(progress);
    this.runLockWait = Objects.requireNonNull(runLockWait);
  }

  /** The same executor reporting to another listener (a fleet names the target on each line). */
  public Executor reporting(ProgressListener listener) {
    return new Executor(
        clock, sleeper, random, listener, runLockWait, earlyProbe, standbyWait, standbys);
  }

  /**
   * The same executor reporting, after each phase, how far the standbys streaming from the server
   * have replayed it, after waiting up to {@code wait} for them (zero: no wait).
   */
  public Executor reportingStandbys(Duration wait) {
    return new Executor(
        clock,
        sleeper,
        random,
        progress,
        runLockWait,
        earlyProbe,
        Objects.requireNonNull(wait),
        standbys);
  }

  /**
   * The same executor reading, in every check, the hot standbys the user named: their settings and
   * the sessions on the spec's tables there, which the primary cannot see.
   */
  public Executor withStandbys(List<Database> named) {
    return new Executor(
        clock, sleeper, random, progress, runLockWait, earlyProbe, standbyWait, named);
  }

  /**
   * The same executor saying nothing of the standbys after a phase: a fleet reports on them once
   * per database, after its last target ({@link #reportStandbys}).
   */
  public Executor withoutStandbys() {
    return new Executor(clock, sleeper, random, progress, runLockWait, earlyProbe, null, standbys);
  }

  /** Whether phases report on the standbys (see {@link #reportingStandbys}). */
  public boolean reportsStandbys() {
    return standbyWait != null;
  }

  /**
   * After phases committed on {@code c}'s server: how far its standbys have replayed them, after
   * waiting for them as configured; the same report as after a single phase ({@link
   * StandbyReplay}). Nothing when this executor does not report on standbys.
   */
  public void reportStandbys(Connection c) {
    if (standbyWait != null) {
      StandbyReplay.after(c, standbyWait, clock, sleeper, progress);
    }
  }

  /**
   * The same executor opening the blocker probe's session only when a lock wait is sampled, not
   * before each phase: a fleet runs many targets on a bounded number of connections, and a probe
   * session per worker up front would double them (and the cost of a target that meets no lock).
   */
  public Executor lazyProbe() {
    return new Executor(
        clock, sleeper, random, progress, runLockWait, false, standbyWait, standbys);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A session whose search_path is pinned before anything runs on it (see {@link
   * PinnedSearchPath}): the only way main code opens one.
   *
   * @param where the database as the user knows it, for the message; empty for the only one
   */
  public static Connection open(DataSource dataSource, String where) {
    Connection raw;
    try {
      raw = dataSource.getConnection();
    } catch (SQLException e) {
      throw new ViewSwapException(
          ErrorCode.CONNECTION,
          "cannot connect"
              + (where.isEmpty() ? "" : " to " + where)
              + ": "
              + SqlStates.message(e)
              + (where.isEmpty() ? "" : " (SQLSTATE " + SqlStates.of(e) + ")"),
          where.isEmpty()
              ? "check --url, VIEWSWAP_URL or the PG* variables, and that the server is up"
              : "check the targets file and that the server is up; a re-run finishes the targets"
                  + " left",
          SqlStates.of(e),
          e);
    }
    try {
      return PinnedSearchPath.pin(raw);
    } catch (SQLException e) {
      try {
        raw.close();
      } catch (SQLException ignored) {
        // already failing
      }
      throw sqlFailure("setting search_path", e);
    }
  }

  /**
   * A second session of the same database, pinned as well, opened only when a lock wait needs
   * explaining.
   */
  public static BlockerWatch blockerWatch(DataSource dataSource) {
    return new BlockerWatch(() -> open(dataSource, ""));
  }

  // ---------------------------------------------------------------------------------------------

  /** The target's row, or empty when it never ran a phase. */
  public Optional<SpecStateRecord> row(Connection c, Spec spec) throws SQLException {
    return stateStore.state(c, spec.id());
  }

  /**
   * Exit 4 when the spec's renames are not the ones applied there (the stored checksum differs),
   * with what changed from the spec stored with the state: {@code check} says so instead of reading
   * the edited spec's names against the database and calling the difference a change by hand.
   */
  public void refuseChanged(Connection c, Spec spec) throws SQLException {
    Optional<SpecStateRecord> row = row(c, spec);
    if (SpecDrift.drifted(row, spec)) {
      throw SpecDrift.changed(spec, row.get(), SpecDrift.applied(row.get()));
    }
  }

  /** Where the target stands: its row's state, or planned. */
  public State state(Connection c, Spec spec) throws SQLException {
    return row(c, spec).map(SpecStateRecord::state).orElse(State.PLANNED);
  }

  /** The target's phase history, oldest first. */
  public List<io.viewswap.api.PhaseRunRecord> history(Connection c, String specId)
      throws SQLException {
    return stateStore.history(c, specId);
  }

  /** Every row of the database, by spec id (a fleet reads them once for all its targets). */
  public List<SpecStateRecord> rows(Connection c) throws SQLException {
    return stateStore.all(c);
  }

  /**
   * The snapshot, read under the spec's lock timeout with the blocker watch: pg_get_expr and
   * friends wait behind an ACCESS EXCLUSIVE lock on the table (VACUUM FULL, another ALTER), and an
   * unbounded wait would hang a pipeline stage.
   */
  public CatalogSnapshot readCatalog(Connection c, DataSource dataSource, Spec spec) {
    try (BlockerWatch blockers = blockerWatch(dataSource)) {
      return readCatalog(c, spec, blockers);
    }
  }

  private CatalogSnapshot readCatalog(Connection c, Spec spec, BlockerWatch blockers) {
    SpecOptions o = spec.options();
    return new LockRetry(clock, sleeper, random, blockers)
        .run(
            c,
            "reading the catalog",
            o.lockTimeout(),
            o.statementTimeout(),
            RetryPolicy.of(o),
            progress,
            e -> sqlFailure("reading the catalog", e),
            a -> catalogReader.read(c, spec))
        .value();
  }

  /**
   * Every check: the target's ({@link #checkTarget}), then its server's ({@link #checkServer}). No
   * caller can leave one out.
   */
  public CheckReport check(
      Connection c, Spec spec, CatalogSnapshot snap, State state, Direction direction)
      throws SQLException {
    return checker.check(context(c, spec, snap, state, direction, true));
  }

  /**
   * The checks of one target without its server's (standbys, synchronous replication), which a
   * fleet reports once per server ({@link #checkServer}).
   */
  public CheckReport checkTarget(
      Connection c, Spec spec, CatalogSnapshot snap, State state, Direction direction)
      throws SQLException {
    return checker.check(context(c, spec, snap, state, direction, false));
  }

  private CheckContext context(
      Connection c,
      Spec spec,
      CatalogSnapshot snap,
      State state,
      Direction direction,
      boolean withServer)
      throws SQLException {
    Optional<ReleaseRoleInfo> releaseRole = releaseRoleReader.read(c, spec);
    Optional<RoleSetting> roleSetting =
        spec.options().releaseRole().isPresent()
            ? stateStore.roleSetting(c, spec.id(), spec.options().releaseRole().get())
            : Optional.empty();
    return new CheckContext(
        spec,
        snap,
        state,
        direction,
        releaseRole,
        roleSetting,
        withServer ? Optional.of(replicationReader.read(c)) : Optional.empty(),
        withServer ? readStandbys(spec) : List.of());
  }

  /**
   * The checks of the server {@code c} is connected to, the same for every target on it: its
   * standbys and synchronous replication (a fleet reports them once per server).
   */
  public CheckReport checkServer(Connection c, Spec spec) throws SQLException {
    return new CheckReport(
        replicationCheck.check(spec, replicationReader.read(c), readStandbys(spec)));
  }

  private List<StandbyInfo> readStandbys(Spec spec) {
    List<StandbyInfo> named = new ArrayList<>();
    for (Database standby : standbys) {
      named.add(readStandby(standby, spec));
    }
    return named;
  }

  /** A named standby, read on its own connection; what went wrong is part of the finding. */
  private StandbyInfo readStandby(Database standby, Spec spec) {
    try (Connection s = open(standby.dataSource(), standby.label())) {
      return standbyReader.read(s, standby.label(), spec);
    } catch (ViewSwapException e) {
      return StandbyInfo.unreadable(standby.label(), e.getMessage());
    } catch (SQLException e) {
      return StandbyInfo.unreadable(
          standby.label(), SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")");
    }
  }

  /**
   * Every phase's statements from the target's state, refused (exit 3) when the spec does not fit;
   * blockers do not stop a plan from being shown.
   */
  public Plan plan(Connection c, Spec spec, CatalogSnapshot snap, State state) throws SQLException {
    Direction direction = state == State.CONTRACTED ? Direction.ROLLBACK : Direction.FORWARD;
    refuse(check(c, spec, snap, state, direction), false);
    return planner.plan(spec, snap, state);
  }

  /** Exit 3 for errors; exit 8 for blockers too when {@code refuseBlockers}. */
  public static void refuse(CheckReport report, boolean refuseBlockers) {
    if (report.hasErrors()) {
      List<Diagnostic> ds = report.of(Severity.ERROR).stream().map(f -> f.diagnostic()).toList();
      throw ViewSwapException.refused(Severity.ERROR, "does not fit the database", ds);
    }
    if (refuseBlockers && report.hasBlockers()) {
      List<Diagnostic> ds = report.of(Severity.BLOCKER).stream().map(f -> f.diagnostic()).toList();
      throw ViewSwapException.refused(Severity.BLOCKER, "is blocked; nothing was changed", ds);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Moves the target one state: takes its run lock (waiting for another run of it as long as
   * configured), reads its row again, decides by {@link Readiness} (done, refused, or run), reads
   * the catalog (unless {@code snapshot} was read for it already), checks, and runs the phase in
   * its own transaction.
   *
   * @param snapshot the catalog as a fleet read it once for all the database's targets; empty to
   *     read it here, under the run lock
   */
  public PhaseResult run(
      Connection c,
      DataSource dataSource,
      Spec spec,
      Phase phase,
      Direction direction,
      boolean dryRun,
      Optional<CatalogSnapshot> snapshot) {
    String title = phase.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
    try {
      c.setAutoCommit(true);
      Optional<RunLock> lock = RunLock.acquire(c, spec.id(), Duration.ZERO, clock, sleeper);
      if (lock.isEmpty()) {
        progress.info(
            "another run of spec "
                + spec.id()
                + " is in progress; waiting up to "
                + runLockWait.toSeconds()
                + "s for it");
        lock = RunLock.acquire(c, spec.id(), runLockWait, clock, sleeper);
      }
      if (lock.isEmpty()) {
        throw ViewSwapException.of(
            ErrorCode.STATE_CONFLICT,
            "another run of spec " + spec.id() + " holds the run lock",
            "wait for it to finish (`viewswap status` shows progress), then run again");
      }
      try (RunLock held = lock.get();
          BlockerWatch blockers = blockerWatch(dataSource)) {
        // Ready before the first attempt, so that even the first lock timeout names who is in the
        // way.
        if (earlyProbe) {
          blockers.prepare();
        }
        return runLocked(c, dataSource, spec, phase, direction, dryRun, blockers, snapshot);
      }
    } catch (SQLException e) {
      throw sqlFailure(title, e);
    }
  }

  private PhaseResult runLocked(
      Connection c,
      DataSource dataSource,
      Spec spec,
      Phase phase,
      Direction direction,
      boolean dryRun,
      BlockerWatch blockers,
      Optional<CatalogSnapshot> snapshot)
      throws SQLException {
    Optional<SpecStateRecord> row = row(c, spec);
    State current = row.map(SpecStateRecord::state).orElse(State.PLANNED);
    State to = direction.to(phase);
    if (direction == Direction.ROLLBACK && SpecDrift.drifted(row, spec)) {
      // A rollback undoes what was applied, not what the file says now.
      Optional<Spec> applied = SpecDrift.applied(row.get());
      if (applied.isPresent()) {
        progress.info(
            "spec "
                + spec.id()
                + " changed since it was applied; rolling back with the applied spec"
                + " (`viewswap status --show-spec "
                + spec.id()
                + "` prints it)");
        spec = applied.get().withOptions(spec.options());
      }
    }
    Readiness ready = Readiness.of(current, SpecDrift.drifted(row, spec), phase, direction);
    switch (ready.verdict()) {
      case DONE -> {
        return new PhaseResult(
            spec.id(), phase, direction, current, current, true, dryRun, 0, 0, 0, List.of(),
            List.of(), List.of(), 0);
      }
      case CHANGED -> throw SpecDrift.changed(spec, row.get(), SpecDrift.applied(row.get()));
      case OUT_OF_ORDER ->
          throw ViewSwapException.of(
              ErrorCode.STATE_CONFLICT,
              "spec " + spec.id() + " " + ready.why(),
              SpecDrift.nextStepHint(current));
      case RUN -> {
        // below
      }
    }
    CatalogSnapshot snap = snapshot.isPresent() ? snapshot.get() : readCatalog(c, spec, blockers);
    CheckReport report = check(c, spec, snap, current, direction);
    refuse(report, true);
    PhasePlan plan = planner.plan(spec, snap, current).phase(phase, direction);
    if (dryRun) {
      return new PhaseResult(
          spec.id(),
          phase,
          direction,
          current,
          current,
          false,
          true,
          0,
          0,
          0,
          plan.steps().stream().map(s -> s.sql()).toList(),
          report.notices(),
          List.of(),
          0);
    }
    // Only now, with every check passed: a refused run leaves even viewswap's own schema alone.
    stateStore.install(c);
    PhaseOutcome out =
        new PhaseRunner(clock, sleeper, random, blockers, dataSource::getConnection, standbyWait)
            .run(
                c,
                plan,
                spec.id(),
                spec.checksum(),
                SpecText.json(spec),
                spec.options().lockTimeout(),
                spec.options().statementTimeout(),
                spec.options().keepSynchronousCommit(),
                RetryPolicy.of(spec.options()),
                progress,
                snap.rights().mayRehearseDdl());
    if (!c.isClosed()) { // a lost connection whose phase was found committed
      c.setAutoCommit(true);
    }
    return new PhaseResult(
        spec.id(),
        phase,
        direction,
        current,
        to,
        false,
        false,
        out.attempts(),
        out.lockWaitMs(),
        out.lockHeldMs(),
        out.statements(),
        report.notices(),
        out.lockTimeouts(),
        out.lockHeldMicros());
  }

  /** A failed statement as the typed error every caller reports (exit by SQLSTATE class). */
  public static ViewSwapException sqlFailure(String what, SQLException e) {
    ErrorCode code = SqlStates.classify(e);
    return new ViewSwapException(
        code,
        what + " failed: " + SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")",
        code == ErrorCode.CONNECTION ? "the connection was lost; run again" : "",
        SqlStates.of(e),
        e);
  }
}
