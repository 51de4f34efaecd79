package io.viewswap.cli;

import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.Step;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "The SQL each phase (and its rollback) would run. Changes nothing.",
    footer = {
      "",
      "Examples:",
      "  viewswap plan specs/customer-to-client.yaml",
      "  viewswap plan specs/customer-to-client.yaml --phase swap --format sql"
    })
final class PlanCommand implements Callable<Integer>, JsonCapable {
  enum Format {
    text,
    sql,
    json
  }

  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Mixin CatalogOption snapshot;

  @Option(
      names = "--phase",
      completionCandidates = PhaseWords.class,
      description = "${COMPLETION-CANDIDATES} (default: all)")
  String phase;

  @Option(
      names = "--format",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  Format format;

  @Override
  public boolean jsonOutput() {
    return format == Format.json;
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Phase only = phase == null ? null : Phase.parse(phase);
    Spec s = cli.readSpec(spec);
    Plan plan = cli.plan(s, connection.url, snapshot.catalog);
    List<PhasePlan> phases =
        plan.phases().stream().filter(p -> only == null || p.phase() == only).toList();
    switch (format) {
      case json -> cli.printJson(Json.plan(plan, phases));
      case sql -> {
        ScriptRenderer scripts = new ScriptRenderer();
        for (PhasePlan p : phases) {
          cli.out.println("-- ===== " + ScriptRenderer.fileName(p));
          cli.out.println(scripts.renderChecked(s, plan, p));
        }
      }
      case text -> {
        cli.out.printf(
            Locale.ROOT, "plan for %s (PostgreSQL %d)%n", plan.specId(), plan.serverMajor());
        for (PhasePlan p : phases) {
          cli.out.printf(
              Locale.ROOT, "%n%s: %s -> %s%n", p.title(), p.from().label(), p.to().label());
          for (Step st : p.steps()) {
            cli.out.printf(Locale.ROOT, "  -- %s%n  %s;%n", st.description(), st.sql());
          }
        }
      }
    }
    return 0;
  }
}
