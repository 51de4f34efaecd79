package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.cliAt;
import static io.viewswap.safety.Harness.urlAs;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code check} turns the view limits from a general warning into evidence when pg_stat_statements
 * is installed: the statements an application ran on the table that would fail through the view,
 * with their calls. The embedded server preloads the library; each test database decides whether
 * the extension is created.
 */
@ExtendWith(PostgresExtension.class)
class CheckStatementsIT {
  static final String SPEC = Harness.EXAMPLES.resolve("customer-to-client.yaml").toString();

  /** The example schema, with app_rw able to truncate (the example grants no TRUNCATE). */
  static void install(TestDatabase db) throws Exception {
    Harness.customerToClient(db);
    db.exec("grant truncate on public.customer to app_rw");
  }

  /** What an application does as app_rw that a view cannot take, plus ordinary statements. */
  static void appTraffic(TestDatabase db) throws Exception {
    try (Connection app = db.connectAs("app_rw", "app");
        Statement s = app.createStatement()) {
      s.execute("select count(*) from customer");
      for (int i = 0; i < 3; i++) {
        s.execute(
            "insert into customer (full_name, email_addr) values ('Upsert', 'up@x')"
                + " on conflict on constraint customer_email_addr_key do nothing");
      }
      s.execute("truncate customer");
      s.execute("truncate customer");
    }
  }

  @Test
  void statementsSeenOnTheTableAreListedWithTheirCalls(TestDatabase db) throws Exception {
    install(db);
    db.exec("create extension pg_stat_statements");
    appTraffic(db);

    Run check = cli(db, "check", SPEC);
    assertThat(check.code()).as("warnings only: %s", check).isZero();
    assertThat(check.out())
        .as("names each statement with its calls: %s", check)
        .containsPattern("TRUNCATE on public\\.customer ran 2 times: truncate customer")
        .containsPattern(
            "ON CONFLICT ON CONSTRAINT on public\\.customer ran 3 times: insert into customer .*"
                + "on conflict on constraint customer_email_addr_key do nothing")
        .doesNotContain("select count(*) from customer");
    assertThat(check.out()).contains("0 errors, 0 blockers, 3 warnings");

    Run json = cli(db, "check", SPEC, "--format", "json");
    assertThat(json.out()).as("JSON carries them too").contains("view-limit-statement");

    // Without pg_read_all_stats a role sees only its own statements: here all of them, as app_rw
    // ran them.
    Run asApp = cliAt(urlAs(db, "app_rw", "app"), "check", SPEC);
    assertThat(asApp.code()).as("app_rw does not own the table: %s", asApp).isEqualTo(8);
    assertThat(asApp.out())
        .as("but sees its own statements")
        .contains("TRUNCATE on public.customer ran 2 times");

    Run expand = cli(db, "apply", SPEC, "--phase", "expand");
    assertThat(expand.code())
        .as("apply reads them inside its run and goes ahead: %s", expand)
        .isZero();
  }

  @Test
  void withoutTheExtensionInTheDatabaseThereIsNoSuchWarningAndNoError(TestDatabase db)
      throws Exception {
    install(db);
    appTraffic(db);
    Run check = cli(db, "check", SPEC);
    assertThat(check.code()).as("%s", check).isZero();
    assertThat(check.out())
        .as("only the general view-limits warning: %s", check)
        .doesNotContain("pg_stat_statements")
        .contains("0 errors, 0 blockers, 1 warnings");

    // Created, but its view revoked from this role: statistics are a bonus, never a failure.
    db.exec(
        "create extension pg_stat_statements; revoke select on pg_stat_statements from public;");
    appTraffic(db);
    Run asApp = cliAt(urlAs(db, "app_rw", "app"), "check", SPEC);
    assertThat(asApp.code()).as("only the owner blocker, no SQL error: %s", asApp).isEqualTo(8);
    assertThat(asApp.out())
        .as("%s", asApp)
        .contains("connected as app_rw")
        .doesNotContain("pg_stat_statements:");
  }
}
