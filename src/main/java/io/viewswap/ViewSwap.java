package io.viewswap;

import io.viewswap.api.CheckReport;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.Plan;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.check.Checker;
import io.viewswap.drain.Drain;
import io.viewswap.execute.SqlStates;
import io.viewswap.plan.Planner;
import io.viewswap.run.Executor;
import io.viewswap.run.SpecDrift;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecText;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.text.VisibleText;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final Executor executor;

  private ViewSwap(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
    this.progress = b.progress;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.runLockWait = b.runLockWait;
    this.executor =
        new Executor(clock, sleeper, random, progress, runLockWait)
            .reportingStandbys(b.waitForStandbys)
            .withStandbys(b.standbys);
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
    private Duration waitForStandbys = Duration.ZERO;
    private List<Database> standbys = List.of();

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

    /**
     * After a phase commits, how long to wait for the standbys streaming from the server to replay
     * it (they see the new names only then); zero (the default) only reports how far they are.
     */
    public Builder waitForStandbys(Duration d) {
      this.waitForStandbys = Objects.requireNonNull(d);
      return this;
    }

    /**
     * Hot standbys of the server, read by every check for what the primary cannot see: their
     * max_standby_streaming_delay and hot_standby_feedback, and the sessions on the spec's tables
     * there, which decide how long replaying a phase's lock stalls them.
     */
    public Builder standbys(List<Database> named) {
      this.standbys = List.copyOf(named);
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
      State state = executor.state(c, spec);
      executor.refuseChanged(c, spec);
      CatalogSnapshot snap = executor.readCatalog(c, dataSource, spec);
      CheckReport report = executor.check(c, spec, snap, state, Direction.FORWARD);
      return new CheckResult(spec.id(), state, snap.serverVersionNum(), report);
    } catch (SQLException e) {
      throw Executor.sqlFailure("check", e);
    }
  }

  /**
   * Every phase's statements and rollback, for the spec as it stands. Refuses (exit 3) a spec that
   * does not fit the database; blockers do not stop a plan from being shown.
   */
  public Plan plan(Spec spec) {
    singleTarget(spec);
    try (Connection c = connect()) {
      State state = executor.state(c, spec);
      return executor.plan(c, spec, executor.readCatalog(c, dataSource, spec), state);
    } catch (SQLException e) {
      throw Executor.sqlFailure("plan", e);
    }
  }

  /**
   * The catalog facts the spec needs, as the JSON document {@code viewswap snapshot} writes: for
   * offline checking, planning and export ({@link #checkOffline}, {@link #planOffline}). The
   * document is the format that is promised, not the classes behind it.
   */
  public String snapshot(Spec spec) {
    try (Connection c = connect()) {
      CatalogSnapshot snap = executor.readCatalog(c, dataSource, spec);
      // Mid-rename the catalog holds viewswap's own views; the state says so offline.
      return SnapshotJson.write(snap, Map.of(spec.id(), executor.state(c, spec).label()));
    } catch (SQLException e) {
      throw Executor.sqlFailure("snapshot", e);
    } catch (IOException e) {
      throw new ViewSwapException(
          ErrorCode.INTERNAL, "cannot write the snapshot: " + e.getMessage(), "", "", e);
    }
  }

  /**
   * The check of a snapshot for the spec's next phase: in the state the snapshot recorded for it
   * (taken mid-rename, its catalog holds viewswap's own views), else planned, which is when a
   * pipeline without database access checks a spec.
   *
   * @param snapshotJson a document written by {@link #snapshot}
   */
  public static CheckResult checkOffline(Spec spec, String snapshotJson) {
    CatalogSnapshot snapshot = parseSnapshot(snapshotJson);
    State state = snapshotState(spec, snapshotJson);
    return new CheckResult(
        spec.id(),
        state,
        snapshot.serverVersionNum(),
        // A snapshot holds no roles and no standbys: of the server's checks only the release
        // role's column-only warning applies offline.
        new Checker().check(spec, snapshot, state, Direction.FORWARD));
  }

  /**
   * Plans from a snapshot taken earlier, without a connection, in the state the snapshot recorded
   * for the spec, else planned (nothing applied yet), which is when a DBA exports scripts.
   *
   * @param snapshotJson a document written by {@link #snapshot}
   */
  public static Plan planOffline(Spec spec, String snapshotJson) {
    CatalogSnapshot snapshot = parseSnapshot(snapshotJson);
    State state = snapshotState(spec, snapshotJson);
    Direction direction = state == State.CONTRACTED ? Direction.ROLLBACK : Direction.FORWARD;
    Executor.refuse(new Checker().check(spec, snapshot, state, direction), false);
    return new Planner().plan(spec, snapshot, state);
  }

  /** The spec's state as the snapshot recorded it; planned when it recorded none. */
  private static State snapshotState(Spec spec, String json) {
    try {
      return SnapshotJson.specState(json, spec.id()).map(State::parse).orElse(State.PLANNED);
    } catch (IOException | IllegalArgumentException e) {
      throw ViewSwapException.of(
          ErrorCode.USAGE,
          "not a viewswap snapshot: " + e.getMessage(),
          "make it with `viewswap snapshot SPEC --out FILE`");
    }
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
      ViewSwapException failure = Executor.sqlFailure("drain", e);
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
   * Rolls back with the spec as it was applied, read from the state: no spec file is needed (it was
   * lost, or changed since). Refused (exit 4) when the state holds no applied spec for the id.
   */
  public PhaseResult rollback(String specId, Phase phase, boolean dryRun) {
    return rollback(appliedSpec(specId), phase, dryRun);
  }

  /**
   * The spec as it was last applied, read from the state (exit 4 when none is stored: no phase ran,
   * or an older viewswap ran it).
   */
  public Spec appliedSpec(String specId) {
    try (Connection c = connect()) {
      Optional<SpecStateRecord> row =
          executor.rows(c).stream().filter(r -> r.specId().equals(specId)).findFirst();
      if (row.isEmpty()) {
        throw ViewSwapException.of(
            ErrorCode.STATE_CONFLICT,
            "no phase of spec " + VisibleText.oneLine(specId) + " ran on this database",
            "`viewswap status` lists the specs this database knows");
      }
      return SpecDrift.applied(row.get())
          .orElseThrow(
              () ->
                  ViewSwapException.of(
                      ErrorCode.STATE_CONFLICT,
                      "the state of spec "
                          + VisibleText.oneLine(specId)
                          + " holds no applied spec (its last phase ran with a viewswap older than"
                          + " state v3, or the stored text is not a spec of this id)",
                      "restore the spec file and run with it"));
    } catch (SQLException e) {
      throw Executor.sqlFailure("status", e);
    }
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
        Optional<SpecStateRecord> row = executor.row(c, s);
        Optional<String> lost = Optional.empty();
        if (row.isEmpty() && s.schemas().isEmpty()) {
          // No state: is the database as a later phase left it (the state lost in a dump)?
          CatalogSnapshot snap = executor.readCatalog(c, dataSource, s);
          lost =
              io.viewswap.check.LostState.of(s, snap)
                  .map(
                      l -> l.message(s, snap) + System.lineSeparator() + "  hint: " + l.recovery());
        }
        out.add(
            new SpecStatus(
                s.id(),
                row.map(SpecStateRecord::state).orElse(State.PLANNED),
                row.map(SpecStateRecord::checksum),
                SpecDrift.drifted(row, s),
                row.map(SpecStateRecord::updatedAt),
                executor.history(c, s.id()),
                row.flatMap(SpecDrift::applied).map(SpecText::yaml),
                lost));
      } else {
        for (SpecStateRecord r : executor.rows(c)) {
          out.add(
              new SpecStatus(
                  r.specId(),
                  r.state(),
                  Optional.of(r.checksum()),
                  false,
                  Optional.of(r.updatedAt()),
                  executor.history(c, r.specId()),
                  SpecDrift.applied(r).map(SpecText::yaml)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Executor.sqlFailure("status", e);
    }
  }

  private PhaseResult run(Spec spec, Phase phase, Direction direction, boolean dryRun) {
    singleTarget(spec);
    try (Connection c = connect()) {
      return executor.run(c, dataSource, spec, phase, direction, dryRun, Optional.empty());
    } catch (SQLException e) {
      throw Executor.sqlFailure(
          phase.label() + (direction == Direction.ROLLBACK ? " rollback" : ""), e);
    }
  }

  /** A spec with {@code schemas:} names a table per tenant, which only {@link Fleet} resolves. */
  private static void singleTarget(Spec spec) {
    if (spec.schemas().isPresent()) {
      throw ViewSwapException.usage(
          "spec " + spec.id() + " selects schemas (schemas:); it runs over every selected schema",
          "use io.viewswap.Fleet (the CLI does so by itself)");
    }
  }

  private Connection connect() {
    return Executor.open(dataSource, "");
  }
}
