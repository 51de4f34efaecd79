package io.viewswap.fleet;

import static io.viewswap.fleet.FleetTargets.closeQuietly;
import static io.viewswap.fleet.TargetResults.failed;
import static io.viewswap.fleet.TargetResults.outcome;

import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetProgress;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.TargetOutcome;
import io.viewswap.api.TargetResult;
import io.viewswap.api.ViewSwapException;
import io.viewswap.fleet.FleetTargets.Prepared;
import io.viewswap.fleet.FleetTargets.Target;
import io.viewswap.run.Executor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the targets that passed their checks: per database a queue of targets and at most as many
 * workers as the options and the server's free slots allow (the first on the coordinator's
 * connection), each target's phase one run of the single path ({@link Executor#run}). When the last
 * worker of a database is done, the database's standbys are reported on (and waited for, when the
 * fleet was told to) by the executor, as after a single run, so the next phase finds them caught
 * up.
 */
final class FleetPool {
  private final Clock clock;
  private final Executor executor;
  private final ProgressListener progress;
  private final FleetProgress fleetProgress;

  FleetPool(
      Clock clock, Executor executor, ProgressListener progress, FleetProgress fleetProgress) {
    this.clock = clock;
    this.executor = executor;
    this.progress = progress;
    this.fleetProgress = fleetProgress;
  }

  /** What every worker of one run shares. */
  private record Run(
      Phase phase,
      Direction direction,
      FleetOptions options,
      List<TargetResult> results,
      AtomicInteger done,
      AtomicInteger failed,
      int total,
      Instant started) {}

  /** One database's queue, and how many of its workers are still at it. */
  private record Queue(
      Prepared p,
      ConcurrentLinkedQueue<Target> targets,
      AtomicInteger workers,
      AtomicBoolean changed) {}

  List<TargetResult> execute(
      Map<Prepared, List<Target>> toRun,
      Phase phase,
      Direction direction,
      FleetOptions options,
      Instant started,
      int failedBefore) {
    int total = toRun.values().stream().mapToInt(List::size).sum();
    Run run =
        new Run(
            phase,
            direction,
            options,
            Collections.synchronizedList(new ArrayList<>()),
            new AtomicInteger(),
            new AtomicInteger(failedBefore),
            total,
            started);
    List<Runnable> workers = new ArrayList<>();
    for (Map.Entry<Prepared, List<Target>> e : toRun.entrySet()) {
      Prepared p = e.getKey();
      if (e.getValue().isEmpty()) {
        continue;
      }
      int n = ConnectionSlots.workers(options.parallel(), p.freeSlots(), e.getValue().size());
      Queue q =
          new Queue(
              p,
              new ConcurrentLinkedQueue<>(e.getValue()),
              new AtomicInteger(n),
              new AtomicBoolean());
      for (int w = 0; w < n; w++) {
        boolean first = w == 0;
        workers.add(() -> work(q, first, run));
      }
    }
    fleetProgress.update(0, run.failed().get(), total, 0);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, workers.size()),
            r -> {
              Thread t = new Thread(r, "viewswap-fleet");
              t.setDaemon(true);
              return t;
            });
    try {
      workers.forEach(pool::submit);
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
        // a phase is bounded by its timeouts and retries; keep waiting
      }
    } catch (InterruptedException ie) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    return new ArrayList<>(run.results());
  }

  private void work(Queue q, boolean useCoordinator, Run run) {
    Prepared p = q.p();
    Connection c = useCoordinator ? p.coordinator() : null;
    try {
      Target t;
      while ((t = q.targets().poll()) != null) {
        FleetOptions options = run.options();
        if (options.maxFailures() > 0 && run.failed().get() >= options.maxFailures()) {
          run.results()
              .add(
                  outcome(
                      t,
                      TargetOutcome.NOT_STARTED,
                      "the run stopped after " + run.failed().get() + " failure(s)"));
          continue;
        }
        TargetResult r;
        try {
          if (c == null || c.isClosed()) {
            c = Executor.open(p.db().dataSource(), p.db().label());
          }
          r = runOne(c, p, t, run.phase(), run.direction());
        } catch (ViewSwapException ex) {
          r = failed(t, ex);
        } catch (SQLException ex) {
          r = failed(t, Executor.sqlFailure(t.label(), ex));
        }
        if (r.outcome() == TargetOutcome.FAILED) {
          run.failed().incrementAndGet();
          if (r.error().orElse(null) == ErrorCode.CONNECTION && c != null && c != p.coordinator()) {
            closeQuietly(c);
            c = null;
          }
        } else {
          run.done().incrementAndGet();
          if (r.outcome() == TargetOutcome.DONE) {
            q.changed().set(true);
          }
        }
        run.results().add(r);
        fleetProgress.update(
            run.done().get(),
            run.failed().get(),
            run.total() - run.done().get() - run.failed().get(),
            Duration.between(run.started(), clock.instant()).toMillis());
      }
      if (q.workers().decrementAndGet() == 0) {
        c = afterDatabase(q, c);
      }
    } finally {
      if (c != null && c != p.coordinator()) {
        closeQuietly(c);
      }
    }
  }

  /**
   * The database's standbys after its last target ran, on this worker's connection (a new one if it
   * was lost): best effort, as after a single phase.
   */
  private Connection afterDatabase(Queue q, Connection c) {
    Prepared p = q.p();
    if (!q.changed().get() || !executor.reportsStandbys()) {
      return c;
    }
    try {
      Connection use =
          c == null || c.isClosed() ? Executor.open(p.db().dataSource(), p.db().label()) : c;
      executor.reporting(progress.forTarget(p.db().label())).reportStandbys(use);
      return use;
    } catch (ViewSwapException | SQLException e) {
      progress
          .forTarget(p.db().label())
          .info("standbys: could not read their replay position: " + e.getMessage());
      return c;
    }
  }

  /**
   * One target's phase, exactly as a single-target apply runs it (the executor's run lock and its
   * wait, the row read again, the checks, its own transaction), on the catalog read once for the
   * database; its standbys are seen to once for the database, after its last target.
   */
  private TargetResult runOne(
      Connection c, Prepared p, Target t, Phase phase, Direction direction) {
    PhaseResult r =
        executor
            .reporting(progress.forTarget(t.label()))
            .withoutStandbys()
            .run(
                c,
                p.db().dataSource(),
                t.spec(),
                phase,
                direction,
                false,
                Optional.of(p.snapshot()));
    if (r.alreadyDone()) {
      return outcome(t, TargetOutcome.ALREADY_DONE, "already " + r.state().label());
    }
    return new TargetResult(
        t.database(),
        t.schema(),
        t.spec().id(),
        TargetOutcome.DONE,
        r.previousState(),
        r.state(),
        r.attempts(),
        r.lockWaitMs(),
        r.lockHeldMs(),
        Optional.empty(),
        Optional.empty(),
        "",
        r.lockTimeouts());
  }
}
