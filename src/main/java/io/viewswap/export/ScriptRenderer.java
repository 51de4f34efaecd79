package io.viewswap.export;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.Step;
import io.viewswap.render.ScriptText;
import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.run.Readiness;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecText;
import io.viewswap.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a plan as scripts for a runner. The format's own layout, names and header live in one
 * class per {@link ExportFormat} ({@link FormatExport}); here is what every format carries, the
 * same pieces as {@code apply}: the SET LOCAL timeouts, the state schema (installed by the expand
 * script, checked by the others), the readiness gate (already done: nothing to do; one phase per
 * run), the guards, the statements and the state row, after a summary a reviewer reads first.
 */
public final class ScriptRenderer {
  private static final Pattern UNSAFE_IN_FILE_NAME = Pattern.compile("[^A-Za-z0-9_-]");

  private final Sql sql = new Sql();

  /** {@code 01-expand.sql}, {@code 01-expand.rollback.sql}, ... */
  public static String fileName(PhasePlan p) {
    return PsqlScripts.fileName(p);
  }

  /**
   * Flyway's name for a phase: {@code V<base>.<n>__<spec>_<phase>.sql} forward, {@code U...} for
   * its undo script, so the three phases of one spec sort in order under one base version.
   */
  public static String flywayFileName(String specId, String baseVersion, PhasePlan p) {
    return FlywayMigrations.fileName(specId, baseVersion, p);
  }

  /** {@code <base>.1} for expand, {@code .2} swap, {@code .3} contract. */
  public static String flywayVersion(String baseVersion, Phase phase) {
    return FlywayMigrations.version(baseVersion, phase);
  }

  /** The changelog's file name: {@code <spec>.changelog.sql}. */
  public static String liquibaseFileName(String specId) {
    return LiquibaseChangelog.fileName(specId);
  }

  /** {@code <spec>-<phase>}: stable, so Liquibase recognises a changeset that already ran. */
  public static String changesetId(Spec spec, Phase phase) {
    return LiquibaseChangelog.changesetId(spec, phase);
  }

  static String safe(String specId) {
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
    return format.exporter(flywayBaseVersion, framework).files(spec, plan, this);
  }

  /** A SQL file of an export, refused if anything in it could be misread by a runner. */
  static ExportedFile file(String name, String text) {
    return new ExportedFile(name, ScriptText.requireSafe(name, text));
  }

  /** The psql script of one phase: what {@code apply} would run, as one transaction. */
  public String render(Spec spec, Plan plan, PhasePlan p) {
    return PsqlScripts.render(this, spec, plan, p);
  }

  /**
   * The psql script of one phase, refused if anything in it could be misread by a runner (plan
   * --format sql).
   */
  public String renderChecked(Spec spec, Plan plan, PhasePlan p) {
    return ScriptText.requireSafe(fileName(p), render(spec, plan, p));
  }

  /**
   * The phase as the runners that own the transaction run it (Flyway, Liquibase and the
   * frameworks): no begin/commit, no psql meta-command.
   *
   * @param client who ran it, for the state row
   * @param run the command that runs this phase alone, for the hint when a run tries to take it
   *     together with the one before
   */
  String runnerBody(Spec spec, Plan plan, PhasePlan p, String client, String run) {
    return SqlTemplates.fill(
        SqlTemplates.load("export/runner-phase-body.sql"), body(spec, plan, p, client, run));
  }

  /**
   * What every format runs inside its transaction: the timeouts, the state schema (installed by the
   * expand script, checked by every other), and the plan behind the readiness gate.
   */
  String body(Spec spec, Plan plan, PhasePlan p, String client, String run) {
    return String.join("\n", timeouts(spec), state(p), gate(spec, plan, p, client, run));
  }

  /**
   * The state schema exactly as {@code apply} makes sure of it (refused unless trusted, installed
   * with its version mark only when missing or older) in the expand script; every other script
   * checks trust and version only, and sends the user to the expand script when it is not current.
   */
  private static String state(PhasePlan p) {
    if (installs(p)) {
      return "-- viewswap's state schema: refused unless trusted, installed only when missing or older"
          + " (this script\n-- installs it for the others), so `viewswap status` is right however the"
          + " phase was run\n"
          + StateStore.ensureStatement()
          + ";";
    }
    return "-- viewswap's state schema: refused unless trusted and of this version (the expand script"
        + " installs it)\n"
        + StateStore.expectStatement(
            "run this export's expand script (or `viewswap apply SPEC --phase expand`) once more: it"
                + " installs or upgrades the state schema and, expand being done, changes nothing"
                + " else; then run this one again")
        + ";";
  }

