package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;
import java.util.List;

/**
 * Flyway versioned migrations, {@code V<base>.<n>__<spec>_<phase>.sql}, and undo scripts {@code
 * U...} (Flyway Teams; elsewhere run in one transaction with psql). Flyway owns the transaction and
 * runs every pending migration of a {@code migrate} on one connection, so each phase's readiness
 * gate makes a plain {@code migrate} take one phase: the next one refuses in that run (VS428).
 */
final class FlywayMigrations implements FormatExport {
  private final String baseVersion;

  FlywayMigrations(String baseVersion) {
    this.baseVersion = baseVersion;
  }

  static String fileName(String specId, String baseVersion, PhasePlan p) {
    return (p.direction() == Direction.ROLLBACK ? "U" : "V")
        + version(baseVersion, p.phase())
        + "__"
        + ScriptRenderer.safe(specId)
        + "_"
        + p.phase().label()
        + ".sql";
  }

  static String version(String baseVersion, Phase phase) {
    if (!baseVersion.matches("\\d+(\\.\\d+)*")) {
      throw ViewSwapException.usage(
          "Flyway version \""
              + baseVersion
              + "\" must be numbers separated by dots, like 42 or 2026.11",
          "");
    }
    return baseVersion + "." + (phase.ordinal() + 1);
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    return plan.phases().stream()
        .map(
            p ->
                ScriptRenderer.file(
                    fileName(spec.id(), baseVersion, p), render(renderer, spec, plan, p)))
        .toList();
  }

  /** One Flyway migration: the phase body without begin/commit, which Flyway supplies. */
  private String render(ScriptRenderer renderer, Spec spec, Plan plan, PhasePlan p) {
    String file = fileName(spec.id(), baseVersion, p);
    String version = version(baseVersion, p.phase());
    String command =
        "flyway -locations=filesystem:DIR -placeholderReplacement=false -target="
            + version
            + (p.direction() == Direction.FORWARD ? " migrate" : " undo");
    String run =
        p.direction() == Direction.FORWARD
            ? "-- run: "
                + command
                + "   (as the table owner; a plain migrate, as Spring Boot runs it, takes one phase"
                + " per run)"
            : "-- run: "
                + command
                + "   (Flyway Teams; elsewhere run this file in one transaction, e.g. psql -1 -f "
                + file
                + ", or `viewswap rollback SPEC --phase "
                + p.phase().label()
                + "`)";
    String header =
        String.join(
            "\n",
            ScriptRenderer.summary(spec, plan, p),
            run,
            "-- one transaction (Flyway's): if a guard fails or a lock is not granted in time, nothing changes");
    return SqlTemplates.fill(
            SqlTemplates.load("export/flyway-migration.sql"),
            header,
            renderer.runnerBody(spec, plan, p, "flyway " + file, command))
        + "\n";
  }
}
