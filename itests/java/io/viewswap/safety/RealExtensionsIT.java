package io.viewswap.safety;

import static io.viewswap.safety.Harness.cliAt;
import static io.viewswap.safety.Harness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.safety.Harness.Run;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ExtensionsIT} with the real extensions: Debian bookworm's pg_cron 1.4 ({@code
 * postgresql-15-cron}) and pg_partman 4.7 ({@code postgresql-15-partman}) on Debian's PostgreSQL 15
 * ({@code postgresql-15}), which this class starts itself (not through {@code PostgresExtension},
 * whose servers have neither extension): a cluster of its own in a temporary directory on a free
 * port, through {@link EmbeddedPostgres#startInstalled} (as uid 65534 when the tests run as root),
 * with pg_cron preloaded and its scheduler pointed at the test database.
 *
 * <p>The build installs the three packages when it can ({@code .ci/ensure-pg-extensions.sh}); when
 * they are missing the tests fail, never skip, saying what to install. {@code VIEWSWAP_TEST_URL} is
 * not used here.
 *
 * <p>These are older than the versions the stand-ins mimic (pg_cron 1.6, pg_partman 5): pg_cron 1.4
 * has {@code jobname} of type {@code name} and no second-granularity schedules; pg_partman 4.7 has
 * {@code partition_type} {@code native} or {@code partman} (trigger-based), makes a template table
 * for every set, and, when the control column is renamed, does not fail: its maintenance quietly
 * stops making child tables. Errors inside its functions come back as P0001 with the original
 * message. Each test first shows what breaks, with the real extension (pg_cron's own run of the job
 * included, which takes up to a minute: 1.4 schedules by the minute), and then that {@code viewswap
 * check} names it as a blocker with the codes the stand-ins get ({@code cron-job}, {@code
 * partman-config}).
 */
class RealExtensionsIT {
  static final Path INSTALLATION = Path.of("/usr/lib/postgresql/15");
  static final Path EXTENSIONS = Path.of("/usr/share/postgresql/15/extension");
  static final String PACKAGES = "postgresql-15 postgresql-15-cron postgresql-15-partman";

  /** pg_cron's scheduler works in one database, fixed when the server starts. */
  static final String DATABASE = "viewswap_cron";

  static EmbeddedPostgres pg;
  static Path specs;
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void startDebianPostgres() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Path p :
        List.of(
            INSTALLATION.resolve("bin/postgres"),
            INSTALLATION.resolve("lib/pg_cron.so"),
            EXTENSIONS.resolve("pg_cron.control"),
            EXTENSIONS.resolve("pg_partman.control"))) {
      if (!Files.exists(p)) {
        missing.add(p.toString());
      }
    }
    assertThat(missing)
        .as(
            "RealExtensionsIT runs the real pg_cron and pg_partman on Debian's PostgreSQL 15, but %s"
                + " is missing: install Debian's %s (apt-get install %s; the build does so itself"
                + " when it runs as root and apt can reach Debian) and run the tests again",
            missing, PACKAGES, PACKAGES)
        .isEmpty();
    pg =
        EmbeddedPostgres.startInstalled(
            INSTALLATION,
            Map.of(
                "shared_preload_libraries",
                "pg_stat_statements,pg_cron",
                "cron.database_name",
                DATABASE,
                // Jobs run in background workers: the server asks every login for a password, and
                // pg_cron's own libpq connections would have none.
                "cron.use_background_workers",
                "on"),
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    pg.createDatabase(DATABASE);
    exec(
        "create extension pg_cron; create schema partman;"
            + " create extension pg_partman schema partman;");
    specs = Files.createTempDirectory("viewswap-realext-");
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
    if (specs != null) {
      try (var files = Files.walk(specs)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void theRealExtensionsAreTheOnesDebianShips() throws Exception {
    assertThat(value("select current_setting('server_version_num')::int / 10000")).isEqualTo(15);
    assertThat(value("select extversion from pg_extension where extname = 'pg_cron'"))
        .asString()
        .startsWith("1.4");
    assertThat(value("select extversion from pg_extension where extname = 'pg_partman'"))
        .asString()
        .startsWith("4.7");
  }

  @Test
  void aRealCronJobNamingARenamedColumnOrTableIsABlocker() throws Exception {
    exec(
        "create table public.events (id bigint generated by default as identity primary key,"
            + " kind text not null, created_at timestamptz not null default now(), note text);"
            + "insert into public.events (kind, created_at) values ('old', now() - interval '60 days'),"
            + " ('new', now());");
    String purge = "DELETE FROM public.events WHERE created_at < now() - interval '30 days'";
    long purgeJob =
        ((Number) value("select cron.schedule('purge-events', '* * * * *', $$" + purge + "$$)"))
            .longValue();
    long vacuumJob =
        ((Number)
                value("select cron.schedule('vacuum-events', '0 4 * * *', 'VACUUM public.events')"))
            .longValue();
    value("select cron.schedule('heartbeat', '0 5 * * *', 'SELECT 1')");
    // pg_cron 1.4's way to run a job in another database; its jobs are not this database's.
    value(
        "select cron.schedule_in_database('elsewhere', '0 6 * * *',"
            + " 'DELETE FROM public.events WHERE note IS NULL', 'postgres')");
    assertThat(value("select jobname from cron.job where jobid = " + purgeJob))
        .asString()
        .isEqualTo("purge-events");

    // The breakage, by hand and rolled back: the command as pg_cron would run it.
    assertThat(breakage("alter table public.events rename column created_at to at", purge, "42703"))
        .contains("column \"created_at\" does not exist");
    assertThat(breakage("alter table public.events rename to happenings", purge, "42P01"))
        .contains("relation \"public.events\" does not exist");

    // And by pg_cron itself: with the column renamed, the next run of the job fails.
    exec("alter table public.events rename column created_at to at");
    String renamed = (String) value("select clock_timestamp()::text");
    String run;
    try {
      run = nextRun(purgeJob, renamed);
    } finally {
      exec("alter table public.events rename column at to created_at");
    }
    assertThat(run)
        .as("pg_cron's record of the job's first run after the rename")
        .startsWith("failed:")
        .contains("column \"created_at\" does not exist");

    Path column =
        spec(
            specs,
            "cron-col",
            "id: cron-col\nrenames:\n  - table: public.events\n    columns:\n      created_at: at\n");
    Run check = cli("check", column.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out())
        .contains("pg_cron job " + purgeJob + " \"purge-events\" names \"created_at\"")
        .doesNotContain("vacuum-events")
        .doesNotContain("heartbeat")
        .doesNotContain("elsewhere");
    assertThat(codes(column)).containsExactly("cron-job");

    Path note =
        spec(
            specs,
            "cron-note",
            "id: cron-note\nrenames:\n  - table: public.events\n    columns:\n      note: remark\n");
    Run other = cli("check", note.toString());
    assertThat(other.code()).as("a job of another database is not this one's: %s", other).isZero();

    Path table =
        spec(
            specs,
            "cron-tbl",
            "id: cron-tbl\nrenames:\n  - table: public.events\n    to: happenings\n");
    Run t = cli("check", table.toString());
    assertThat(t.code()).as("%s", t).isEqualTo(8);
    assertThat(t.out())
        .contains("job " + purgeJob + " \"purge-events\"")
        .contains("job " + vacuumJob + " \"vacuum-events\"")
        .doesNotContain("heartbeat")
        .doesNotContain("elsewhere");
    assertThat(codes(table)).containsExactly("cron-job", "cron-job");
  }

  @Test
  void aRealPartmanSetOnARenamedTableOrControlColumnIsABlocker() throws Exception {
    exec(
        "create table public.measurements (id bigint generated by default as identity,"
            + " sensor text not null, taken_at timestamptz not null default now(), reading numeric)"
            + " partition by range (taken_at);");
    // pg_partman 4.7's signature: p_type is 'native' (declarative) or 'partman' (triggers).
    assertThat(
            value(
                "select partman.create_parent(p_parent_table := 'public.measurements',"
                    + " p_control := 'taken_at', p_type := 'native', p_interval := 'daily',"
                    + " p_premake := 4, p_constraint_cols := array['sensor'])"))
        .isEqualTo(true);
    exec("insert into public.measurements (sensor, reading) values ('s1', 1.5)");
    assertThat(
            value(
                "select concat_ws(' ', control, partition_type, partition_interval, template_table)"
                    + " from partman.part_config where parent_table = 'public.measurements'"))
        .isEqualTo("taken_at native 1 day partman.template_public_measurements");

    // The breakage, by hand and rolled back. Maintenance asked for three more child tables makes
    // them; with the control column renamed it makes none and says nothing (pg_partman 4.7 finds
    // no column of that name, so no type, and skips the set); with the table renamed it fails.
    String more =
        "update partman.part_config set premake = 7 where parent_table = 'public.measurements';"
            + "select partman.run_maintenance('public.measurements');";
    String children = "select count(*) from partman.show_partitions('public.measurements')";
    long before = ((Number) value(children)).longValue();
    assertThat(inRolledBack(more, children)).isEqualTo(before + 3);
    assertThat(
            inRolledBack(
                "alter table public.measurements rename column taken_at to taken;" + more,
                children))
        .as("child tables after run_maintenance with the control column renamed")
        .isEqualTo(before);
    assertThat(
            breakage(
                "alter table public.measurements rename to readings",
                "select partman.run_maintenance()",
                "P0001"))
        .contains("Given parent table not found in system catalogs: public.measurements");
    // constraint_cols: maintenance puts a CHECK of each column's min and max on the child
    // optimize_constraint (30) intervals back whenever it makes a child; on a set this young it is
    // asked for by hand.
    String child =
        (String)
            value(
                "select partition_schemaname || '.' || partition_tablename"
                    + " from partman.show_partitions('public.measurements') limit 1");
    assertThat(
            breakage(
                "alter table public.measurements rename column sensor to source",
                "select partman.apply_constraints('public.measurements', '" + child + "')",
                "P0001")) // pg_partman catches the 42703 and raises its message again
        .contains("column \"sensor\" does not exist");

    Path column =
        spec(
            specs,
            "partman-col",
            "id: partman-col\nrenames:\n  - table: public.measurements\n    columns:\n"
                + "      taken_at: taken\n      reading: value\n");
    Run check = cli("check", column.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out())
        .contains(
            "pg_partman part_config row public.measurements names the column \"taken_at\""
                + " as its control column")
        .doesNotContain("\"reading\"");
    assertThat(codes(column)).containsExactly("partman-config");

    Path table =
        spec(
            specs,
            "partman-tbl",
            "id: partman-tbl\nrenames:\n  - table: public.measurements\n    to: readings\n");
    Run t = cli("check", table.toString());
    assertThat(t.code()).as("%s", t).isEqualTo(8);
    assertThat(t.out())
        .contains(
            "pg_partman part_config row public.measurements names the table public.measurements"
                + " as its parent_table");
    assertThat(codes(table)).containsExactly("partman-config");

    Path sensor =
        spec(
            specs,
            "partman-sensor",
            "id: partman-sensor\nrenames:\n  - table: public.measurements\n    columns:\n"
                + "      sensor: source\n");
    Run s = cli("check", sensor.toString());
    assertThat(s.code()).as("%s", s).isEqualTo(8);
    assertThat(s.out())
        .contains(
            "pg_partman part_config row public.measurements names the column \"sensor\""
                + " in its constraint_cols");
    assertThat(codes(sensor)).containsExactly("partman-config");

    Path reading =
        spec(
            specs,
            "partman-reading",
            "id: partman-reading\nrenames:\n  - table: public.measurements\n    columns:\n"
                + "      reading: value\n");
    Run r = cli("check", reading.toString());
    assertThat(r.code()).as("any other column is fine: %s", r).isZero();
  }

  /** The codes of the blockers {@code check --format json} reports for a spec, in order. */
  List<String> codes(Path spec) throws Exception {
    JsonNode j = json.readTree(cli("check", spec.toString(), "--format", "json").out());
    return StreamSupport.stream(j.get("findings").spliterator(), false)
        .filter(f -> f.get("severity").asText().equals("blocker"))
        .map(f -> f.get("code").asText())
        .toList();
  }

  static Run cli(String... args) {
    return cliAt(pg.jdbcUrl(DATABASE), args);
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(DATABASE));
  }

  static void exec(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static Object value(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  /** Runs {@code ddl} and then {@code sql} in a transaction that is rolled back; the error. */
  static String breakage(String ddl, String sql, String sqlState) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute(ddl);
        s.execute(sql);
        throw new AssertionError("no error from " + sql + " after " + ddl);
      } catch (SQLException e) {
        assertThat(e.getSQLState()).as("%s", e.getMessage()).isEqualTo(sqlState);
        return e.getMessage();
      } finally {
        c.rollback();
      }
    }
  }

  /** Runs {@code sql}, then {@code query}, in a transaction that is rolled back; the count. */
  static long inRolledBack(String sql, String query) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute(sql);
        try (ResultSet rs = s.executeQuery(query)) {
          rs.next();
          return rs.getLong(1);
        }
      } finally {
        c.rollback();
      }
    }
  }

  /**
   * Waits for pg_cron's first finished run of the job that started after {@code after} (the job
   * runs every minute, so at most a little over one); {@code status: return_message}.
   */
  static String nextRun(long job, String after) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(150);
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "select status || ': ' || coalesce(return_message, '') from cron.job_run_details"
                    + " where jobid = ? and start_time > ?::timestamptz and status in ('failed', 'succeeded')"
                    + " order by runid limit 1")) {
      ps.setLong(1, job);
      ps.setString(2, after);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getString(1);
          }
        }
        Thread.sleep(1000);
      }
    }
    throw new AssertionError(
        "pg_cron did not run job " + job + " within 150 s of " + after + " (is its scheduler up?)");
  }
}
