package io.viewswap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
    name = "viewswap",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Renames PostgreSQL tables and columns with zero downtime, through updatable views.",
    footerHeading = "%nLifecycle:%n",
    footer = {
      "  planned -expand-> expanded -swap-> swapped -contract-> contracted; each phase has a rollback.",
      "  Between expand and swap, deploy the new code against the new names.",
      "",
      "Connection: --url jdbc:postgresql://..., else VIEWSWAP_URL, else PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE.",
      "  A password missing from the URL comes from PGPASSWORD, else PGPASSFILE, else ~/.pgpass.",
      "",
      "Exit codes:",
      "  0 ok   1 internal error   2 usage   3 spec invalid (syntax or catalog)",
      "  4 state conflict (phase out of order, spec changed, run lock held)",
      "  5 lock not acquired after the retries   6 other SQL failure (SQLSTATE printed)",
      "  7 cannot connect   8 blockers found (nothing changed), or old-name traffic seen by drain",
      "  9 fleet: some targets failed, every other one finished (failures listed; run again to resume)"
    })
final class RootCommand implements Runnable {
  final Cli cli;
  @Spec CommandSpec spec;

  RootCommand(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = ScopeType.INHERIT,
      description =
          "auto, always or never (default: auto: colour when stdout is a terminal, NO_COLOR is unset or empty"
              + " and TERM is not dumb)")
  void color(Style.Mode mode) {
    cli.useColor(spec.commandLine(), mode);
  }

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "also print the PostgreSQL driver's own log (warnings and up) to stderr")
  void verbose(boolean on) {
    cli.driverLog(on);
  }

  @Override
  public void run() {
    spec.commandLine().usage(cli.out);
  }
}
