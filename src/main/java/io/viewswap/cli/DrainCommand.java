package io.viewswap.cli;

import io.viewswap.api.DrainReport;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.OldTraffic;
import io.viewswap.api.Sleeper;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.text.VisibleText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    description = {
      "Before the swap: does SQL that uses the spec's old names still reach the database? Watches for --window,"
          + " from pg_stat_statements when it is loaded, else by sampling pg_stat_activity (sessions whose"
          + " current or last statement uses an old name). Exit 0 when drained, 8 while old traffic is seen, and 8"
          + " (result blind) when statements of other roles ran that this role may not read: grant it"
          + " pg_read_all_stats.",
      "Old names: a renamed table's old name; for a table that keeps its name, its old column names."
    },
    footer = {
      "",
      "Examples:",
      "  viewswap drain specs/customer-to-client.yaml --window 60s",
      "  viewswap drain specs/customer-to-client.yaml --window 5m --format json   # a pipeline gate before swap"
    })
final class DrainCommand implements Callable<Integer>, JsonCapable {
  static final int QUERY_CHARS = 200;

  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;
  @Mixin FleetOption fleet;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(
      names = "--window",
      defaultValue = "60s",
      converter = Durations.class,
      description = "how long to watch, like 30s or 5m (default: 60s)")
  Duration window;

  @Option(
      names = "--interval",
      defaultValue = "250ms",
      converter = Durations.class,
      description = "how often pg_stat_activity is sampled (default: 250ms)")
  Duration interval;

  @Mixin TextOrJson output;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Spec s = cli.readSpec(spec);
    if (FleetCli.applies(s, fleet)) {
      return FleetCli.drain(cli, s, fleet, connection, window, interval, output.json());
    }
    DrainTicker ticker = new DrainTicker(Sleeper.REAL, cli.err, window);
    DrainReport report = cli.viewSwap(connection.url).drain(s, window, interval, ticker, ticker);
    if (output.json()) {
      cli.printJson(json(report));
    } else if (report.oldTrafficSeen()) {
      cli.out.println(
          cli.style()
                  .red(
                      String.format(
                          Locale.ROOT,
                          "old-name traffic still reaches the database (spec %s, %d example%s in %ds, from %s)",
                          report.spec(),
                          report.seen().size(),
                          report.seen().size() == 1 ? "" : "s",
                          report.window().toSeconds(),
                          report.source()))
              + ":");
      for (OldTraffic t : report.seen()) {
        cli.out.println("  " + describe(t));
      }
      cli.out.println(
          "hint: deploy the new release everywhere (`viewswap repoint` says what changes), then drain"
              + " again; swap only once it exits 0");
    } else if (report.blind()) {
      cli.out.println(cli.style().red(blind(report)));
      cli.out.println("hint: " + blindHint(report));
    } else {
      cli.out.println(
          cli.style()
              .green(
                  String.format(
                      Locale.ROOT,
                      "drained: no SQL using the old names of spec %s in %ds (from %s)",
                      report.spec(),
                      report.window().toSeconds(),
                      report.source())));
    }
    return report.drained() ? 0 : ErrorCode.BLOCKED.exitCode();
  }

  /** The verdict of a blind window: what was hidden, from whom, and why that is no pass. */
  static String blind(DrainReport r) {
    DrainReport.Hidden h = r.hidden();
    String what =
        r.source().equals("pg_stat_activity")
            ? h.count() + (h.count() == 1 ? " session" : " sessions")
            : h.count() + (h.count() == 1 ? " statement call" : " statement calls");
    return VisibleText.oneLine(
        String.format(
            Locale.ROOT,
            "drain cannot see: %s of %s in this database ran what %s may not read (%s shows"
                + " <insufficient privilege>), so it cannot say that spec %s is drained",
            what,
            String.join(", ", h.roles().stream().map(Identifiers::display).toList()),
            Identifiers.display(h.viewer()),
            r.source(),
            r.spec()));
  }

  /** The one grant that lets drain see, and the other way to get it. */
  static String blindHint(DrainReport r) {
    return VisibleText.oneLine(
        r.hidden().grant()
            + " (or run drain as a member of pg_monitor, or as a superuser), then drain again;"
            + " a role sees only its own statements' text without it");
  }

  static String describe(OldTraffic t) {
    String who =
        t.pid()
            .map(
                p ->
                    "pid "
                        + p
                        + " "
                        + t.user().orElse("?")
                        + " ("
                        + t.application().orElse("")
                        + ", "
                        + t.state().orElse("?")
                        + "): ")
            .orElse(t.calls() + " calls: ");
    // Other sessions' query texts and names: nothing in them reaches the terminal as a control.
    return VisibleText.oneLine(who + abbreviate(t.query()));
  }

  static String abbreviate(String query) {
    String one = query.replaceAll("\\s+", " ").strip();
    return one.length() <= QUERY_CHARS ? one : one.substring(0, QUERY_CHARS) + "...";
  }

  static Map<String, Object> json(DrainReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", r.spec());
    m.put("source", r.source());
    m.put("window_ms", r.window().toMillis());
    m.put("samples", r.samples());
    m.put("result", r.result());
    m.put("old_traffic", r.oldTrafficSeen());
    m.put("hidden", r.hidden().count());
    if (r.blind()) {
      m.put("hidden_roles", r.hidden().roles());
      m.put("grant", r.hidden().grant());
    }
    m.put(
        "seen",
        r.seen().stream()
            .map(
                t -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("source", t.source());
                  x.put("pid", t.pid().orElse(null));
                  x.put("user", t.user().orElse(null));
                  x.put("application", t.application().orElse(null));
                  x.put("state", t.state().orElse(null));
                  x.put("calls", t.calls());
                  x.put("query", t.query());
                  return x;
                })
            .toList());
    return m;
  }
}
