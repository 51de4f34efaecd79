package io.viewswap.topology;

import static io.viewswap.topology.Topology.cli;
import static io.viewswap.topology.Topology.port;
import static io.viewswap.topology.Topology.spec;
import static io.viewswap.topology.Topology.state;
import static io.viewswap.topology.Topology.viewswapHoldsExclusive;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.support.CliRun;
import io.viewswap.support.LoopbackProxy;
import io.viewswap.support.LoopbackProxy.Fault;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network goes silent (no RST) right after the phase's batch, while it holds ACCESS EXCLUSIVE:
 * COMMIT never arrives. The server must end the session within a small multiple of the lock timeout
 * (idle_in_transaction_session_timeout), and viewswap must not wait for its answer forever (the
 * JDBC network timeout), and then say the phase did not commit.
 */
@ExtendWith(PostgresExtension.class)
class SilentNetworkIT {
  @TempDir Path dir;

  static final String OPTIONS = "  lock_timeout: 200ms\n  statement_timeout: 3s\n  retries: 0\n";

  @Test
  void aPlainTransactionKeepsItsLockThroughASilentNetwork(TestDatabase db) throws Exception {
    db.exec(Topology.TABLE);
    try (LoopbackProxy proxy = new LoopbackProxy(port(db.url()))) {
      Connection c = DriverManager.getConnection(proxy.url(db.url()));
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("set application_name = 'viewswap'"); // found by the same probe as a phase
        s.execute("lock table public.customer in access exclusive mode");
      }
      proxy.arm("COMMIT", () -> true, Fault.SILENCE, () -> true);
      c.setNetworkTimeout(Runnable::run, 60_000);
      CompletableFuture<Void> commit =
          CompletableFuture.runAsync(
              () -> {
                try {
                  c.commit();
                } catch (Exception expected) {
                  // the test ends it
                }
              });
      Thread.sleep(5_000);
      assertThat(proxy.fired()).isTrue();
      assertThat(viewswapHoldsExclusive(db))
          .as("the breakage: 5 s into the silence the lock is still held (TCP keepalive: 2 h)")
          .isTrue();
      assertThat(commit).as("and the client still waits").isNotDone();
      db.exec(
          "select pg_terminate_backend(pid) from pg_stat_activity"
              + " where application_name = 'viewswap' and datname = current_database()");
    }
  }

  @Test
  void aPhaseCutOffAfterItsBatchEndsWithinTheIdleTimeoutAndSaysItDidNotCommit(TestDatabase db)
      throws Exception {
    db.exec(Topology.TABLE);
    Path spec = spec(dir, "silent", OPTIONS);
    assertThat(cli(db.url(), "apply", spec.toString(), "--phase", "expand").exit()).isZero();
    try (LoopbackProxy proxy = new LoopbackProxy(port(db.url()))) {
      // COMMIT while the phase holds ACCESS EXCLUSIVE: everything before went through.
      proxy.arm("COMMIT", () -> viewswapHoldsExclusive(db), Fault.SILENCE, () -> true);
      long t0 = System.nanoTime();
      CompletableFuture<CliRun> run =
          CompletableFuture.supplyAsync(
              () -> cli(proxy.url(db.url()), "apply", spec.toString(), "--phase", "swap"));
      while (!proxy.fired()) {
        assertThat(run).as("the swap reaches COMMIT").isNotDone();
        Thread.sleep(10);
      }
      long fired = System.nanoTime();
      while (viewswapHoldsExclusive(db)) {
        Thread.sleep(20);
      }
      long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fired);
      // idle_in_transaction_session_timeout = 5 x lock_timeout, at least 1 s
      assertThat(heldMs).as("the server ended the silent session's lock").isLessThan(2_500);
      CliRun r = run.get(60, TimeUnit.SECONDS);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // the client's bound: statement_timeout + the idle timeout, then the reconnect
      assertThat(tookMs).as("viewswap gave up waiting: %s", r).isLessThan(15_000);
      assertThat(r.exit()).as("%s", r).isEqualTo(7);
      assertThat(r.err())
          .as("%s", r)
          .contains("found the phase not committed (the spec is still expanded)")
          .contains("run the phase again")
          .doesNotContain("\tat ");
    }
    assertThat(state(db, "silent")).isEqualTo("expanded");
    assertThat(db.queryValue("select relkind from pg_class where oid = 'public.client'::regclass"))
        .as("still the expand view")
        .isEqualTo("v");
    CliRun again = cli(db.url(), "apply", spec.toString(), "--phase", "swap");
    assertThat(again.exit()).as("%s", again).isZero();
    assertThat(state(db, "silent")).isEqualTo("swapped");
  }
}
