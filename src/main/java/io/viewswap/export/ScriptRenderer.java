package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.plan.PhasePlan;
import io.viewswap.plan.Plan;
import io.viewswap.plan.Step;
import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a phase plan as a psql script: what {@code apply} would run, as one transaction. */
public final class ScriptRenderer {
  private final Sql sql = new Sql();

  /** {@code 01-expand.sql}, {@code 01-expand.rollback.sql}, ... */
  public static String fileName(PhasePlan p) {
    return p.phase().ordinalLabel() + "-" + p.phase().label()
        + (p.direction() == Direction.ROLLBACK ? ".rollback" : "") + ".sql";
  }

  public String render(Spec spec, Plan plan, PhasePlan p) {
    String header =
        String.join(
            "\n",
            "-- viewswap: spec " + spec.id() + " (checksum " + plan.checksum() + ")",
            "-- " + p.title() + ": " + p.from().label() + " -> " + p.to().label()
                + ", planned for PostgreSQL " + plan.serverMajor(),
            "-- run: psql -X -v ON_ERROR_STOP=1 -f " + fileName(p) + "   (as the table owner)",
            "-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again");
    String timeouts =
        String.join(
            "\n",
            sql.setLocal("lock_timeout", spec.options().lockTimeout().toMillis() + "ms") + ";",
            sql.setLocal("statement_timeout", spec.options().statementTimeout().toMillis() + "ms") + ";");
    String install = SqlTemplates.load("state/install.sql");
    List<String> lines = new ArrayList<>();
    for (Step s : p.steps()) {
      lines.add("-- " + s.id() + ": " + s.description());
      lines.add(s.sql() + ";");
    }
    String ddl = p.ddl().stream().map(sql::literal).collect(Collectors.joining(",\n  "));
    String finish =
        "select " + sql.identifier(Sql.STATE_SCHEMA, "finish_phase") + "(" + sql.literal(spec.id()) + ", "
            + sql.literal(plan.checksum()) + ", " + sql.literal(p.phase().label()) + ", "
            + sql.literal(p.direction().label()) + ", " + sql.literal(p.from().label()) + ", "
            + sql.literal(p.to().label()) + ", " + sql.literal("psql " + fileName(p))
            + ", now(), null, null, null, array[\n  " + ddl + "]::text[]);";
    return SqlTemplates.fill(
            SqlTemplates.load("export/psql-phase.sql"), header, timeouts, install, String.join("\n", lines), finish)
        + "\n";
  }
}
