package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.Sleeper;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two pipeline stages apply the same phase of one spec at the same moment (the very first run, so
 * they also race to install the state schema). The run lock must let exactly one apply it; the
 * other finds it already done or is refused with exit 4, and the history holds exactly one run.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentRunIT {

  private static final int ROUNDS = 4;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void twoRunsOfOneExpandApplyItOnce(TestDatabase db) throws Exception {
    Example example = Example.load("customer-to-client");
    example.install(db);
    Catalog catalog = new Catalog(db.connect());
    // A real sleeper: the loser polls the run lock for a while before it gives up or goes on.
    ViewSwap vs =
        ViewSwap.configure().dataSource(Example.dataSource(db)).sleeper(Sleeper.REAL).build();
    for (int round = 1; round <= ROUNDS; round++) {
      CyclicBarrier start = new CyclicBarrier(2);
      Callable<PhaseResult> expand =
          () -> {
            start.await(10, TimeUnit.SECONDS);
            return vs.apply(example.spec(), Phase.EXPAND, false);
          };
      List<Future<PhaseResult>> runs = List.of(pool.submit(expand), pool.submit(expand));
      int applied = 0;
      List<String> outcomes = new ArrayList<>();
      for (Future<PhaseResult> run : runs) {
        try {
          PhaseResult r = run.get(30, TimeUnit.SECONDS);
          assertThat(r.state()).as("round %d: state reported", round).isEqualTo(State.EXPANDED);
          outcomes.add(r.alreadyDone() ? "already done" : "applied");
          applied += r.alreadyDone() ? 0 : 1;
        } catch (ExecutionException e) {
          assertThat(e.getCause())
              .as("round %d: the only acceptable failure", round)
              .isInstanceOf(ViewSwapException.class);
          ViewSwapException v = (ViewSwapException) e.getCause();
          assertThat(v.code())
              .as("round %d: %s", round, v.getMessage())
              .isEqualTo(ErrorCode.STATE_CONFLICT);
          assertThat(v.code().exitCode()).isEqualTo(4);
          outcomes.add("refused");
        }
      }
      assertThat(applied)
          .as("round %d: exactly one run applied expand (%s)", round, outcomes)
          .isEqualTo(1);
      assertThat(vs.status(Optional.of(example.spec())).get(0).state())
          .as("round %d: state", round)
          .isEqualTo(State.EXPANDED);
      assertThat(
              catalog.strings(
                  "SELECT count(*)::text FROM viewswap.phase_run"
                      + " WHERE phase = 'expand' AND direction = 'forward'"))
          .as("round %d: one expand row per round", round)
          .containsExactly(Integer.toString(round));
      assertThat(catalog.relkind(example.spec().renames().get(0).renamedTable()))
          .as("round %d: one transitional view", round)
          .contains("v");
      // Back to planned for the next round.
      vs.rollback(example.spec(), Phase.EXPAND, false);
    }
  }
}
