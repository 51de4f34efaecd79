package io.viewswap.cli;

import io.viewswap.Fleet;
import io.viewswap.api.Database;
import io.viewswap.api.Direction;
import io.viewswap.api.DrainReport;
import io.viewswap.api.Finding;
import io.viewswap.api.FleetCheck;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.FleetResult;
import io.viewswap.api.FleetStatus;
import io.viewswap.api.Phase;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.api.TargetCheck;
import io.viewswap.api.TargetOutcome;
import io.viewswap.api.TargetResult;
import io.viewswap.api.TargetState;
import io.viewswap.spec.Spec;
import io.viewswap.text.VisibleText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet form of the commands: which databases, and how fleet results are printed (text and
 * JSON).
 */
final class FleetCli {
  private FleetCli() {}

  /**
   * As {@link #applies(Spec, FleetOption)}, for a command that may also read a snapshot instead of
   * a database: a snapshot is one database's catalog, so fleet options there are refused too, never
   * ignored.
   */
  static boolean applies(Spec spec, FleetOption fo, java.nio.file.Path catalog) {
    if (catalog != null && fo.any()) {
      throw fleetOnly(
          fo,
          "a fleet run against databases, and --catalog reads one database's snapshot",
          "drop --catalog to run over the fleet, or drop ");
    }
    return catalog == null && applies(spec, fo);
  }

  /**
   * Whether the command runs over a fleet: the spec selects schemas, or --targets names databases.
   * Fleet options on a run that is no fleet are refused rather than ignored: a CI runner given
   * {@code --shard 1/4} must not run a single-database spec that runner 0 runs as well.
   */
  static boolean applies(Spec spec, FleetOption fo) {
    boolean fleet = spec.schemas().isPresent() || fo.targets != null;
    if (!fleet && fo.any()) {
      throw fleetOnly(
          fo,
          "a fleet only, and spec " + VisibleText.oneLine(spec.id()) + " selects no schemas",
          "give the spec schemas: or add --targets FILE; for one database, drop ");
    }
    return fleet;
  }

  /** Exit 2: the fleet options given ("--shard applies to ...") and the hint, naming them. */
  private static io.viewswap.api.ViewSwapException fleetOnly(
      FleetOption fo, String appliesTo, String hintDropping) {
    List<String> given = fo.given();
    return io.viewswap.api.ViewSwapException.usage(
        String.join(", ", given) + (given.size() == 1 ? " applies" : " apply") + " to " + appliesTo,
        hintDropping + String.join(" and ", given));
  }

  /**
   * For advice that does not depend on the database (repoint): a spec with {@code schemas:} as one
   * tenant whose schema is the placeholder {@code {schema}}, with the spec's named tables; any
   * other spec as it is.
   */
  static Spec perTenant(Spec spec) {
    if (spec.schemas().isEmpty()) {
      return spec;
    }
    List<io.viewswap.spec.TableRename> renames =
        new ArrayList<>(
            spec.forSchema(io.viewswap.spec.SchemaSelection.SCHEMA_PLACEHOLDER).renames());
    spec.shared().ifPresent(sh -> renames.addAll(sh.renames()));
    return spec.withNamedTables(renames);
  }

  static List<Database> databases(Cli cli, FleetOption fo, ConnectionOption conn) {
    if (fo.targets != null && conn.url != null) {
      throw io.viewswap.api.ViewSwapException.usage(
          "--targets and --url cannot be combined",
          "--url is the single-database form; list every database in the targets file");
    }
    return fo.targets != null
        ? TargetsFile.read(fo.targets, cli.env)
        : List.of(TargetsFile.single(conn.url, cli.env));
  }

  static Fleet fleet(Cli cli, FleetOption fo, ConnectionOption conn, FleetTicker ticker) {
    return fleet(cli, fo, conn, ticker, Duration.ZERO, List.of());
  }

  /**
   * @param waitForStandbys after a phase, how long each database waits for its standbys to replay
   *     it (zero: report how far they are)
   */
  static Fleet fleet(
      Cli cli,
      FleetOption fo,
      ConnectionOption conn,
      FleetTicker ticker,
      Duration waitForStandbys,
      List<Database> standbys) {
    return Fleet.configure()
        .databases(databases(cli, fo, conn))
        .progress(cli.progress(""))
        .fleetProgress(ticker == null ? io.viewswap.api.FleetProgress.NONE : ticker)
        .waitForStandbys(waitForStandbys)
        .standbys(standbys)
        .build();
  }

  // -----------------------------------------------------------------------------------------------