  /** Whether a phase's script installs the state schema: the first, expand forward. */
  static boolean installs(PhasePlan p) {
    return p.phase() == Phase.EXPAND && p.direction() == Direction.FORWARD;
  }

  /**
   * The plan's steps and state row in the readiness gate ({@code export/phase-gate.sql}): done
   * where {@link Readiness} says so, refused when the phase before ran in the same session.
   */
  private String gate(Spec spec, Plan plan, PhasePlan p, String client, String run) {
    List<String> statements = new ArrayList<>();
    for (Step s : p.steps()) {
      statements.add("-- " + s.id() + ": " + s.description());
      statements.add(s.sql());
    }
    statements.add("-- the state row, as apply writes it");
    statements.add(finish(spec, plan, p, client));
    String tag = "$viewswap_step$";
    for (int n = 1; containsAny(statements, tag); n++) {
      tag = "$viewswap_step_" + n + "$";
    }
    List<String> lines = new ArrayList<>();
    for (String s : statements) {
      lines.add(s.startsWith("-- ") ? "  " + s : "  execute " + tag + s + tag + ";");
    }
    Direction d = p.direction();
    String title = p.title();
    List<String> done = Readiness.doneStates(p.phase(), d).stream().map(st -> st.label()).toList();
    List<String> values =
        new ArrayList<>(
            List.of(
                ScriptText.literal(spec.id()),
                ScriptText.literal(plan.checksum()),
                ScriptText.literal("{" + String.join(",", done) + "}"),
                ScriptText.literal(sessionSetting(spec)),
                ScriptText.literal(d.label() + ":" + p.from().label()),
                ScriptText.literal(d.label() + ":" + p.to().label()),
                ScriptText.literal(title),
                ScriptText.literal(previousTitle(p)),
                ScriptText.literal(
                    "one phase per run (docs/pipelines.md): "
                        + (d == Direction.FORWARD
                            ? "run "
                                + title
                                + " later, once "
                                + PhaseSummary.before(spec, p.phase())
                            : "roll back one phase at a time")
                        + ", with: "
                        + run
                        + "; this one changed nothing"),
                String.join("\n", lines)));
    // the block's own tag: none of what goes inside may end it
    String block = "$viewswap_phase$";
    for (int n = 1; containsAny(values, block); n++) {
      block = "$viewswap_phase_" + n + "$";
    }
    values.add(block);
    return SqlTemplates.fill(
        SqlTemplates.load("export/phase-gate.sql"), values.toArray(String[]::new));
  }

  private static boolean containsAny(List<String> texts, String tag) {
    return texts.stream().anyMatch(t -> t.contains(tag));
  }

  /** The phase (in this direction) whose run leaves the state this one starts from. */
  private static String previousTitle(PhasePlan p) {
    for (Phase q : Phase.values()) {
      if (p.direction().to(q) == p.from()) {
        return q.label() + (p.direction() == Direction.ROLLBACK ? " rollback" : "");
      }
    }
    return "an earlier phase";
  }

  /**
   * The session setting a committed phase of this spec leaves: a name PostgreSQL accepts whatever
   * the spec id holds.
   */
  static String sessionSetting(Spec spec) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(spec.id().getBytes(StandardCharsets.UTF_8));
      return "viewswap.ran_" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * The lines a reviewer reads first: the spec and its checksum, its renames, what the phase does
   * and what goes before and after it, as {@code --} comments made printable (names come from the
   * spec).
   */
  static String summary(Spec spec, Plan plan, PhasePlan p) {
    List<String> lines = new ArrayList<>();
    lines.add(specLine(spec, plan));
    PhaseSummary.renames(spec).forEach(l -> lines.add("-- " + ScriptText.printable(l)));
    lines.add(phaseLine(plan, p));
    if (p.direction() == Direction.FORWARD) {
      lines.add("--   what: " + PhaseSummary.what(spec, p.phase()));
      lines.add("--   before it: " + ScriptText.printable(PhaseSummary.before(spec, p.phase())));
      lines.add("--   after it: " + PhaseSummary.after(spec, p.phase()));
    } else {
      lines.add("--   what: undoes " + p.phase().label() + ", back to " + p.to().label());
    }
    return String.join("\n", lines);
  }

  static String specLine(Spec spec, Plan plan) {
    return "-- viewswap: spec "
        + ScriptText.printable(spec.id())
        + " (checksum "
        + plan.checksum()
        + ")";
  }

  static String phaseLine(Plan plan, PhasePlan p) {
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
        .collect(Collectors.joining("\n"));
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
        SpecText.json(spec));
  }
}
