package io.viewswap.cli;

import io.viewswap.ViewSwap;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.spec.Spec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Preflight: what would stop the spec's next phase on this database. Changes nothing.",
    footer = {
      "",
      "Examples:",
      "  viewswap check specs/customer-to-client.yaml --url jdbc:postgresql://localhost/app",
      "  viewswap check specs/customer-to-client.yaml --catalog catalog.json   # offline, from `viewswap snapshot`"
    })
final class CheckCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;
  @Mixin FleetOption fleet;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Mixin CatalogOption snapshot;

  @Mixin StandbyOption standbys;

  @Mixin TextOrJson output;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Spec s = cli.readSpec(spec);
    standbys.refuseWithTargets(fleet);
    if (FleetCli.applies(s, fleet, snapshot.catalog)) {
      return FleetCli.check(cli, s, fleet, connection, output.json(), standbys.databases(cli.env));
    }
    CheckResult r =
        snapshot.catalog == null
            ? cli.viewSwap(connection.url, Duration.ZERO, standbys.databases(cli.env)).check(s)
            : ViewSwap.checkOffline(s, cli.readCatalog(snapshot.catalog));
    if (output.json()) {
      cli.printJson(Json.check(r));
    } else {
      cli.out.printf(
          Locale.ROOT,
          "check %s %s PostgreSQL %d.%d (state%s %s)%n",
          r.spec(),
          snapshot.catalog == null ? "on" : "against the snapshot " + snapshot.catalog + " of",
          r.serverVersionNum() / 10000,
          r.serverVersionNum() % 10000,
          snapshot.catalog == null ? ":" : " taken as",
          r.state().label());
      Style style = cli.style();
      for (Finding f : r.report().findings()) {
        cli.out.println(
            severity(style, f.severity()) + f.diagnostic().format().replace("\n", "\n        "));
      }
      cli.out.printf(
          Locale.ROOT,
          "%d errors, %d blockers, %d warnings%s%n",
          r.report().of(Severity.ERROR).size(),
          r.report().of(Severity.BLOCKER).size(),
          r.report().of(Severity.WARNING).size(),
          r.report().of(Severity.ACCEPTED).isEmpty()
              ? ""
              : ", " + r.report().of(Severity.ACCEPTED).size() + " accepted in the spec");
    }
    return r.report().exitCode();
  }

  /**
   * The severity word padded to the message column; padded before painting so colour does not shift
   * it.
   */
  static String severity(Style style, Severity severity) {
    String word = String.format(Locale.ROOT, "%-8s", severity.name().toLowerCase(Locale.ROOT));
    return switch (severity) {
      case ERROR -> style.red(word);
      case BLOCKER -> style.boldRed(word);
      case WARNING, ACCEPTED -> style.yellow(word);
    };
  }
}
