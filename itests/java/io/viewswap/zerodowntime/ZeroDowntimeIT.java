package io.viewswap.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.State;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import io.viewswap.zerodowntime.LoadClient.ClientReport;
import io.viewswap.zerodowntime.Workload.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Zero downtime, shown with real clients: old-name clients run from before expand until just before
 * contract (until just before swap where only columns are renamed, since the table keeps its name
 * and no compat view can take it), new-name clients from after expand to the end, and every
 * transaction of every client must commit.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class ZeroDowntimeIT {

  private static final String USER = "app_rw";
  private static final String PASSWORD = "app_rw";

  /** Load held in each phase before the next one starts. */
  private static final Duration PHASE_LOAD = Duration.ofMillis(1000);

  static final String CUSTOMER_OLD_SCRIPT =
      """
            \\set id random(1, 1000)
            BEGIN;
            SELECT * FROM customer WHERE id = :id;
            UPDATE customer SET full_name = 'Customer ' || id WHERE id = :id;
            END;
            """;
  static final String CLIENT_NEW_SCRIPT =
      """
            \\set id random(1, 1000)
            BEGIN;
            SELECT * FROM client WHERE id = :id;
            UPDATE client SET display_name = 'Customer ' || id WHERE id = :id;
            END;
            """;
  static final String ORDERS_OLD_SCRIPT =
      """
            \\set id random(1, 1000)
            BEGIN;
            SELECT * FROM orders WHERE id = :id;
            UPDATE orders SET amt_cents = (id * 137) % 100000 WHERE id = :id;
            END;
            """;
  static final String ORDERS_NEW_SCRIPT =
      """
            \\set id random(1, 1000)
            BEGIN;
            SELECT * FROM orders WHERE id = :id;
            UPDATE orders SET amount_cents = (id * 137) % 100000 WHERE id = :id;
            END;
            """;

  @Test
  void tableAndColumnRenameUnderLoad(TestDatabase db, @TempDir Path work) throws Exception {
    Spec spec = prepare(db, "customer-to-client");
    ViewSwap vs = viewSwap(db, ProgressListener.NONE);
    String url = clientUrl(db, "");
    List<ClientReport> reports;
    List<Pgbench.Result> benches = new ArrayList<>();
    try (SessionFactory oldOrm =
            HibernateClient.factory(HibernateClient.OldCustomer.class, url, USER, PASSWORD);
        SessionFactory newOrm =
            HibernateClient.factory(HibernateClient.NewClient.class, url, USER, PASSWORD);
        Load load = new Load("planned")) {
      Pgbench oldBench =
          Pgbench.startClient(
              "zdt-old-pgbench", url, USER, PASSWORD, "", CUSTOMER_OLD_SCRIPT, work);
      List<LoadClient> old =
          load.start(
              List.of(
                  Workload.customerOld()
                      .jdbc(url, USER, PASSWORD, Protocol.PREPARED, "zdt-old-prepared"),
                  Workload.customerOld()
                      .jdbc(url, USER, PASSWORD, Protocol.SIMPLE, "zdt-old-simple"),
                  HibernateClient.opener(
                      oldOrm,
                      HibernateClient.OldCustomer.class,
                      HibernateClient.OldCustomer::fresh,
                      1000)),
              List.of("old-jdbc-prepared", "old-jdbc-simple", "old-hibernate"));
      load.hold(PHASE_LOAD);

      assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
      load.enter("expanded");
      Pgbench.Mark expanded = oldBench.mark();
      Pgbench newBench =
          Pgbench.startClient("zdt-new-pgbench", url, USER, PASSWORD, "", CLIENT_NEW_SCRIPT, work);
      load.start(
          List.of(
              Workload.clientNew().jdbc(url, USER, PASSWORD, Protocol.PREPARED, "zdt-new-prepared"),
              Workload.clientNew().jdbc(url, USER, PASSWORD, Protocol.SIMPLE, "zdt-new-simple"),
              HibernateClient.opener(
                  newOrm, HibernateClient.NewClient.class, HibernateClient.NewClient::fresh, 1000)),
          List.of("new-jdbc-prepared", "new-jdbc-simple", "new-hibernate"));
      load.hold(PHASE_LOAD);
      oldBench.awaitCommitsSince(expanded);

      PhaseResult swap = vs.apply(spec, Phase.SWAP, false);
      assertThat(swap.state()).isEqualTo(State.SWAPPED);
      load.enter("swapped");
      Pgbench.Mark swapped = oldBench.mark();
      load.hold(PHASE_LOAD);
      oldBench.awaitCommitsSince(swapped);

      benches.add(oldBench.stop());
      load.stop(old);
      assertThat(vs.apply(spec, Phase.CONTRACT, false).state()).isEqualTo(State.CONTRACTED);
      load.enter("contracted");
      Pgbench.Mark contracted = newBench.mark();
      load.hold(PHASE_LOAD);
      newBench.awaitCommitsSince(contracted);
      benches.add(newBench.stop());
      reports = load.reports();
      System.out.println(
          "customer-to-client swap: lock held "
              + swap.lockHeldMs()
              + " ms, "
              + swap.attempts()
              + " attempt(s)");
    }
    assertEveryTransactionCommitted(reports, benches);
    assertSpans(reports, "old-", List.of("planned", "expanded", "swapped"));
    assertSpans(reports, "new-", List.of("expanded", "swapped", "contracted"));
  }

  @Test
  void columnRenameUnderLoad(TestDatabase db, @TempDir Path work) throws Exception {
    Spec spec = prepare(db, "columns-only");
    ViewSwap vs = viewSwap(db, ProgressListener.NONE);
    String oldUrl = clientUrl(db, "");
    // New code puts the transition schema first; once contract drops it, the missing schema is
    // skipped.
    String newUrl = clientUrl(db, "currentSchema=public_next,public");
    String newOptions = "-c search_path=public_next,public";
    List<ClientReport> reports;
    List<Pgbench.Result> benches = new ArrayList<>();
    try (SessionFactory oldOrm =
            HibernateClient.factory(HibernateClient.OldOrder.class, oldUrl, USER, PASSWORD);
        SessionFactory newOrm =
            HibernateClient.factory(HibernateClient.NewOrder.class, newUrl, USER, PASSWORD);
        Load load = new Load("planned")) {
      // Committed before expand starts (startClient waits for that), stopped before the swap.
      Pgbench oldBench =
          Pgbench.startClient(
              "zdt-old-pgbench", oldUrl, USER, PASSWORD, "", ORDERS_OLD_SCRIPT, work);
      List<LoadClient> old =
          load.start(
              List.of(
                  Workload.ordersOld()
                      .jdbc(oldUrl, USER, PASSWORD, Protocol.PREPARED, "zdt-old-prepared"),
                  Workload.ordersOld()
                      .jdbc(oldUrl, USER, PASSWORD, Protocol.SIMPLE, "zdt-old-simple"),
                  HibernateClient.opener(
                      oldOrm,
                      HibernateClient.OldOrder.class,
                      HibernateClient.OldOrder::fresh,
                      1000)),
              List.of("old-jdbc-prepared", "old-jdbc-simple", "old-hibernate"));
      load.hold(PHASE_LOAD);

      assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
      load.enter("expanded");
      Pgbench.Mark expanded = oldBench.mark();
      Pgbench newBench =
          Pgbench.startClient(
              "zdt-new-pgbench", oldUrl, USER, PASSWORD, newOptions, ORDERS_NEW_SCRIPT, work);
      load.start(
          List.of(
              Workload.ordersNew()
                  .jdbc(newUrl, USER, PASSWORD, Protocol.PREPARED, "zdt-new-prepared"),
              Workload.ordersNew().jdbc(newUrl, USER, PASSWORD, Protocol.SIMPLE, "zdt-new-simple"),
              HibernateClient.opener(
                  newOrm, HibernateClient.NewOrder.class, HibernateClient.NewOrder::fresh, 1000)),
          List.of("new-jdbc-prepared", "new-jdbc-simple", "new-hibernate"));
      load.hold(PHASE_LOAD);

      // The old-name pgbench spans expand: it committed before (above) and after it.
      oldBench.awaitCommitsSince(expanded);
      // The table keeps its name, so old code must be gone before the swap (design: "columns
      // only"): stop() returns once pgbench committed its last transaction and exited.
      benches.add(oldBench.stop());
      load.stop(old);
      PhaseResult swap = vs.apply(spec, Phase.SWAP, false);
      assertThat(swap.state()).isEqualTo(State.SWAPPED);
      load.enter("swapped");
      load.hold(PHASE_LOAD);

      assertThat(vs.apply(spec, Phase.CONTRACT, false).state()).isEqualTo(State.CONTRACTED);
      load.enter("contracted");
      Pgbench.Mark contracted = newBench.mark();
      load.hold(PHASE_LOAD);
      newBench.awaitCommitsSince(contracted);
      benches.add(newBench.stop());
      reports = load.reports();
      System.out.println(
          "columns-only swap: lock held "
              + swap.lockHeldMs()
              + " ms, "
              + swap.attempts()
              + " attempt(s)");
    }
    assertEveryTransactionCommitted(reports, benches);
    assertSpans(reports, "old-", List.of("planned", "expanded"));
    assertSpans(reports, "new-", List.of("expanded", "swapped", "contracted"));
    assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'public_next'"))
        .as("contract dropped the transition schema the new clients still name")
        .isEqualTo(0L);
  }

  /**
   * The control: the same clients do see errors when they should. Old-name clients left running
   * across a column-only swap (which the design forbids: the table keeps its name, so no compat
   * view can take it) fail with 42703 (or 0A000, a cached {@code SELECT *} whose column names
   * changed), and both the JDBC client and pgbench report it.
   */
  @Test
  void oldNameClientsLeftRunningAcrossAColumnOnlySwapAreCaught(TestDatabase db, @TempDir Path work)
      throws Exception {
    Spec spec = prepare(db, "columns-only");
    ViewSwap vs = viewSwap(db, ProgressListener.NONE);
    String url = clientUrl(db, "");
    List<ClientReport> reports;
    Pgbench.Result bench;
    try (Load load = new Load("planned")) {
      Pgbench oldBench =
          Pgbench.startClient("zdt-old-pgbench", url, USER, PASSWORD, "", ORDERS_OLD_SCRIPT, work);
      load.start(
          List.of(
              Workload.ordersOld()
                  .jdbc(url, USER, PASSWORD, Protocol.PREPARED, "zdt-old-prepared")),
          List.of("old-jdbc-prepared"));
      assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
      load.enter("expanded");
      load.hold(Duration.ofMillis(300));
      assertThat(oldBench.isRunning()).as("old-name pgbench still runs at the swap").isTrue();
      assertThat(vs.apply(spec, Phase.SWAP, false).state()).isEqualTo(State.SWAPPED);
      load.enter("swapped");
      Thread.sleep(300);
      // Its clients abort at their first error, and pgbench ends once none is left.
      bench = oldBench.awaitEnd(Duration.ofSeconds(15));
      reports = load.reports();
    }
    ClientReport jdbc = reports.get(0);
    assertThat(jdbc.errors()).as("old-name JDBC client across the swap: %s", jdbc).isPositive();
    // 42703 for statements naming a renamed column; 0A000 for a cached SELECT * whose column names
    // changed.
    assertThat(jdbc.errorSamples())
        .as("errors come from the renamed columns")
        .allMatch(e -> e.contains("] 42703 ") || e.contains("] 0A000 "));
    assertThat(bench.exitCode())
        .as("pgbench exits 2 when its clients abort; stderr: %s", bench.stderr())
        .isEqualTo(2);
    assertThat(bench.errorLines())
        .as("pgbench names the aborted clients")
        .anyMatch(l -> l.contains("aborted in command"));
  }

  /**
   * A transaction holds the table when the swap starts: the swap gives up each attempt after its
   * lock timeout, so clients queued behind it wait at most about that long, and it lands once the
   * holder ends.
   */
  @Test
  void swapWaitsOutALongTransactionWithoutStallingClients(TestDatabase db, @TempDir Path work)
      throws Exception {
    Duration lockTimeout = Duration.ofMillis(100);
    Spec spec =
        prepare(db, "customer-to-client")
            .withOptions(
                SpecOptions.DEFAULTS
                    .withLockTimeout(lockTimeout)
                    .withStatementTimeout(Duration.ofSeconds(5))
                    .withRetries(100)
                    .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                    .withCompatView(true)
                    .withAllowPublications(false));
    AtomicInteger retries = new AtomicInteger();
    ViewSwap vs =
        viewSwap(
            db,
            new ProgressListener() {
              @Override
              public void retrying(int attempt, int maxAttempts, String message, Duration delay) {
                retries.incrementAndGet();
              }
            });
    String url = clientUrl(db, "");
    List<ClientReport> reports;
    PhaseResult swap;
    long holderEndedNanos;
    long swapLandedNanos;
    List<Pgbench.Result> benches = new ArrayList<>();
    ExecutorService swapper = Executors.newSingleThreadExecutor();
    try (SessionFactory oldOrm =
            HibernateClient.factory(HibernateClient.OldCustomer.class, url, USER, PASSWORD);
        SessionFactory newOrm =
            HibernateClient.factory(HibernateClient.NewClient.class, url, USER, PASSWORD);
        Load load = new Load("planned");
        Connection holder = db.connect()) {
      load.start(
          List.of(
              Workload.customerOld()
                  .jdbc(url, USER, PASSWORD, Protocol.PREPARED, "zdt-old-prepared"),
              HibernateClient.opener(
                  oldOrm,
                  HibernateClient.OldCustomer.class,
                  HibernateClient.OldCustomer::fresh,
                  1000)),
          List.of("old-jdbc-prepared", "old-hibernate"));
      assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
      load.enter("expanded");
      load.start(
          List.of(
              Workload.clientNew().jdbc(url, USER, PASSWORD, Protocol.PREPARED, "zdt-new-prepared"),
              Workload.clientNew().jdbc(url, USER, PASSWORD, Protocol.SIMPLE, "zdt-new-simple"),
              HibernateClient.opener(
                  newOrm, HibernateClient.NewClient.class, HibernateClient.NewClient::fresh, 1000)),
          List.of("new-jdbc-prepared", "new-jdbc-simple", "new-hibernate"));
      load.hold(Duration.ofMillis(300));
      // pgbench under both names across the blocked swap too: clients nobody here wrote.
      Pgbench oldBench =
          Pgbench.startClient(
              "zdt-old-pgbench", url, USER, PASSWORD, "", CUSTOMER_OLD_SCRIPT, work);
      Pgbench newBench =
          Pgbench.startClient("zdt-new-pgbench", url, USER, PASSWORD, "", CLIENT_NEW_SCRIPT, work);

      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM customer")) {
        rs.next();
      }
      load.enter("swap-blocked");
      Pgbench.Mark oldBlocked = oldBench.mark();
      Pgbench.Mark newBlocked = newBench.mark();
      long swapStarted = System.nanoTime();
      CompletableFuture<PhaseResult> swapping =
          CompletableFuture.supplyAsync(() -> vs.apply(spec, Phase.SWAP, false), swapper);
      // Hold the lock for 2 s of swap attempts (and at least two retries), under load all along.
      load.hold(Duration.ofMillis(2000));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (retries.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(swapping)
          .as("the swap cannot land while the long transaction holds the table")
          .isNotDone();
      oldBench.awaitCommitsSince(oldBlocked);
      newBench.awaitCommitsSince(newBlocked);
      holder.commit();
      holderEndedNanos = System.nanoTime();
      load.enter("swap-landing");
      swap = swapping.get(15, TimeUnit.SECONDS);
      swapLandedNanos = System.nanoTime();
      load.enter("swapped");
      load.hold(Duration.ofMillis(300));
      benches.add(oldBench.stop());
      benches.add(newBench.stop());
      reports = load.reports();
      System.out.printf(
          "long transaction: swap landed %d ms after the holder ended, %d attempts, lock wait %d ms,"
              + " lock held %d ms; blocked for %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(swapLandedNanos - holderEndedNanos),
          swap.attempts(),
          swap.lockWaitMs(),
          swap.lockHeldMs(),
          TimeUnit.NANOSECONDS.toMillis(holderEndedNanos - swapStarted));
    } finally {
      swapper.shutdownNow();
    }
    assertThat(swap.state()).isEqualTo(State.SWAPPED);
    assertThat(swap.attempts())
        .as("the swap retried after lock timeouts while the holder was open")
        .isGreaterThanOrEqualTo(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(swapLandedNanos - holderEndedNanos))
        .as("the swap lands soon after the holder ends (backoff capped at 200 ms)")
        .isLessThan(2000);
    assertEveryTransactionCommitted(reports, benches);
    for (ClientReport r : reports) {
      assertThat(r.commitsByPhase().getOrDefault("swap-blocked", 0L))
          .as("%s kept committing while the swap waited for the long transaction: %s", r.name(), r)
          .isPositive();
      assertThat(r.worstLatencyMs())
          .as(
              "%s waited at most about the lock timeout (%s) per swap attempt, never for the holder: %s",
              r.name(), lockTimeout, r)
          .isLessThan(1500);
    }
  }

  static Spec prepare(TestDatabase db, String example) throws Exception {
    Path dir = Path.of(System.getProperty("viewswap.project.dir", "."), "specs", "examples");
    db.exec(Files.readString(dir.resolve(example + ".schema.sql")));
    // The example scripts create app_rw without a login; the clients log in as it.
    db.exec("ALTER ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    return new SpecReader().read(dir.resolve(example + ".yaml"));
  }

  static ViewSwap viewSwap(TestDatabase db, ProgressListener progress) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(db.url());
    return ViewSwap.configure().dataSource(ds).progress(progress).build();
  }

  /** The database's URL without the superuser's credentials, plus {@code extra} parameters. */
  static String clientUrl(TestDatabase db, String extra) {
    String base = db.url();
    int q = base.indexOf('?');
    List<String> kept = new ArrayList<>();
    if (q >= 0) {
      for (String p : base.substring(q + 1).split("&")) {
        if (!p.isEmpty() && !p.startsWith("user=") && !p.startsWith("password=")) {
          kept.add(p);
        }
      }
    }
    if (!extra.isEmpty()) {
      kept.add(extra);
    }
    return (q >= 0 ? base.substring(0, q) : base)
        + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  static void assertEveryTransactionCommitted(
      List<ClientReport> reports, List<Pgbench.Result> benches) {
    for (ClientReport r : reports) {
      System.out.println("  " + r);
      assertThat(r.stuck()).as("%s stopped when asked: %s", r.name(), r).isFalse();
      assertThat(r.errors())
          .as("%s: every transaction must commit; first errors: %s", r.name(), r.errorSamples())
          .isZero();
      assertThat(r.commits()).as("%s committed transactions", r.name()).isPositive();
    }
    for (Pgbench.Result b : benches) {
      System.out.println(
          "  pgbench "
              + b.name()
              + ": exit "
              + b.exitCode()
              + ", "
              + b.processed()
              + " transactions, "
              + b.failed()
              + " failed");
      assertThat(b.errorLines())
          .as("pgbench %s reported no errors or aborted clients", b.name())
          .isEmpty();
      assertThat(b.exitCode())
          .as("pgbench %s exit status (2 = clients aborted); stderr: %s", b.name(), b.stderr())
          .isZero();
      assertThat(b.processed())
          .as("pgbench %s committed transactions; output: %s", b.name(), b.stdout())
          .isPositive();
      assertThat(b.failed())
          .as("pgbench %s failed transactions; output: %s", b.name(), b.stdout())
          .isZero();
    }
  }

  /**
   * Clients whose name starts with {@code prefix} committed transactions in each of these phases.
   */
  static void assertSpans(List<ClientReport> reports, String prefix, List<String> phases) {
    List<ClientReport> these = reports.stream().filter(r -> r.name().startsWith(prefix)).toList();
    assertThat(these).as("clients named %s*", prefix).isNotEmpty();
    for (ClientReport r : these) {
      for (String phase : phases) {
        assertThat(r.commitsByPhase().getOrDefault(phase, 0L))
            .as("%s ran through phase %s: %s", r.name(), phase, r)
            .isPositive();
      }
    }
  }
}
