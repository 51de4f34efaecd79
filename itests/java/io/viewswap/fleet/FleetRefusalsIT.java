package io.viewswap.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.fleet.FleetIT.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet target is one run of the single path and inherits its defences and its output: a tenant's
 * own blocker fails that tenant alone, retries and blockers are named per target, a busy run lock
 * is waited for, a target that does not fit is exit 3 in export too, and a release role (one
 * setting per database) is refused with {@code schemas:}.
 */
@ExtendWith(PostgresExtension.class)
class FleetRefusalsIT {
  static final String SPEC =
      "id: refusals\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n    columns:\n"
          + "      full_name: display_name\n";

  @TempDir Path dir;

  Path spec(String yaml) throws Exception {
    Path f = dir.resolve("spec-" + Integer.toHexString(yaml.hashCode()) + ".yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f;
  }

  static void tenants(TestDatabase db, String... names) throws SQLException {
    for (String n : names) {
      db.exec(
          "create schema "
              + n
              + "; create table "
              + n
              + ".customer (id int primary key, full_name text, email text);"
              + "insert into "
              + n
              + ".customer values (1, 'x', 'x@x')");
    }
  }

  /** A role that owns its tenants: the runner of the fleet, no superuser. */
  static String urlAs(TestDatabase db, String role) {
    String url = db.url().replaceAll("user=[^&]*", "user=" + role).replaceAll("password=[^&]*", "");
    return url.contains("user=")
        ? url + "&password=pw"
        : url + (url.contains("?") ? "&" : "?") + "user=" + role + "&password=pw";
  }

  @Test
  void aTenantWhoseTableAnotherRoleOwnsFailsAloneAndTheOthersFinish(TestDatabase db)
      throws Exception {
    String owner = "fo_" + db.name();
    String other = "fx_" + db.name();
    db.exec(
        "create role "
            + owner
            + " login password 'pw'; create role "
            + other
            + " login password 'pw';"
            + "grant create on database "
            + db.name()
            + " to "
            + owner);
    tenants(db, "tenant_a", "tenant_b", "tenant_c");
    for (String t : new String[] {"tenant_a", "tenant_c"}) {
      db.exec(
          "alter schema "
              + t
              + " owner to "
              + owner
              + "; alter table "
              + t
              + ".customer owner to "
              + owner);
    }
    db.exec(
        "alter schema tenant_b owner to "
            + other
            + "; alter table tenant_b.customer owner to "
            + other
            + "; grant usage on schema tenant_b to "
            + owner);
    // The breakage the blocker prevents, by hand: the runner cannot rename another role's table.
    try (Connection c = db.connectAs(owner, "pw");
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () -> st.execute("alter table tenant_b.customer rename column full_name to x"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be owner");
    }
    String url = urlAs(db, owner);
    Path spec = spec(SPEC);

    Run check = FleetIT.cli("check", spec.toString(), "--url", url);
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out()).contains("[").contains("tenant_b]").contains("is owned by");

    Run r =
        FleetIT.cli(
            "apply", spec.toString(), "--phase", "expand", "--url", url, "--format", "json");
    assertThat(r.code()).as("the blocked tenant fails alone: %s", r).isEqualTo(9);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.at("/counts/done").asLong()).isEqualTo(2);
    assertThat(j.at("/failures")).hasSize(1);
    assertThat(j.at("/failures/0/schema").asText()).isEqualTo("tenant_b");
    assertThat(j.at("/failures/0/exit_code").asInt()).isEqualTo(8);
    assertThat(j.at("/failures/0/message").asText()).contains("is owned by");
    assertThat(
            db.queryValue(
                "select string_agg(spec_id || '=' || state, ',' order by spec_id)"
                    + " from viewswap.spec_state"))
        .isEqualTo("refusals@tenant_a=expanded,refusals@tenant_c=expanded");
    assertThat(db.queryValue("select to_regclass('tenant_b.customer')::text"))
        .as("the blocked tenant is untouched")
        .isEqualTo("tenant_b.customer");

    Run text = FleetIT.cli("apply", spec.toString(), "--phase", "expand", "--url", url);
    assertThat(text.code()).as("%s", text).isEqualTo(9);
    assertThat(text.out()).contains("tenant_b").contains("is owned by");
  }