  static int run(
      Cli cli,
      Spec spec,
      Phase phase,
      Direction direction,
      FleetOption fo,
      ConnectionOption conn,
      boolean dryRun,
      boolean json,
      Duration waitForStandbys,
      List<Database> standbys) {
    FleetTicker ticker = new FleetTicker(cli.err, cli.stdoutIsTerminal);
    Fleet fleet = fleet(cli, fo, conn, ticker, waitForStandbys, standbys);
    FleetOptions options = fo.options(dryRun);
    FleetResult r =
        direction == Direction.FORWARD
            ? fleet.apply(spec, phase, options)
            : fleet.rollback(spec, phase, options);
    ticker.finish();
    if (json) {
      cli.printJson(json(r));
      return r.exitCode();
    }
    String title = phase.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
    long total = r.targets().size();
    double seconds = r.elapsedMs() / 1000.0;
    String summary =
        String.format(
            java.util.Locale.ROOT,
            "%s%s: %d target%s: %d done, %d already done, %d failed, %d skipped, %d not started%s in %.1f s",
            title,
            r.dryRun() ? " (dry run, nothing changed)" : "",
            total,
            total == 1 ? "" : "s",
            r.count(TargetOutcome.DONE),
            r.count(TargetOutcome.ALREADY_DONE),
            r.count(TargetOutcome.FAILED),
            r.count(TargetOutcome.SKIPPED),
            r.count(TargetOutcome.NOT_STARTED),
            r.dryRun() ? ", " + r.count(TargetOutcome.WOULD_RUN) + " would run" : "",
            seconds);
    cli.out.println(r.failures().isEmpty() ? cli.style().green(summary) : cli.style().red(summary));
    long maxHeld = r.targets().stream().mapToLong(TargetResult::lockHeldMs).max().orElse(0);
    if (r.count(TargetOutcome.DONE) > 0) {
      cli.out.printf("  lock held per target: max %d ms%n", maxHeld);
    }
    for (TargetResult t : r.targets()) {
      if (t.outcome() == TargetOutcome.SKIPPED || t.outcome() == TargetOutcome.WOULD_RUN) {
        cli.out.printf(
            "  %-12s %s%s%n",
            t.outcome().label(),
            VisibleText.oneLine(t.target()),
            t.message().isEmpty() ? "" : ": " + VisibleText.oneLine(t.message()));
      }
    }
    if (!r.failures().isEmpty()) {
      cli.out.println("failed (the others finished; run the same command again to retry these):");
      for (TargetResult t : r.failures()) {
        cli.out.printf(
            "  %s  SQLSTATE %s  %s%n",
            VisibleText.oneLine(t.target()),
            t.sqlState().orElse("-"),
            VisibleText.oneLine(t.message().replace("\n", " ")));
        for (io.viewswap.api.Blocker b : t.blockers()) {
          cli.out.println("    blocked by " + VisibleText.oneLine(b.describe()));
        }
      }
    }
    return r.exitCode();
  }

  static Map<String, Object> json(FleetResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", r.spec());
    m.put("phase", r.phase().label());
    m.put("direction", r.direction().label());
    m.put("dry_run", r.dryRun());
    m.put("elapsed_ms", r.elapsedMs());
    m.put("exit_code", r.exitCode());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (TargetOutcome o : TargetOutcome.values()) {
      counts.put(o.name().toLowerCase(java.util.Locale.ROOT), r.count(o));
    }
    m.put("counts", counts);
    m.put("failures", r.failures().stream().map(FleetCli::target).toList());
    m.put("targets", r.targets().stream().map(FleetCli::target).toList());
    return m;
  }

  static Map<String, Object> target(TargetResult t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", t.target());
    m.put("database", t.database());
    m.put("schema", t.schema());
    m.put("state_key", t.stateKey());
    m.put("outcome", t.outcome().name().toLowerCase(java.util.Locale.ROOT));
    m.put("previous_state", t.previousState().label());
    m.put("state", t.state().label());
    m.put("attempts", t.attempts());
    m.put("lock_wait_ms", t.lockWaitMs());
    m.put("lock_held_ms", t.lockHeldMs());
    m.put("exit_code", t.error().map(e -> e.exitCode()).orElse(null));
    m.put("sqlstate", t.sqlState().orElse(null));
    m.put("message", t.message());
    m.put("blockers", t.blockers().stream().map(Json::blocker).toList());
    m.put("lock_timeouts", t.lockTimeouts().stream().map(Json::lockTimeout).toList());
    return m;
  }

