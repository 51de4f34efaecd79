package io.viewswap.topology;

import static io.viewswap.topology.Topology.cli;
import static io.viewswap.topology.Topology.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
 * A primary with a hot standby that is its synchronous standby (synchronous_standby_names, COMMIT
 * waits for it). check names the standby and what it will feel; with the standby gone, a plain
 * transaction's COMMIT keeps its ACCESS EXCLUSIVE lock until the standby returns, while a phase
 * commits locally and lands in milliseconds, and a spec that keeps synchronous_commit is refused.
 */
class SynchronousStandbyIT {
  @TempDir Path dir;

  @Test
  void aSynchronousStandbyThatIsDownNeitherHoldsNorBlocksTheSwap() throws Exception {
    try (EmbeddedPostgres primary =
            PostgresExtension.startOwnServer(Map.of("synchronous_commit", "on"));
        EmbeddedPostgres standby = primary.startStandby("standby1", null)) {
      exec(
          primary.jdbcUrl("postgres"),
          "alter system set synchronous_standby_names = 'standby1'; select pg_reload_conf();"
              + " create database app");
      waitFor(
          primary.jdbcUrl("postgres"),
          "select exists (select from pg_stat_replication where application_name = 'standby1'"
              + " and state = 'streaming' and sync_state = 'sync')");
      String url = primary.jdbcUrl("app");
      exec(url, Topology.TABLE);
      Path spec = spec(dir, "sync", "  lock_timeout: 200ms\n  statement_timeout: 3s\n");

      CliRun check = cli(url, "check", spec.toString());
      assertThat(check.exit()).as("%s", check).isZero();
      assertThat(check.out())
          .as("%s", check)
          .contains(
              "synchronous_standby_names = 'standby1': the phase commits with synchronous_commit = local")
          .contains("1 of the 1 needed streams now")
          .contains("1 standby replays this server's WAL (standby1: streaming, sync")
          .contains("max_standby_streaming_delay");

      CliRun expand =
          cli(url, "apply", spec.toString(), "--phase", "expand", "--wait-for-standbys", "30s");
      assertThat(expand.exit()).as("%s", expand).isZero();
      assertThat(expand.err())
          .as("%s", expand)
          .contains("standbys: the phase committed before WAL")
          .contains("standby1 replayed it");
      assertThat(query(standby.jdbcUrl("app"), "select to_regclass('public.client') is not null"))
          .as("the standby has the phase when apply returns")
          .isEqualTo(true);

      standby.stop();

      // The breakage: a transaction's COMMIT waits for the synchronous standby that is gone, with
      // its ACCESS EXCLUSIVE lock held all along, past its own statement_timeout.
      Connection plain = DriverManager.getConnection(url);
      plain.setAutoCommit(false);
      int pid;
      try (Statement s = plain.createStatement();
          ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
        s.execute("set local statement_timeout = '1s'");
        s.execute("lock table public.customer in access exclusive mode");
      }
      CompletableFuture<Void> commit =
          CompletableFuture.runAsync(
              () -> {
                try {
                  plain.commit();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(4_000);
      assertThat(commit).as("COMMIT still waits for the standby 4 s later").isNotDone();
      assertThat(
              query(
                  url,
                  "select exists (select from pg_locks where pid = "
                      + pid
                      + " and mode = 'AccessExclusiveLock' and granted)"))
          .as("with ACCESS EXCLUSIVE held: every query on the table waits as long")
          .isEqualTo(true);
      exec(url, "select pg_cancel_backend(" + pid + ")");
      commit.get(30, TimeUnit.SECONDS); // committed locally, with a warning
      plain.close();

      // A spec that keeps the server's synchronous_commit is refused while the standby is gone.
      Path keeping =
          spec(
              dir,
              "sync",
              "  lock_timeout: 200ms\n  statement_timeout: 3s\n  synchronous_commit: configured\n");
      CliRun refused = cli(url, "apply", keeping.toString(), "--phase", "swap");
      assertThat(refused.exit()).as("%s", refused).isEqualTo(8);
      assertThat(refused.all())
          .contains("0 of the 1 needed stream now")
          .contains("the phase's COMMIT would wait for them while it holds ACCESS EXCLUSIVE");
      assertThat(query(url, "select state from viewswap.spec_state")).isEqualTo("expanded");

      // The default: the phase commits locally, in milliseconds.
      Path local = spec(dir, "sync", "  lock_timeout: 200ms\n  statement_timeout: 3s\n");
      long t0 = System.nanoTime();
      CliRun swap = cli(url, "apply", local.toString(), "--phase", "swap");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(swap.exit()).as("%s", swap).isZero();
      Matcher held = Pattern.compile("lock held (\\d+) ms").matcher(swap.out());
      assertThat(held.find()).as("%s", swap).isTrue();
      assertThat(Long.parseLong(held.group(1))).as("%s", swap).isLessThan(1_000);
      assertThat(tookMs).isLessThan(30_000);
      assertThat(query(url, "select state from viewswap.spec_state")).isEqualTo("swapped");
    }
  }

  static void exec(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String one : sql.split(";")) {
        if (!one.isBlank()) {
          s.execute(one);
        }
      }
    }
  }

  static Object query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  static void waitFor(String url, String condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Boolean.TRUE.equals(replayedQuery(url, condition))) {
      assertThat(System.nanoTime()).as("within 60 s: %s", condition).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /**
   * The query's answer, or null while a standby has not yet replayed the CREATE DATABASE of the
   * database it is asked in (SQLSTATE 3D000): waiting for it is what the caller is doing.
   */
  private static Object replayedQuery(String url, String sql) throws SQLException {
    try {
      return query(url, sql);
    } catch (SQLException e) {
      if ("3D000".equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }
}
