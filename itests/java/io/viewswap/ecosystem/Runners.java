package io.viewswap.ecosystem;

import io.viewswap.api.Direction;
import io.viewswap.api.PhasePlan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.support.TestDatabase;
import java.io.File;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;

/** The runners DBAs hand exported scripts to, driven the way their documentation says. */
public final class Runners {
  private static final Pattern JDBC =
      Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

  private Runners() {}

  /** The result of one psql run. */
  public record PsqlRun(int exitCode, String output) {}

  /**
   * Runs {@code psql -X -v ON_ERROR_STOP=1 -f FILE} against the test database, as the script header
   * says. Fails (never skips) when psql is not installed: CI installs it (Debian's
   * postgresql-client).
   */
  public static PsqlRun psql(TestDatabase db, Path file) throws Exception {
    String psql = findOnPath("psql");
    ProcessBuilder pb =
        new ProcessBuilder(
                psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.getFileName().toString())
            .directory(file.getParent().toFile())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.putAll(libpq(db));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("psql -f " + file + " did not finish in 60 s");
    }
    return new PsqlRun(p.exitValue(), output);
  }

  /**
   * The test database as libpq's variables ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE},
   * {@code PGUSER}, {@code PGPASSWORD}), logging in as the superuser: for psql and for the
   * frameworks' runners, which read them too.
   */
  public static Map<String, String> libpq(TestDatabase db) {
    Matcher m = JDBC.matcher(db.url());
    if (!m.matches()) {
      throw new IllegalStateException("cannot turn " + db.url() + " into libpq settings");
    }
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", m.group(1));
    env.put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
    env.put("PGDATABASE", URLDecoder.decode(m.group(3), StandardCharsets.UTF_8));
    if (m.group(4) != null) {
      for (String p : m.group(4).split("&")) {
        int eq = p.indexOf('=');
        String key = eq > 0 ? p.substring(0, eq) : "";
        if (key.equals("user") || key.equals("password")) {
          env.put(
              "PG" + key.toUpperCase(java.util.Locale.ROOT),
              URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return env;
  }

  public static String findOnPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        program
            + " is not on the PATH; these tests need the PostgreSQL client tools"
            + " (Debian: apt-get install postgresql-client)");
  }

  /**
   * {@code flyway migrate} up to one phase's version, with its history table in the schema {@code
   * flyway}.
   */
  public static void flywayMigrate(TestDatabase db, Path dir, String target) {
    flywayMigrate(db, dir, target, false);
  }

  /**
   * {@code flyway migrate} with placeholder replacement as given: off as the scripts' header says,
   * or on (Flyway's default) as a DBA who did not read it runs them.
   */
  public static void flywayMigrate(
      TestDatabase db, Path dir, String target, boolean placeholderReplacement) {
    flyway(db, dir, placeholderReplacement).target(target).load().migrate();
  }

  /**
   * Runs one phase (or its rollback) of an export in {@code dir} with the format's runner: psql,
   * {@code flyway migrate} (undo scripts, not in Flyway's free edition, in one transaction as
   * Flyway Teams runs them), or {@code liquibase update --labels=PHASE} / {@code rollback-count
   * --count=1}.
   */
  public static void runPhase(
      TestDatabase db,
      Spec spec,
      PhasePlan p,
      ExportFormat format,
      Path dir,
      String flywayBase,
      boolean flywayPlaceholders)
      throws Exception {
    switch (format) {
      case PSQL -> {
        Path file = dir.resolve(ScriptRenderer.fileName(p));
        PsqlRun run = psql(db, file);
        if (run.exitCode() != 0) {
          throw new AssertionError(
              "psql -f " + file.getFileName() + " exited " + run.exitCode() + ": " + run.output());
        }
      }
      case FLYWAY -> {
        if (p.direction() == Direction.FORWARD) {
          flywayMigrate(
              db, dir, ScriptRenderer.flywayVersion(flywayBase, p.phase()), flywayPlaceholders);
        } else {
          inOneTransaction(
              db, dir.resolve(ScriptRenderer.flywayFileName(spec.id(), flywayBase, p)));
        }
      }
      case LIQUIBASE -> {
        Path changelog = dir.resolve(ScriptRenderer.liquibaseFileName(spec.id()));
        if (p.direction() == Direction.FORWARD) {
          liquibaseUpdate(db, changelog, p.phase().label());
        } else {
          liquibaseRollbackOne(db, changelog);
        }
      }
    }
  }

  /**
   * Runs an undo script the way Flyway Teams' {@code undo} does (undo is not in Flyway's free
   * edition): the whole file in one transaction.
   */
  public static void inOneTransaction(TestDatabase db, Path file) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute(Files.readString(file, StandardCharsets.UTF_8));
        c.commit();
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * A plain {@code flyway migrate}: no target, every pending migration in one run, what Spring Boot
   * runs at start-up. Placeholder replacement off, as the headers say.
   */
  public static void flywayMigrateAll(TestDatabase db, Path dir) {
    flyway(db, dir, false).load().migrate();
  }

  /** Flyway on the test database, its history in the schema {@code flyway}. */
  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      TestDatabase db, Path dir, boolean placeholderReplacement) {
    return Flyway.configure()
        .dataSource(db.url(), null, null)
        .locations("filesystem:" + dir.toAbsolutePath())
        .defaultSchema("flyway")
        .schemas("flyway")
        .placeholderReplacement(placeholderReplacement);
  }

  /** A plain {@code liquibase update}: no labels, every pending changeset in one run. */
  public static void liquibaseUpdateAll(TestDatabase db, Path changelog) throws Exception {
    liquibaseUpdate(db, changelog, null);
  }

  /** {@code liquibase update --labels=PHASE}; without labels when {@code label} is null. */
  @SuppressWarnings(
      "deprecation") // the Liquibase facade is the shortest documented way to drive it in-process
  public static void liquibaseUpdate(TestDatabase db, Path changelog, String label)
      throws Exception {
    quietly(
        () -> {
          try (Connection c = DriverManager.getConnection(db.url());
              Liquibase lb = liquibase(c, changelog)) {
            lb.update(
                new Contexts(), label == null ? new LabelExpression() : new LabelExpression(label));
          }
        });
  }

  /** {@code liquibase rollback-count --count=1}. */
  @SuppressWarnings("deprecation")
  public static void liquibaseRollbackOne(TestDatabase db, Path changelog) throws Exception {
    quietly(
        () -> {
          try (Connection c = DriverManager.getConnection(db.url());
              Liquibase lb = liquibase(c, changelog)) {
            lb.rollback(1, (String) null);
          }
        });
  }

  /**
   * Runs Liquibase with its console messages ("Running Changeset", the update summary) sent to its
   * logger, which the tests' logging.properties keeps at WARNING; a failure still arrives as an
   * exception.
   */
  private static void quietly(Scope.ScopedRunner<?> work) throws Exception {
    Scope.child(
        Map.of(
            Scope.Attr.ui.name(),
            new LoggerUIService(),
            // Read as configuration from the scope: the update summary goes to the logger, not
            // to stdout.
            "liquibase.command.showSummaryOutput",
            "LOG"),
        work);
  }

  @SuppressWarnings("deprecation")
  private static Liquibase liquibase(Connection c, Path changelog) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("create schema if not exists liquibase");
    }
    Database database =
        DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
    database.setLiquibaseSchemaName("liquibase");
    return new Liquibase(
        changelog.getFileName().toString(),
        new DirectoryResourceAccessor(changelog.getParent()),
        database);
  }
}
