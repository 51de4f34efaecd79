package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.render.ScriptText;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One Liquibase formatted-SQL changelog, {@code <spec>.changelog.sql}: a changeset per phase,
 * labelled with it, with its rollback. Liquibase owns the transaction and runs an update on one
 * connection, so an update without {@code --labels} takes one phase per run (the readiness gate).
 */
final class LiquibaseChangelog implements FormatExport {

  static String fileName(String specId) {
    return ScriptRenderer.safe(specId) + ".changelog.sql";
  }

  static String changesetId(Spec spec, Phase phase) {
    return ScriptRenderer.safe(spec.id()) + "-" + phase.label().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    return List.of(ScriptRenderer.file(fileName(spec.id()), render(renderer, spec, plan)));
  }

  private static String render(ScriptRenderer renderer, Spec spec, Plan plan) {
    String file = fileName(spec.id());
    List<String> summary = new ArrayList<>();
    summary.add(ScriptRenderer.specLine(spec, plan));
    PhaseSummary.renames(spec).forEach(l -> summary.add("-- " + ScriptText.printable(l)));
    String header =
        String.join(
            "\n",
            String.join("\n", summary),
            "-- one changeset per phase, each with its rollback; planned for PostgreSQL "
                + plan.serverMajor(),
            "-- run one phase: liquibase update --changelog-file="
                + file
                + " --labels=expand   (then swap, contract; an update without --labels takes one"
                + " phase per run)",
            "-- roll back the last phase run: liquibase rollback-count --changelog-file="
                + file
                + " --count=1",
            "-- each changeset is one transaction (Liquibase's): if a guard fails or a lock is not granted in time,"
                + " nothing changes");
    List<String> changesets = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      PhasePlan forward = plan.phase(phase, Direction.FORWARD);
      PhasePlan back = plan.phase(phase, Direction.ROLLBACK);
      String id = changesetId(spec, phase);
      String rollback =
          renderer
              .runnerBody(
                  spec,
                  plan,
                  back,
                  "liquibase " + file + "::" + id + " rollback",
                  "liquibase rollback-count --changelog-file=" + file + " --count=1")
              .lines()
              .filter(l -> !l.isBlank())
              .map(l -> "--rollback " + l)
              .collect(Collectors.joining("\n"));
      changesets.add(
          SqlTemplates.fill(
              SqlTemplates.load("export/liquibase-changeset.sql"),
              id,
              phase.label(),
              ScriptRenderer.phaseLine(plan, forward).substring(3)
                  + ": "
                  + PhaseSummary.what(spec, phase)
                  + "; rollback: "
                  + back.from().label()
                  + " -> "
                  + back.to().label(),
              renderer.runnerBody(
                  spec,
                  plan,
                  forward,
                  "liquibase " + file + "::" + id,
                  "liquibase update --changelog-file=" + file + " --labels=" + phase.label()),
              rollback));
    }
    return SqlTemplates.fill(
            SqlTemplates.load("export/liquibase-changelog.sql"),
            header,
            String.join("\n\n", changesets))
        + "\n";
  }
}
