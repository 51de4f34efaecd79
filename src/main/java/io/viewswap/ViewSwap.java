package io.viewswap;

import io.viewswap.api.CheckReport;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.Plan;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.Sleeper;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ReleaseRoleReader;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.check.Checker;
import io.viewswap.check.ReleaseRoleCheck;
import io.viewswap.drain.Drain;
import io.viewswap.execute.BlockerWatch;
import io.viewswap.execute.LockRetry;
import io.viewswap.execute.PhaseOutcome;
import io.viewswap.execute.PhaseRunner;
import io.viewswap.execute.PinnedSearchPath;
import io.viewswap.execute.RetryPolicy;
import io.viewswap.execute.SqlStates;
import io.viewswap.plan.Planner;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.state.RunLock;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.state.StateStore;
import java.io.IOException;
import java.security.SecureRandom;
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
 * viewswap as a library. A configured instance is immutable and safe to share.
 *
 * <pre>{@code
 * ViewSwap vs = ViewSwap.configure().dataSource(ds).build();
 * Spec spec = new SpecReader().read(Path.of("specs/customer-to-client.yaml"));
 * PhaseResult r = vs.apply(spec, Phase.EXPAND, false);
 * }</pre>
 *
 * <p>Every method opens its own connection and closes it. Failures are {@link ViewSwapException}s
 * carrying an {@link ErrorCode}; a refused run changes nothing.
 */
public final class ViewSwap {
  private final DataSource dataSource;
  private final ProgressListener progress;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Duration runLockWait;
  private final CatalogReader catalogReader = new CatalogReader();
  private final Checker checker = new Checker();
  private final ReleaseRoleCheck releaseRoleCheck = new ReleaseRoleCheck();
  private final ReleaseRoleReader releaseRoleReader = new ReleaseRoleReader();
  private final Planner planner = new Planner();
  private final StateStore stateStore = new StateStore();

  private ViewSwap(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
    this.progress = b.progress;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.runLockWait = b.runLockWait;
  }

  public static Builder configure() {
    return new Builder();
  }

  /** Builds a {@link ViewSwap}; only the DataSource is required. */
  public static final class Builder {
    private DataSource dataSource;
    private ProgressListener progress = ProgressListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.REAL;
    private DoubleSupplier random = new SecureRandom()::nextDouble;
    private Duration runLockWait = Duration.ofSeconds(5);

    private Builder() {}

    public Builder dataSource(DataSource ds) {
      this.dataSource = ds;
      return this;
    }

    /** Where retries and waits are reported as they happen. */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public Builder sleeper(Sleeper s) {
      this.sleeper = Objects.requireNonNull(s);
      return this;
    }

    /** Source of jitter in [0, 1). */
    public Builder random(DoubleSupplier r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    /** How long a run waits for another run of the same spec before giving up with exit 4. */
    public Builder runLockWait(Duration d) {
      this.runLockWait = Objects.requireNonNull(d);
      return this;
    }

    public ViewSwap build() {
      return new ViewSwap(this);
    }
  }

  /** Preflight for the spec's next phase: findings, nothing changed. */
  public CheckResult check(Spec spec) {
    singleTarget(spec);
    try (Connection c = connect()) {
      State state = currentState(c, spec);
      CatalogSnapshot snap = readCatalog(c, spec);
      CheckReport report = checkAll(c, spec, snap, state, Direction.FORWARD);
      return new CheckResult(spec.id(), state, snap.serverVersionNum(), report);
    } catch (SQLException e) {
      throw sqlFailure("check", e);
    }
  }

  /**
   * Every phase's statements and rollback, for the spec as it stands. Refuses (exit 3) a spec that
   * does not fit the database; blockers do not stop a plan from being shown.
   */
  public Plan plan(Spec spec) {
    singleTarget(spec);
    try (Connection c = connect()) {
      State state = currentState(c, spec);
      CatalogSnapshot snap = readCatalog(c, spec);
      Direction direction = state == State.CONTRACTED ? Direction.ROLLBACK : Direction.FORWARD;
      refuseErrors(checker.check(spec, snap, state, direction), false);
      return planner.plan(spec, snap, state);
    } catch (SQLException e) {
      throw sqlFailure("plan", e);
    }
  }

  /**
   * The catalog facts the spec needs, as the JSON document {@code viewswap snapshot} writes: for
   * offline checking, planning and export ({@link #checkOffline}, {@link #planOffline}). The
   * document is the format that is promised, not the classes behind it.
   */
  public String snapshot(Spec spec) {
    try (Connection c = connect()) {
      return SnapshotJson.write(readCatalog(c, spec));
    } catch (SQLException e) {
      throw sqlFailure("snapshot", e);
    } catch (IOException e) {
      throw new ViewSwapException(
          ErrorCode.INTERNAL, "cannot write the snapshot: " + e.getMessage(), "", "", e);
    }
  }

