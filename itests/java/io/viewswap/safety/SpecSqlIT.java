package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.customerToClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commonest blocker, a plpgsql trigger function that names a renamed column, fixed with the
 * spec's own SQL: the swap replaces the function with the new names in its transaction, the swap's
 * rollback puts the old one back. First the breakage: renamed by hand, every insert fails in the
 * trigger.
 */
@ExtendWith(PostgresExtension.class)
class SpecSqlIT {
  static final String TOUCH =
      String.join(
          "\n",
          "CREATE OR REPLACE FUNCTION public.customer_touch() RETURNS trigger LANGUAGE plpgsql AS $$",
          "BEGIN",
          "  -- keep names tidy; a ; in a comment",
          "  NEW.%1$s := pg_catalog.btrim(NEW.%1$s);",
          "  RETURN NEW;",
          "END",
          "$$");
  static final String OLD_BODY = TOUCH.formatted("full_name");
  static final String NEW_BODY = TOUCH.formatted("display_name");

  /** The example schema with a trigger function on customer that names full_name. */
  static Path withTrigger(TestDatabase db) throws Exception {
    Path spec = customerToClient(db);
    db.exec(OLD_BODY);
    db.exec(
        "create trigger customer_touch before insert or update on public.customer"
            + " for each row execute function public.customer_touch()");
    return spec;
  }

  /** The example spec with {@code sql:} for the swap. */
  static Path specWithSql(Path example, Path dir) throws Exception {
    Path file = dir.resolve("customer-to-client.yaml");
    Files.writeString(
        file,
        Files.readString(example)
            + "sql:\n  swap:\n    forward: |\n"
            + indent(NEW_BODY)
            + "    inverse: |\n"
            + indent(OLD_BODY));
    return file;
  }

  static String indent(String text) {
    return text.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }

  static String body(TestDatabase db) throws SQLException {
    return (String)
        db.queryValue(
            "select prosrc from pg_proc where oid = 'public.customer_touch()'::regprocedure");
  }

  /** Inserts one row through a relation and returns the stored name (trimmed by the trigger). */
  static String insert(TestDatabase db, String relation, String column) throws SQLException {
    return (String)
        db.queryValue(
            "insert into public."
                + relation
                + " ("
                + column
                + ") values ('  padded  ') returning "
                + column);
  }

  @Test
  void byHandTheSwapBreaksEveryInsertInTheTrigger(TestDatabase db) throws Exception {
    withTrigger(db);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("alter table public.customer rename column full_name to display_name");
      s.execute("alter table public.customer rename to client");
      assertThatThrownBy(() -> s.execute("insert into public.client (display_name) values ('x')"))
          .as("the trigger still names full_name")
          .hasMessageContaining("full_name");
      c.rollback();
    }
  }

  @Test
  void theSpecSqlReplacesTheFunctionAtTheSwapAndItsRollbackRestoresIt(
      TestDatabase db, @TempDir Path dir) throws Exception {
    Path example = withTrigger(db);
    Run blocked = cli(db, "check", example.toString());
    assertThat(blocked.code()).as("the trigger function blocks: %s", blocked).isEqualTo(8);
    assertThat(blocked.out() + blocked.err())
        .as("and the hint is one a trigger function can follow: %s", blocked)
        .contains("function public.customer_touch() (plpgsql)")
        .contains(
            "replace it at the swap with the spec's own SQL, e.g. sql: {swap: {forward: \"CREATE OR"
                + " REPLACE FUNCTION public.customer_touch()")
        .doesNotContain("BEGIN ATOMIC");

    Path spec = specWithSql(example, dir);
    Run check = cli(db, "check", spec.toString());
    assertThat(check.code()).as("handled by the spec's own SQL: %s", check).isZero();
    assertThat(check.out() + check.err())
        .contains("handled by the spec's own SQL: sql.swap[0] replaces it at the swap");
    Run plan = cli(db, "plan", spec.toString(), "--phase", "swap", "--format", "sql");
    assertThat(plan.code()).as("%s", plan).isZero();
    assertThat(plan.out())
        .as("the plan shows it like every other step, on one line: %s", plan)
        .contains("-- spec-sql:sql.swap[0]: the spec's own SQL sql.swap[0]: CREATE OR REPLACE")
        .contains("do $viewswap$begin execute E'CREATE OR REPLACE FUNCTION public.customer_touch()")
        .contains("-- spec-sql-inverse:sql.swap[0]: undo the spec's own SQL sql.swap[0]");

    assertThat(cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(insert(db, "customer", "full_name")).isEqualTo("padded");
    assertThat(insert(db, "client", "display_name")).as("through the view").isEqualTo("padded");

    Run swap = cli(db, "apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("%s", swap).isZero();
    assertThat(body(db)).as("the new body, byte for byte").isEqualTo(bodyOf(NEW_BODY));
    assertThat(insert(db, "client", "display_name"))
        .as("new code inserts into the renamed table; the trigger works")
        .isEqualTo("padded");
    assertThat(insert(db, "customer", "full_name"))
        .as("old code inserts through the compat view")
        .isEqualTo("padded");

    Run back = cli(db, "rollback", spec.toString(), "--phase", "swap");
    assertThat(back.code()).as("%s", back).isZero();
    assertThat(body(db)).as("the old body back, byte for byte").isEqualTo(bodyOf(OLD_BODY));
    assertThat(insert(db, "customer", "full_name")).isEqualTo("padded");

    assertThat(cli(db, "apply", spec.toString(), "--phase", "swap").code()).isZero();
    assertThat(cli(db, "apply", spec.toString(), "--phase", "contract").code()).isZero();
    assertThat(insert(db, "client", "display_name")).isEqualTo("padded");
    assertThat(db.queryValue("select count(*) from public.client where display_name = 'padded'"))
        .as("every insert of the lifecycle landed, none failed")
        .isEqualTo(6L);
  }

  @Test
  void aSecondStatementBehindTheFirstIsRefusedAndNothingChanges(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path example = customerToClient(db);
    Path file = dir.resolve("smuggle.yaml");
    Files.writeString(
        file,
        Files.readString(example)
            + "sql:\n  swap:\n    forward: \"select 1; drop table public.customer\"\n"
            + "    inverse: select 1\n");
    String before = Harness.fingerprint(db);
    Run run = cli(db, "apply", file.toString(), "--phase", "expand");
    assertThat(run.code()).as("%s", run).isEqualTo(3);
    assertThat(run.err())
        .contains(
            "sql.swap[0].forward is not one statement viewswap can run: more than one statement");
    assertThat(Harness.fingerprint(db)).isEqualTo(before);
  }

  /** What prosrc holds for a CREATE FUNCTION ... AS $$body$$. */
  static String bodyOf(String create) {
    return create.substring(create.indexOf("$$") + 2, create.lastIndexOf("$$"));
  }
}
