package io.viewswap.fleet;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.FleetCheck;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetProgress;
import io.viewswap.api.FleetResult;
import io.viewswap.api.FleetStatus;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
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
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.drain.Drain;
import io.viewswap.execute.SqlStates;
import io.viewswap.render.SqlTemplates;
import io.viewswap.run.Executor;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import io.viewswap.state.SpecStateRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final ProgressListener progress;
  private final FleetProgress fleetProgress;

  /**
   * @param executor runs each target's phase, check and plan, exactly as for a single target
   * @param progress told of each target's retries and waits through {@link
   *     ProgressListener#forTarget}
   */
  public FleetEngine(
      Clock clock, Executor executor, ProgressListener progress, FleetProgress fleetProgress) {
    this.clock = clock;
    this.executor = executor;
    this.progress = progress;
    this.fleetProgress = fleetProgress;
  }

  /** One target as found: the spec it runs and the state its row holds. */
  record Target(String database, String schema, Spec spec, Optional<SpecStateRecord> row) {
    String label() {
      return schema.isEmpty() ? database : database + "/" + schema;
    }

    State state() {
      return row.map(SpecStateRecord::state).orElse(State.PLANNED);
    }

    boolean changed() {
      return Executor.drifted(row, spec);
    }
  }

  /** One database as read by its coordinator connection, which stays open for the run. */
  record Prepared(
      Database db,
      Connection coordinator,
      List<String> selected,
      List<String> unmatched,
      List<Target> targets,
      CatalogSnapshot snapshot,
      int freeSlots) {}

  // -----------------------------------------------------------------------------------------------------------

  /** Preflight of every target: findings, nothing changed. */
  public FleetCheck check(Spec spec, List<Database> dbs, FleetOptions options) {
    Map<String, List<String>> selected = new LinkedHashMap<>();
    List<TargetCheck> checks = new ArrayList<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    for (Database db : dbs) {
      Prepared p;
      try {
        p = prepare(db, spec, options, true);
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
                      p.unmatched().stream()
                          .map(m -> finding(spec, FindingCode.SCHEMAS_UNMATCHED, m))
                          .toList())));
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
                  executor.check(
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
          prepared.add(prepare(db, spec, options, false));
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
        results.addAll(execute(toRun, phase, direction, options, started, blocked));
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
        Map<String, SpecStateRecord> rows = rows(c);
        List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
        for (Target t : targets(db, spec, existing, rows, options)) {
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
      Prepared p = prepare(db, spec, options, false);
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
        List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
        List<Target> ts = targets(db, spec, existing, rows(c), options);
        out.put(
            db.label(), new Drain(clock, waits, interval).watch(c, combined(spec, ts), window, dp));
      } catch (SQLException e) {
        throw Executor.sqlFailure("drain of " + db.label(), e);
      }
    }
    return out;
  }

  // -----------------------------------------------------------------------------------------------------------

  private Prepared prepare(Database db, Spec spec, FleetOptions options, boolean keepMissing) {
    Connection c = Executor.open(db.dataSource(), db.label());
    try {
      c.setAutoCommit(true);
      int free = ConnectionSlots.free(c);
      Map<String, SpecStateRecord> rows = rows(c);
      List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
      List<String> selected =
          spec.schemas().map(sel -> Selection.schemas(sel, existing)).orElse(List.of());
      List<String> unmatched =
          spec.schemas()
              .map(sel -> Selection.unmatched(sel, existing, db.label()))
              .orElse(List.of());
      List<Target> targets = targets(db, spec, existing, rows, options);
      CatalogSnapshot snap = executor.readCatalog(c, db.dataSource(), combined(spec, targets));
      return new Prepared(db, c, selected, unmatched, targets, snap, free);
    } catch (SQLException e) {
      closeQuietly(c);
      throw Executor.sqlFailure("reading " + db.label(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * The targets of one database, sorted: the spec's named tables first (if any), then each selected
   * schema.
   */
  private static List<Target> targets(
      Database db,
      Spec spec,
      List<String> existing,
      Map<String, SpecStateRecord> rows,
      FleetOptions options) {
    List<Target> out = new ArrayList<>();
    Optional<Spec> shared = spec.schemas().isPresent() ? spec.shared() : Optional.of(spec);
    shared.ifPresent(
        s -> {
          if (Selection.kept(options, db.label(), "")) {
            out.add(target(db, "", s, rows));
          }
        });
    spec.schemas()
        .ifPresent(
            sel -> {
              for (String schema : Selection.schemas(sel, existing)) {
                if (Selection.kept(options, db.label(), schema)) {
                  out.add(target(db, schema, spec.forSchema(schema), rows));
                }
              }
            });
    return out;
  }

  private static Target target(
      Database db, String schema, Spec s, Map<String, SpecStateRecord> rows) {
    return new Target(db.label(), schema, s, Optional.ofNullable(rows.get(s.id())));
  }

  /** One spec naming every target's tables, so that one catalog read serves them all. */
  private static Spec combined(Spec spec, List<Target> targets) {
    List<TableRename> all = new ArrayList<>();
    for (Target t : targets) {
      all.addAll(t.spec().renames());
    }
    return spec.withNamedTables(all);
  }

  /**
   * A planned tenant whose schema lacks a table the spec renames there, when {@code skip_missing}
   * allows it to be left out. A target that ever ran a phase is never skipped.
   */
  private static boolean missing(Spec spec, Target t, CatalogSnapshot snap) {
    if (t.schema().isEmpty()
        || t.state() != State.PLANNED
        || !spec.schemas().map(sel -> sel.skipMissing()).orElse(false)) {
      return false;
    }
    return t.spec().renames().stream().anyMatch(r -> snap.table(r.table()).isEmpty());
  }

  /**
   * Every schema a tenant could be: neither a system schema, nor viewswap's own, nor a transition
   * schema.
   */
  private static List<String> tenantSchemas(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("fleet/tenant-schemas.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String comment = rs.getString("comment");
        if (comment == null || !comment.startsWith(SchemaInfo.MARK)) {
          out.add(rs.getString("name"));
        }
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  private Map<String, SpecStateRecord> rows(Connection c) throws SQLException {
    Map<String, SpecStateRecord> out = new LinkedHashMap<>();
    for (SpecStateRecord r : executor.rows(c)) {
      out.put(r.specId(), r);
    }
    return out;
  }

  // -----------------------------------------------------------------------------------------------------------

  private List<TargetResult> execute(
      Map<Prepared, List<Target>> toRun,
      Phase phase,
      Direction direction,
      FleetOptions options,
      Instant started,
      int failedBefore) {
    int total = toRun.values().stream().mapToInt(List::size).sum();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger(failedBefore);
    List<TargetResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Runnable> workers = new ArrayList<>();
    for (Map.Entry<Prepared, List<Target>> e : toRun.entrySet()) {
      Prepared p = e.getKey();
      if (e.getValue().isEmpty()) {
        continue;
      }
      ConcurrentLinkedQueue<Target> queue = new ConcurrentLinkedQueue<>(e.getValue());
      int n = ConnectionSlots.workers(options.parallel(), p.freeSlots(), e.getValue().size());
      for (int w = 0; w < n; w++) {
        boolean first = w == 0;
        workers.add(
            () ->
                work(
                    p, first, queue, phase, direction, options, results, done, failed, total,
                    started));
      }
    }
    fleetProgress.update(0, failed.get(), total, 0);
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
    return new ArrayList<>(results);
  }

  private void work(
      Prepared p,
      boolean useCoordinator,
      ConcurrentLinkedQueue<Target> queue,
      Phase phase,
      Direction direction,
      FleetOptions options,
      List<TargetResult> results,
      AtomicInteger done,
      AtomicInteger failed,
      int total,
      Instant started) {
    Connection c = useCoordinator ? p.coordinator() : null;
    try {
      Target t;
      while ((t = queue.poll()) != null) {
        if (options.maxFailures() > 0 && failed.get() >= options.maxFailures()) {
          results.add(
              outcome(
                  t,
                  TargetOutcome.NOT_STARTED,
                  "the run stopped after " + failed.get() + " failure(s)"));
          continue;
        }
        TargetResult r;
        try {
          if (c == null || c.isClosed()) {
            c = Executor.open(p.db().dataSource(), p.db().label());
          }
          r = runOne(c, p, t, phase, direction);
        } catch (ViewSwapException ex) {
          r = failed(t, ex);
        } catch (SQLException ex) {
          r = failed(t, Executor.sqlFailure(t.label(), ex));
        }
        if (r.outcome() == TargetOutcome.FAILED) {
          failed.incrementAndGet();
          if (r.error().orElse(null) == ErrorCode.CONNECTION && c != null && !useCoordinator) {
            closeQuietly(c);
            c = null;
          }
        } else {
          done.incrementAndGet();
        }
        results.add(r);
        fleetProgress.update(
            done.get(),
            failed.get(),
            total - done.get() - failed.get(),
            Duration.between(started, clock.instant()).toMillis());
      }
    } finally {
      if (!useCoordinator && c != null) {
        closeQuietly(c);
      }
    }
  }

  /**
   * One target's phase, exactly as a single-target apply runs it (the executor's run lock and its
   * wait, the row read again, the checks, its own transaction), on the catalog read once for the
   * database.
   */
  private TargetResult runOne(
      Connection c, Prepared p, Target t, Phase phase, Direction direction) {
    PhaseResult r =
        executor
            .reporting(progress.forTarget(t.label()))
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

  // -----------------------------------------------------------------------------------------------------------

  private static TargetResult outcome(Target t, TargetOutcome o, String message) {
    return new TargetResult(
        t.database(),
        t.schema(),
        t.spec().id(),
        o,
        t.state(),
        t.state(),
        0,
        0,
        0,
        Optional.empty(),
        Optional.empty(),
        message);
  }

  private static TargetResult failed(Target t, ViewSwapException e) {
    return failed(t.database(), t.schema(), t.spec().id(), t.state(), e);
  }

  private static TargetResult failed(
      String db, String schema, String key, State state, ViewSwapException e) {
    return new TargetResult(
        db,
        schema,
        key,
        TargetOutcome.FAILED,
        state,
        state,
        0,
        0,
        0,
        Optional.of(e.code()),
        e.sqlState(),
        e.getMessage(),
        e.lockTimeouts());
  }

  private static Diagnostic prefixed(Target t, Finding f) {
    return prefixed(t, f.diagnostic());
  }

  private static Diagnostic prefixed(Target t, Diagnostic d) {
    return new Diagnostic(d.file(), d.position(), "[" + t.label() + "] " + d.message(), d.hint());
  }

  private static Finding finding(Spec spec, FindingCode code, String message) {
    return new Finding(
        Severity.ERROR,
        code,
        new Diagnostic(
            spec.file(),
            Position.UNKNOWN,
            message,
            "a name must exist and a glob match at least one"
                + " schema; fix \"schemas\" in the spec"));
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }
}
