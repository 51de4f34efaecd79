package io.viewswap.export;

import java.util.Locale;

/** The runners an exported phase can be handed to. */
public enum ExportFormat {
  /** One psql script per phase and rollback; each script owns its transaction. */
  PSQL,
  /** Flyway versioned migrations with undo scripts; Flyway owns the transaction. */
  FLYWAY,
  /**
   * One Liquibase formatted-SQL changelog, a changeset per phase with its rollback; Liquibase owns
   * the transaction.
   */
  LIQUIBASE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