  // -----------------------------------------------------------------------------------------------

  static int status(Cli cli, Spec spec, FleetOption fo, ConnectionOption conn, boolean json) {
    FleetStatus s = fleet(cli, fo, conn, null).status(spec, fo.options(false));
    List<TargetState> unreachable = s.targets().stream().filter(t -> !t.reachable()).toList();
    int code = unreachable.isEmpty() ? 0 : io.viewswap.api.ErrorCode.TARGETS_FAILED.exitCode();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", s.spec());
      Map<String, Object> counts = new LinkedHashMap<>();
      s.counts().forEach((k, v) -> counts.put(k.label(), v));
      m.put("counts", counts);
      m.put("furthest", s.furthest().label());
      m.put("behind", s.behind().stream().map(FleetCli::state).toList());
      m.put("targets", s.targets().stream().map(FleetCli::state).toList());
      cli.printJson(m);
      return code;
    }
    long reachable = s.targets().size() - unreachable.size();
    StringBuilder counts = new StringBuilder();
    s.counts()
        .forEach(
            (k, v) ->
                counts
                    .append(counts.length() == 0 ? "" : ", ")
                    .append(k.label())
                    .append(' ')
                    .append(v));
    cli.out.printf("%s: %d target%s: %s%n", s.spec(), reachable, reachable == 1 ? "" : "s", counts);
    List<TargetState> behind = s.behind().stream().filter(TargetState::reachable).toList();
    if (!behind.isEmpty()) {
      cli.out.printf("behind %s (%d):%n", s.furthest().label(), behind.size());
      behind.forEach(t -> cli.out.printf("  %s %s%n", t.target(), t.state().label()));
    } else if (reachable > 0) {
      cli.out.println(
          "every target is "
              + s.furthest().label()
              + (s.furthest() == State.CONTRACTED ? " (done)" : ""));
    }
    for (TargetState t : unreachable) {
      cli.out.printf(
          "unreachable: %s: %s%n",
          VisibleText.oneLine(t.database()), VisibleText.oneLine(t.message()));
    }
    return code;
  }

  static Map<String, Object> state(TargetState t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", t.target());
    m.put("database", t.database());
    m.put("schema", t.schema());
    m.put("state_key", t.stateKey());
    m.put("state", t.reachable() ? t.state().label() : null);
    m.put("reachable", t.reachable());
    m.put("updated_at", t.updatedAt().map(Object::toString).orElse(null));
    if (!t.reachable()) {
      m.put("message", t.message());
    }
    return m;
  }

  // -----------------------------------------------------------------------------------------------

  static int check(
      Cli cli,
      Spec spec,
      FleetOption fo,
      ConnectionOption conn,
      boolean json,
      List<Database> standbys) {
    FleetCheck r =
        fleet(cli, fo, conn, null, Duration.ZERO, standbys).check(spec, fo.options(false));
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", r.spec());
      m.put("exit_code", r.exitCode());
      m.put("selected", r.selected());
      m.put("unreachable", r.unreachable());
      List<Object> targets = new ArrayList<>();
      for (TargetCheck t : r.targets()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("target", t.target());
        x.put("database", t.database());
        x.put("schema", t.schema());
        x.put("state", t.state().label());
        x.put("findings", t.report().findings().stream().map(Json::finding).toList());
        targets.add(x);
      }
      m.put("targets", targets);
      cli.printJson(m);
      return r.exitCode();
    }
    r.selected()
        .forEach(
            (db, schemas) ->
                cli.out.printf(
                    "check %s on %s: %d schema%s selected%s%n",
                    r.spec(),
                    db,
                    schemas.size(),
                    schemas.size() == 1 ? "" : "s",
                    schemas.isEmpty() ? "" : ": " + String.join(", ", schemas)));
    int errors = 0;
    int blockers = 0;
    int warnings = 0;
    Style style = cli.style();
    for (TargetCheck t : r.targets()) {
      for (Finding f : t.report().findings()) {
        cli.out.println(
            CheckCommand.severity(style, f.severity())
                + "["
                + t.target()
                + "] "
                + f.diagnostic().format().replace("\n", "\n        "));
      }
      errors += t.report().of(Severity.ERROR).size();
      blockers += t.report().of(Severity.BLOCKER).size();
      warnings += t.report().of(Severity.WARNING).size();
    }
    r.unreachable().forEach((db, msg) -> cli.out.println("unreachable: " + db + ": " + msg));
    cli.out.printf(
        "%d targets: %d errors, %d blockers, %d warnings%n",
        r.targets().size(), errors, blockers, warnings);
    return r.exitCode();
  }

  static int drain(
      Cli cli,
      Spec spec,
      FleetOption fo,
      ConnectionOption conn,
      Duration window,
      Duration interval,
      boolean json) {
    DrainTicker ticker = new DrainTicker(io.viewswap.api.Sleeper.REAL, cli.err, window);
    Map<String, DrainReport> reports =
        fleet(cli, fo, conn, null).drain(spec, fo.options(false), window, interval, ticker, ticker);
    boolean seen = reports.values().stream().anyMatch(DrainReport::oldTrafficSeen);
    boolean drained = reports.values().stream().allMatch(DrainReport::drained);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", spec.id());
      m.put("result", seen ? "old_traffic" : drained ? "drained" : "blind");
      m.put("old_traffic", seen);
      Map<String, Object> per = new LinkedHashMap<>();
      reports.forEach((db, r) -> per.put(db, DrainCommand.json(r)));
      m.put("databases", per);
      cli.printJson(m);
    } else {
      reports.forEach(
          (db, r) -> {
            if (r.oldTrafficSeen()) {
              cli.out.println(
                  cli.style()
                      .red(
                          db
                              + ": old-name traffic still seen ("
                              + r.seen().size()
                              + " example(s), from "
                              + r.source()
                              + "):"));
              r.seen().forEach(t -> cli.out.println("  " + DrainCommand.describe(t)));
            } else if (r.blind()) {
              cli.out.println(cli.style().red(db + ": " + DrainCommand.blind(r)));
              cli.out.println("  hint: " + DrainCommand.blindHint(r));
            } else {
              cli.out.println(cli.style().green(db + ": drained (from " + r.source() + ")"));
            }
          });
    }
    return drained ? 0 : io.viewswap.api.ErrorCode.BLOCKED.exitCode();
  }

  /**
   * One directory per target, {@code DIR/<database>/<schema>/} (the spec's named tables in {@code
   * DIR/<database>/_shared/}), each holding the same files a single-target export writes, planned
   * from that target's current state; the state row of each script is the target's own.
   */
  static int export(
      Cli cli,
      Spec spec,
      FleetOption fo,
      ConnectionOption conn,
      java.nio.file.Path out,
      boolean force,
      io.viewswap.export.ExportFormat format,
      String flywayVersion,
      boolean json)
      throws java.io.IOException {
    List<io.viewswap.api.TargetPlan> plans =
        fleet(cli, fo, conn, null).plans(spec, fo.options(false));
    List<Object> written = new ArrayList<>();
    for (io.viewswap.api.TargetPlan tp : plans) {
      java.nio.file.Path dir =
          out.resolve(directoryName(tp.database()))
              .resolve(tp.schema().isEmpty() ? "_shared" : directoryName(tp.schema()));
      io.viewswap.files.OutputFiles files = io.viewswap.files.OutputFiles.in(dir, force);
      List<io.viewswap.export.ExportedFile> exported =
          new io.viewswap.export.ScriptRenderer()
              .export(tp.spec(), tp.plan(), format, flywayVersion);
      List<String> names = exported.stream().map(io.viewswap.export.ExportedFile::name).toList();
      files.requireWritable(names);
      for (io.viewswap.export.ExportedFile f : exported) {
        files.write(f.name(), f.content());
      }
      if (json) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("database", tp.database());
        x.put("schema", tp.schema());
        x.put("state_key", tp.spec().id());
        x.put("directory", dir.toString());
        x.put("files", names);
        written.add(x);
      } else {
        cli.out.println("wrote " + dir + " (" + names.size() + " files)");
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", spec.id());
      m.put("format", format.label());
      m.put("targets", written);
      cli.printJson(m);
    }
    return 0;
  }

  /**
   * A file-system-safe directory name, injective even where the file system folds case: lower-case
   * ASCII letters, digits, '-' and (not first) '_' are kept, every other byte of the UTF-8 name is
   * written {@code %XX} (upper-case hex). So two names never share a directory (an upper-case
   * letter is escaped, so {@code Tenant} and {@code tenant} differ on macOS too), none escapes DIR
   * or is hidden, and no schema's directory is {@code _shared}, the one of the spec's named tables.
   */
  static String directoryName(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || (c == '_' && sb.length() > 0)) {
        sb.append(c);
      } else {
        sb.append(String.format(java.util.Locale.ROOT, "%%%02X", b & 0xff));
      }
    }
    return sb.toString();
  }
}
