package io.viewswap.lifecycle;

import static io.viewswap.lifecycle.Catalog.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.ViewSwap;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The swap under contention: a long transaction of the application holds the table, so the swap's
 * ALTER waits for its lock. The design promises that the wait is bounded by lock_timeout (so other
 * queries queued behind the ALTER stall only that long), that lock timeouts are retried with
 * backoff until the holder goes, and that when the retries run out nothing has changed (exit 5).
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class LockRetryIT {

  private static final Duration LOCK_TIMEOUT = Duration.ofMillis(100);

  /**
   * A read queued behind the waiting ALTER stalls for at most the lock timeout; generous for a
   * 2-core box.
   */
  private static final Duration MAX_READ = Duration.ofMillis(1500);

  /** Bounds every wait in this test, so a hang fails instead of stalling the build. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final ExecutorService swapThread = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopSwapThread() {
    swapThread.shutdownNow();
  }

  /** Every retry the listener saw, by attempt number; counts down a latch per retry. */
  private static final class Retries implements ProgressListener {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final CountDownLatch seen;

    Retries(int wanted) {
      seen = new CountDownLatch(wanted);
    }

    @Override
    public void retrying(int attempt, int maxAttempts, String message, Duration delay) {
      attempts.add(attempt);
      seen.countDown();
    }
  }

  @Test
  void swapRetriesWithoutStallingReadersAndLandsOnceTheHolderCommits(TestDatabase db)
      throws Exception {
    Setup s = Setup.expanded(db, 200);
    Retries retries = new Retries(3);
    ViewSwap vs =
        ViewSwap.configure()
            .dataSource(Example.dataSource(db))
            .sleeper(Sleeper.REAL)
            .progress(retries)
            .build();

    Connection holder = s.holdTable(db);
    Future<PhaseResult> swap = swapThread.submit(() -> vs.apply(s.spec, Phase.SWAP, false));

    // While the swap keeps timing out and retrying, old code (the table) and new code (the view)
    // still read.
    Connection reader = db.connectAs(Example.APP_ROLE, Example.APP_PASSWORD);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long worstMs = 0;
    int reads = 0;
    while (retries.seen.getCount() > 0) {
      assertThat(System.nanoTime())
          .as("three retries within %s (swap done early? %s)", DEADLINE, swap.isDone())
          .isLessThan(deadline);
      for (String relation : List.of(sql(s.table.oldTable()), sql(s.table.transitionalView()))) {
        long start = System.nanoTime();
        try (Statement st = reader.createStatement();
            ResultSet rs = st.executeQuery("SELECT count(*) FROM " + relation)) {
          rs.next();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms)
            .as("a read of %s while the swap waits for its lock took %d ms", relation, ms)
            .isLessThan(MAX_READ.toMillis());
        worstMs = Math.max(worstMs, ms);
        reads++;
      }
    }
    assertThat(swap.isDone()).as("the swap cannot land while the holder is there").isFalse();
    assertThat(s.state(db))
        .as("still expanded while the holder is there")
        .isEqualTo(State.EXPANDED);
    System.out.printf(
        "LockRetryIT: %d reads during %d retries, slowest %d ms%n",
        reads, retries.attempts.size(), worstMs);

    holder.commit();
    PhaseResult result = swap.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(result.state())
        .as("the swap landed once the holder committed")
        .isEqualTo(State.SWAPPED);
    assertThat(result.attempts()).as("it needed more than one attempt").isGreaterThan(1);
    assertThat(retries.attempts)
        .as("the listener saw each retry, in order")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(1, result.attempts()).boxed().toList());
    assertThat(result.lockWaitMs())
        .as("the time lost to lock timeouts is reported")
        .isGreaterThanOrEqualTo((result.attempts() - 1) * LOCK_TIMEOUT.toMillis());
    assertThat(s.state(db)).as("state after the swap").isEqualTo(State.SWAPPED);
    assertThat(s.catalog.relkind(s.table.newTable())).as("the table is renamed").contains("r");
    List<String> attempts =
        s.catalog.strings(
            "SELECT attempts::text FROM viewswap.phase_run"
                + " WHERE phase = 'swap' AND direction = 'forward'");
    assertThat(attempts)
        .as("phase_run records the attempts")
        .containsExactly(Integer.toString(result.attempts()));
  }

  @Test
  void tooFewRetriesGiveUpWithExitFiveAndChangeNothing(TestDatabase db) throws Exception {
    Setup s = Setup.expanded(db, 2);
    Retries retries = new Retries(2);
    ViewSwap vs =
        ViewSwap.configure()
            .dataSource(Example.dataSource(db))
            .sleeper(Sleeper.REAL)
            .progress(retries)
            .build();
    String before = s.catalog.fingerprint();

    Connection holder = s.holdTable(db);
    Future<PhaseResult> swap = swapThread.submit(() -> vs.apply(s.spec, Phase.SWAP, false));
    assertThatThrownBy(() -> swap.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("the swap gives up while the holder is still there")
        .hasCauseInstanceOf(ViewSwapException.class)
        .satisfies(
            e -> {
              ViewSwapException v = (ViewSwapException) e.getCause();
              assertThat(v.code())
                  .as("error code: %s", v.getMessage())
                  .isEqualTo(ErrorCode.LOCK_NOT_ACQUIRED);
              assertThat(v.code().exitCode()).as("exit code").isEqualTo(5);
              assertThat(v.sqlState()).as("SQLSTATE").contains("55P03");
            });
    holder.rollback();

    assertThat(retries.attempts).as("the listener saw both retries").containsExactly(1, 2);
    assertThat(s.state(db)).as("state unchanged").isEqualTo(State.EXPANDED);
    assertThat(s.catalog.fingerprint())
        .as("nothing changed: the transitional view is intact")
        .isEqualTo(before);
    s.catalog.assertViewMirrorsTable(
        s.table.transitionalView(),
        s.table.oldTable(),
        s.table.newColumnNames(),
        List.of(Example.APP_ROLE));
    assertThat(
            s.catalog.strings("SELECT count(*)::text FROM viewswap.phase_run WHERE phase = 'swap'"))
        .as("no swap row")
        .containsExactly("0");
  }

  /**
   * The catalog read before a phase waits behind an ACCESS EXCLUSIVE lock (VACUUM FULL, another
   * ALTER): it is bounded and retried like the phase itself, never an unbounded hang of a pipeline
   * stage.
   */
  @Test
  void catalogReadBehindAnExclusiveLockIsBoundedAndRetried(TestDatabase db) throws Exception {
    Setup s = Setup.expanded(db, 2);
    Retries retries = new Retries(2);
    ViewSwap vs =
        ViewSwap.configure()
            .dataSource(Example.dataSource(db))
            .sleeper(Sleeper.REAL)
            .progress(retries)
            .build();
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("LOCK TABLE " + sql(s.table.oldTable()) + " IN ACCESS EXCLUSIVE MODE");
      }
      Future<?> check = swapThread.submit(() -> vs.check(s.spec));
      assertThatThrownBy(() -> check.get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("check gives up after its retries instead of hanging")
          .hasCauseInstanceOf(ViewSwapException.class)
          .satisfies(
              e ->
                  assertThat(((ViewSwapException) e.getCause()).code())
                      .isEqualTo(ErrorCode.LOCK_NOT_ACQUIRED));
      assertThat(retries.attempts).as("each wait was reported").containsExactly(1, 2);

      Retries more = new Retries(1);
      ViewSwap patient =
          ViewSwap.configure()
              .dataSource(Example.dataSource(db))
              .sleeper(Sleeper.REAL)
              .progress(more)
              .build();
      Spec manyRetries = s.spec.withOptions(s.spec.options().withRetries(200));
      Future<PhaseResult> swap =
          swapThread.submit(() -> patient.apply(manyRetries, Phase.SWAP, false));
      assertThat(more.seen.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
          .as("the swap is waiting")
          .isTrue();
      holder.rollback();
      assertThat(swap.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).state())
          .as("once the lock goes, the catalog read and the swap go through")
          .isEqualTo(State.SWAPPED);
    }
  }

  /** customer-to-client, expanded, with a 100 ms lock timeout and short backoff. */
  private record Setup(Spec spec, RenamedTable table, Catalog catalog) {
    static Setup expanded(TestDatabase db, int retries) throws Exception {
      Example example = Example.load("customer-to-client");
      example.install(db);
      SpecOptions o = example.spec().options();
      Spec spec =
          example
              .spec()
              .withOptions(
                  o.withLockTimeout(LOCK_TIMEOUT)
                      .withRetries(retries)
                      .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
      Catalog catalog = new Catalog(db.connect());
      RenamedTable table = RenamedTable.of(spec, db.connect()).get(0);
      assertThat(Example.viewSwap(db).apply(spec, Phase.EXPAND, false).state())
          .isEqualTo(State.EXPANDED);
      return new Setup(spec, table, catalog);
    }

    /** An application transaction that has read the table and not yet committed. */
    Connection holdTable(TestDatabase db) throws SQLException {
      Connection holder = db.connectAs(Example.APP_ROLE, Example.APP_PASSWORD);
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("LOCK TABLE " + sql(table.oldTable()) + " IN ACCESS SHARE MODE");
      }
      return holder;
    }

    State state(TestDatabase db) {
      return Example.viewSwap(db).status(Optional.of(spec)).get(0).state();
    }
  }
}