  @Test
  void retriesAndBlockersAreNamedPerTargetInTextAndJson(TestDatabase db) throws Exception {
    tenants(db, "tenant_a", "tenant_b");
    Path spec = spec(SPEC);
    Run expand = FleetIT.cli("apply", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(expand.code()).as("%s", expand).isZero();
    // The swap renames the column: ACCESS EXCLUSIVE, which an open transaction's read is in the
    // way of.
    try (Connection blocker = db.connect();
        Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.execute("set application_name = 'long report'");
      st.execute("select count(*) from tenant_b.customer");
      Run json =
          FleetIT.cli(
              "apply",
              spec.toString(),
              "--phase",
              "swap",
              "--lock-timeout",
              "100ms",
              "--retries",
              "1",
              "--url",
              db.url(),
              "--format",
              "json");
      assertThat(json.code()).as("%s", json).isEqualTo(9);
      JsonNode j = new ObjectMapper().readTree(json.out());
      assertThat(j.at("/failures/0/schema").asText()).isEqualTo("tenant_b");
      assertThat(j.at("/failures/0/exit_code").asInt()).isEqualTo(5);
      assertThat(j.at("/failures/0/lock_timeouts")).hasSize(2);
      assertThat(j.at("/failures/0/blockers/0/application_name").asText()).isEqualTo("long report");
      assertThat(json.err()).contains("tenant_b] lock not granted (attempt 1 of 2");

      Run text =
          FleetIT.cli(
              "apply",
              spec.toString(),
              "--phase",
              "swap",
              "--lock-timeout",
              "100ms",
              "--retries",
              "1",
              "--url",
              db.url());
      assertThat(text.code()).as("%s", text).isEqualTo(9);
      assertThat(text.out()).contains("tenant_b").contains("blocked by").contains("long report");
      blocker.rollback();
    }
  }

  @Test
  void aTargetWaitsForAnotherRunOfItAsASingleRunDoes(TestDatabase db) throws Exception {
    tenants(db, "tenant_a");
    Path spec = spec(SPEC);
    assertThat(FleetIT.cli("check", spec.toString(), "--url", db.url()).code()).isZero();
    try (Connection holder = db.connect();
        Statement st = holder.createStatement()) {
      // The run lock of refusals@tenant_a, as another viewswap run holds it.
      st.execute(
          "select pg_advisory_lock(pg_catalog.hashtextextended('viewswap:' || 'refusals@tenant_a',"
              + " 0))");
      CompletableFuture<Run> run =
          CompletableFuture.supplyAsync(
              () -> FleetIT.cli("apply", spec.toString(), "--phase", "expand", "--url", db.url()));
      Thread.sleep(1500);
      st.execute("select pg_advisory_unlock_all()");
      Run r = run.get(60, TimeUnit.SECONDS);
      assertThat(r.code()).as("the target waited for the lock and ran: %s", r).isZero();
      assertThat(r.err()).contains("another run of spec refusals@tenant_a is in progress; waiting");
    }
  }

  @Test
  void exportOfATargetThatDoesNotFitIsExit3(TestDatabase db) throws Exception {
    tenants(db, "tenant_a", "tenant_b");
    db.exec("alter table tenant_b.customer rename column full_name to name");
    Run r =
        FleetIT.cli(
            "export",
            spec(SPEC).toString(),
            "--out",
            dir.resolve("out").toString(),
            "--url",
            db.url());
    assertThat(r.code()).as("%s", r).isEqualTo(3);
    assertThat(r.err()).contains("tenant_b").contains("full_name");
  }

  @Test
  void aReleaseRoleWithSchemasIsRefusedBeforeAnythingRuns(TestDatabase db) throws Exception {
    tenants(db, "tenant_a", "tenant_b");
    String release = "rel_" + db.name();
    db.exec("create role " + release + " login");
    // The breakage, by hand: the setting is one per role and database, so a second tenant's
    // expand overwrites the first's and the release reads one tenant's tables for all.
    db.exec("alter role " + release + " in database " + db.name() + " set search_path = tenant_a");
    db.exec("alter role " + release + " in database " + db.name() + " set search_path = tenant_b");
    assertThat(
            db.queryValue(
                "select array_to_string(s.setconfig, ',') from pg_db_role_setting s"
                    + " join pg_roles r on r.oid = s.setrole where r.rolname = '"
                    + release
                    + "'"))
        .isEqualTo("search_path=tenant_b");
    Path spec = spec(SPEC + "options:\n  release_role: " + release + "\n");
    for (String command : new String[] {"check", "apply"}) {
      Run r =
          command.equals("apply")
              ? FleetIT.cli("apply", spec.toString(), "--phase", "expand", "--url", db.url())
              : FleetIT.cli("check", spec.toString(), "--url", db.url());
      assertThat(r.code()).as("%s: %s", command, r).isEqualTo(3);
      assertThat(r.err()).contains("release_role").contains("schemas");
    }
    assertThat(db.queryValue("select to_regclass('viewswap.spec_state')")).isNull();
  }
}
