package io.viewswap.fleet;

import static io.viewswap.fleet.FleetTargets.missing;
import static io.viewswap.fleet.TargetResults.failed;
import static io.viewswap.fleet.TargetResults.outcome;
import static io.viewswap.fleet.TargetResults.prefixed;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.FleetCheck;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetProgress;
import io.viewswap.api.FleetResult;
import io.viewswap.api.FleetStatus;
import io.viewswap.api.Phase;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.Sleeper;
import io.viewswap.api.State;
import io.viewswap.api.TargetCheck;
import io.viewswap.api.TargetOutcome;
import io.viewswap.api.TargetPlan;
import io.viewswap.api.TargetResult;
import io.viewswap.api.TargetState;
import io.viewswap.api.ViewSwapException;
import io.viewswap.drain.Drain;
import io.viewswap.execute.SqlStates;
import io.viewswap.fleet.FleetTargets.Prepared;
import io.viewswap.fleet.FleetTargets.Target;
import io.viewswap.run.Executor;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.state.SpecStateRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs commands over a fleet: every selected target of every database. Per database it reads the
 * schemas, the state rows and the catalog once (for all its targets at once), checks every target
 * against that snapshot before anything changes, then runs the targets on a bounded pool of
 * connections, each target in its own transaction under its own run lock, exactly as a
 * single-target apply would.
 */
public final class FleetEngine {
  private final Clock clock;
  private final Executor executor;
  private final FleetTargets reader;
  private final FleetPool pool;

  /**
   * @param executor runs each target's phase, check and plan, exactly as for a single target
   * @param progress told of each target's retries and waits through {@link
   *     ProgressListener#forTarget}
   */
  public FleetEngine(
      Clock clock, Executor executor, ProgressListener progress, FleetProgress fleetProgress) {
    this.clock = clock;
    this.executor = executor;
    this.reader = new FleetTargets(executor);
    this.pool = new FleetPool(clock, executor, progress, fleetProgress);
  }

  // -----------------------------------------------------------------------------------------------------------

  /** Preflight of every target: findings, nothing changed. */
  public FleetCheck check(Spec spec, List<Database> dbs, FleetOptions options) {
    Map<String, List<String>> selected = new LinkedHashMap<>();
    List<TargetCheck> checks = new ArrayList<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    Set<String> servers = new HashSet<>();
    for (Database db : dbs) {
      Prepared p;
      try {
        p = reader.prepare(db, spec, options);
      } catch (ViewSwapException e) {
        if (e.code() != ErrorCode.CONNECTION) {
          throw e;
        }
        unreachable.put(db.label(), e.getMessage());
        continue;
      }
      try (Connection ignored = p.coordinator()) {
        selected.put(db.label(), p.selected());
        if (!p.unmatched().isEmpty()) {
          checks.add(
              new TargetCheck(
                  db.label(),
                  "",
                  State.PLANNED,
                  new CheckReport(
                      p.unmatched().stream().map(m -> TargetResults.unmatched(spec, m)).toList())));
        }
        // The standbys and synchronous replication are the server's: said once, not per tenant,
        // nor per database of the same server.
        if (servers.add(FleetTargets.server(p.coordinator(), db.label()))) {
          CheckReport server =
              executor.checkServer(p.coordinator(), FleetTargets.combined(spec, p.targets()));
          if (!server.findings().isEmpty()) {
            checks.add(new TargetCheck(db.label(), "", State.PLANNED, server));
          }
        }
        for (Target t : p.targets()) {
          if (missing(spec, t, p.snapshot())) {
            continue;
          }
          checks.add(
              new TargetCheck(
                  db.label(),
                  t.schema(),
                  t.state(),
                  executor.checkTarget(
                      p.coordinator(), t.spec(), p.snapshot(), t.state(), Direction.FORWARD)));
        }
      } catch (SQLException e) {
        throw Executor.sqlFailure("check of " + db.label(), e);
      }
    }
    return new FleetCheck(spec.id(), selected, checks, unreachable);
  }

