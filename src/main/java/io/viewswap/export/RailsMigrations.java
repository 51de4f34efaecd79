package io.viewswap.export;

import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.render.SqlTemplates;
import io.viewswap.repoint.Client;
import io.viewswap.repoint.Repoint;
import io.viewswap.repoint.RepointAdvice;
import io.viewswap.spec.Spec;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases as ActiveRecord migrations, {@code <timestamp>_viewswap_<spec>_<phase>.rb}, stamped
 * with the current time, or just after the newest migration in the directory when that is later,
 * one second apart; each {@code up} runs the phase and {@code down} its rollback, in the
 * migration's own transaction. The header carries the model lines {@code repoint --for rails}
 * gives.
 */
final class RailsMigrations implements FrameworkMigrations {
  private static final Pattern VERSIONED = Pattern.compile("(\\d+)_\\w+\\.rb");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final FrameworkSettings settings;

  RailsMigrations(FrameworkSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<ExportedFile> files(Spec spec, Plan plan, ScriptRenderer renderer) {
    BigInteger version = new BigInteger(STAMP.format(settings.now()));
    for (String f : settings.directory().fileNames()) {
      Matcher m = VERSIONED.matcher(f);
      if (m.matches()) {
        BigInteger v = new BigInteger(m.group(1));
        if (v.compareTo(version) >= 0) {
          version = v.add(BigInteger.ONE);
        }
      }
    }
    RepointAdvice advice =
        new Repoint().advise(spec, Client.RAILS, io.viewswap.repoint.Pooler.NONE);
    List<ExportedFile> out = new ArrayList<>();
    for (Phase phase : Phase.values()) {
      String name = FrameworkMigrations.migrationName(spec, phase);
      FrameworkMigrations.refuseExisting(settings.directory(), name, ".rb");
      String run = "bin/rails db:migrate:up VERSION=" + version;
      String rollBack = "bin/rails db:migrate:down VERSION=" + version;
      PhaseMigration m =
          PhaseMigration.of(
              renderer, spec, plan, phase, "rails migration " + version, run, rollBack);
      String header =
          PhaseMigration.header(
              spec, plan, phase, "ActiveRecord's migrator", run, rollBack, release(advice, phase));
      out.add(
          FrameworkMigrations.file(
              version + "_" + name + ".rb",
              SqlTemplates.fill(
                  SqlTemplates.load("export/rails-migration.rb"),
                  header,
                  className(name),
                  SourceText.ruby(m.forward(), "  "),
                  SourceText.ruby(m.rollback(), "  "))));
      version = version.add(BigInteger.ONE);
    }
    return out;
  }

  /** What ActiveSupport's camelize makes of the file's name, which Rails requires of the class. */
  static String className(String snake) {
    StringBuilder out = new StringBuilder();
    for (String part : snake.split("_")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  private static List<String> release(RepointAdvice advice, Phase phase) {
    List<String> out = PhaseMigration.releaseLines(advice.tables(), phase);
    if (phase == Phase.EXPAND) {
      out.addAll(advice.connection());
    }
    return out;
  }
}
