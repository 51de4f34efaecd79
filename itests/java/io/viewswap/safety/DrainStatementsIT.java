package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.customerToClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code drain} on real pg_stat_statements counts (ecosystem/DrainIT covers the pg_stat_activity
 * sampling): an old-name client running statements during the window makes it exit 8 naming each
 * statement and its calls in the window; new-name traffic alone exits 0. The client runs only once
 * drain has read its first counts, so every call falls inside the window.
 */
@ExtendWith(PostgresExtension.class)
class DrainStatementsIT {

  @Test
  void oldNameStatementsInTheWindowAreCountedAndNewNamesAreNot(TestDatabase db) throws Exception {
    Path spec = customerToClient(db);
    db.exec("create extension pg_stat_statements");
    assertThat(cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();

    try (Connection app = db.connectAs("app_rw", "app")) {
      Run seen =
          drainWhile(
              db,
              spec,
              () -> {
                run(app, "select full_name from customer where id = ?", 4);
                run(app, "select display_name from client where id = ?", 2);
              });
      assertThat(seen.code()).as("old-name traffic: exit 8: %s", seen).isEqualTo(8);
      assertThat(seen.out())
          .as("from the statistics, with the calls in the window: %s", seen)
          .contains("from pg_stat_statements")
          .contains("4 calls: select full_name from customer where id = $1")
          .contains("1 example")
          .doesNotContain("from client");

      Run drained =
          drainWhile(db, spec, () -> run(app, "select display_name from client where id = ?", 3));
      assertThat(drained.code()).as("only new names in the window: exit 0: %s", drained).isZero();
      assertThat(drained.out()).contains("drained").contains("pg_stat_statements");
    }
  }

  interface Traffic {
    void run() throws Exception;
  }

  /**
   * Runs drain for a 2 s window and the traffic inside it, once drain has taken its first counts.
   */
  private static Run drainWhile(TestDatabase db, Path spec, Traffic traffic) throws Exception {
    CompletableFuture<Run> drain =
        CompletableFuture.supplyAsync(
            () -> cli(db, "drain", spec.toString(), "--window", "2s", "--interval", "200ms"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // Its session's last statement is the counts query once the window has begun.
    while (db.queryValue(
            "select 1 from pg_stat_activity where application_name = 'viewswap'"
                + " and datname = current_database() and state = 'idle' and query like '%calls%'")
        == null) {
      assertThat(drain.isDone())
          .as("drain started its window: %s", drain.isDone() ? drain.join() : "")
          .isFalse();
      assertThat(System.nanoTime())
          .as("drain takes its first counts within 10 s")
          .isLessThan(deadline);
      Thread.sleep(10);
    }
    traffic.run();
    return drain.get(30, TimeUnit.SECONDS);
  }

  private static void run(Connection c, String sql, int times) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
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
}
