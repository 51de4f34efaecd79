package io.viewswap.cli;

import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.SpecStatus;
import io.viewswap.spec.SpecText;
import io.viewswap.text.VisibleText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Where one spec (or every spec this database knows) stands, with its phase history.",
    footer = {
      "",
      "Examples:",
      "  viewswap status",
      "  viewswap status specs/customer-to-client.yaml --format json"
    })
final class StatusCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;
  @Mixin FleetOption fleet;

  @Parameters(
      paramLabel = "SPEC",
      arity = "0..1",
      description = "the rename spec (YAML); all specs if omitted")
  Path spec;

  @Option(
      names = "--show-spec",
      paramLabel = "ID",
      description =
          "print the spec ID as it was applied (stored with the state) as YAML, to recover a lost or"
              + " changed file: viewswap status --show-spec ID > spec.yaml")
  String showSpec;

  @Mixin TextOrJson output;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    if (showSpec != null) {
      if (spec != null) {
        throw io.viewswap.api.ViewSwapException.usage(
            "--show-spec reads the spec from the state; give no SPEC with it", "");
      }
      cli.out.print(
          VisibleText.lines(SpecText.yaml(cli.viewSwap(connection.url).appliedSpec(showSpec))));
      return 0;
    }
    if (spec == null && fleet.any()) {
      throw io.viewswap.api.ViewSwapException.usage(
          "status " + String.join(", ", fleet.given()) + " needs the SPEC",
          "e.g. viewswap status" + " spec.yaml --targets fleet.txt");
    }
    if (spec != null) {
      io.viewswap.spec.Spec s = cli.readSpec(spec);
      if (FleetCli.applies(s, fleet)) {
        return FleetCli.status(cli, s, fleet, connection, output.json());
      }
    }
    List<SpecStatus> all =
        cli.viewSwap(connection.url)
            .status(spec == null ? Optional.empty() : Optional.of(cli.readSpec(spec)));
    if (output.json()) {
      cli.printJson(
          spec == null ? all.stream().map(Json::status).toList() : Json.status(all.get(0)));
      return 0;
    }
    if (all.isEmpty()) {
      cli.out.println("no spec has run a phase on this database");
    }
    for (SpecStatus s : all) {
      cli.out.printf(
          Locale.ROOT,
          "%s: %s%s%s%n",
          VisibleText.oneLine(s.spec()),
          s.state().label(),
          s.nextPhase().map(p -> " (next: apply --phase " + p.label() + ")").orElse(" (done)"),
          s.specChanged()
              ? "  WARNING: the spec file differs from the one applied (`viewswap status"
                  + " --show-spec "
                  + VisibleText.oneLine(s.spec())
                  + "` prints the applied one)"
              : "");
      s.stateLost()
          .ifPresent(lost -> cli.out.print("  WARNING: " + VisibleText.lines(lost + "\n")));
      s.appliedSpec()
          .ifPresent(
              y ->
                  cli.out.print(
                      "  applied spec:\n" + VisibleText.lines(y).replaceAll("(?m)^", "    ")));
      for (PhaseRunRecord r : s.history()) {
        cli.out.printf(
            Locale.ROOT,
            "  %s  %-8s %-8s %s -> %s by %s via %s%s%n",
            r.finishedAt(),
            r.phase(),
            r.direction(),
            r.fromState(),
            r.toState(),
            VisibleText.oneLine(r.runBy()),
            VisibleText.oneLine(r.client()),
            r.lockHeldMs() == null
                ? ""
                : ", lock held " + r.lockHeldMs() + " ms, " + r.attempts() + " attempt(s)");
      }
    }
    return 0;
  }
}
