package io.viewswap.export;

import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.api.ViewSwapException;
import io.viewswap.render.SqlTemplates;
import io.viewswap.repoint.Client;
import io.viewswap.repoint.Repoint;
import io.viewswap.spec.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases as Alembic revisions, {@code <rev>_viewswap_<spec>_<phase>.py}, with fresh revision
 * ids, chained by {@code down_revision} from the head of the revisions already in the directory.
 * The SQL goes to the driver through {@code exec_driver_sql} with no parameters, so neither
 * SQLAlchemy's {@code :name} binds nor psycopg2's {@code %} formatting touch it.
 */
final class AlembicMigrations implements FrameworkMigrations {
  private static final Pattern REVISION =
      Pattern.compile("(?m)^revision\\s*(?::[^=\\n]*)?=\\s*['\"]([^'\"\\n]+)['\"]");
  private static final Pattern DOWN_REVISION =
      Pattern.compile("(?m)^down_revision\\s*(?::[^=\\n]*)?=\\s*(.*)$");
  private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"\\n]+)['\"]");

  private final FrameworkSettings settings;

  AlembicMigrations(FrameworkSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    Set<String> taken = new HashSet<>();
    String head = head(taken);
    List<ExportedFile> out = new ArrayList<>();
    String previous = head;
    for (Phase phase : Phase.values()) {
      String name = FrameworkMigrations.migrationName(spec, phase);
      FrameworkMigrations.refuseExisting(settings.directory(), name, ".py");
      String revision = freshRevision(taken);
      String run = "alembic upgrade " + revision;
      String rollBack = "alembic downgrade " + (previous == null ? "base" : previous);
      PhaseMigration m =
          PhaseMigration.of(renderer, spec, plan, phase, "alembic " + revision, run, rollBack);
      String header =
          PhaseMigration.header(
              spec,
              plan,
              phase,
              "Alembic",
              run
                  + "   (one revision per run: a deploy goes between phases; in env.py"
                  + " context.configure(..., transaction_per_migration=True) keeps each its own"
                  + " transaction. Online only: not with --sql)",
              rollBack,
              PhaseMigration.releaseLines(new Repoint().advise(spec, Client.SQLALCHEMY), phase));
      out.add(
          FrameworkMigrations.file(
              revision + "_" + name + ".py",
              SqlTemplates.fill(
                  SqlTemplates.load("export/alembic-revision.py"),
                  header,
                  SourceText.pythonString(revision),
                  previous == null ? "None" : SourceText.pythonString(previous),
                  SourceText.python(m.forward(), ""),
                  SourceText.python(m.rollback(), ""))));
      previous = revision;
    }
    return out;
  }

  /**
   * The one revision in the directory no other revision names as its down_revision, or null when
   * there is none. Every revision seen is added to {@code taken}.
   */
  private String head(Set<String> taken) {
    Set<String> revisions = new LinkedHashSet<>();
    Set<String> parents = new HashSet<>();
    for (Map.Entry<String, String> e : settings.directory().pythonSources().entrySet()) {
      Matcher r = REVISION.matcher(e.getValue());
      if (!r.find()) {
        continue;
      }
      revisions.add(r.group(1));
      Matcher d = DOWN_REVISION.matcher(e.getValue());
      if (d.find()) {
        Matcher q = QUOTED.matcher(d.group(1));
        while (q.find()) {
          parents.add(q.group(1));
        }
      }
    }
    taken.addAll(revisions);
    List<String> heads = revisions.stream().filter(r -> !parents.contains(r)).sorted().toList();
    if (heads.size() > 1) {
      throw ViewSwapException.usage(
          "the directory's revisions have " + heads.size() + " heads: " + String.join(", ", heads),
          "merge them first (alembic merge heads), so the phases have one revision to follow");
    }
    return heads.isEmpty() ? null : heads.get(0);
  }

  /** Twelve hex digits, as Alembic makes them, none already in the directory. */
  private String freshRevision(Set<String> taken) {
    while (true) {
      String id =
          String.format(Locale.ROOT, "%012x", settings.random().nextLong() & 0xFFFFFFFFFFFFL);
      if (taken.add(id)) {
        return id;
      }
    }
  }
}
