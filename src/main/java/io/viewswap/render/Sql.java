package io.viewswap.render;

import io.viewswap.spec.QualifiedName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Privilege;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.SelectField;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Renders every statement viewswap runs or exports. Pure: a jOOQ context with the POSTGRES dialect
 * and no connection, so the same (spec, snapshot) always gives the same text, and apply and export
 * share it.
 */
public final class Sql {
  /** The schema that holds viewswap's state table and functions. */
  public static final String STATE_SCHEMA = "viewswap";

  /**
   * How the catalog reader names the PUBLIC pseudo-role in a grant: a keyword, never an identifier.
   */
  public static final String PUBLIC_ROLE = "PUBLIC";

  private final DSLContext dsl =
      DSL.using(
          SQLDialect.POSTGRES,
          new Settings()
              .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
              .withParamType(ParamType.INLINED)
              .withRenderKeywordCase(RenderKeywordCase.LOWER)
              .withRenderFormatted(false)
              .withRenderSchema(true));

  private static Name name(QualifiedName q) {
    return DSL.name(q.schema(), q.name());
  }

  /**
   * A quoted (schema-qualified) name, escaped as {@link ScriptText} says when it holds risky
   * characters.
   */
  public String identifier(String... parts) {
    return ScriptText.rewrite(dsl.render(DSL.name(parts)));
  }

  public String identifier(QualifiedName q) {
    return ScriptText.rewrite(dsl.render(name(q)));
  }

  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  /**
   * Text escaped to match itself in a PostgreSQL regular expression (for names searched in query
   * text).
   */
  public static String regexQuote(String text) {
    return REGEX_SPECIAL.matcher(text).replaceAll("\\\\$0");
  }

  /**
   * A string literal; text with a control character, a backslash or a placeholder opening as {@code
   * E'...'}.
   */
  public String literal(String value) {
    return ScriptText.literal(value);
  }

  /**
   * The spec's own statement, run as it was written: a DO block that EXECUTEs it from a {@link
   * #literal}, so a script carries it on one line with every risky character escaped. The spec
   * reader has made sure it is one statement.
   */
  public String specStatement(String statement) {
    String text = literal(statement);
    String tag = "$viewswap$";
    for (int n = 1; text.contains(tag); n++) {
      tag = "$viewswap_" + n + "$";
    }
    return SqlTemplates.fill(SqlTemplates.load("ddl/spec-sql.sql"), tag, text);
  }

  /** A role in GRANT/REVOKE: PUBLIC is a keyword, every other role an identifier. */
  public String grantee(String role) {
    return PUBLIC_ROLE.equals(role) ? "public" : identifier(role);
  }

  /**
   * Every statement jOOQ renders passes here, so names and comments from the catalog are escaped
   * once.
   */
  private String render(Query q) {
    return ScriptText.rewrite(dsl.render(q));
  }

  private static final Pattern SETTING = Pattern.compile("[a-z_]+");

  /** {@code SET LOCAL} of one of viewswap's own settings (lock_timeout, statement_timeout). */
  public String setLocal(String setting, String value) {
    if (!SETTING.matcher(setting).matches()) {
      throw new IllegalArgumentException("not a setting name: " + setting);
    }
    return SqlTemplates.fill(SqlTemplates.load("ddl/set-local.sql"), setting, literal(value));
  }

  /**
   * How long the server lets a viewswap transaction sit idle between two of its statements before
   * it ends the session (and rolls back, releasing every lock): a small multiple of the lock
   * timeout, at least a second. viewswap sends its statements back to back, so only a client that
   * stopped talking (a silent network, a frozen process) reaches it; without it, a phase whose
   * COMMIT never arrives holds ACCESS EXCLUSIVE until TCP keepalive notices, two hours by default.
   */
  public static Duration idleTimeout(Duration lockTimeout) {
    Duration five = lockTimeout.multipliedBy(5);
    return five.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : five;
  }

  /**
   * The settings every phase transaction starts with, in {@code apply} and in exported scripts: the
   * lock and statement timeouts, the idle timeout ({@link #idleTimeout}) and, unless the spec keeps
   * the server's, {@code synchronous_commit = local}, so that COMMIT never waits for a standby
   * while the phase holds its locks (a wait no timeout bounds).
   */
  public List<String> transactionSettings(
      Duration lockTimeout, Duration statementTimeout, boolean keepSynchronousCommit) {
    List<String> out = new ArrayList<>();
    out.add(setLocal("lock_timeout", lockTimeout.toMillis() + "ms"));
    out.add(setLocal("statement_timeout", statementTimeout.toMillis() + "ms"));
    out.add(
        setLocal(
            "idle_in_transaction_session_timeout", idleTimeout(lockTimeout).toMillis() + "ms"));
    if (!keepSynchronousCommit) {
      out.add(setLocal("synchronous_commit", "local"));
    }
    return out;
  }