  /**
   * Moves every selected target one state, in bounded parallel. Refuses (changing nothing) when a
   * reachable target does not fit (exit 3), is blocked (8) or is not ready for the phase (4, unless
   * partial).
   */
  public FleetResult run(
      Spec spec, Phase phase, Direction direction, List<Database> dbs, FleetOptions options) {
    Instant started = clock.instant();
    State from = direction.from(phase);
    State to = direction.to(phase);
    List<TargetResult> results = new ArrayList<>();
    List<Prepared> prepared = new ArrayList<>();
    try {
      for (Database db : dbs) {
        try {
          prepared.add(reader.prepare(db, spec, options));
        } catch (ViewSwapException e) {
          if (e.code() != ErrorCode.CONNECTION) {
            throw e;
          }
          results.add(failed(db.label(), "", spec.id(), State.PLANNED, e));
        }
      }
      List<String> notReady = new ArrayList<>();
      List<Diagnostic> errors = new ArrayList<>();
      int blocked = 0;
      Map<Prepared, List<Target>> toRun = new LinkedHashMap<>();
      int limit = options.limit().orElse(Integer.MAX_VALUE);
      for (Prepared p : prepared) {
        List<Target> mine = new ArrayList<>();
        toRun.put(p, mine);
        for (String m : p.unmatched()) {
          errors.add(
              new Diagnostic(spec.file(), Position.UNKNOWN, m, "fix \"schemas\" in the spec"));
        }
        for (Target t : p.targets()) {
          Decision d =
              Decision.decide(
                  t.state(),
                  t.changed(),
                  missing(spec, t, p.snapshot()),
                  phase,
                  direction,
                  options.partial(),
                  limit);
          switch (d.verdict()) {
            case ALREADY_DONE -> results.add(outcome(t, TargetOutcome.ALREADY_DONE, d.why()));
            case SKIPPED -> results.add(outcome(t, TargetOutcome.SKIPPED, d.why()));
            case PAST_LIMIT -> results.add(outcome(t, TargetOutcome.NOT_STARTED, d.why()));
            case NOT_READY -> notReady.add(t.label() + " " + d.why());
            case RUN -> {
              limit--;
              CheckReport report;
              try {
                report =
                    executor.check(p.coordinator(), t.spec(), p.snapshot(), t.state(), direction);
              } catch (SQLException e) {
                throw Executor.sqlFailure("check of " + t.label(), e);
              }
              report.of(Severity.ERROR).forEach(f -> errors.add(prefixed(t, f)));
              if (report.hasBlockers()) {
                // A blocker is this target's own (a table another role owns, a session in the
                // way): it fails alone, and the others run.
                try {
                  Executor.refuse(report, true);
                } catch (ViewSwapException e) {
                  results.add(failed(t, e));
                  blocked++;
                }
              } else {
                mine.add(t);
              }
            }
          }
        }
      }
      if (!errors.isEmpty()) {
        throw ViewSwapException.refused(Severity.ERROR, "does not fit", errors);
      }
      if (!notReady.isEmpty()) {
        throw ViewSwapException.of(
            ErrorCode.STATE_CONFLICT,
            notReady.size()
                + " selected target"
                + (notReady.size() == 1 ? " is" : "s are")
                + " not ready for "
                + phase.label()
                + (direction == Direction.ROLLBACK ? " rollback" : "")
                + "; nothing was changed:"
                + System.lineSeparator()
                + "  "
                + notReady.stream()
                    .limit(20)
                    .collect(Collectors.joining(System.lineSeparator() + "  "))
                + (notReady.size() > 20
                    ? System.lineSeparator() + "  ... and " + (notReady.size() - 20) + " more"
                    : ""),
            "finish the earlier phase on them first (`viewswap status` lists them), or pass --partial to run"
                + " the phase only where it is ready");
      }
      if (options.dryRun()) {
        toRun
            .values()
            .forEach(ts -> ts.forEach(t -> results.add(outcome(t, TargetOutcome.WOULD_RUN, ""))));
      } else {
        results.addAll(pool.execute(toRun, phase, direction, options, started, blocked));
      }
    } finally {
      for (Prepared p : prepared) {
        try {
          p.coordinator().close();
        } catch (SQLException ignored) {
          // the connection is gone anyway
        }
      }
    }
    results.sort(Comparator.comparing(TargetResult::database).thenComparing(TargetResult::schema));
    return new FleetResult(
        spec.id(),
        phase,
        direction,
        options.dryRun(),
        results,
        Duration.between(started, clock.instant()).toMillis());
  }

