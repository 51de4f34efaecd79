package io.viewswap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.ViewSwapException;
import io.viewswap.execute.BlockerWatch;
import io.viewswap.execute.LockRetry;
import io.viewswap.execute.RetryPolicy;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import io.viewswap.zerodowntime.Load;
import io.viewswap.zerodowntime.LoadClient.ClientReport;
import io.viewswap.zerodowntime.Pgbench;
import io.viewswap.zerodowntime.Workload;
import io.viewswap.zerodowntime.Workload.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The six benchmarks of issue #4. Each method is one benchmark: it runs in one go, prints its
 * figures and ratios, and records them; after the last one the results go to {@code
 * target/bench/results.json} with the machine. Sizes can be lowered with system properties ({@code
 * bench.lock.rows}, {@code bench.alt.rows}, {@code bench.view.rows}, {@code bench.view.rounds},
 * {@code bench.view.seconds}, {@code bench.plan.tables}) when the full sizes do not fit a machine.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewSwapBench {

  private static final String USER = "app_rw";
  private static final String PASSWORD = "app_rw";

  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();
  private int serverMajor;

  // --------------------------------------------------------------------------------------------- 1

  /** Swap lock time (lock_held_ms from apply) as the table grows: it should not grow with it. */
  @Test
  @Order(1)
  void swapLockTimeIsFlat(TestDatabase db) throws Exception {
    serverMajor = db.serverMajor();
    Spec spec = load(db, "customer-to-client", 0);
    ViewSwap vs = viewSwap(db);
    vs.apply(spec, Phase.EXPAND, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    long loaded = 1000;
    for (long size : longs("bench.lock.rows", "10000,1000000,10000000")) {
      long t0 = System.nanoTime();
      grow(db, loaded, size);
      loaded = size;
      long loadMs = ms(t0);
      List<Long> held = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        held.add(vs.apply(spec, Phase.SWAP, false).lockHeldMs());
        vs.rollback(spec, Phase.SWAP, false);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rows", size);
      r.put("table_bytes", db.queryValue("SELECT pg_total_relation_size('customer')"));
      r.put("lock_held_ms_median", median(held));
      r.put("lock_held_ms_max", held.stream().mapToLong(Long::longValue).max().orElse(0));
      r.put("lock_held_ms_all", held);
      r.put("load_ms", loadMs);
      rows.add(r);
      System.out.printf(
          "[1] %,d rows (loaded in %d ms): swap lock held median %d ms, max %d ms %s%n",
          size, loadMs, median(held), r.get("lock_held_ms_max"), held);
      table.add(
          String.format(
              "| 1 | swap lock held at %,d rows | median %d ms (max %d) | |",
              size, median(held), r.get("lock_held_ms_max")));
    }
    results.put("1_swap_lock_time", rows);
  }

  // --------------------------------------------------------------------------------------------- 2

  /**
   * The alternative the Django guides describe for a column rename (add the new column, dual-write
   * trigger, batched backfill, rebuild constraints, switch reads, drop the old column) versus
   * viewswap's three phases, on the same table: wall time, WAL written, table size afterwards.
   * full_page_writes is switched on for this benchmark, as on a production server.
   */
  @Test
  @Order(2)
  void alternativeVersusViewswap(TestDatabase db) throws Exception {
    long rows = longs("bench.alt.rows", "1000000").get(0);
    db.exec("ALTER SYSTEM SET full_page_writes = on; SELECT pg_reload_conf()");
    try {
      load(db, "customer-to-client", rows);
      Spec columnsOnly =
          new SpecReader()
              .parse(
                  """
                    id: bench-columns
                    renames:
                      - table: public.customer
                        columns:
                          full_name: display_name
                          email_addr: email
                    """,
                  "bench-columns.yaml");
      ViewSwap vs = viewSwap(db);
      Measure viewswap =
          measure(
              db,
              () -> {
                for (Phase p : Phase.values()) {
                  vs.apply(columnsOnly, p, false);
                }
              });
      db.exec("DROP TABLE customer CASCADE; DROP SCHEMA viewswap CASCADE");
      load(db, "customer-to-client", rows);
      Measure alternative = measure(db, () -> dualWriteRename(db, rows));
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rows", rows);
      r.put("viewswap", viewswap.asMap());
      r.put("dual_write_backfill", alternative.asMap());
      r.put("wall_time_ratio", ratio(alternative.wallMs, viewswap.wallMs));
      r.put("wal_bytes_ratio", ratio(alternative.walBytes, viewswap.walBytes));
      r.put("table_bytes_ratio", ratio(alternative.tableBytes, viewswap.tableBytes));
      results.put("2_alternative_vs_viewswap", r);
      System.out.printf(
          "[2] %,d rows: viewswap %s; dual-write+backfill %s; ratios wall %.1fx, WAL %.0fx,"
              + " size %.2fx%n",
          rows,
          viewswap,
          alternative,
          r.get("wall_time_ratio"),
          r.get("wal_bytes_ratio"),
          r.get("table_bytes_ratio"));
      table.add(
          String.format(
              "| 2 | column rename at %,d rows: wall time | viewswap %d ms | dual-write + backfill"
                  + " %d ms (%.1fx) |",
              rows, viewswap.wallMs, alternative.wallMs, r.get("wall_time_ratio")));
      table.add(
          String.format(
              "| 2 | ... WAL written | viewswap %s | dual-write + backfill %s (%.0fx) |",
              bytes(viewswap.walBytes), bytes(alternative.walBytes), r.get("wal_bytes_ratio")));
      table.add(
          String.format(
              "| 2 | ... table size afterwards | viewswap %s | dual-write + backfill %s (%.2fx) |",
              bytes(viewswap.tableBytes),
              bytes(alternative.tableBytes),
              r.get("table_bytes_ratio")));
    } finally {
      db.exec("ALTER SYSTEM RESET full_page_writes; SELECT pg_reload_conf()");
    }
  }

  private static void dualWriteRename(TestDatabase db, long rows) throws SQLException {
    db.exec(
        """
                ALTER TABLE customer ADD COLUMN display_name text, ADD COLUMN email text;
                CREATE FUNCTION customer_dual_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    NEW.display_name := coalesce(NEW.display_name, NEW.full_name);
                    NEW.full_name := coalesce(NEW.full_name, NEW.display_name);
                    NEW.email := coalesce(NEW.email, NEW.email_addr);
                    NEW.email_addr := coalesce(NEW.email_addr, NEW.email);
                  ELSE
                    IF NEW.full_name IS DISTINCT FROM OLD.full_name THEN NEW.display_name := NEW.full_name;
                    ELSIF NEW.display_name IS DISTINCT FROM OLD.display_name THEN NEW.full_name := NEW.display_name;
                    END IF;
                    IF NEW.email_addr IS DISTINCT FROM OLD.email_addr THEN NEW.email := NEW.email_addr;
                    ELSIF NEW.email IS DISTINCT FROM OLD.email THEN NEW.email_addr := NEW.email;
                    END IF;
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER customer_dual_write BEFORE INSERT OR UPDATE ON customer
                  FOR EACH ROW EXECUTE FUNCTION customer_dual_write();
                """);
    // Backfill in batches, each its own transaction, as the guides advise to keep locks and bloat
    // short.
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (long from = 1; from <= rows; from += 10_000) {
        s.execute(
            "UPDATE customer SET display_name = full_name, email = email_addr WHERE id >= "
                + from
                + " AND id < "
                + (from + 10_000)
                + " AND display_name IS NULL");
      }
      // The new columns need the old ones' constraints: NOT NULL (via a validated check, no long
      // lock) and the unique index, built concurrently.
      s.execute("CREATE UNIQUE INDEX CONCURRENTLY customer_email_new_key ON customer (email)");
      s.execute(
          "ALTER TABLE customer ADD CONSTRAINT display_name_nn CHECK (display_name IS NOT NULL) NOT VALID");
      s.execute("ALTER TABLE customer VALIDATE CONSTRAINT display_name_nn");
      s.execute("ALTER TABLE customer ALTER COLUMN display_name SET NOT NULL");
      s.execute("ALTER TABLE customer DROP CONSTRAINT display_name_nn");
      // (reads switch to the new columns with a deploy here), then the old columns go.
      s.execute("DROP TRIGGER customer_dual_write ON customer");
      s.execute("DROP FUNCTION customer_dual_write()");
      s.execute("ALTER TABLE customer DROP COLUMN full_name, DROP COLUMN email_addr");
    }
  }

  // --------------------------------------------------------------------------------------------- 3

  /** A plain ALTER TABLE ... RENAME during a blue-green deploy: what the old (blue) clients see. */
  @Test
  @Order(3)
  void plainRenameDuringBlueGreen(TestDatabase db) throws Exception {
    load(db, "customer-to-client", 0);
    String url = clientUrl(db);
    Duration afterRename = Duration.ofSeconds(2);
    ClientReport plain =
        blueClientsAcross(
            url,
            afterRename,
            () ->
                db.exec(
                    """
                BEGIN;
                ALTER TABLE customer RENAME TO client;
                ALTER TABLE client RENAME COLUMN full_name TO display_name;
                ALTER TABLE client RENAME COLUMN email_addr TO email;
                COMMIT;
                """));
    db.exec("DROP TABLE client CASCADE");
    Spec s = load(db, "customer-to-client", 0);
    ViewSwap vs = viewSwap(db);
    ClientReport viewswap =
        blueClientsAcross(
            url,
            afterRename,
            () -> {
              vs.apply(s, Phase.EXPAND, false);
              vs.apply(s, Phase.SWAP, false);
            });
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("old_client_window_after_rename_ms", afterRename.toMillis());
    r.put(
        "plain_rename",
        Map.of(
            "errors",
            plain.errors(),
            "commits",
            plain.commits(),
            "first_errors",
            plain.errorSamples()));
    r.put("viewswap", Map.of("errors", viewswap.errors(), "commits", viewswap.commits()));
    results.put("3_plain_rename_blue_green", r);
    System.out.printf(
        "[3] old-name clients for %d ms after the rename: plain ALTER ... RENAME %d errors (%d commits;"
            + " %s); viewswap expand+swap %d errors (%d commits)%n",
        afterRename.toMillis(),
        plain.errors(),
        plain.commits(),
        plain.errorSamples().isEmpty() ? "" : plain.errorSamples().get(0),
        viewswap.errors(),
        viewswap.commits());
    table.add(
        String.format(
            "| 3 | errors seen by old-name clients (%d s after the rename) | viewswap %d | plain"
                + " `ALTER TABLE ... RENAME` %d |",
            afterRename.toSeconds(), viewswap.errors(), plain.errors()));
  }

  @FunctionalInterface
  private interface Ddl {
    void run() throws Exception;
  }

  /**
   * Two old-name clients (prepared and simple) before, across and for {@code after} past the
   * change.
   */
  private static ClientReport blueClientsAcross(String url, Duration after, Ddl change)
      throws Exception {
    try (Load load = new Load("before")) {
      load.start(
          List.of(
              Workload.customerOld().jdbc(url, USER, PASSWORD, Protocol.PREPARED, "blue-prepared"),
              Workload.customerOld().jdbc(url, USER, PASSWORD, Protocol.SIMPLE, "blue-simple")),
          List.of("blue-prepared", "blue-simple"));
      load.hold(Duration.ofMillis(500));
      change.run();
      load.enter("after");
      Thread.sleep(after.toMillis());
      List<ClientReport> reports = load.reports();
      long errors = reports.stream().mapToLong(ClientReport::errors).sum();
      long commits = reports.stream().mapToLong(ClientReport::commits).sum();
      List<String> samples =
          reports.stream().flatMap(rep -> rep.errorSamples().stream()).limit(3).toList();
      return new ClientReport("blue", Map.of("all", commits), errors, samples, Map.of(), false);
    }
  }

  // --------------------------------------------------------------------------------------------- 4

  /**
   * What reading and writing through the transitional view costs against the table, with pgbench.
   */
  @Test
  @Order(4)
  void viewQueryCost(TestDatabase db, @TempDir Path work) throws Exception {
    long rows = longs("bench.view.rows", "100000").get(0);
    Spec spec = load(db, "customer-to-client", rows);
    viewSwap(db).apply(spec, Phase.EXPAND, false);
    String url = clientUrl(db);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rows", rows);
    String id = "\\set id random(1, " + rows + ")\n";
    Map<String, String[]> scripts = new LinkedHashMap<>();
    scripts.put(
        "select-only",
        new String[] {
          id + "SELECT full_name, email_addr FROM customer WHERE id = :id;\n",
          id + "SELECT display_name, email FROM client WHERE id = :id;\n"
        });
    scripts.put(
        "read-write",
        new String[] {
          id
              + "BEGIN;\nSELECT full_name, email_addr FROM customer WHERE id = :id;\n"
              + "UPDATE customer SET status = status WHERE id = :id;\nEND;\n",
          id
              + "BEGIN;\nSELECT display_name, email FROM client WHERE id = :id;\n"
              + "UPDATE client SET status = status WHERE id = :id;\nEND;\n"
        });
    int seconds = longs("bench.view.seconds", "5").get(0).intValue();
    int rounds = longs("bench.view.rounds", "5").get(0).intValue();
    for (var e : scripts.entrySet()) {
      List<Double> tableTps = new ArrayList<>();
      List<Double> viewTps = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        // Interleaved, so drift of the machine hits both sides alike.
        tableTps.add(pgbench(url, e.getKey() + "-table-" + round, e.getValue()[0], seconds, work));
        viewTps.add(pgbench(url, e.getKey() + "-view-" + round, e.getValue()[1], seconds, work));
      }
      double ratio = medianD(viewTps) / medianD(tableTps);
      r.put(
          e.getKey(),
          Map.of("table_tps", tableTps, "view_tps", viewTps, "view_over_table_median", ratio));
      System.out.printf(
          "[4] %s, pgbench -M prepared -c 2 -T %d, %d interleaved rounds: table %s tps, view %s tps,"
              + " median ratio view/table %.3f%n",
          e.getKey(), seconds, rounds, tableTps, viewTps, ratio);
      table.add(
          String.format(
              "| 4 | pgbench %s TPS through the view / the table (median of %d interleaved) | %.0f"
                  + " / %.0f | ratio %.3f |",
              e.getKey(), rounds, medianD(viewTps), medianD(tableTps), ratio));
    }
    results.put("4_view_query_cost", r);
  }

  private static double pgbench(String url, String name, String script, int seconds, Path work)
      throws Exception {
    Pgbench.Result res =
        Pgbench.start(name, url, USER, PASSWORD, "", script, seconds, work).finish();
    if (res.exitCode() != 0 || res.tps() < 0) {
      throw new AssertionError("pgbench " + name + " failed: " + res.stderr() + res.stdout());
    }
    return res.tps();
  }

  // --------------------------------------------------------------------------------------------- 5

  /**
   * Worst client latency while a 5-second transaction blocks the swap: viewswap versus a plain
   * swap.
   */
  @Test
  @Order(5)
  void worstLatencyBehindALongTransaction(TestDatabase db) throws Exception {
    Spec spec = load(db, "customer-to-client", 0);
    ViewSwap vs = viewSwap(db);
    vs.apply(spec, Phase.EXPAND, false);
    List<String> plainSwap = vs.plan(spec).phase(Phase.SWAP, Direction.FORWARD).ddl();
    String url = clientUrl(db);
    long viewswap = worstLatencyWhileBlocked(db, url, () -> vs.apply(spec, Phase.SWAP, false));
    vs.rollback(spec, Phase.SWAP, false);
    long plain =
        worstLatencyWhileBlocked(
            db,
            url,
            () -> {
              try (Connection c = db.connect();
                  Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("SET LOCAL lock_timeout = 0");
                for (String sql : plainSwap) {
                  s.execute(sql);
                }
                c.commit();
              }
            });
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("holder_ms", 5000);
    r.put("viewswap_worst_client_latency_ms", viewswap);
    r.put("plain_swap_worst_client_latency_ms", plain);
    r.put("ratio", ratio(plain, viewswap));
    results.put("5_latency_behind_long_transaction", r);
    System.out.printf(
        "[5] 5 s transaction holding the table: worst client latency viewswap %d ms, plain swap"
            + " (no lock_timeout) %d ms (%.1fx)%n",
        viewswap, plain, r.get("ratio"));
    table.add(
        String.format(
            "| 5 | worst client latency, 5 s transaction blocking the swap | viewswap %d ms | plain"
                + " swap %d ms (%.0fx) |",
            viewswap, plain, r.get("ratio")));
  }

  private static long worstLatencyWhileBlocked(TestDatabase db, String url, Ddl swap)
      throws Exception {
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try (Load load = new Load("before");
        Connection holder = db.connect()) {
      load.start(
          List.of(
              Workload.customerOld().jdbc(url, USER, PASSWORD, Protocol.PREPARED, "old"),
              Workload.clientNew().jdbc(url, USER, PASSWORD, Protocol.PREPARED, "new")),
          List.of("old", "new"));
      load.hold(Duration.ofMillis(300));
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM customer")) {
        rs.next();
      }
      load.enter("blocked");
      CompletableFuture<Void> f =
          CompletableFuture.runAsync(
              () -> {
                try {
                  swap.run();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              ex);
      Thread.sleep(5000);
      holder.commit();
      load.enter("after");
      f.get(60, TimeUnit.SECONDS);
      load.hold(Duration.ofMillis(300));
      List<ClientReport> reports = load.reports();
      for (ClientReport rep : reports) {
        if (rep.errors() > 0) {
          throw new AssertionError("client errors: " + rep);
        }
      }
      return reports.stream()
          .mapToLong(rep -> rep.worstLatencyMsByPhase().getOrDefault("blocked", 0L))
          .max()
          .orElse(0);
    } finally {
      ex.shutdownNow();
    }
  }

  // --------------------------------------------------------------------------------------------- 6

  /** plan on large catalogs (in-process, warm) and the CLI's cold start. */
  @Test
  @Order(6)
  void planTimeAndColdStart(TestDatabase db) throws Exception {
    Spec spec = load(db, "customer-to-client", 0);
    ViewSwap vs = viewSwap(db);
    Path jar = Path.of(System.getProperty("viewswap.project.dir", "."), "target", "viewswap.jar");
    Path specFile =
        Path.of(
            System.getProperty("viewswap.project.dir", "."),
            "specs",
            "examples",
            "customer-to-client.yaml");
    List<Map<String, Object>> rows = new ArrayList<>();
    int made = 0;
    for (long n : longs("bench.plan.tables", "1000,5000")) {
      db.exec(
          "DO $$ BEGIN FOR i IN "
              + (made + 1)
              + ".."
              + n
              + " LOOP EXECUTE format("
              + "'CREATE TABLE filler_%s (id bigint PRIMARY KEY, a text, b int, c timestamptz)', i); END LOOP; END $$");
      made = (int) n;
      db.exec("ANALYZE");
      List<Long> inProcess = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        long t0 = System.nanoTime();
        vs.plan(spec);
        inProcess.add(ms(t0));
      }
      inProcess.remove(0); // the first warms the JIT
      List<Long> cli = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        cli.add(runJar(jar, "plan", specFile.toString(), "--url", db.url()));
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("tables", n);
      r.put("plan_in_process_ms_median", median(inProcess));
      r.put("plan_cli_cold_ms_median", median(cli));
      rows.add(r);
      System.out.printf(
          "[6] %,d tables: plan in process %d ms (median of 5 warm), `viewswap plan` cold %d ms%n",
          n, median(inProcess), median(cli));
      table.add(
          String.format(
              "| 6 | `plan` on a catalog of %,d tables | in process %d ms | CLI (cold JVM) %d ms |",
              n, median(inProcess), median(cli)));
    }
    List<Long> version = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      version.add(runJar(jar, "--version"));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("catalogs", rows);
    r.put("cli_cold_start_version_ms_median", median(version));
    results.put("6_plan_time_and_cold_start", r);
    System.out.printf(
        "[6] CLI cold start (`java -jar viewswap.jar --version`): %d ms %s%n",
        median(version), version);
    table.add(
        String.format(
            "| 6 | CLI cold start (`java -jar target/viewswap.jar --version`) | %d ms | |",
            median(version)));
  }

  // --------------------------------------------------------------------------------------------- 7

  /**
   * Issue 12: the swap's lock window against its physical limit, the same statements sent by hand
   * in one round trip (simple protocol: {@code begin; drop view ...; alter table ...; create view
   * ...; grants; commit} as one message), interleaved in one run, at each table size. Goal: median
   * at most 2x.
   */
  @Test
  @Order(7)
  void lockWindowAgainstHandSentDdl(TestDatabase db) throws Exception {
    serverMajor = db.serverMajor();
    Spec spec = load(db, "customer-to-client", 0);
    ViewSwap vs = viewSwap(db);
    vs.apply(spec, Phase.EXPAND, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    long loaded = 1000;
    for (long size : longs("bench.window.rows", "10000,10000000")) {
      long t0 = System.nanoTime();
      grow(db, loaded, size);
      loaded = size;
      long loadMs = ms(t0);
      Map<String, Object> r =
          lockWindow(db, vs, spec, longs("bench.window.rounds", "9").get(0).intValue());
      r.put("rows", size);
      r.put("load_ms", loadMs);
      rows.add(r);
      System.out.printf(
          "[7] %,d rows: swap lock held median %.2f ms, hand-sent one round trip %.2f ms: %.2fx;"
              + " hand-sent on a fresh session %.2f ms: %.2fx%n",
          size,
          r.get("viewswap_ms_median"),
          r.get("hand_sent_ms_median"),
          r.get("ratio"),
          r.get("hand_sent_fresh_session_ms_median"),
          r.get("ratio_fresh_session"));
      table.add(
          String.format(
              "| 7 | swap lock held at %,d rows (median of %s) | %.2f ms | hand-sent DDL in one round"
                  + " trip %.2f ms: **%.2fx** (goal <= 2x); on a fresh session %.2f ms: %.2fx |",
              size,
              r.get("rounds"),
              r.get("viewswap_ms_median"),
              r.get("hand_sent_ms_median"),
              r.get("ratio"),
              r.get("hand_sent_fresh_session_ms_median"),
              r.get("ratio_fresh_session")));
    }
    results.put("7_lock_window_vs_hand_sent", rows);
  }

  /**
   * A table with 1,000 partitions: PostgreSQL renames the column in each, so the window grows;
   * reported only.
   */
  @Test
  @Order(8)
  void lockWindowWithAThousandPartitions(TestDatabase db) throws Exception {
    int partitions = longs("bench.partitions", "1000").get(0).intValue();
    db.exec(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + USER
            + "') THEN CREATE ROLE "
            + USER
            + " LOGIN PASSWORD '"
            + PASSWORD
            + "'; END IF; END $$");
    db.exec(
        "CREATE TABLE public.events (id bigint NOT NULL, amt_cents int, note text) PARTITION BY RANGE (id)");
    db.exec(
        "DO $$ BEGIN FOR i IN 0.."
            + (partitions - 1)
            + " LOOP EXECUTE format("
            + "'CREATE TABLE public.events_%s PARTITION OF public.events FOR VALUES FROM (%s) TO (%s)',"
            + " i, i * 1000, (i + 1) * 1000); END LOOP; END $$");
    db.exec(
        "INSERT INTO public.events SELECT g, g % 1000, 'n' FROM generate_series(0, "
            + (partitions * 1000 - 1)
            + ") g");
    db.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON public.events TO " + USER);
    Spec spec =
        new SpecReader()
            .parse(
                """
                id: bench-partitions
                renames:
                  - table: public.events
                    columns:
                      amt_cents: amount_cents
                """,
                "bench-partitions.yaml");
    ViewSwap vs = viewSwap(db);
    vs.apply(spec, Phase.EXPAND, false);
    Map<String, Object> r =
        lockWindow(db, vs, spec, longs("bench.partition.rounds", "5").get(0).intValue());
    r.put("partitions", partitions);
    results.put("8_lock_window_partitions", r);
    System.out.printf(
        "[8] %,d partitions: swap lock held median %.2f ms, hand-sent %.2f ms (%.2fx)%n",
        partitions, r.get("viewswap_ms_median"), r.get("hand_sent_ms_median"), r.get("ratio"));
    table.add(
        String.format(
            "| 8 | swap lock held, %,d partitions (median of %s) | %.2f ms | hand-sent %.2f ms"
                + " (%.2fx; no goal) |",
            partitions,
            r.get("rounds"),
            r.get("viewswap_ms_median"),
            r.get("hand_sent_ms_median"),
            r.get("ratio")));
  }

  /**
   * Interleaves, {@code rounds} times: viewswap's swap (its lock_held_us) and rollback, then the
   * swap's own DDL and its inverse sent by hand, each as one simple-protocol message (timed around
   * the call).
   */
  private static Map<String, Object> lockWindow(TestDatabase db, ViewSwap vs, Spec spec, int rounds)
      throws Exception {
    var plan = vs.plan(spec);
    String swapDdl = String.join(";\n", plan.phase(Phase.SWAP, Direction.FORWARD).ddl());
    String backDdl = String.join(";\n", plan.phase(Phase.SWAP, Direction.ROLLBACK).ddl());
    List<Double> viewswap = new ArrayList<>();
    List<Double> hand = new ArrayList<>();
    List<Double> fresh = new ArrayList<>();
    String simple = db.url() + (db.url().contains("?") ? "&" : "?") + "preferQueryMode=simple";
    try (Connection c = java.sql.DriverManager.getConnection(simple);
        Statement st = c.createStatement()) {
      for (int i = 0; i < rounds + 1; i++) {
        long us = vs.apply(spec, Phase.SWAP, false).lockHeldMicros();
        vs.rollback(spec, Phase.SWAP, false);
        long t0 = System.nanoTime();
        st.execute("begin;\n" + swapDdl + ";\ncommit");
        double handMs = (System.nanoTime() - t0) / 1e6;
        st.execute("begin;\n" + backDdl + ";\ncommit");
        // viewswap opens a session per run, whose first DDL fills the backend's catalog caches:
        // the same hand-sent message on a fresh session shows how much of the difference that is.
        double freshMs;
        try (Connection f = java.sql.DriverManager.getConnection(simple);
            Statement fs = f.createStatement()) {
          long t1 = System.nanoTime();
          fs.execute("begin;\n" + swapDdl + ";\ncommit");
          freshMs = (System.nanoTime() - t1) / 1e6;
          fs.execute("begin;\n" + backDdl + ";\ncommit");
        }
        if (i > 0) { // the first round warms both up
          viewswap.add(us / 1000.0);
          hand.add(handMs);
          fresh.add(freshMs);
        }
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rounds", rounds);
    r.put("viewswap_ms_median", medianD(viewswap));
    r.put("hand_sent_ms_median", medianD(hand));
    r.put("ratio", medianD(viewswap) / medianD(hand));
    r.put("hand_sent_fresh_session_ms_median", medianD(fresh));
    r.put("ratio_fresh_session", medianD(viewswap) / medianD(fresh));
    r.put("viewswap_ms_all", viewswap);
    r.put("hand_sent_ms_all", hand);
    r.put("hand_sent_fresh_session_ms_all", fresh);
    return r;
  }

  // --------------------------------------------------------------------------------------------- 9

  /**
   * Issue 12: a cold {@code target/viewswap plan} (launcher, class-data archive) on a catalog of
   * 5,000 tables against a cold {@code java -jar target/viewswap.jar --version}, interleaved; also
   * the plain jar's plan. Goal: at most 1.25x.
   */
  @Test
  @Order(9)
  void coldPlanAgainstBareStart(TestDatabase db) throws Exception {
    load(db, "customer-to-client", 0);
    Path dir = Path.of(System.getProperty("viewswap.project.dir", "."));
    Path jar = dir.resolve("target/viewswap.jar");
    Path launcher = dir.resolve("target/viewswap");
    String specFile = dir.resolve("specs/examples/customer-to-client.yaml").toString();
    long n = longs("bench.cold.tables", "5000").get(0);
    db.exec(
        "DO $$ BEGIN FOR i IN 1.."
            + n
            + " LOOP EXECUTE format("
            + "'CREATE TABLE filler_%s (id bigint PRIMARY KEY, a text, b int, c timestamptz)', i); END LOOP; END $$");
    db.exec("ANALYZE");
    List<Long> version = new ArrayList<>();
    List<Long> launched = new ArrayList<>();
    List<Long> jarPlan = new ArrayList<>();
    int rounds = longs("bench.cold.rounds", "5").get(0).intValue();
    for (int i = 0; i < rounds + 1; i++) {
      long v = runJar(jar, "--version");
      long l = run(List.of(launcher.toString(), "plan", specFile, "--url", db.url()));
      long j = runJar(jar, "plan", specFile, "--url", db.url());
      if (i > 0) { // the first round fills the page cache
        version.add(v);
        launched.add(l);
        jarPlan.add(j);
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("tables", n);
    r.put("launcher_plan_ms_median", median(launched));
    r.put("jar_version_ms_median", median(version));
    r.put("jar_plan_ms_median", median(jarPlan));
    r.put("ratio", (double) median(launched) / median(version));
    r.put("launcher_plan_ms_all", launched);
    r.put("jar_version_ms_all", version);
    r.put("jar_plan_ms_all", jarPlan);
    results.put("9_cold_plan_vs_bare_start", r);
    System.out.printf(
        "[9] %,d tables: cold `target/viewswap plan` %d ms, `java -jar viewswap.jar --version` %d ms"
            + " (%.2fx); `java -jar viewswap.jar plan` %d ms%n",
        n, median(launched), median(version), r.get("ratio"), median(jarPlan));
    table.add(
        String.format(
            "| 9 | cold `target/viewswap plan`, %,d-table catalog (median of %d) | %d ms |"
                + " cold `java -jar target/viewswap.jar --version` %d ms: **%.2fx** (goal <= 1.25x); `java -jar ... plan`"
                + " %d ms |",
            n, rounds, median(launched), median(version), r.get("ratio"), median(jarPlan)));
  }

  // -------------------------------------------------------------------------------------------- 10

  /**
   * Issue 12: what naming the blocker adds. One lock-timed-out attempt (lock_timeout 200 ms, no
   * retry) against a held table, with the blocker watch and without, interleaved; and an
   * uncontended swap, which the watch never samples (its first sample is due a quarter of the lock
   * timeout in).
   */
  @Test
  @Order(10)
  void blockerReportLatency(TestDatabase db) throws Exception {
    load(db, "customer-to-client", 0);
    Duration lockTimeout = Duration.ofMillis(200);
    List<Long> withWatch = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    int rounds = longs("bench.blocker.rounds", "9").get(0).intValue();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(db.url());
    try (Connection holder = db.connect();
        Connection c = db.connect()) {
      holder.setAutoCommit(false);
      try (Statement st = holder.createStatement()) {
        st.execute("LOCK TABLE public.customer IN ACCESS SHARE MODE");
      }
      for (int i = 0; i < rounds + 1; i++) {
        for (boolean watch : new boolean[] {true, false}) {
          try (BlockerWatch w = watch ? new BlockerWatch(ds::getConnection) : BlockerWatch.none()) {
            w.prepare();
            Thread.sleep(200); // the probe connection is open before the attempt, as in apply
            LockRetry retry = new LockRetry(java.time.Clock.systemUTC(), d -> {}, () -> 0.5, w);
            long t0 = System.nanoTime();
            int seen = -1;
            try {
              retry.run(
                  c,
                  "bench",
                  lockTimeout,
                  Duration.ofSeconds(5),
                  new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)),
                  ProgressListener.NONE,
                  e ->
                      new ViewSwapException(
                          io.viewswap.api.ErrorCode.SQL_FAILED, e.getMessage(), "", null, e),
                  a -> {
                    try (Statement st = c.createStatement()) {
                      st.execute("LOCK TABLE public.customer IN ACCESS EXCLUSIVE MODE");
                    }
                    return null;
                  });
            } catch (ViewSwapException e) {
              seen = e.blockers().size();
            }
            long took = ms(t0);
            if (watch && seen != 1) {
              throw new AssertionError(
                  "the watch named " + seen + " blockers, expected the holder");
            }
            if (i > 0) {
              (watch ? withWatch : without).add(took);
            }
          }
        }
      }
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("lock_timeout_ms", lockTimeout.toMillis());
    r.put("attempt_with_report_ms_median", median(withWatch));
    r.put("attempt_without_report_ms_median", median(without));
    r.put("added_ms", median(withWatch) - median(without));
    r.put("with_all", withWatch);
    r.put("without_all", without);
    results.put("10_blocker_report_latency", r);
    System.out.printf(
        "[10] a timed-out attempt (lock_timeout %d ms): %d ms with the blocker report, %d ms without"
            + " (+%d ms)%n",
        lockTimeout.toMillis(), median(withWatch), median(without), r.get("added_ms"));
    table.add(
        String.format(
            "| 10 | a lock-timed-out attempt (lock_timeout %d ms), blockers named | %d ms |"
                + " without the report %d ms: **+%d ms** |",
            lockTimeout.toMillis(), median(withWatch), median(without), r.get("added_ms")));
  }

  private static long run(List<String> cmd) throws Exception {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(cmd + " failed: " + out);
    }
    return ms(t0);
  }

  private static long runJar(Path jar, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(cmd + " failed: " + out);
    }
    return ms(t0);
  }

  // ------------------------------------------------------------------------------------- reporting

  @AfterAll
  void writeResults() throws IOException {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("machine", machine());
    all.putAll(results);
    Path out =
        Path.of(System.getProperty("viewswap.project.dir", "."), "target", "bench", "results.json");
    Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), all);
    System.out.println();
    System.out.println("Machine: " + all.get("machine"));
    System.out.println("| # | what | viewswap | alternative |");
    System.out.println("|---|---|---|---|");
    table.forEach(System.out::println);
    System.out.println("Results: " + out);
  }

  private Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("cpu_model", procLine("/proc/cpuinfo", "model name"));
    m.put("memory", procLine("/proc/meminfo", "MemTotal"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.version"));
    m.put("postgresql_major", serverMajor);
    m.put(
        "postgresql_settings",
        "embedded: fsync=off, synchronous_commit=off, full_page_writes=off"
            + " (on for benchmark 2)");
    m.put("pgbench", Pgbench.binary().toString());
    return m;
  }

  private static String procLine(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(key))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  // --------------------------------------------------------------------------------------- helpers

  /** The example's schema, grown to {@code rows} rows (0: as it comes, 1000 rows), and its spec. */
  private static Spec load(TestDatabase db, String example, long rows) throws Exception {
    Path dir = Path.of(System.getProperty("viewswap.project.dir", "."), "specs", "examples");
    db.exec(Files.readString(dir.resolve(example + ".schema.sql")));
    db.exec("ALTER ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
    if (rows > 1000) {
      grow(db, 1000, rows);
    }
    return new SpecReader().read(dir.resolve(example + ".yaml"));
  }

  /**
   * Adds rows like the example's own to the table public.customer (planned or expanded: still the
   * table).
   */
  private static void grow(TestDatabase db, long from, long to) throws SQLException {
    db.exec(
        "INSERT INTO public.customer (full_name, email_addr, status, created_at) SELECT 'Customer ' || g,"
            + " CASE WHEN g % 10 = 0 THEN NULL ELSE 'customer' || g || '@example.com' END,"
            + " CASE WHEN g % 50 = 0 THEN 'closed' WHEN g % 20 = 0 THEN 'suspended' ELSE 'active' END,"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '7 hours'"
            + " FROM generate_series("
            + (from + 1)
            + ", "
            + to
            + ") AS g");
    db.exec("VACUUM ANALYZE public.customer");
  }

  private record Measure(long wallMs, long walBytes, long tableBytes) {
    Map<String, Object> asMap() {
      return Map.of("wall_ms", wallMs, "wal_bytes", walBytes, "table_bytes_after", tableBytes);
    }

    @Override
    public String toString() {
      return wallMs + " ms, " + bytes(walBytes) + " WAL, table " + bytes(tableBytes);
    }
  }

  private static Measure measure(TestDatabase db, Ddl work) throws Exception {
    db.exec("CHECKPOINT");
    String lsn = (String) db.queryValue("SELECT pg_current_wal_lsn()::text");
    long t0 = System.nanoTime();
    work.run();
    long wall = ms(t0);
    long wal =
        ((Number) db.queryValue("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn + "')"))
            .longValue();
    long size =
        ((Number) db.queryValue("SELECT pg_total_relation_size('public.customer')")).longValue();
    return new Measure(wall, wal, size);
  }

  private static ViewSwap viewSwap(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(db.url());
    return ViewSwap.configure().dataSource(ds).build();
  }

  private static String clientUrl(TestDatabase db) {
    String base = db.url();
    int q = base.indexOf('?');
    return q < 0 ? base : base.substring(0, q);
  }

  private static List<Long> longs(String property, String dflt) {
    List<Long> out = new ArrayList<>();
    for (String s : System.getProperty(property, dflt).split(",")) {
      out.add(Long.parseLong(s.trim()));
    }
    return out;
  }

  private static long ms(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static long median(List<Long> xs) {
    List<Long> s = xs.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  private static double medianD(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    return s.get(s.size() / 2);
  }

  private static double ratio(long a, long b) {
    return b == 0 ? Double.POSITIVE_INFINITY : (double) a / b;
  }

  private static String bytes(long b) {
    return b >= 10L << 20
        ? String.format("%.0f MiB", b / 1048576.0)
        : String.format("%.0f KiB", b / 1024.0);
  }
}
