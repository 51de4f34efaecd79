package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.cliAt;
import static io.viewswap.safety.Harness.customerToClient;
import static io.viewswap.safety.Harness.urlAs;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.drain.DrainQueries;
import io.viewswap.safety.Harness.Run;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * drain run as the table owner, the role the README says to use, which by default may not read
 * other roles' statements: pg_stat_activity and pg_stat_statements show them as {@code
 * <insufficient privilege>}. Each test first shows that the old gate's query, run as that role,
 * finds none of the application role's old-name statements (it printed "drained" and exited 0);
 * then that drain refuses to pass (exit 8, result {@code blind}) naming the grant; then that with
 * the grant it sees the old-name traffic, and passes once it is gone.
 */
@ExtendWith(PostgresExtension.class)
class DrainVisibilityIT {
  private static final String OLD_NAME_QUERY = "select full_name from customer where id = ";

  /** The example schema with its table owned by {@code owner} (login), app_rw able to log in. */
  private static Spec ownedBy(TestDatabase db, String owner) throws Exception {
    Path file = customerToClient(db);
    db.exec(
        "do $$ begin if not exists (select from pg_roles where rolname = '"
            + owner
            + "') then create role "
            + owner
            + " login password 'owner'; end if; end $$");
    // Roles are the server's: a grant left by an earlier run of this test must not make it pass.
    db.exec("revoke pg_read_all_stats from " + owner);
    db.exec("alter table public.customer owner to " + owner);
    assertThat(cli(db, "apply", file.toString(), "--phase", "expand").code()).isZero();
    return new SpecReader().read(file);
  }

