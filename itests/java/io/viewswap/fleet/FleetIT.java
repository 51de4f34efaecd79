package io.viewswap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spec over many tenant schemas and several databases: every tenant moves through the
 * lifecycle, a run killed half-way leaves each tenant exactly before or after the phase and a
 * re-run finishes the rest, a schema outside the glob is never touched, and a database that is down
 * fails alone.
 */
@ExtendWith(PostgresExtension.class)
class FleetIT {
  static final int TENANTS = 300;
  static final String SPEC =
      "id: tenants\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n    to: client\n    columns:\n"
          + "      full_name: display_name\n";

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code n} tenant schemas with one customer row each, and a schema the glob does not select. */
  static void tenants(TestDatabase db, int n) throws Exception {
    db.exec(
        "do $$ begin for i in 0.."
            + (n - 1)
            + " loop"
            + " execute format('create schema %I', 'tenant_' || lpad(i::text, 3, '0'));"
            + " execute format('create table %I.customer (id int primary key, full_name text, email text)',"
            + "   'tenant_' || lpad(i::text, 3, '0'));"
            + " execute format('insert into %I.customer values (1, %L, %L)', 'tenant_' || lpad(i::text, 3, '0'),"
            + "   'name ' || i, 'e' || i || '@example.org');"
            + " end loop; end $$");
    db.exec(
        "create schema other; create table other.customer (id int primary key, full_name text, email text)");
  }

  /** Tenants per state, each counted only when its catalog is exactly what that state means. */
  static Map<String, Object> consistentTenants(TestDatabase db) throws Exception {
    return db.query(
            """
        select count(*) filter (where st = 'expanded' and to_regclass(quote_ident(s) || '.customer') is not null
                 and (select relkind from pg_class where oid = to_regclass(quote_ident(s) || '.customer')) = 'r'
                 and (select relkind from pg_class where oid = to_regclass(quote_ident(s) || '.client')) = 'v')
                 as expanded,
               count(*) filter (where st = 'swapped'
                 and (select relkind from pg_class where oid = to_regclass(quote_ident(s) || '.client')) = 'r'
                 and (select relkind from pg_class where oid = to_regclass(quote_ident(s) || '.customer')) = 'v')
                 as swapped,
               count(*) filter (where st = 'contracted'
                 and (select relkind from pg_class where oid = to_regclass(quote_ident(s) || '.client')) = 'r'
                 and to_regclass(quote_ident(s) || '.customer') is null) as contracted,
               count(*) as total
        from (select n.nspname::text as s, coalesce(st.state, 'planned') as st
              from pg_namespace n
              left join viewswap.spec_state st on st.spec_id = 'tenants@' || n.nspname
              where n.nspname like 'tenant\\_%') t
        """)
        .get(0);
  }

  static String otherSchema(TestDatabase db) throws Exception {
    return String.valueOf(
        db.queryValue(
            "select string_agg(c.relname || ':' || c.relkind::text || ':' || (select string_agg(attname, ',' order by attnum)"
                + " from pg_attribute where attrelid = c.oid and attnum > 0), ';')"
                + " from pg_class c where c.relnamespace = 'other'::regnamespace and c.relkind in ('r', 'v')"));
  }

  @Test
  void threeHundredTenantsThroughTheLifecycleWithAKilledSwap(TestDatabase db) throws Exception {
    tenants(db, TENANTS);
    String other = otherSchema(db);
    Path spec = dir.resolve("tenants.yaml");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);

    long t0 = System.nanoTime();
    Run check = cli("check", spec.toString(), "--url", db.url());
    assertThat(check.code()).as("%s", check).isZero();
    assertThat(check.out())
        .contains(TENANTS + " schemas selected: tenant_000, tenant_001")
        .doesNotContain("other");

    Run expand = cli("apply", spec.toString(), "--phase", "expand", "--url", db.url());
    assertThat(expand.code()).as("%s", expand).isZero();
    assertThat(expand.out())
        .contains(TENANTS + " targets: " + TENANTS + " done, 0 already done, 0 failed");
    assertThat(consistentTenants(db)).containsEntry("expanded", (long) TENANTS);
    long expandMs = (System.nanoTime() - t0) / 1_000_000;

    Run early = cli("apply", spec.toString(), "--phase", "contract", "--url", db.url());
    assertThat(early.code()).as("contract before swap is refused: %s", early).isEqualTo(4);
    assertThat(early.err())
        .contains(TENANTS + " selected targets are not ready for contract")
        .contains("--partial");

    // The swap in another JVM, one connection so it takes a while, killed with SIGKILL part-way.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.viewswap.cli.Main",
                "apply",
                spec.toString(),
                "--phase",
                "swap",
                "--parallel",
                "1",
                "--url",
                db.url())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("swap.log").toFile())
            .start();
    long swappedAtKill;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while ((long)
              db.queryValue("select count(*) from viewswap.spec_state where state = 'swapped'")
          < 20) {
        assertThat(p.isAlive())
            .as("the swap is still running: %s", Files.readString(dir.resolve("swap.log")))
            .isTrue();
        assertThat(System.nanoTime()).as("the swap starts within 120 s").isLessThan(deadline);
        Thread.sleep(5);
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      while (db.queryValue(
              "select 1 from pg_stat_activity where application_name = 'viewswap'"
                  + " and datname = current_database()")
          != null) {
        assertThat(System.nanoTime()).as("the killed run's session ends").isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      p.destroyForcibly();
    }
    Map<String, Object> half = consistentTenants(db);
    swappedAtKill = (long) half.get("swapped");
    assertThat(swappedAtKill).as("killed part-way: %s", half).isBetween(20L, (long) TENANTS - 1);
    assertThat((long) half.get("expanded") + swappedAtKill)
        .as("none half-done: %s", half)
        .isEqualTo(TENANTS);

    Run status = cli("status", spec.toString(), "--url", db.url());
    assertThat(status.code()).as("%s", status).isZero();
    assertThat(status.out())
        .contains("expanded " + (TENANTS - swappedAtKill) + ", swapped " + swappedAtKill)
        .contains("behind swapped (" + (TENANTS - swappedAtKill) + "):");

    Run resumed =
        cli("apply", spec.toString(), "--phase", "swap", "--url", db.url(), "--format", "json");
    assertThat(resumed.code()).as("%s", resumed).isZero();
    JsonNode r = new ObjectMapper().readTree(resumed.out());
    assertThat(r.at("/counts/done").asLong()).isEqualTo(TENANTS - swappedAtKill);
    assertThat(r.at("/counts/already_done").asLong()).isEqualTo(swappedAtKill);
    assertThat(consistentTenants(db)).containsEntry("swapped", (long) TENANTS);
    // Rows still readable and writable under the new names in every tenant.
    assertThat(db.queryValue("select display_name from tenant_123.client where id = 1"))
        .isEqualTo("name 123");

    Run contract =
        cli("apply", spec.toString(), "--phase", "contract", "--url", db.url(), "--parallel", "4");
    assertThat(contract.code()).as("%s", contract).isZero();
    assertThat(consistentTenants(db)).containsEntry("contracted", (long) TENANTS);
    assertThat(otherSchema(db)).as("the schema outside the glob is untouched").isEqualTo(other);
    assertThat(
            db.queryValue(
                "select count(*) from viewswap.spec_state where spec_id like 'tenants@other%'"))
        .isEqualTo(0L);
    assertThat(db.queryValue("select count(*) from viewswap.phase_run where phase = 'swap'"))
        .as("each tenant swapped exactly once")
        .isEqualTo((long) TENANTS);

    Run again = cli("apply", spec.toString(), "--phase", "contract", "--url", db.url());
    assertThat(again.out()).contains("0 done, " + TENANTS + " already done");
    System.out.printf(
        "FleetIT: %d tenants, check+expand %d ms, whole test %d ms%n",
        TENANTS, expandMs, (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void threeDatabasesOneDownTheOthersFinishAndARerunFinishesIt(TestDatabase db) throws Exception {
    try (ExtraDatabases dbs = new ExtraDatabases(db, false)) {
      List<String> urls = dbs.urls;
      List<String> extra = dbs.extra;
      // Passwords in the targets file are never printed: the server's own (the embedded server
      // asks every login for one), else one it does not check.
      Path targets = dir.resolve("fleet.txt");
      Files.writeString(
          targets,
          "# three shards\n"
              + String.join(
                  "\n",
                  urls.stream()
                      .map(
                          u ->
                              u.contains("password=")
                                  ? u
                                  : u + (u.contains("?") ? "&" : "?") + "password=hunter2-secret")
                      .toList())
              + "\n");
      java.util.regex.Matcher real =
          java.util.regex.Pattern.compile("[?&]password=([^&]+)").matcher(urls.get(0));
      String secret = real.find() ? real.group(1) : "hunter2";
      Path spec = dir.resolve("tenants.yaml");
      Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
      String down = extra.get(1);
      try (Connection admin = DriverManager.getConnection(db.adminUrl());
          Statement st = admin.createStatement()) {
        st.execute("alter database " + down + " allow_connections false");
      }

      Run first =
          cli(
              "apply",
              spec.toString(),
              "--phase",
              "expand",
              "--targets",
              targets.toString(),
              "--format",
              "json");
      assertThat(first.code())
          .as("some targets failed, the others finished: %s", first)
          .isEqualTo(9);
      JsonNode r = new ObjectMapper().readTree(first.out());
      assertThat(r.at("/counts/done").asLong()).isEqualTo(6);
      assertThat(r.at("/failures")).hasSize(1);
      assertThat(r.at("/failures/0/database").asText()).endsWith("/" + down);
      assertThat(r.at("/failures/0/sqlstate").asText()).isNotEmpty();
      assertThat(r.at("/failures/0/exit_code").asInt()).isEqualTo(7);
      assertThat(first.out() + first.err()).doesNotContain("hunter2").doesNotContain(secret);

      Run text = cli("status", spec.toString(), "--targets", targets.toString());
      assertThat(text.code()).as("%s", text).isEqualTo(9);
      assertThat(text.out())
          .contains("tenants: 6 targets: planned 0, expanded 6")
          .contains("unreachable: ")
          .contains(down)
          .doesNotContain("hunter2")
          .doesNotContain(secret);

      try (Connection admin = DriverManager.getConnection(db.adminUrl());
          Statement st = admin.createStatement()) {
        st.execute("alter database " + down + " allow_connections true");
      }
      Run second =
          cli("apply", spec.toString(), "--phase", "expand", "--targets", targets.toString());
      assertThat(second.code()).as("%s", second).isZero();
      assertThat(second.out()).contains("9 targets: 3 done, 6 already done, 0 failed");
      try (Connection c = DriverManager.getConnection(urls.get(2));
          Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "select count(*) from viewswap.spec_state where state = 'expanded'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void wavesPartialRunsSkipMissingAndGlobsThatMatchNothing(TestDatabase db) throws Exception {
    tenants(db, 6);
    db.exec("create schema tenant_empty");
    Path spec = dir.resolve("waves.yaml");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    Run missing = cli("check", spec.toString(), "--url", db.url());
    assertThat(missing.code())
        .as("a selected schema without the table is an error: %s", missing)
        .isEqualTo(3);
    assertThat(missing.out()).contains("[").contains("/tenant_empty]");
    Path skipping = dir.resolve("skipping.yaml");
    Files.writeString(skipping, SPEC + "options:\n  skip_missing: true\n", StandardCharsets.UTF_8);
    Path nothing = dir.resolve("nothing.yaml");
    Files.writeString(
        nothing,
        SPEC.replace("\"tenant_*\"", "\"tenant_*\", \"shard_??\""),
        StandardCharsets.UTF_8);
    Run none = cli("check", nothing.toString(), "--url", db.url());
    assertThat(none.code()).as("%s", none).isEqualTo(3);
    assertThat(none.out()).contains("the glob \"shard_??\" matches no schema");

    Run dry =
        cli("apply", skipping.toString(), "--phase", "expand", "--dry-run", "--url", db.url());
    assertThat(dry.code()).as("%s", dry).isZero();
    assertThat(dry.out())
        .contains("6 would run")
        .contains("skipped      ")
        .contains("tenant_empty");
    assertThat(db.queryValue("select to_regclass('viewswap.spec_state')"))
        .as("a dry run changes nothing")
        .isNull();

    Run canary =
        cli(
            "apply",
            skipping.toString(),
            "--phase",
            "expand",
            "--only",
            "tenant_00*",
            "--limit",
            "2",
            "--url",
            db.url());
    assertThat(canary.code()).as("%s", canary).isZero();
    assertThat(canary.out()).contains("2 done, 0 already done, 0 failed, 0 skipped, 4 not started");
    assertThat(
            db.queryValue(
                "select string_agg(spec_id, ',' order by spec_id) from viewswap.spec_state"))
        .isEqualTo("tenants@tenant_000,tenants@tenant_001");

    Run early = cli("apply", skipping.toString(), "--phase", "swap", "--url", db.url());
    assertThat(early.code())
        .as("swap waits for every tenant to be expanded: %s", early)
        .isEqualTo(4);
    Run partial =
        cli("apply", skipping.toString(), "--phase", "swap", "--partial", "--url", db.url());
    assertThat(partial.code()).as("%s", partial).isZero();
    assertThat(partial.out()).contains("2 done").contains("5 skipped");
    assertThat(consistentTenants(db)).containsEntry("swapped", 2L);

    Run rest =
        cli("apply", skipping.toString(), "--phase", "expand", "--url", db.url(), "--fail-fast");
    assertThat(rest.code()).as("%s", rest).isZero();
    assertThat(rest.out())
        .as("the swapped ones are past expand: done")
        .contains("4 done, 2 already done, 0 failed, 1 skipped");
  }

  @Test
  void exportWritesOneDirectoryPerTargetAndDrainWatchesEveryDatabase(TestDatabase db)
      throws Exception {
    tenants(db, 2);
    Path spec = dir.resolve("tenants.yaml");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    Path out = dir.resolve("scripts");
    Run export = cli("export", spec.toString(), "--out", out.toString(), "--url", db.url());
    assertThat(export.code()).as("%s", export).isZero();
    List<Path> dirs;
    try (var files = Files.list(out)) {
      Path database = files.findFirst().orElseThrow();
      try (var tenants = Files.list(database)) {
        dirs = tenants.sorted().toList();
      }
    }
    assertThat(dirs)
        .extracting(d -> d.getFileName().toString())
        .containsExactly("tenant_000", "tenant_001");
    String expand = Files.readString(dirs.get(1).resolve("01-expand.sql"));
    assertThat(expand)
        .contains("tenants@tenant_001")
        .contains("\"tenant_001\".\"customer\"")
        .doesNotContain("tenant_000");
    Run drain =
        cli("drain", spec.toString(), "--window", "1s", "--url", db.url(), "--format", "json");
    assertThat(drain.code()).as("%s", drain).isZero();
    assertThat(new ObjectMapper().readTree(drain.out()).at("/old_traffic").asBoolean()).isFalse();
  }
}