  /** Where every selected target stands; an unreachable database is one entry saying so. */
  public FleetStatus status(Spec spec, List<Database> dbs, FleetOptions options) {
    List<TargetState> out = new ArrayList<>();
    for (Database db : dbs) {
      try (Connection c = Executor.open(db.dataSource(), db.label())) {
        for (Target t : reader.targets(c, db, spec, options)) {
          out.add(
              new TargetState(
                  db.label(),
                  t.schema(),
                  t.spec().id(),
                  t.state(),
                  t.row().map(SpecStateRecord::updatedAt),
                  true,
                  ""));
        }
      } catch (ViewSwapException e) {
        out.add(
            new TargetState(
                db.label(), "", spec.id(), State.PLANNED, Optional.empty(), false, e.getMessage()));
      } catch (SQLException e) {
        out.add(
            new TargetState(
                db.label(),
                "",
                spec.id(),
                State.PLANNED,
                Optional.empty(),
                false,
                SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")"));
      }
    }
    return new FleetStatus(spec.id(), out);
  }

  /**
   * Every target's plan from its current state, for export; refuses targets that do not fit (exit
   * 3).
   */
  public List<TargetPlan> plans(Spec spec, List<Database> dbs, FleetOptions options) {
    List<TargetPlan> out = new ArrayList<>();
    List<Diagnostic> errors = new ArrayList<>();
    for (Database db : dbs) {
      Prepared p = reader.prepare(db, spec, options);
      try (Connection c = p.coordinator()) {
        for (String m : p.unmatched()) {
          errors.add(
              new Diagnostic(spec.file(), Position.UNKNOWN, m, "fix \"schemas\" in the spec"));
        }
        for (Target t : p.targets()) {
          if (missing(spec, t, p.snapshot())) {
            continue;
          }
          try {
            out.add(
                new TargetPlan(
                    db.label(),
                    t.schema(),
                    t.spec(),
                    executor.plan(c, t.spec(), p.snapshot(), t.state())));
          } catch (ViewSwapException e) {
            if (e.code() != ErrorCode.SPEC_INVALID) {
              throw e;
            }
            e.diagnostics().forEach(d -> errors.add(prefixed(t, d)));
          }
        }
      } catch (SQLException e) {
        throw Executor.sqlFailure("plan of " + db.label(), e);
      }
    }
    if (!errors.isEmpty()) {
      throw ViewSwapException.refused(Severity.ERROR, "does not fit", errors);
    }
    return out;
  }

  /** One drain window per database over every selected target's old names at once. */
  public Map<String, DrainReport> drain(
      Spec spec,
      List<Database> dbs,
      FleetOptions options,
      Duration window,
      Duration interval,
      Sleeper waits,
      DrainProgress dp) {
    Map<String, DrainReport> out = new LinkedHashMap<>();
    for (Database db : dbs) {
      try (Connection c = Executor.open(db.dataSource(), db.label())) {
        List<Target> ts = reader.targets(c, db, spec, options);
        out.put(
            db.label(),
            new Drain(clock, waits, interval)
                .watch(c, FleetTargets.combined(spec, ts), window, dp));
      } catch (SQLException e) {
        throw Executor.sqlFailure("drain of " + db.label(), e);
      }
    }
    return out;
  }
}