  /**
   * The view: every column in the table's order, renamed ones as {@code old AS new}; no WHERE, no
   * defaults, no check option, no security_barrier (it would stop the planner from inlining the
   * view).
   *
   * @param columns source column name to view column name, in table order
   */
  public String createView(
      QualifiedName view,
      QualifiedName table,
      Map<String, String> columns,
      boolean securityInvoker) {
    List<SelectField<?>> fields =
        columns.entrySet().stream()
            .map(
                e -> {
                  var f = DSL.field(DSL.name(e.getKey()));
                  return e.getKey().equals(e.getValue())
                      ? (SelectField<?>) f
                      : f.as(DSL.name(e.getValue()));
                })
            .collect(Collectors.toList());
    var select = DSL.select(fields).from(DSL.table(name(table)));
    if (securityInvoker) {
      return SqlTemplates.fill(
          SqlTemplates.load("ddl/create-view-security-invoker.sql"),
          identifier(view),
          ScriptText.rewrite(dsl.render(select)));
    }
    return render(dsl.createView(name(view)).as(select));
  }

  public String alterViewOwner(QualifiedName view, String owner) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/alter-view-owner.sql"), identifier(view), identifier(owner));
  }

  public String revokeAll(QualifiedName view, String role) {
    var step = dsl.revoke(DSL.privilege("all")).on(DSL.table(name(view)));
    return render(
        PUBLIC_ROLE.equals(role) ? step.fromPublic() : step.from(DSL.role(DSL.name(role))));
  }

  public String grant(QualifiedName view, List<String> privileges, String role, boolean grantable) {
    Privilege[] ps =
        privileges.stream()
            .map(p -> DSL.privilege(p.toLowerCase(Locale.ROOT)))
            .toArray(Privilege[]::new);
    var on = dsl.grant(ps).on(DSL.table(name(view)));
    if (PUBLIC_ROLE.equals(role)) {
      return render(grantable ? on.toPublic().withGrantOption() : on.toPublic());
    }
    var to = on.to(DSL.role(DSL.name(role)));
    return render(grantable ? to.withGrantOption() : to);
  }

  public String grantColumns(
      QualifiedName view, String privilege, List<String> columns, String role, boolean grantable) {
    String cols = columns.stream().map(this::identifier).collect(Collectors.joining(", "));
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/grant-columns.sql"),
        privilege.toLowerCase(Locale.ROOT),
        cols,
        identifier(view),
        grantee(role),
        grantable ? " with grant option" : "");
  }

  public String commentOnView(QualifiedName view, String text) {
    return render(dsl.commentOnView(name(view)).is(text));
  }

  public String commentOnColumn(QualifiedName view, String column, String text) {
    return render(dsl.commentOnColumn(DSL.name(view.schema(), view.name(), column)).is(text));
  }

  public String dropView(QualifiedName view) {
    return render(dsl.dropView(name(view)));
  }

  public String renameColumn(QualifiedName table, String from, String to) {
    return render(dsl.alterTable(name(table)).renameColumn(DSL.name(from)).to(DSL.name(to)));
  }

  public String renameTable(QualifiedName table, String newName) {
    return render(dsl.alterTable(name(table)).renameTo(DSL.name(newName)));
  }

  /** ALTER INDEX, ALTER SEQUENCE: relations in a schema; the new name stays in that schema. */
  public String renameIndex(QualifiedName index, String newName) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/rename-index.sql"), identifier(index), identifier(newName));
  }

  public String renameSequence(QualifiedName sequence, String newName) {
    return render(dsl.alterSequence(name(sequence)).renameTo(DSL.name(newName)));
  }

  /** A constraint backed by an index (primary key, unique, exclusion) renames its index with it. */
  public String renameConstraint(QualifiedName table, String constraint, String newName) {
    return render(
        dsl.alterTable(name(table)).renameConstraint(DSL.name(constraint)).to(DSL.name(newName)));
  }

  public String renameTrigger(QualifiedName table, String trigger, String newName) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/rename-trigger.sql"),
        identifier(trigger),
        identifier(table),
        identifier(newName));
  }

  public String renamePolicy(QualifiedName table, String policy, String newName) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/rename-policy.sql"),
        identifier(policy),
        identifier(table),
        identifier(newName));
  }

  public String createSchema(String schema, String owner) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/create-schema.sql"), identifier(schema), identifier(owner));
  }

  public String commentOnSchema(String schema, String text) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/comment-on-schema.sql"), identifier(schema), literal(text));
  }

  public String grantUsageOnSchema(String schema, String role) {
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/grant-usage-on-schema.sql"), identifier(schema), grantee(role));
  }

  /**
   * Calls one of the state schema's functions with literal arguments; a list becomes a {@code
   * text[]}.
   */
  public String callState(String function, Object... args) {
    return render(
        dsl.select(
            DSL.function(
                DSL.name(STATE_SCHEMA, function),
                Object.class,
                java.util.Arrays.stream(args).map(Sql::argument).toArray(org.jooq.Field[]::new))));
  }

  private static org.jooq.Field<?> argument(Object value) {
    if (value instanceof List<?> list) {
      return DSL.array(
              list.stream().map(v -> DSL.inline(String.valueOf(v))).toArray(org.jooq.Field[]::new))
          .cast(org.jooq.impl.SQLDataType.CLOB.array());
    }
    return DSL.inline(value);
  }

  /** How a phase's report lists the state row's statement, whose arguments are its own figures. */
  public static final String FINISH_PHASE_SHOWN = "select viewswap.finish_phase(...)";

  /** A savepoint; {@code name} is one of viewswap's own, never a user's text. */
  public String savepoint(String name) {
    return "savepoint " + name;
  }

  public String rollbackToSavepoint(String name) {
    return "rollback to savepoint " + name;
  }

  public String releaseSavepoint(String name) {
    return "release savepoint " + name;
  }

  /**
   * Records the moment in the transaction-local setting {@code name}: the first statement of a
   * phase's locked batch, so the state row can say how long the locks were held.
   */
  public String markLockStart(String name) {
    return "select pg_catalog.set_config("
        + literal(name)
        + ", pg_catalog.clock_timestamp()::text, true)";
  }

  /** Milliseconds since the moment {@link #markLockStart} recorded in {@code name}, as bigint. */
  public String millisecondsSince(String name) {
    return "(extract(epoch from pg_catalog.clock_timestamp() operator(pg_catalog.-)"
        + " pg_catalog.current_setting("
        + literal(name)
        + ")::timestamptz) operator(pg_catalog.*) 1000)::bigint";
  }

  /**
   * The state row: {@code viewswap.finish_phase(...)} with literal names and the run's figures
   * given as SQL expressions ({@code now()}, {@code null}, a computed duration), so that apply and
   * the exported scripts write the same row through the same call.
   *
   * @param ddlSeparator between the statements of the recorded array (exports put each on its own
   *     line)
   * @param appliedSpec the spec as applied ({@code SpecText.json}, one line), stored with the state
   */
  public String finishPhase(
      String spec,
      String checksum,
      String phase,
      String direction,
      String from,
      String to,
      String client,
      String startedSql,
      String attemptsSql,
      String lockWaitMsSql,
      String lockHeldMsSql,
      List<String> ddl,
      String ddlSeparator,
      String appliedSpec) {
    String statements = ddl.stream().map(this::literal).collect(Collectors.joining(ddlSeparator));
    return "select "
        + identifier(STATE_SCHEMA, "finish_phase")
        + "("
        + literal(spec)
        + ", "
        + literal(checksum)
        + ", "
        + literal(phase)
        + ", "
        + literal(direction)
        + ", "
        + literal(from)
        + ", "
        + literal(to)
        + ", "
        + literal(client)
        + ", "
        + startedSql
        + ", "
        + attemptsSql
        + ", "
        + lockWaitMsSql
        + ", "
        + lockHeldMsSql
        + ", array["
        + ddlSeparator.replaceFirst("^,", "")
        + statements
        + "]::text[], "
        + literal(appliedSpec)
        + ")";
  }

  /**
   * Guard after a view's grants: access through {@code view} is exactly access to {@code table} as
   * it is when the statement runs (ddl/expect-access.sql), else VS412 and nothing changes.
   */
  public String expectSameAccess(QualifiedName view, QualifiedName table) {
    String v = literal(dsl.render(name(view)));
    String t = literal(dsl.render(name(table)));
    // The names go inside a dollar-quoted body: its tag must not occur in them.
    String tag = "$viewswap_access$";
    for (int n = 1; (v + t).contains(tag); n++) {
      tag = "$viewswap_access_" + n + "$";
    }
    return SqlTemplates.fill(SqlTemplates.load("ddl/expect-access.sql"), v, t, tag);
  }

  public String expectColumns(QualifiedName table, List<String> columns) {
    String cols = columns.stream().map(this::literal).collect(Collectors.joining(", "));
    return SqlTemplates.fill(
        SqlTemplates.load("ddl/expect-columns.sql"),
        identifier(STATE_SCHEMA, "expect_columns"),
        // The function resolves the name with to_regclass, which reads plain quoted names only,
        // never the U&"..." form.
        literal(dsl.render(name(table))),
        cols);
  }
}
