package io.viewswap.cli;

import io.viewswap.api.CheckResult;
import io.viewswap.api.ErrorCode;
import io.viewswap.check.Finding;
import io.viewswap.check.Severity;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Preflight: what would stop the spec's next phase on this database. Changes nothing.",
    footer = {"", "Example:", "  viewswap check specs/customer-to-client.yaml --url jdbc:postgresql://localhost/app"})
final class CheckCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(names = "--format", description = "text or json (default: text)", defaultValue = "text")
  OutputFormat format;

  @Override
  public boolean jsonOutput() {
    return format == OutputFormat.json;
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    CheckResult r = cli.viewSwap(connection.url).check(cli.readSpec(spec));
    if (format == OutputFormat.json) {
      cli.printJson(Json.check(r));
    } else {
      cli.out.printf(
          "check %s on PostgreSQL %d.%d (state: %s)%n",
          r.spec(), r.serverVersionNum() / 10000, r.serverVersionNum() % 10000, r.state().label());
      for (Finding f : r.report().findings()) {
        cli.out.printf("%-8s%s%n", f.severity().name().toLowerCase(), f.diagnostic().format().replace("\n", "\n        "));
      }
      cli.out.printf(
          "%d errors, %d blockers, %d warnings%n",
          r.report().of(Severity.ERROR).size(),
          r.report().of(Severity.BLOCKER).size(),
          r.report().of(Severity.WARNING).size());
    }
    if (r.report().hasErrors()) {
      return ErrorCode.SPEC_INVALID.exitCode();
    }
    return r.report().hasBlockers() ? ErrorCode.BLOCKED.exitCode() : 0;
  }
}
