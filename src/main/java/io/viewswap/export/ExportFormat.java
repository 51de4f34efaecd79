package io.viewswap.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The runners an exported phase can be handed to. */
public enum ExportFormat {
  /** One psql script per phase and rollback; each script owns its transaction. */
  PSQL(
      "01-expand.sql, 01-expand.rollback.sql, ... 03-contract.rollback.sql (each one transaction)"),
  /**
   * Flyway versioned migrations with undo scripts (Flyway Teams; elsewhere run them as psql -1 -f);
   * Flyway owns the transaction.
   */
  FLYWAY("V<base>.1__<spec>_expand.sql ... with U... undo scripts (Flyway owns the transaction)"),
  /**
   * One Liquibase formatted-SQL changelog, a changeset per phase with its rollback; Liquibase owns
   * the transaction.
   */
  LIQUIBASE("<spec>.changelog.sql: one changeset per phase, labelled with it, and its rollback"),
  /** Django migrations of one app (manage.py migrate), the rollback as reverse_sql. */
  DJANGO(
      "NNNN_viewswap_<spec>_<phase>.py: a Django migration per phase (--django-app), RunSQL with"
          + " reverse_sql inside SeparateDatabaseAndState that records the model change"),
  /** ActiveRecord migrations (rails db:migrate) with up and down. */
  RAILS(
      "<timestamp>_viewswap_<spec>_<phase>.rb: an ActiveRecord::Migration[6.1] per phase, up/down"),
  /** Alembic revisions (alembic upgrade) with upgrade and downgrade. */
  ALEMBIC(
      "<rev>_viewswap_<spec>_<phase>.py: an Alembic revision per phase, upgrade/downgrade, chained"
          + " to the head in DIR");

  private final String help;

  ExportFormat(String help) {
    this.help = help;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the format writes, for the command's help. */
  public String help() {
    return help;
  }

  /**
   * The class that writes this format: the one place a format is tied to its files, exhaustive, so
   * a new member does not compile until it has one. {@code framework} is what Django, Rails and
   * Alembic need; the others ignore it.
   */
  FormatExport exporter(String flywayBaseVersion, FrameworkSettings framework) {
    if (isFramework() && framework == null) {
      throw new IllegalArgumentException(label() + " needs framework settings");
    }
    return switch (this) {
      case PSQL -> new PsqlScripts();
      case FLYWAY -> new FlywayMigrations(flywayBaseVersion);
      case LIQUIBASE -> new LiquibaseChangelog();
      case DJANGO -> new DjangoMigrations(framework);
      case RAILS -> new RailsMigrations(framework);
      case ALEMBIC -> new AlembicMigrations(framework);
    };
  }

  /** A framework's own migrations, planned against the migrations already in the directory. */
  public boolean isFramework() {
    return this == DJANGO || this == RAILS || this == ALEMBIC;
  }

  /** {@code psql, flyway, ... or alembic}: the labels, for messages and help. */
  public static String choices() {
    String all = Arrays.stream(values()).map(ExportFormat::label).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }

  /** The format a user typed, case and surrounding spaces ignored; empty when there is none. */
  public static java.util.Optional<ExportFormat> parse(String text) {
    return Arrays.stream(values()).filter(f -> f.label().equalsIgnoreCase(text.trim())).findFirst();
  }
}
