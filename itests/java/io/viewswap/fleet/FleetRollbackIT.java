package io.viewswap.fleet;

import static io.viewswap.fleet.FleetIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.fleet.FleetIT.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rolling a fleet back: {@code rollback --phase swap} and {@code --phase expand} over many tenant
 * schemas and over several databases, a rollback that fails on some targets (exit 9) and finishes
 * them when run again, and after each rollback every tenant's rows readable and writable under the
 * names the state it returned to promises.
 */
@ExtendWith(PostgresExtension.class)
class FleetRollbackIT {
  static final int TENANTS = 12;

  @TempDir Path dir;

  Path spec() throws Exception {
    Path spec = dir.resolve("tenants.yaml");
    Files.writeString(spec, FleetIT.SPEC, StandardCharsets.UTF_8);
    return spec;
  }

  @Test
  void swapAndExpandRolledBackOverManySchemasWithAFailedTargetFinishedByARerun(TestDatabase db)
      throws Exception {
    FleetIT.tenants(db, TENANTS);
    String other = FleetIT.otherSchema(db);
    Path spec = spec();
    for (String phase : List.of("expand", "swap")) {
      Run r = cli("apply", spec.toString(), "--phase", phase, "--url", db.url());
      assertThat(r.code()).as("%s", r).isZero();
    }
    assertThat(FleetIT.consistentTenants(db)).containsEntry("swapped", (long) TENANTS);
    // The new release writes a row in every tenant while swapped.
    for (int i = 0; i < TENANTS; i++) {
      db.exec(
          "insert into "
              + tenant(i)
              + ".client (id, display_name, email) values (2, 'new "
              + i
              + "', 'n@example.org')");
    }

    // A long transaction holds tenant_005's table: its rollback cannot get the lock and fails
    // alone; every other tenant is rolled back.
    String held = tenant(5);
    try (Connection blocker = db.connect();
        Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.execute("select count(*) from " + held + ".client");
      Run first =
          cli(
              "rollback",
              spec.toString(),
              "--phase",
              "swap",
              "--lock-timeout",
              "50ms",
              "--retries",
              "0",
              "--url",
              db.url(),
              "--format",
              "json");
      assertThat(first.code()).as("one target failed, the others finished: %s", first).isEqualTo(9);
      JsonNode r = new ObjectMapper().readTree(first.out());
      assertThat(r.at("/direction").asText()).isEqualTo("rollback");
      assertThat(r.at("/counts/done").asLong()).isEqualTo(TENANTS - 1);
      assertThat(r.at("/failures")).hasSize(1);
      assertThat(r.at("/failures/0/schema").asText()).isEqualTo(held);
      assertThat(r.at("/failures/0/sqlstate").asText()).isEqualTo("55P03");
      assertThat(r.at("/failures/0/exit_code").asInt()).isEqualTo(5);
      assertThat(r.at("/failures/0/state").asText())
          .as("the failed target changed nothing")
          .isEqualTo("swapped");
      blocker.rollback();
    }
    Map<String, Object> half = FleetIT.consistentTenants(db);
    assertThat(half)
        .as("every tenant exactly expanded or exactly swapped: %s", half)
        .containsEntry("expanded", (long) TENANTS - 1)
        .containsEntry("swapped", 1L);
    assertThat(
            db.queryValue(
                "select state from viewswap.spec_state where spec_id = 'tenants@" + held + "'"))
        .isEqualTo("swapped");

    Run status = cli("status", spec.toString(), "--url", db.url());
    assertThat(status.code()).as("%s", status).isZero();
    assertThat(status.out()).contains("expanded " + (TENANTS - 1) + ", swapped 1");

    // Rolling back expand now would strand tenant_005 half-way: refused, nothing changed.
    Run early = cli("rollback", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(early.code()).as("%s", early).isEqualTo(4);
    assertThat(early.err()).contains("not ready for expand rollback").contains("--partial");
    assertThat(FleetIT.consistentTenants(db)).containsEntry("expanded", (long) TENANTS - 1);

    Run second = cli("rollback", spec.toString(), "--phase", "swap", "--url", db.url());
    assertThat(second.code()).as("%s", second).isZero();
    assertThat(second.out())
        .contains(
            "swap rollback: "
                + TENANTS
                + " targets: 1 done, "
                + (TENANTS - 1)
                + " already done, 0 failed");
    assertThat(FleetIT.consistentTenants(db)).containsEntry("expanded", (long) TENANTS);
    assertThat(
            db.queryValue(
                "select count(*) from viewswap.phase_run where phase = 'swap' and direction = 'rollback'"))
        .as("each tenant rolled back exactly once")
        .isEqualTo((long) TENANTS);
    for (int i = 0; i < TENANTS; i++) {
      assertExpanded(db, i);
    }

    Run expand = cli("rollback", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(expand.code()).as("%s", expand).isZero();
    assertThat(expand.out()).contains(TENANTS + " targets: " + TENANTS + " done, 0 already done");
    for (int i = 0; i < TENANTS; i++) {
      assertPlanned(db, i);
    }
    assertThat(
            db.queryValue(
                "select count(*) from viewswap.spec_state where spec_id like 'tenants@%' and state = 'planned'"))
        .isEqualTo((long) TENANTS);
    assertThat(FleetIT.otherSchema(db))
        .as("the schema outside the glob is untouched")
        .isEqualTo(other);

    Run again = cli("rollback", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(again.code()).as("%s", again).isZero();
    assertThat(again.out()).contains("0 done, " + TENANTS + " already done");

    // Forward again from planned: the lifecycle is repeatable after a full rollback.
    Run reExpand = cli("apply", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(reExpand.code()).as("%s", reExpand).isZero();
    assertThat(FleetIT.consistentTenants(db)).containsEntry("expanded", (long) TENANTS);
  }

  @Test
  void rollbackOverSeveralDatabasesOneDownFinishesWhenItIsBack(TestDatabase db) throws Exception {
    try (ExtraDatabases dbs = new ExtraDatabases(db, true)) {
      List<String> urls = dbs.urls;
      List<String> extra = dbs.extra;
      Path targets = dir.resolve("fleet.txt");
      Files.writeString(
          targets,
          String.join(
                  "\n",
                  urls.stream()
                      .map(
                          u ->
                              u.contains("password=")
                                  ? u
                                  : u + (u.contains("?") ? "&" : "?") + "password=hunter2-secret")
                      .toList())
              + "\n");
      Path spec = spec();
      for (String phase : List.of("expand", "swap")) {
        Run r = cli("apply", spec.toString(), "--phase", phase, "--targets", targets.toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("9 targets: 9 done");
      }

      String down = extra.get(1);
      setConnections(db, down, false);
      Run first =
          cli(
              "rollback",
              spec.toString(),
              "--phase",
              "swap",
              "--targets",
              targets.toString(),
              "--format",
              "json");
      assertThat(first.code()).as("%s", first).isEqualTo(9);
      JsonNode r = new ObjectMapper().readTree(first.out());
      assertThat(r.at("/counts/done").asLong()).isEqualTo(6);
      assertThat(r.at("/failures")).hasSize(1);
      assertThat(r.at("/failures/0/database").asText()).endsWith("/" + down);
      assertThat(r.at("/failures/0/exit_code").asInt()).isEqualTo(7);
      assertThat(first.out() + first.err()).doesNotContain("hunter2");
      for (String url : urls.subList(0, 2)) {
        assertThat(states(url)).isEqualTo("expanded,expanded,expanded");
      }

      setConnections(db, down, true);
      assertThat(states(urls.get(2)))
          .as("the database that was down")
          .isEqualTo("swapped,swapped,swapped");
      Run second =
          cli("rollback", spec.toString(), "--phase", "swap", "--targets", targets.toString());
      assertThat(second.code()).as("%s", second).isZero();
      assertThat(second.out()).contains("9 targets: 3 done, 6 already done, 0 failed");
      assertThat(second.out() + second.err()).doesNotContain("hunter2");

      Run expand =
          cli("rollback", spec.toString(), "--phase", "expand", "--targets", targets.toString());
      assertThat(expand.code()).as("%s", expand).isZero();
      assertThat(expand.out()).contains("9 targets: 9 done, 0 already done, 0 failed");
      for (String url : urls) {
        assertThat(states(url)).isEqualTo("planned,planned,planned");
        try (Connection c = DriverManager.getConnection(url);
            Statement st = c.createStatement()) {
          for (int i = 0; i < 3; i++) {
            st.execute("insert into " + tenant(i) + ".customer values (3, 'old', 'o@example.org')");
            try (ResultSet rs =
                st.executeQuery(
                    "select string_agg(full_name, ',' order by id), to_regclass('"
                        + tenant(i)
                        + ".client') from "
                        + tenant(i)
                        + ".customer")) {
              rs.next();
              assertThat(rs.getString(1)).isEqualTo("name " + i + ",old");
              assertThat(rs.getString(2)).as("no view left behind").isNull();
            }
          }
        }
      }
      Run status = cli("status", spec.toString(), "--targets", targets.toString());
      assertThat(status.code()).as("%s", status).isZero();
      assertThat(status.out()).contains("9 targets: planned 9").doesNotContain("hunter2");
    }
  }

  static String tenant(int i) {
    return String.format(java.util.Locale.ROOT, "tenant_%03d", i);
  }

  static void setConnections(TestDatabase db, String database, boolean allow) throws Exception {
    try (Connection admin = DriverManager.getConnection(db.adminUrl());
        Statement st = admin.createStatement()) {
      st.execute("alter database " + database + " allow_connections " + allow);
    }
  }

  /** The state of each tenant of one database, in schema order. */
  static String states(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select string_agg(state, ',' order by spec_id) from viewswap.spec_state"
                    + " where spec_id like 'tenants@%'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Expanded: the old release's table {@code customer (full_name)} and the new release's view
   * {@code client (display_name)} over the same rows, both writable; every row written so far is
   * there under both names.
   */
  static void assertExpanded(TestDatabase db, int i) throws Exception {
    String s = tenant(i);
    assertThat(
            db.queryValue(
                "select relkind::text from pg_class where oid = '" + s + ".customer'::regclass"))
        .isEqualTo("r");
    assertThat(
            db.queryValue(
                "select relkind::text from pg_class where oid = '" + s + ".client'::regclass"))
        .isEqualTo("v");
    db.exec(
        "insert into " + s + ".customer (id, full_name, email) values (3, 'old " + i + "', 'o@x')");
    db.exec(
        "insert into "
            + s
            + ".client (id, display_name, email) values (4, 'new4 "
            + i
            + "', 'n@x')");
    db.exec("update " + s + ".client set email = 'changed' where id = 1");
    String expected = "name " + i + ",new " + i + ",old " + i + ",new4 " + i;
    assertThat(
            db.queryValue("select string_agg(full_name, ',' order by id) from " + s + ".customer"))
        .isEqualTo(expected);
    assertThat(
            db.queryValue("select string_agg(display_name, ',' order by id) from " + s + ".client"))
        .isEqualTo(expected);
    assertThat(db.queryValue("select email from " + s + ".customer where id = 1"))
        .isEqualTo("changed");
  }

  /** Planned: only the original table under its old names, every row kept, writable. */
  static void assertPlanned(TestDatabase db, int i) throws Exception {
    String s = tenant(i);
    assertThat(
            db.queryValue(
                "select relkind::text from pg_class where oid = '" + s + ".customer'::regclass"))
        .isEqualTo("r");
    assertThat(db.queryValue("select to_regclass('" + s + ".client')::text")).isNull();
    assertThat(
            db.queryValue(
                "select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = '"
                    + s
                    + ".customer'::regclass and attnum > 0 and not attisdropped"))
        .isEqualTo("id,full_name,email");
    db.exec("insert into " + s + ".customer (id, full_name, email) values (5, 'five', 'f@x')");
    assertThat(
            db.queryValue("select string_agg(full_name, ',' order by id) from " + s + ".customer"))
        .isEqualTo("name " + i + ",new " + i + ",old " + i + ",new4 " + i + ",five");
  }
}
