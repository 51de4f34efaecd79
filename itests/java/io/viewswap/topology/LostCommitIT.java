package io.viewswap.topology;

import static io.viewswap.topology.Topology.cli;
import static io.viewswap.topology.Topology.port;
import static io.viewswap.topology.Topology.spec;
import static io.viewswap.topology.Topology.state;
import static io.viewswap.topology.Topology.viewswapHoldsExclusive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.support.CliRun;
import io.viewswap.support.LoopbackProxy;
import io.viewswap.support.LoopbackProxy.Fault;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * COMMIT reaches the server and commits, and its answer is lost (the connection is reset on the way
 * back). The client alone cannot tell that from a rollback; viewswap reconnects, ends the lost
 * session and reads the state row.
 */
@ExtendWith(PostgresExtension.class)
class LostCommitIT {
  @TempDir Path dir;

  @Test
  void aLostAnswerToCommitLooksLikeAFailureToThePlainClient(TestDatabase db) throws Exception {
    db.exec("create table public.note (t text)");
    try (LoopbackProxy proxy = new LoopbackProxy(port(db.url()))) {
      Connection c = DriverManager.getConnection(proxy.url(db.url()));
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("insert into public.note values ('committed?')");
      }
      proxy.arm(
          "COMMIT",
          () -> true,
          Fault.LOSE_REPLY,
          () -> {
            try {
              return Long.valueOf(1).equals(db.queryValue("select count(*) from public.note"));
            } catch (SQLException e) {
              return false;
            }
          });
      assertThatThrownBy(c::commit)
          .as("the client sees a failed COMMIT")
          .isInstanceOf(SQLException.class);
      assertThat(db.queryValue("select count(*) from public.note"))
          .as("the breakage: yet the transaction committed")
          .isEqualTo(1L);
    }
  }

  @Test
  void aPhaseWhoseCommitAnswerIsLostIsFoundCommitted(TestDatabase db) throws Exception {
    db.exec(Topology.TABLE);
    Path spec = spec(dir, "lost", "  lock_timeout: 200ms\n  statement_timeout: 3s\n");
    assertThat(cli(db.url(), "apply", spec.toString(), "--phase", "expand").exit()).isZero();
    CliRun r;
    try (LoopbackProxy proxy = new LoopbackProxy(port(db.url()))) {
      proxy.arm(
          "COMMIT",
          () -> viewswapHoldsExclusive(db),
          Fault.LOSE_REPLY,
          () -> {
            try {
              return "swapped".equals(state(db, "lost"));
            } catch (SQLException e) {
              return false;
            }
          });
      r = cli(proxy.url(db.url()), "apply", spec.toString(), "--phase", "swap");
      assertThat(proxy.fired()).isTrue();
    }
    assertThat(r.exit()).as("the phase is done: %s", r).isZero();
    assertThat(r.all())
        .contains("the connection was lost")
        .contains(
            "found the phase committed (the spec is swapped): it is done, nothing to run again")
        .doesNotContain("\tat ");
    assertThat(state(db, "lost")).isEqualTo("swapped");
    assertThat(db.queryValue("select count(*) from viewswap.phase_run where phase = 'swap'"))
        .isEqualTo(1L);
    assertThat(
            db.queryValue(
                "select count(*) from pg_stat_activity where application_name = 'viewswap'"
                    + " and datname = current_database()"))
        .as("the lost session (which kept the run lock) was ended")
        .isEqualTo(0L);
    CliRun again = cli(db.url(), "apply", spec.toString(), "--phase", "swap");
    assertThat(again.exit()).as("a re-run finds it done: %s", again).isZero();
    assertThat(again.all()).contains("already");
  }
}
