package io.viewswap.drain;

import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.Spec;

/** The catalog queries drain runs; pure, so unit tests pin them without a database. */
public final class DrainQueries {
  /**
   * Sessions of viewswap itself (it names its connections) run DDL with the old names; they are not
   * traffic.
   */
  static final String OWN_APPLICATION = "viewswap";

  private final OldNames oldNames = new OldNames();
  private final Sql sql = new Sql();

  /** Other client sessions in this database whose current or last statement uses an old name. */
  public String activity(Spec spec) {
    return SqlTemplates.fill(
        SqlTemplates.load("drain/activity.sql"),
        sql.literal(OWN_APPLICATION),
        oldNames.predicate(spec, "a.query"));
  }

  /** The schema pg_stat_statements is installed in, if it is (one row). */
  public String statementsSchema() {
    return SqlTemplates.load("catalog/statements-schema.sql");
  }

  /** Who drain reads as, and whether that role reads every role's statements. */
  public String viewer() {
    return SqlTemplates.load("drain/viewer.sql");
  }

  /**
   * Sessions in this database whose statements are hidden from this role; its one parameter is
   * {@link #OWN_APPLICATION}.
   */
  public String hiddenSessions() {
    return SqlTemplates.load("drain/hidden-sessions.sql");
  }

  /** Per role, the entries and calls of this database's statements whose text is hidden. */
  public String hiddenStatements(String schema) {
    return SqlTemplates.fill(
        SqlTemplates.load("drain/hidden-statements.sql"),
        sql.identifier(schema, "pg_stat_statements"));
  }

  /** Normalised statements of this database that use an old name, with their call counts so far. */
  public String statements(Spec spec, String schema) {
    return SqlTemplates.fill(
        SqlTemplates.load("drain/statements.sql"),
        sql.identifier(schema, "pg_stat_statements"),
        oldNames.predicate(spec, "s.query"));
  }
}
