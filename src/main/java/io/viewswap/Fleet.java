package io.viewswap;

import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.FleetCheck;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetProgress;
import io.viewswap.api.FleetResult;
import io.viewswap.api.FleetStatus;
import io.viewswap.api.Phase;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.api.TargetPlan;
import io.viewswap.fleet.FleetEngine;
import io.viewswap.run.Executor;
import io.viewswap.spec.Spec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * viewswap over a fleet: one spec across every tenant schema it selects ({@code schemas:}) in every
 * database given. Each (database, schema) is a target with its own state row (key {@code
 * spec-id@schema}; the spec's schema-qualified tables keep the plain spec id), its own run lock and
 * its own transaction per phase. Per database one catalog read serves all its targets, and at most
 * {@link FleetOptions#parallel()} connections run them. A failed target leaves the others running;
 * a re-run resumes where the last one stopped.
 *
 * <pre>{@code
 * Fleet fleet = Fleet.configure().databases(List.of(new Database("db1", ds))).build();
 * FleetResult r = fleet.apply(spec, Phase.EXPAND, FleetOptions.DEFAULTS);
 * r.failures().forEach(f -> System.err.println(f.target() + " " + f.message()));
 * }</pre>
 */
public final class Fleet {
  private final List<Database> databases;
  private final FleetEngine engine;

  private Fleet(Builder b) {
    this.databases = List.copyOf(b.databases);
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one database");
    }
    this.engine =
        new FleetEngine(
            b.clock,
            new Executor(b.clock, b.sleeper, b.random, b.progress, b.runLockWait)
                .lazyProbe()
                .reportingStandbys(b.waitForStandbys)
                .withStandbys(b.standbys),
            b.progress,
            b.fleetProgress);
  }

  public static Builder configure() {
    return new Builder();
  }

  /** Builds a {@link Fleet}; only the databases are required. */
  public static final class Builder {
    private List<Database> databases = List.of();
    private ProgressListener progress = ProgressListener.NONE;
    private FleetProgress fleetProgress = FleetProgress.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.REAL;
    private DoubleSupplier random = new SecureRandom()::nextDouble;
    private Duration runLockWait = Duration.ofSeconds(5);
    private Duration waitForStandbys = Duration.ZERO;
    private List<Database> standbys = List.of();

    private Builder() {}

    /**
     * After a phase, how long each database waits for the standbys streaming from its server to
     * replay it (once its last target ran), before the run returns; zero (the default) only reports
     * how far they are. The same wait and report as {@code ViewSwap.Builder#waitForStandbys}.
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

    /**
     * How long a target waits for another run of it before it fails with exit 4, as a single run
     * does.
     */
    public Builder runLockWait(Duration d) {
      this.runLockWait = Objects.requireNonNull(d);
      return this;
    }

    public Builder databases(List<Database> dbs) {
      this.databases = List.copyOf(dbs);
      return this;
    }

    /** Where lock retries are reported as they happen (from several threads at once). */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener);
      return this;
    }

    /** Told after each target finishes (from the worker threads). */
    public Builder fleetProgress(FleetProgress listener) {
      this.fleetProgress = Objects.requireNonNull(listener);
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

    public Builder random(DoubleSupplier r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    public Fleet build() {
      return new Fleet(this);
    }
  }

  /**
   * Preflight of every selected target: the schemas selected per database and each target's
   * findings.
   */
  public FleetCheck check(Spec spec, FleetOptions options) {
    return engine.check(spec, databases, options);
  }

  /** Moves every selected target one state forward; see {@link FleetResult#exitCode()}. */
  public FleetResult apply(Spec spec, Phase phase, FleetOptions options) {
    return engine.run(spec, phase, Direction.FORWARD, databases, options);
  }

  /** Moves every selected target one state back. */
  public FleetResult rollback(Spec spec, Phase phase, FleetOptions options) {
    return engine.run(spec, phase, Direction.ROLLBACK, databases, options);
  }

  /** Where every selected target stands. */
  public FleetStatus status(Spec spec, FleetOptions options) {
    return engine.status(spec, databases, options);
  }

  /**
   * Every target's plan from its current state: what {@code export} writes, one directory per
   * target.
   */
  public List<TargetPlan> plans(Spec spec, FleetOptions options) {
    return engine.plans(spec, databases, options);
  }

  /** One drain window per database, over the old names of every selected target there. */
  public Map<String, DrainReport> drain(
      Spec spec,
      FleetOptions options,
      Duration window,
      Duration interval,
      Sleeper waits,
      DrainProgress dp) {
    return engine.drain(spec, databases, options, window, interval, waits, dp);
  }
}
