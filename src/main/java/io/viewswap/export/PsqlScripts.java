package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;
import java.util.List;

/**
 * psql scripts, {@code 01-expand.sql}, {@code 01-expand.rollback.sql}, ...: one file per phase and
 * rollback, each owning its transaction, run one per psql invocation.
 */
final class PsqlScripts implements FormatExport {

  static String fileName(PhasePlan p) {
    return p.phase().ordinalLabel()
        + "-"
        + p.phase().label()
        + (p.direction() == Direction.ROLLBACK ? ".rollback" : "")
        + ".sql";
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    return plan.phases().stream()
        .map(p -> ScriptRenderer.file(fileName(p), render(renderer, spec, plan, p)))
        .toList();
  }

  static String render(ScriptRenderer renderer, Spec spec, Plan plan, PhasePlan p) {
    String run = "psql -X -v ON_ERROR_STOP=1 -f " + fileName(p);
    String header =
        String.join(
            "\n",
            ScriptRenderer.summary(spec, plan, p),
            "-- run: " + run + "   (as the table owner; one file per psql run)",
            "-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again");
    return SqlTemplates.fill(
            SqlTemplates.load("export/psql-phase.sql"),
            header,
            renderer.body(spec, plan, p, "psql " + fileName(p), run))
        + "\n";
  }
}