  /**
   * The check of a snapshot: nothing is taken to be applied yet, which is when a pipeline without
   * database access checks a spec.
   *
   * @param snapshotJson a document written by {@link #snapshot}
   */
  public static CheckResult checkOffline(Spec spec, String snapshotJson) {
    CatalogSnapshot snapshot = parseSnapshot(snapshotJson);
    return new CheckResult(
        spec.id(),
        State.PLANNED,
        snapshot.serverVersionNum(),
        // A snapshot holds no roles: of the release-role checks only the column-only warning
        // applies offline.
        new ReleaseRoleCheck()
            .addTo(
                new Checker().check(spec, snapshot, State.PLANNED, Direction.FORWARD),
                spec,
                Optional.empty(),
                State.PLANNED,
                Direction.FORWARD));
  }

  /**
   * Plans from a snapshot taken earlier, without a connection: the spec is taken to be planned
   * (nothing applied yet), which is when a DBA exports scripts.
   *
   * @param snapshotJson a document written by {@link #snapshot}
   */
  public static Plan planOffline(Spec spec, String snapshotJson) {
    CatalogSnapshot snapshot = parseSnapshot(snapshotJson);
    refuseErrors(new Checker().check(spec, snapshot, State.PLANNED, Direction.FORWARD), false);
    return new Planner().plan(spec, snapshot, State.PLANNED);
  }

  private static CatalogSnapshot parseSnapshot(String json) {
    try {
      return SnapshotJson.read(json);
    } catch (IOException e) {
      throw ViewSwapException.of(
          ErrorCode.USAGE,
          "not a viewswap snapshot: " + e.getMessage(),
          "make it with `viewswap snapshot SPEC --out FILE`");
    }
  }

  /**
   * Watches {@code window} for SQL that still uses the spec's old names: the gate before the swap.
   *
   * @param sleeper waits between samples; the CLI's prints progress while it waits
   */
  public DrainReport drain(
      Spec spec, Duration window, Duration interval, Sleeper sleeper, DrainProgress progress) {
    try (Connection c = connect()) {
      return new Drain(clock, sleeper, interval).watch(c, spec, window, progress);
    } catch (SQLException e) {
      ViewSwapException failure = sqlFailure("drain", e);
      if (failure.code() != ErrorCode.SQL_FAILED) {
        throw failure;
      }
      throw new ViewSwapException(
          failure.code(),
          failure.getMessage(),
          "drain reads pg_stat_activity; a role without pg_read_all_stats sees only its own sessions' queries",
          SqlStates.of(e),
          e);
    }
  }

  /** Moves the spec one state forward. */
  public PhaseResult apply(Spec spec, Phase phase, boolean dryRun) {
    return run(spec, phase, Direction.FORWARD, dryRun);
  }

  /**
   * Moves the spec one state back: {@code rollback(spec, SWAP, ...)} goes from swapped to expanded.
   */
  public PhaseResult rollback(Spec spec, Phase phase, boolean dryRun) {
    return run(spec, phase, Direction.ROLLBACK, dryRun);
  }

  /**
   * The state of one spec (with its history), or of every spec the database knows when {@code spec}
   * is empty.
   */
  public List<SpecStatus> status(Optional<Spec> spec) {
    try (Connection c = connect()) {
      List<SpecStatus> out = new ArrayList<>();
      if (spec.isPresent()) {
        Spec s = spec.get();
        Optional<SpecStateRecord> row = stateStore.state(c, s.id());
        out.add(
            new SpecStatus(
                s.id(),
                row.map(SpecStateRecord::state).orElse(State.PLANNED),
                row.map(SpecStateRecord::checksum),
                row.isPresent()
                    && row.get().state() != State.PLANNED
                    && !row.get().checksum().equals(s.checksum()),
                row.map(SpecStateRecord::updatedAt),
                stateStore.history(c, s.id())));
      } else {
        for (SpecStateRecord r : stateStore.all(c)) {
          out.add(
              new SpecStatus(
                  r.specId(),
                  r.state(),
                  Optional.of(r.checksum()),
                  false,
                  Optional.of(r.updatedAt()),
                  stateStore.history(c, r.specId())));
        }
      }
      return out;
    } catch (SQLException e) {
      throw sqlFailure("status", e);
    }
  }

  private PhaseResult run(Spec spec, Phase phase, Direction direction, boolean dryRun) {
    singleTarget(spec);
    String title = phase.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
    try (Connection c = connect()) {
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
          BlockerWatch blockers = blockerWatch()) {
        // Ready before the first attempt, so that even the first lock timeout names who is in the
        // way.
        blockers.prepare();
        return runLocked(c, spec, phase, direction, dryRun, title, blockers);
      }
    } catch (SQLException e) {
      throw sqlFailure(title, e);
    }
  }