  private static Run drainAs(TestDatabase db, String owner, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "drain",
                Harness.EXAMPLES.resolve("customer-to-client.yaml").toString(),
                "--window",
                "2s",
                "--interval",
                "200ms"));
    args.addAll(List.of(extra));
    return cliAt(urlAs(db, owner, "owner"), args.toArray(String[]::new));
  }

  private static List<String> column(Connection c, String sql, int column) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(column));
      }
    }
    return out;
  }

  private static void oldNameQueries(Connection app, int times) throws Exception {
    try (PreparedStatement ps = app.prepareStatement(OLD_NAME_QUERY + "?")) {
      for (int i = 1; i <= times; i++) {
        ps.setLong(1, i);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            // read it all, as a client would
          }
        }
      }
    }
  }

  @Test
  void sampledActivityOfAnotherRoleIsHiddenSoDrainRefusesUntilGranted(TestDatabase db)
      throws Exception {
    String owner = "drain_owner_activity";
    Spec spec = ownedBy(db, owner);
    try (Connection app = db.connectAs("app_rw", "app");
        Connection asOwner = db.connectAs(owner, "owner")) {
      oldNameQueries(app, 21);

      // The breakage: as the owner, the application's session hides its statement, and the query
      // the old gate ran finds nothing, so it printed "drained" and exited 0.
      assertThat(
              column(
                  asOwner,
                  "select query from pg_stat_activity where usename = 'app_rw'"
                      + " and datname = current_database()",
                  1))
          .as("the owner sees the app session, not its statement")
          .containsExactly("<insufficient privilege>");
      assertThat(column(asOwner, new DrainQueries().activity(spec), 5))
          .as("the old gate's query, run as the owner, finds no old-name traffic")
          .isEmpty();
      column(asOwner, "select 1", 1); // its last statement no longer names the old table

      Run blind = drainAs(db, owner);
      assertThat(blind.code()).as("blind is no pass: %s", blind).isEqualTo(8);
      assertThat(blind.out())
          .as("says what it could not see, from whom, and the grant that makes it see: %s", blind)
          .contains("drain cannot see: 1 session of app_rw in this database")
          .contains("cannot say that spec 2026-11-customer-to-client is drained")
          .contains("<insufficient privilege>")
          .contains("hint: GRANT pg_read_all_stats TO " + owner)
          .doesNotContain("drained:");
      Run json = drainAs(db, owner, "--format", "json");
      assertThat(json.code()).isEqualTo(8);
      assertThat(json.out())
          .as("a pipeline reads the verdict: %s", json)
          .contains("\"result\" : \"blind\"")
          .contains("\"grant\" : \"GRANT pg_read_all_stats TO " + owner + "\"")
          .contains("\"hidden_roles\" : [ \"app_rw\" ]");

      db.exec("grant pg_read_all_stats to " + owner);
      Run seen = drainAs(db, owner);
      assertThat(seen.code()).as("with the grant it sees the old names: %s", seen).isEqualTo(8);
      assertThat(seen.out())
          .contains("old-name traffic still reaches the database")
          .contains(OLD_NAME_QUERY);
    }
    awaitNoSessionOf(db, "app_rw");
    Run drained = drainAs(db, owner);
    assertThat(drained.code()).as("the app is gone: drained: %s", drained).isZero();
    assertThat(drained.out()).contains("drained:");
    db.exec("revoke pg_read_all_stats from " + owner);
  }

  @Test
  void statementsOfAnotherRoleHideTheirTextSoDrainRefusesUntilGranted(TestDatabase db)
      throws Exception {
    String owner = "drain_owner_statements";
    Spec spec = ownedBy(db, owner);
    db.exec("create extension pg_stat_statements");
    try (Connection app = db.connectAs("app_rw", "app");
        Connection asOwner = db.connectAs(owner, "owner")) {
      // The breakage: as the owner, the application's statements carry no text, and the query
      // the old gate counted calls with finds none of them.
      oldNameQueries(app, 20);
      assertThat(
              column(
                  asOwner,
                  "select s.query from pg_stat_statements s join pg_roles r on r.oid = s.userid"
                      + " where r.rolname = 'app_rw' and s.calls >= 20",
                  1))
          .as("the owner sees the calls, not the text")
          .isNotEmpty()
          .allMatch("<insufficient privilege>"::equals);
      assertThat(column(asOwner, new DrainQueries().statements(spec, "public"), 3))
          .as("the old gate's count query, run as the owner, finds no old-name statement")
          .isEmpty();

      Run blind = drainWhile(db, owner, asOwner, () -> oldNameQueries(app, 20));
      assertThat(blind.code()).as("blind is no pass: %s", blind).isEqualTo(8);
      assertThat(blind.out())
          .contains("drain cannot see: ")
          .contains("statement calls of app_rw")
          .contains("pg_stat_statements shows <insufficient privilege>")
          .contains("GRANT pg_read_all_stats TO " + owner);

      Run quiet = drainWhile(db, owner, asOwner, () -> {});
      assertThat(quiet.code())
          .as("nothing hidden ran in the window: the owner saw all there was: %s", quiet)
          .isZero();

      db.exec("grant pg_read_all_stats to " + owner);
      Run seen = drainWhile(db, owner, asOwner, () -> oldNameQueries(app, 4));
      assertThat(seen.code()).as("with the grant it sees them: %s", seen).isEqualTo(8);
      assertThat(seen.out()).contains("4 calls: select full_name from customer where id = $1");
    } finally {
      db.exec("revoke pg_read_all_stats from " + owner);
    }
  }

  interface Traffic {
    void run() throws Exception;
  }

  /**
   * drain as the owner for a 2 s window with the traffic inside it, once drain has read its first
   * counts (the count query is its last before the window; the hidden calls are read before it).
   * The wait polls as the owner: a superuser's polls would be hidden statements themselves.
   */
  private static Run drainWhile(TestDatabase db, String owner, Connection asOwner, Traffic traffic)
      throws Exception {
    CompletableFuture<Run> drain = CompletableFuture.supplyAsync(() -> drainAs(db, owner));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (column(
            asOwner,
            "select 1 from pg_stat_activity where application_name = 'viewswap'"
                + " and datname = current_database() and state = 'idle'"
                + " and query like '%s.queryid, s.calls%'",
            1)
        .isEmpty()) {
      assertThat(drain.isDone()).as("drain started its window").isFalse();
      assertThat(System.nanoTime()).as("drain starts within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    traffic.run();
    return drain.get(30, TimeUnit.SECONDS);
  }

  private static void awaitNoSessionOf(TestDatabase db, String role) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (db.queryValue(
              "select 1 from pg_stat_activity where usename = '"
                  + role
                  + "' and datname = current_database()")
          == null) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(role + " still has a session 4 s after closing it");
  }
}
