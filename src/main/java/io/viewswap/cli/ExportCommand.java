package io.viewswap.cli;

import io.viewswap.export.ScriptRenderer;
import io.viewswap.plan.PhasePlan;
import io.viewswap.plan.Plan;
import io.viewswap.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Writes one psql script per phase and rollback: the same statements and state row as apply.",
    footer = {"", "Example:", "  viewswap export specs/customer-to-client.yaml --out migrations/customer-to-client"})
final class ExportCommand implements Callable<Integer> {
  enum Format {
    psql
  }

  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description = "plan from a snapshot file (viewswap snapshot) instead of a live database")
  Path catalog;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the scripts")
  Path out;

  @Option(names = "--format", description = "psql (default: psql)", defaultValue = "psql")
  Format format;

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Spec s = cli.readSpec(spec);
    Plan plan = cli.plan(s, connection.url, catalog);
    Files.createDirectories(out);
    ScriptRenderer scripts = new ScriptRenderer();
    for (PhasePlan p : plan.phases()) {
      Path file = out.resolve(ScriptRenderer.fileName(p));
      Files.writeString(file, scripts.render(s, plan, p), StandardCharsets.UTF_8);
      cli.out.println("wrote " + file);
    }
    return 0;
  }
}
