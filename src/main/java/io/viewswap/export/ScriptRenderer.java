package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.Step;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.ScriptText;
import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecText;
import io.viewswap.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a plan as scripts for a runner: psql files that own their transaction, Flyway migrations
 * and a Liquibase changelog that leave the transaction to the runner. Every format carries the same
 * pieces as {@code apply}: the SET LOCAL timeouts, the state schema, the guards, the statements and
 * the state row.
 */
public final class ScriptRenderer {
  private static final Pattern UNSAFE_IN_FILE_NAME = Pattern.compile("[^A-Za-z0-9_-]");

  private final Sql sql = new Sql();

  /** {@code 01-expand.sql}, {@code 01-expand.rollback.sql}, ... */
  public static String fileName(PhasePlan p) {
    return p.phase().ordinalLabel()
        + "-"
        + p.phase().label()
        + (p.direction() == Direction.ROLLBACK ? ".rollback" : "")
        + ".sql";
  }

  /**
   * Flyway's name for a phase: {@code V<base>.<n>__<spec>_<phase>.sql} forward, {@code U...} for
   * its undo script, so the three phases of one spec sort in order under one base version.
   */
  public static String flywayFileName(String specId, String baseVersion, PhasePlan p) {
    return (p.direction() == Direction.ROLLBACK ? "U" : "V")
        + flywayVersion(baseVersion, p.phase())
        + "__"
        + safe(specId)
        + "_"
        + p.phase().label()
        + ".sql";
  }

  /** {@code <base>.1} for expand, {@code .2} swap, {@code .3} contract. */
  public static String flywayVersion(String baseVersion, Phase phase) {
    if (!baseVersion.matches("\\d+(\\.\\d+)*")) {
      throw ViewSwapException.usage(
          "Flyway version \""
              + baseVersion
              + "\" must be numbers separated by dots, like 42 or 2026.11",
          "");
    }
    return baseVersion + "." + (phase.ordinal() + 1);
  }

  /** The changelog's file name: {@code <spec>.changelog.sql}. */
  public static String liquibaseFileName(String specId) {
    return safe(specId) + ".changelog.sql";
  }

  private static String safe(String specId) {
    return UNSAFE_IN_FILE_NAME.matcher(specId).replaceAll("_");
  }

  /** Every file of an export in a format that needs no framework settings, in run order. */
  public List<ExportedFile> export(
      Spec spec, Plan plan, ExportFormat format, String flywayBaseVersion) {
    return export(spec, plan, format, flywayBaseVersion, null);
  }

  /**
   * Every file of an export in the given format, in run order; {@code framework} is what the
   * framework formats (Django, Rails, Alembic) need and is ignored by the others.
   */
  public List<ExportedFile> export(
      Spec spec,
      Plan plan,
      ExportFormat format,
      String flywayBaseVersion,
      FrameworkSettings framework) {
    if (format.isFramework() && framework == null) {
      throw new IllegalArgumentException(format.label() + " needs framework settings");
    }
    return switch (format) {
      case DJANGO -> new DjangoMigrations(framework).files(spec, plan, this);
      case RAILS -> new RailsMigrations(framework).files(spec, plan, this);
      case ALEMBIC -> new AlembicMigrations(framework).files(spec, plan, this);
      case PSQL ->
          plan.phases().stream().map(p -> file(fileName(p), render(spec, plan, p))).toList();
      case FLYWAY ->
          plan.phases().stream()
              .map(
                  p ->
                      file(
                          flywayFileName(spec.id(), flywayBaseVersion, p),
                          renderFlyway(spec, plan, p, flywayBaseVersion)))
              .toList();
      case LIQUIBASE -> List.of(file(liquibaseFileName(spec.id()), renderLiquibase(spec, plan)));
    };
  }

  private static ExportedFile file(String name, String text) {
    return new ExportedFile(name, ScriptText.requireSafe(name, text));
  }

  /** The psql script of one phase: what {@code apply} would run, as one transaction. */
  public String render(Spec spec, Plan plan, PhasePlan p) {
    String header =
        String.join(
            "\n",
            specLine(spec, plan),
            phaseLine(plan, p),
            "-- run: psql -X -v ON_ERROR_STOP=1 -f " + fileName(p) + "   (as the table owner)",
            "-- one transaction: if a guard fails or a lock is not granted in time, nothing changes; run it again");
    return SqlTemplates.fill(
            SqlTemplates.load("export/psql-phase.sql"),
            header,
            timeouts(spec),
            install(),
            statements(p),
            finish(spec, plan, p, "psql " + fileName(p)))
        + "\n";
  }

  /**
   * The psql script of one phase, refused if anything in it could be misread by a runner (plan
   * --format sql).
   */
  public String renderChecked(Spec spec, Plan plan, PhasePlan p) {
    return ScriptText.requireSafe(fileName(p), render(spec, plan, p));
  }

