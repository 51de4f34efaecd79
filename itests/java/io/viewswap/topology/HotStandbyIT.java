package io.viewswap.topology;

import static io.viewswap.topology.SynchronousStandbyIT.exec;
import static io.viewswap.topology.SynchronousStandbyIT.query;
import static io.viewswap.topology.SynchronousStandbyIT.waitFor;
import static io.viewswap.topology.Topology.cli;
import static io.viewswap.topology.Topology.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot standby (hot_standby_feedback on, max_standby_streaming_delay 6 s) with a long query on the
 * table. First by hand: a transaction that holds ACCESS EXCLUSIVE on the primary for milliseconds
 * stalls the standby's replay until the delay cancels the query, and a standby reader of the table
 * waits all that time. Then viewswap: check, given the standby, says what it will feel (the
 * setting, the session on the table, the trade-off); the swap's lock is milliseconds on the
 * primary, and --wait-for-standbys waits for the replay, says where it is while waiting and how
 * long it took.
 */
class HotStandbyIT {
  private static final long DELAY_MS = 6_000;

  @TempDir Path dir;

  @Test
  void aStandbyQueryStallsTheReplayOfTheSwapAndViewswapSaysHowLong() throws Exception {
    try (EmbeddedPostgres primary =
            PostgresExtension.startOwnServer(
                Map.of(
                    "hot_standby_feedback", "on", "max_standby_streaming_delay", DELAY_MS + "ms"));
        EmbeddedPostgres standby = primary.startStandby("standby1", null)) {
      exec(primary.jdbcUrl("postgres"), "create database app");
      waitFor(
          primary.jdbcUrl("postgres"),
          "select exists (select from pg_stat_replication where application_name = 'standby1'"
              + " and state = 'streaming')");
      String url = primary.jdbcUrl("app");
      String standbyUrl = standby.jdbcUrl("app");
      exec(url, Topology.TABLE + " create table public.ticks (n int)");
      waitFor(standbyUrl, "select to_regclass('public.ticks') is not null");

      // The breakage, by hand: a standby report holds the table ...
      try (Connection report = DriverManager.getConnection(standbyUrl)) {
        report.setAutoCommit(false);
        report.createStatement().executeQuery("select count(*) from public.customer").close();
        // ... and a primary transaction holds ACCESS EXCLUSIVE for a few milliseconds.
        try (Connection c = DriverManager.getConnection(url)) {
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            s.execute("lock table public.customer in access exclusive mode");
          }
          c.commit();
        }
        exec(url, "insert into public.ticks values (1)");
        // The standby has received the lock and the insert (its replay is what waits).
        String lsn = (String) query(url, "select pg_current_wal_lsn()::text");
        waitFor(standbyUrl, "select pg_last_wal_receive_lsn() >= '" + lsn + "'::pg_lsn");
        // Received is not yet replayed: the reader must start once the startup process waits
        // for the table's lock (it shows in the standby's pg_locks as not granted), else it takes
        // its own lock first and the race, not the replay, decides what it sees.
        waitFor(
            standbyUrl,
            "select exists (select from pg_locks where not granted"
                + " and mode = 'AccessExclusiveLock'"
                + " and relation = 'public.customer'::regclass)");
        long t0 = System.nanoTime();
        CompletableFuture<Long> reader =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    query(standbyUrl, "select count(*) from public.customer");
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(2_000);
        assertThat(reader).as("a standby reader of the table waits behind the replay").isNotDone();
        assertThat(query(standbyUrl, "select count(*) from public.ticks"))
            .as("all later replay stalls: the primary's insert is not on the standby 2 s later")
            .isEqualTo(0L);
        long waited = reader.get(60, TimeUnit.SECONDS);
        assertThat(waited)
            .as("the reader waited until max_standby_streaming_delay cancelled the report")
            .isGreaterThan(DELAY_MS / 2);
        assertThatThrownBy(
                () -> report.createStatement().executeQuery("select 1").close(),
                "the report was cancelled by the standby")
            .isInstanceOf(SQLException.class);
      }
      waitFor(standbyUrl, "select count(*) = 1 from public.ticks");

      // viewswap: expand, waited for on the standby.
      Path spec = spec(dir, "hot", "  lock_timeout: 200ms\n  statement_timeout: 3s\n");
      CliRun expand =
          cli(url, "apply", spec.toString(), "--phase", "expand", "--wait-for-standbys", "30s");
      assertThat(expand.exit()).as("%s", expand).isZero();
      assertThat(expand.err()).as("%s", expand).contains("standby1 replayed it in ");

      // Without the standby named, check says what the primary sees and how to learn more.
      CliRun blind = cli(url, "check", spec.toString());
      assertThat(blind.exit()).as("%s", blind).isZero();
      assertThat(blind.out())
          .as("%s", blind)
          .contains("1 standby replays this server's WAL (standby1: streaming")
          .contains("hot_standby_feedback on")
          .contains("name the standbys with --standby URL");

      try (Connection report = DriverManager.getConnection(standbyUrl)) {
        report.setAutoCommit(false);
        report.createStatement().executeQuery("select count(*) from public.customer").close();
        Thread.sleep(200);

        CliRun check = cli(url, "check", spec.toString(), "--standby", standbyUrl);
        assertThat(check.exit()).as("%s", check).isZero();
        assertThat(check.out())
            .as("%s", check)
            .contains("max_standby_streaming_delay = 6s, hot_standby_feedback = on")
            .contains("1 session holds a lock on the spec's tables there now")
            .contains("replaying the phase's ACCESS EXCLUSIVE lock will wait for them up to 6s")
            .contains("a longer one lets them finish and stalls replay longer");

        CliRun swap =
            cli(
                url,
                "apply",
                spec.toString(),
                "--phase",
                "swap",
                "--wait-for-standbys",
                "60s",
                "--standby",
                standbyUrl);
        assertThat(swap.exit()).as("%s", swap).isZero();
        Matcher held = Pattern.compile("lock held (\\d+) ms").matcher(swap.out());
        assertThat(held.find()).as("%s", swap).isTrue();
        assertThat(Long.parseLong(held.group(1)))
            .as("the primary's lock is short: %s", swap)
            .isLessThan(1_000);
        assertThat(swap.err())
            .as("%s", swap)
            .contains("waiting for the standbys to replay the phase")
            .contains("standby1 ");
        Matcher took = Pattern.compile("standby1 replayed it in (\\d+) ms").matcher(swap.err());
        assertThat(took.find()).as("%s", swap).isTrue();
        assertThat(Long.parseLong(took.group(1)))
            .as("the replay waited for the standby's report: %s", swap)
            .isGreaterThan(DELAY_MS / 2);
        assertThat(query(standbyUrl, "select to_regclass('public.client') is not null"))
            .as("the standby has the swap when apply returns")
            .isEqualTo(true);
      }

      // A fleet of tenant schemas on the same server: the standby findings are the server's, said
      // once and not per tenant; the run waits for the standby once, after the database's last
      // target, through the same replay report.
      for (String t : new String[] {"tenant_a", "tenant_b", "tenant_c"}) {
        exec(
            url,
            "create schema "
                + t
                + "; create table "
                + t
                + ".customer (id bigint primary key, full_name text)");
      }
      Path fleet = dir.resolve("fleet.yaml");
      java.nio.file.Files.writeString(
          fleet,
          "id: tenants\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n    to: client\n"
              + "    columns:\n      full_name: display_name\n");
      CliRun fleetCheck = cli(url, "check", fleet.toString(), "--standby", standbyUrl);
      assertThat(fleetCheck.exit()).as("%s", fleetCheck).isZero();
      assertThat(fleetCheck.out()).as("%s", fleetCheck).contains("3 schemas selected");
      assertThat(count(fleetCheck.out(), "standby replays this server's WAL"))
          .as("once per server: %s", fleetCheck)
          .isEqualTo(1);
      assertThat(count(fleetCheck.out(), "max_standby_streaming_delay = 6s"))
          .as("once per server: %s", fleetCheck)
          .isEqualTo(1);
      CliRun fleetExpand =
          cli(url, "apply", fleet.toString(), "--phase", "expand", "--wait-for-standbys", "30s");
      assertThat(fleetExpand.exit()).as("%s", fleetExpand).isZero();
      assertThat(count(fleetExpand.err(), "standbys: the phase committed before WAL"))
          .as("one wait for the database, after its last target: %s", fleetExpand)
          .isEqualTo(1);
      assertThat(fleetExpand.err()).as("%s", fleetExpand).contains("standby1 replayed it in ");
      assertThat(
              query(
                  standbyUrl,
                  "select count(*) from viewswap.spec_state where spec_id like 'tenants@%'"
                      + " and state = 'expanded'"))
          .as("every tenant's expand is on the standby when the fleet run returns")
          .isEqualTo(3L);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
