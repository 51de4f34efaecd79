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
import io.viewswap.api.PhasePlan;
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
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.check.Checker;
import io.viewswap.drain.Drain;
import io.viewswap.execute.LockRetry;
import io.viewswap.execute.PhaseOutcome;
import io.viewswap.execute.PhaseRunner;
import io.viewswap.execute.RetryPolicy;
import io.viewswap.execute.SqlStates;
import io.viewswap.plan.Planner;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.spec.TableRename;
import io.viewswap.state.RunLock;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.state.StateStore;
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
import java.util.function.DoubleSupplier;
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
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final ProgressListener progress;
  private final FleetProgress fleetProgress;
  private final CatalogReader catalogReader = new CatalogReader();
  private final Checker checker = new Checker();
  private final Planner planner = new Planner();
  private final StateStore stateStore = new StateStore();

  public FleetEngine(
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier random,
      ProgressListener progress,
      FleetProgress fleetProgress) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
    this.progress = progress;
    this.fleetProgress = fleetProgress;
  }

  /** One target as found: the spec it runs and the state its row holds. */
  record Target(String database, String schema, Spec spec, State state, Optional<String> checksum) {
    String label() {
      return schema.isEmpty() ? database : database + "/" + schema;
    }

    boolean changed() {
      return state != State.PLANNED
          && checksum.isPresent()
          && !checksum.get().equals(spec.checksum());
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
                  checker.check(t.spec(), p.snapshot(), t.state(), Direction.FORWARD)));
        }
      } catch (SQLException e) {
        throw sqlFailure("check of " + db.label(), e);
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
      List<Diagnostic> blockers = new ArrayList<>();
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
          if (missing(spec, t, p.snapshot())) {
            results.add(
                outcome(t, TargetOutcome.SKIPPED, "skip_missing: the schema lacks the table"));
            continue;
          }
          if ((t.state() == to || past(t.state(), to, direction)) && !t.changed()) {
            results.add(outcome(t, TargetOutcome.ALREADY_DONE, "already " + t.state().label()));
            continue;
          }
          if (t.state() != from || t.changed()) {
            String why =
                t.changed()
                    ? "the spec changed since an earlier phase here (state "
                        + t.state().label()
                        + ")"
                    : "is " + t.state().label() + "; " + phase.label() + " needs " + from.label();
            if (options.partial()) {
              results.add(outcome(t, TargetOutcome.SKIPPED, why));
            } else {
              notReady.add(t.label() + " " + why);
            }
            continue;
          }
          if (limit <= 0) {
            results.add(outcome(t, TargetOutcome.NOT_STARTED, "past --limit"));
            continue;
          }
          limit--;
          CheckReport report = checker.check(t.spec(), p.snapshot(), t.state(), direction);
          report.of(Severity.ERROR).forEach(f -> errors.add(prefixed(t, f)));
          report.of(Severity.BLOCKER).forEach(f -> blockers.add(prefixed(t, f)));
          mine.add(t);
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
      if (!blockers.isEmpty()) {
        throw ViewSwapException.refused(
            Severity.BLOCKER, "is blocked; nothing was changed", blockers);
      }
      if (options.dryRun()) {
        toRun
            .values()
            .forEach(ts -> ts.forEach(t -> results.add(outcome(t, TargetOutcome.WOULD_RUN, ""))));
      } else {
        results.addAll(execute(toRun, phase, direction, options, started));
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
      try (Connection c = connect(db)) {
        Map<String, SpecStateRecord> rows = rows(c);
        List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
        for (Target t : targets(db, spec, existing, rows, options)) {
          SpecStateRecord r = rows.get(t.spec().id());
          out.add(
              new TargetState(
                  db.label(),
                  t.schema(),
                  t.spec().id(),
                  t.state(),
                  Optional.ofNullable(r).map(SpecStateRecord::updatedAt),
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
    for (Database db : dbs) {
      Prepared p = prepare(db, spec, options, false);
      try (Connection ignored = p.coordinator()) {
        if (!p.unmatched().isEmpty()) {
          throw ViewSwapException.of(
              ErrorCode.SPEC_INVALID,
              String.join("; ", p.unmatched()),
              "fix \"schemas\" in the spec");
        }
        for (Target t : p.targets()) {
          if (!missing(spec, t, p.snapshot())) {
            out.add(
                new TargetPlan(
                    db.label(),
                    t.schema(),
                    t.spec(),
                    planner.plan(t.spec(), p.snapshot(), t.state())));
          }
        }
      } catch (SQLException e) {
        throw sqlFailure("plan of " + db.label(), e);
      }
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
      DrainProgress dp) {
    Map<String, DrainReport> out = new LinkedHashMap<>();
    for (Database db : dbs) {
      try (Connection c = connect(db)) {
        List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
        List<Target> ts = targets(db, spec, existing, rows(c), options);
        out.put(
            db.label(),
            new Drain(clock, sleeper, interval).watch(c, combined(spec, ts), window, dp));
      } catch (SQLException e) {
        throw sqlFailure("drain of " + db.label(), e);
      }
    }
    return out;
  }

  // -----------------------------------------------------------------------------------------------------------

  private Prepared prepare(Database db, Spec spec, FleetOptions options, boolean keepMissing) {
    Connection c = connect(db);
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
      CatalogSnapshot snap = readCatalog(c, combined(spec, targets), spec.options());
      return new Prepared(db, c, selected, unmatched, targets, snap, free);
    } catch (SQLException e) {
      closeQuietly(c);
      throw sqlFailure("reading " + db.label(), e);
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
    SpecStateRecord r = rows.get(s.id());
    return new Target(
        db.label(),
        schema,
        s,
        r == null ? State.PLANNED : r.state(),
        Optional.ofNullable(r).map(SpecStateRecord::checksum));
  }

  /** One spec naming every target's tables, so that one catalog read serves them all. */
  private static Spec combined(Spec spec, List<Target> targets) {
    List<TableRename> all = new ArrayList<>();
    for (Target t : targets) {
      all.addAll(t.spec().renames());
    }
    return new Spec(
        spec.id(), spec.description(), all, spec.transitionSchema(), spec.options(), spec.file());
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
    try (PreparedStatement ps =
            c.prepareStatement(
                "select n.nspname::text, obj_description(n.oid, 'pg_namespace') from pg_namespace n"
                    + " where n.nspname !~ '^pg_' and n.nspname not in ('information_schema', 'viewswap')");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String comment = rs.getString(2);
        if (comment == null || !comment.startsWith(SchemaInfo.MARK)) {
          out.add(rs.getString(1));
        }
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  private Map<String, SpecStateRecord> rows(Connection c) throws SQLException {
    Map<String, SpecStateRecord> out = new LinkedHashMap<>();
    for (SpecStateRecord r : stateStore.all(c)) {
      out.put(r.specId(), r);
    }
    return out;
  }

  private CatalogSnapshot readCatalog(Connection c, Spec combined, SpecOptions o) {
    return new LockRetry(clock, sleeper, random)
        .run(
            c,
            "reading the catalog",
            o.lockTimeout(),
            o.statementTimeout(),
            RetryPolicy.of(o),
            progress,
            e -> sqlFailure("reading the catalog", e),
            a -> catalogReader.read(c, combined))
        .value();
  }

  // -----------------------------------------------------------------------------------------------------------

  private List<TargetResult> execute(
      Map<Prepared, List<Target>> toRun,
      Phase phase,
      Direction direction,
      FleetOptions options,
      Instant started) {
    int total = toRun.values().stream().mapToInt(List::size).sum();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<TargetResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Runnable> workers = new ArrayList<>();
    for (Map.Entry<Prepared, List<Target>> e : toRun.entrySet()) {
      Prepared p = e.getKey();
      if (e.getValue().isEmpty()) {
        continue;
      }
      try {
        stateStore.install(p.coordinator());
        p.coordinator().setAutoCommit(true);
      } catch (SQLException ex) {
        for (Target t : e.getValue()) {
          results.add(
              failed(
                  t.database(),
                  t.schema(),
                  t.spec().id(),
                  t.state(),
                  sqlFailure("installing", ex)));
          failed.incrementAndGet();
        }
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
    fleetProgress.update(0, failed.get(), total - failed.get(), 0);
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
            c = connect(p.db());
          }
          r = runOne(c, p.snapshot(), t, phase, direction);
        } catch (ViewSwapException ex) {
          r = failed(t.database(), t.schema(), t.spec().id(), t.state(), ex);
        } catch (SQLException ex) {
          r = failed(t.database(), t.schema(), t.spec().id(), t.state(), sqlFailure(t.label(), ex));
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

  /** One target's phase: its run lock, its state row read again, its plan, its own transaction. */
  private TargetResult runOne(
      Connection c, CatalogSnapshot snap, Target t, Phase phase, Direction direction)
      throws SQLException {
    State from = direction.from(phase);
    State to = direction.to(phase);
    String key = t.spec().id();
    c.setAutoCommit(true);
    Optional<RunLock> lock = RunLock.acquire(c, key, Duration.ZERO, clock, sleeper);
    if (lock.isEmpty()) {
      throw ViewSwapException.of(
          ErrorCode.STATE_CONFLICT,
          "another run holds the run lock of " + key,
          "wait for it to finish, then run again");
    }
    try (RunLock held = lock.get()) {
      State now = stateStore.state(c, key).map(SpecStateRecord::state).orElse(State.PLANNED);
      if (now == to || past(now, to, direction)) {
        return outcome(t, TargetOutcome.ALREADY_DONE, "already " + now.label());
      }
      if (now != from) {
        throw ViewSwapException.of(
            ErrorCode.STATE_CONFLICT,
            key + " is " + now.label() + "; " + phase.label() + " needs it " + from.label(),
            "another run moved it; run `viewswap status`");
      }
      PhasePlan plan = planner.plan(t.spec(), snap, from).phase(phase, direction);
      SpecOptions o = t.spec().options();
      PhaseOutcome out =
          new PhaseRunner(clock, sleeper, random)
              .run(
                  c,
                  plan,
                  key,
                  t.spec().checksum(),
                  o.lockTimeout(),
                  o.statementTimeout(),
                  o.keepSynchronousCommit(),
                  RetryPolicy.of(o),
                  progress,
                  snap.rights().mayRehearseDdl());
      if (!c.isClosed()) { // a lost connection whose phase was found committed
        c.setAutoCommit(true);
      }
      return new TargetResult(
          t.database(),
          t.schema(),
          key,
          TargetOutcome.DONE,
          from,
          to,
          out.attempts(),
          out.lockWaitMs(),
          out.lockHeldMs(),
          Optional.empty(),
          Optional.empty(),
          "");
    }
  }

  /**
   * Whether a target is already beyond where the phase takes it (swapped, when expanding): a fleet
   * resumes a phase after later phases ran on some tenants, so such a target counts as done, never
   * as out of order.
   */
  private static boolean past(State state, State to, Direction direction) {
    return direction == Direction.FORWARD ? state.compareTo(to) > 0 : state.compareTo(to) < 0;
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
        e.getMessage());
  }

  private static Diagnostic prefixed(Target t, Finding f) {
    Diagnostic d = f.diagnostic();
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

  private static Connection connect(Database db) {
    try {
      return db.dataSource().getConnection();
    } catch (SQLException e) {
      throw new ViewSwapException(
          ErrorCode.CONNECTION,
          "cannot connect to "
              + db.label()
              + ": "
              + SqlStates.message(e)
              + " (SQLSTATE "
              + SqlStates.of(e)
              + ")",
          "check the targets file and that the server is up; a re-run finishes the targets left",
          SqlStates.of(e),
          e);
    }
  }

  private static ViewSwapException sqlFailure(String what, SQLException e) {
    ErrorCode code = SqlStates.classify(e);
    return new ViewSwapException(
        code,
        what + " failed: " + SqlStates.message(e) + " (SQLSTATE " + SqlStates.of(e) + ")",
        "",
        SqlStates.of(e),
        e);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }
}
