package io.viewswap.cli;

import io.viewswap.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
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
      "  A password missing from the URL comes from PGPASSWORD, else PGPASSFILE, else ~/.pgpass."
    })
final class RootCommand implements Runnable {
  final Cli cli;
  @Spec CommandSpec spec;

  RootCommand(Cli cli) {
    this.cli = cli;
  }

  /**
   * The root command, its footer ending with the exit codes from {@link ErrorCode} (an annotation
   * cannot hold text made from the enum), so the help cannot drift from what a run returns.
   */
  static CommandLine command(Cli cli) {
    CommandLine cl = new CommandLine(new RootCommand(cli));
    List<String> footer = new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().footer()));
    footer.add("");
    footer.add("Exit codes:");
    ErrorCode.summaries().forEach(line -> footer.addAll(hanging(line, 78)));
    cl.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
    return cl;
  }

  /**
   * One exit code's line, indented by two and cut at spaces before {@code width} with the rest
   * indented under its text; picocli would wrap it to the left margin.
   */
  static List<String> hanging(String line, int width) {
    List<String> out = new ArrayList<>();
    String indent = "  ";
    String rest = line;
    while (indent.length() + rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width - indent.length());
      if (cut <= 0) {
        break;
      }
      out.add(indent + rest.substring(0, cut));
      rest = rest.substring(cut + 1);
      indent = "    ";
    }
    out.add(indent + rest);
    return out;
  }

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = ScopeType.INHERIT,
      description =
          "${COMPLETION-CANDIDATES} (default: auto: colour when stdout is a terminal, NO_COLOR is unset or empty"
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