  private PhaseResult runLocked(
      Connection c,
      Spec spec,
      Phase phase,
      Direction direction,
      boolean dryRun,
      String title,
      BlockerWatch blockers)
      throws SQLException {
    Optional<SpecStateRecord> row = stateStore.state(c, spec.id());
    State current = row.map(SpecStateRecord::state).orElse(State.PLANNED);
    if (row.isPresent()
        && current != State.PLANNED
        && !row.get().checksum().equals(spec.checksum())) {
      throw ViewSwapException.of(
          ErrorCode.STATE_CONFLICT,
          "spec "
              + spec.id()
              + " changed since an earlier phase: its renames no longer match the ones applied"
              + " (state "
              + current.label()
              + ")",
          "restore the spec as it was when expand ran, or roll back to planned before changing it");
    }
    State from = direction.from(phase);
    State to = direction.to(phase);
    if (current == to) {
      return new PhaseResult(
          spec.id(), phase, direction, current, current, true, dryRun, 0, 0, 0, List.of(),
          List.of());
    }
    if (current != from) {
      throw ViewSwapException.of(
          ErrorCode.STATE_CONFLICT,
          "spec "
              + spec.id()
              + " is "
              + current.label()
              + "; "
              + title
              + " needs it "
              + from.label(),
          nextStepHint(current));
    }
    CatalogSnapshot snap = readCatalog(c, spec, blockers);
    CheckReport report = checkAll(c, spec, snap, current, direction);
    refuseErrors(report, true);
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
          report.notices());
    }
    // Only now, with every check passed: a refused run leaves even viewswap's own schema alone.
    stateStore.install(c);
    PhaseRunner runner = new PhaseRunner(clock, sleeper, random, blockers);
    PhaseOutcome out =
        runner.run(
            c,
            plan,
            spec.id(),
            spec.checksum(),
            spec.options().lockTimeout(),
            spec.options().statementTimeout(),
            RetryPolicy.of(spec.options()),
            progress,
            snap.rights().mayRehearseDdl());
    c.setAutoCommit(true);
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

  /**
   * The catalog checks, then those of the release role, which ask the server about roles and
   * sessions.
   */
  private CheckReport checkAll(
      Connection c, Spec spec, CatalogSnapshot snap, State state, Direction direction)
      throws SQLException {
    return releaseRoleCheck.addTo(
        checker.check(spec, snap, state, direction),
        spec,
        releaseRoleReader.read(c, spec),
        state,
        direction);
  }

  /** A spec with {@code schemas:} names a table per tenant, which only {@link Fleet} resolves. */
  private static void singleTarget(Spec spec) {
    if (spec.schemas().isPresent()) {
      throw ViewSwapException.usage(
          "spec " + spec.id() + " selects schemas (schemas:); it runs over every selected schema",
          "use io.viewswap.Fleet (the CLI does so by itself)");
    }
  }

  private static String nextStepHint(State current) {
    return switch (current) {
      case PLANNED -> "run `viewswap apply SPEC --phase expand` first";
      case EXPANDED -> "next is `apply --phase swap`, or `rollback --phase expand`";
      case SWAPPED -> "next is `apply --phase contract`, or `rollback --phase swap`";
      case CONTRACTED -> "the rename is complete; only `rollback --phase contract` moves it";
    };
  }

  private static void refuseErrors(CheckReport report, boolean refuseBlockers) {
    if (report.hasErrors()) {
      List<Diagnostic> ds = report.of(Severity.ERROR).stream().map(f -> f.diagnostic()).toList();
      throw ViewSwapException.refused(Severity.ERROR, "does not fit the database", ds);
    }
    if (refuseBlockers && report.hasBlockers()) {
      List<Diagnostic> ds = report.of(Severity.BLOCKER).stream().map(f -> f.diagnostic()).toList();
      throw ViewSwapException.refused(Severity.BLOCKER, "is blocked; nothing was changed", ds);
    }
  }

  /**
   * The snapshot, read under the spec's lock timeout: pg_get_expr and friends wait behind an ACCESS
   * EXCLUSIVE lock on the table (VACUUM FULL, another ALTER), and an unbounded wait would hang a
   * pipeline stage.
   */
  private CatalogSnapshot readCatalog(Connection c, Spec spec) {
    try (BlockerWatch blockers = blockerWatch()) {
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
   * A second connection from the same DataSource, opened only when a lock wait needs explaining.
   */
  private BlockerWatch blockerWatch() {
    return new BlockerWatch(dataSource::getConnection);
  }

  private State currentState(Connection c, Spec spec) throws SQLException {
    return stateStore.state(c, spec.id()).map(SpecStateRecord::state).orElse(State.PLANNED);
  }

  /**
   * A connection whose search_path is pinned before anything runs on it (see {@link
   * PinnedSearchPath}).
   */
  private Connection connect() {
    Connection raw;
    try {
      raw = dataSource.getConnection();
    } catch (SQLException e) {
      throw new ViewSwapException(
          ErrorCode.CONNECTION,
          "cannot connect: " + SqlStates.message(e),
          "check --url, VIEWSWAP_URL or the PG* variables, and that the server is up",
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

  private static ViewSwapException sqlFailure(String what, SQLException e) {
    ErrorCode code = SqlStates.classify(e);
    return new ViewSwapException(
        code,
        what + " failed: " + SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")",
        code == ErrorCode.CONNECTION ? "the connection was lost; run again" : "",
        SqlStates.of(e),
        e);
  }
}