  /** One Flyway migration: the phase body without begin/commit, which Flyway supplies. */
  public String renderFlyway(Spec spec, Plan plan, PhasePlan p, String baseVersion) {
    String file = flywayFileName(spec.id(), baseVersion, p);
    String version = flywayVersion(baseVersion, p.phase());
    String run =
        p.direction() == Direction.FORWARD
            ? "-- run: flyway -locations=filesystem:DIR -placeholderReplacement=false -target="
                + version
                + " migrate   (as the table owner)"
            : "-- run: flyway -locations=filesystem:DIR -placeholderReplacement=false -target="
                + version
                + " undo   (Flyway Teams; elsewhere run this file in one transaction, e.g. psql -1 -f "
                + file
                + ")";
    String header =
        String.join(
            "\n",
            specLine(spec, plan),
            phaseLine(plan, p),
            run,
            "-- one transaction (Flyway's): if a guard fails or a lock is not granted in time, nothing changes");
    return SqlTemplates.fill(
            SqlTemplates.load("export/flyway-migration.sql"),
            header,
            runnerBody(spec, plan, p, "flyway " + file))
        + "\n";
  }

  /**
   * The Liquibase changelog: one changeset per phase, labelled with the phase, its rollback beside
   * it.
   */
  public String renderLiquibase(Spec spec, Plan plan) {
    String file = liquibaseFileName(spec.id());
    String header =
        String.join(
            "\n",
            specLine(spec, plan),
            "-- one changeset per phase, each with its rollback; planned for PostgreSQL "
                + plan.serverMajor(),
            "-- run one phase: liquibase update --changelog-file="
                + file
                + " --labels=expand   (then swap, contract)",
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
          runnerBody(spec, plan, back, "liquibase " + file + "::" + id + " rollback")
              .lines()
              .filter(l -> !l.isBlank())
              .map(l -> "--rollback " + l)
              .collect(Collectors.joining("\n"));
      changesets.add(
          SqlTemplates.fill(
              SqlTemplates.load("export/liquibase-changeset.sql"),
              id,
              phase.label(),
              phaseLine(plan, forward).substring(3)
                  + "; rollback: "
                  + back.from().label()
                  + " -> "
                  + back.to().label(),
              runnerBody(spec, plan, forward, "liquibase " + file + "::" + id),
              rollback));
    }
    return SqlTemplates.fill(
            SqlTemplates.load("export/liquibase-changelog.sql"),
            header,
            String.join("\n\n", changesets))
        + "\n";
  }

  /** {@code <spec>-<phase>}: stable, so Liquibase recognises a changeset that already ran. */
  public static String changesetId(Spec spec, Phase phase) {
    return safe(spec.id()) + "-" + phase.label().toLowerCase(Locale.ROOT);
  }

  /**
   * The phase as the runners that own the transaction run it (Flyway, Liquibase and the
   * frameworks): no begin/commit, no psql meta-command.
   */
  String runnerBody(Spec spec, Plan plan, PhasePlan p, String client) {
    return SqlTemplates.fill(
        SqlTemplates.load("export/runner-phase-body.sql"),
        timeouts(spec),
        install(),
        statements(p),
        finish(spec, plan, p, client));
  }

  /**
   * The state schema exactly as {@code apply} makes sure of it: refused unless trusted, installed
   * (version mark included, so a later apply finds it current) only when missing or older.
   */
  private String install() {
    return StateStore.ensureStatement() + ";";
  }

  private static String specLine(Spec spec, Plan plan) {
    return "-- viewswap: spec " + spec.id() + " (checksum " + plan.checksum() + ")";
  }

  private static String phaseLine(Plan plan, PhasePlan p) {
    return "-- "
        + p.title()
        + ": "
        + p.from().label()
        + " -> "
        + p.to().label()
        + ", planned for PostgreSQL "
        + plan.serverMajor();
  }

  private String timeouts(Spec spec) {
    return sql
        .transactionSettings(
            spec.options().lockTimeout(),
            spec.options().statementTimeout(),
            spec.options().keepSynchronousCommit())
        .stream()
        .map(s -> s + ";")
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static String statements(PhasePlan p) {
    List<String> lines = new ArrayList<>();
    for (Step s : p.steps()) {
      lines.add("-- " + s.id() + ": " + s.description());
      lines.add(s.sql() + ";");
    }
    return String.join("\n", lines);
  }

  /** The same state row {@code apply} writes, with the runner named as the client. */
  private String finish(Spec spec, Plan plan, PhasePlan p, String client) {
    return sql.finishPhase(
            spec.id(),
            plan.checksum(),
            p.phase().label(),
            p.direction().label(),
            p.from().label(),
            p.to().label(),
            client,
            "pg_catalog.now()",
            "null",
            "null",
            "null",
            p.ddl(),
            ",\n  ",
            SpecText.json(spec))
        + ";";
  }
}
