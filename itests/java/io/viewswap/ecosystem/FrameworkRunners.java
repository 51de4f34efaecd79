package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.cli.Main;
import io.viewswap.spec.Spec;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The frameworks' own migration runners, driven as their documentation says, for the migrations
 * {@code viewswap export --format django|rails|alembic} writes: Django's {@code manage.py migrate},
 * ActiveRecord's migrator (what {@code bin/rails db:migrate:up|down VERSION=} runs) and {@code
 * alembic upgrade|downgrade}, from Debian's packages, against the test database as its superuser.
 */
public final class FrameworkRunners {
  public static final Path RESOURCES = FrameworksIT.SCRIPTS;
  public static final String PYTHON = "/usr/bin/python3";
  public static final String RUBY = "/usr/bin/ruby";

  /** The Alembic project's revision before the export: the first phase must follow it. */
  public static final String ALEMBIC_BASE = "5e1f0c2a9b31";

  /** The Rails project's migration before the export. */
  public static final String RAILS_BASE = "20991231235959";

  private FrameworkRunners() {}

  /** One command's exit code and its output (stdout and stderr). */
  public record Run(int exitCode, String output) {}

  /** One framework's way to run a phase of the export forward, or back to the phase before. */
  public interface PhaseRunner {
    void forward(Phase phase) throws Exception;

    void back(Phase phase) throws Exception;
  }

  /** Runs a framework's command in {@code dir} against the test database, as the superuser. */
  public static Run run(TestDatabase db, Path dir, String... command) throws Exception {
    if (!Files.isExecutable(Path.of(command[0]))) {
      throw new AssertionError(
          command[0]
              + " is missing: the build installs it as root (.ci/ensure-app-clients.sh); otherwise"
              + " apt-get install python3-django python3-alembic python3-psycopg2 ruby-activerecord"
              + " ruby-pg");
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("PYTHON") || k.equals("RUBYOPT"));
    env.putAll(Runners.libpq(db));
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
    }
    return new Run(p.exitValue(), out);
  }

  /** {@link #run}, which must succeed. */
  public static Run ok(TestDatabase db, Path dir, String... command) throws Exception {
    Run r = run(db, dir, command);
    assertThat(r.exitCode()).as("%s:%n%s", String.join(" ", command), r.output()).isZero();
    return r;
  }

  /** A copy of one of the test projects under {@code itests/resources/frameworks}. */
  public static Path project(String name, Path to) throws Exception {
    Path from = RESOURCES.resolve(name);
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  /**
   * {@code manage.py migrate APP NAME} to a phase's migration; back, to the one before it ({@code
   * previous}, the app's migration the export followed, for expand).
   */
  public static PhaseRunner django(
      TestDatabase db, Path project, String app, List<String> files, String previous) {
    List<String> names = files.stream().map(f -> f.substring(0, f.length() - 3)).toList();
    return new PhaseRunner() {
      @Override
      public void forward(Phase phase) throws Exception {
        ok(
            db,
            project,
            PYTHON,
            "manage.py",
            "migrate",
            "--noinput",
            app,
            names.get(phase.ordinal()));
      }

      @Override
      public void back(Phase phase) throws Exception {
        String to = phase.ordinal() == 0 ? previous : names.get(phase.ordinal() - 1);
        ok(db, project, PYTHON, "manage.py", "migrate", "--noinput", app, to);
      }
    };
  }

  /** {@code alembic upgrade REV} to a phase's revision; {@code downgrade} to the one before. */
  public static PhaseRunner alembic(TestDatabase db, Path project, List<String> files) {
    List<String> revisions = files.stream().map(f -> f.substring(0, f.indexOf('_'))).toList();
    return new PhaseRunner() {
      @Override
      public void forward(Phase phase) throws Exception {
        ok(db, project, PYTHON, "-m", "alembic", "upgrade", revisions.get(phase.ordinal()));
      }

      @Override
      public void back(Phase phase) throws Exception {
        String to = phase.ordinal() == 0 ? ALEMBIC_BASE : revisions.get(phase.ordinal() - 1);
        ok(db, project, PYTHON, "-m", "alembic", "downgrade", to);
      }
    };
  }

  /**
   * A Rails migrations directory holding one earlier migration, run, so ActiveRecord's bookkeeping
   * tables exist before anything is compared.
   */
  public static Path railsProject(TestDatabase db, Path dir) throws Exception {
    Path migrate = Files.createDirectories(dir.resolve("db/migrate"));
    Files.writeString(
        migrate.resolve(RAILS_BASE + "_create_widgets.rb"),
        "class CreateWidgets < ActiveRecord::Migration[6.1]\n  def change\n  end\nend\n");
    ok(
        db,
        dir,
        RUBY,
        RESOURCES.resolve("rails_migrate.rb").toString(),
        migrate.toString(),
        "up",
        RAILS_BASE);
    return migrate;
  }

  /** An Alembic project at its base revision, so its version table exists. */
  public static Path alembicProject(TestDatabase db, Path dir) throws Exception {
    Path project = project("alembic_project", dir.resolve("alembic-project"));
    ok(db, project, PYTHON, "-m", "alembic", "upgrade", ALEMBIC_BASE);
    return project;
  }

  /**
   * {@code db:migrate:up VERSION=} for a phase, {@code db:migrate:down VERSION=} for its rollback.
   */
  public static PhaseRunner rails(TestDatabase db, Path migrate, List<String> files) {
    List<String> versions = files.stream().map(f -> f.substring(0, f.indexOf('_'))).toList();
    String script = RESOURCES.resolve("rails_migrate.rb").toString();
    return new PhaseRunner() {
      @Override
      public void forward(Phase phase) throws Exception {
        ok(db, migrate, RUBY, script, migrate.toString(), "up", versions.get(phase.ordinal()));
      }

      @Override
      public void back(Phase phase) throws Exception {
        ok(db, migrate, RUBY, script, migrate.toString(), "down", versions.get(phase.ordinal()));
      }
    };
  }

  /** {@code viewswap export}, through the CLI as a developer types it. */
  public static List<String> export(TestDatabase db, Path spec, Path out, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("export", spec.toString(), "--url", db.url(), "--out", out.toString()));
    args.addAll(List.of(more));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintWriter(stdout),
            new PrintWriter(stderr),
            Map.of());
    assertThat(code).as("export: %s", stderr).isZero();
    List<String> written = new ArrayList<>();
    Matcher m = Pattern.compile("wrote (.*)").matcher(stdout.toString());
    while (m.find()) {
      written.add(Path.of(m.group(1).strip()).getFileName().toString());
    }
    assertThat(written).as("one migration per phase").hasSize(3);
    return written;
  }

  /**
   * What {@code apply} and {@code rollback} leave after each phase, keyed {@code expand} ... {@code
   * expand rollback}; the state schema is dropped again afterwards, so the framework starts from
   * the same catalog.
   */
  public static Map<String, List<String>> byApply(TestDatabase db, Spec spec) throws Exception {
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    List<String> untouched = Fingerprint.of(db);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      vs.apply(spec, p, false);
      out.put(p.label(), Fingerprint.of(db));
    }
    for (Phase p : List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND)) {
      vs.rollback(spec, p, false);
      out.put(p.label() + " rollback", Fingerprint.of(db));
    }
    db.exec("drop schema viewswap cascade");
    assertThat(Fingerprint.of(db))
        .as("apply's round trip restores the catalog")
        .isEqualTo(untouched);
    return out;
  }
}
