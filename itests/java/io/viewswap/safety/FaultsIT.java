package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.fingerprint;
import static io.viewswap.safety.Harness.spec;
import static io.viewswap.safety.Harness.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in the middle of a phase: the process killed, the connection terminated by the server, two
 * runs at once. The database is always exactly before or after the phase, the state row agrees, and
 * a re-run completes. The phase is held mid-way by a test connection that keeps a lock on the
 * table, so no timing is guessed. The kill at every phase runs on the default major only (one child
 * JVM per phase costs a few seconds each).
 */
@ExtendWith(PostgresExtension.class)
class FaultsIT {
  // retries: 0 and a long lock_timeout keep the swap waiting on the table lock, inside its
  // transaction.
  static final String SPEC =
      "id: faults\nrenames:\n  - table: public.customer\n    to: client\n    columns:\n      full_name: display_name\n"
          + "options:\n  lock_timeout: 20s\n  statement_timeout: 30s\n  retries: 0\n";

  // A short lock_timeout and many retries: the run keeps retrying, so a kill lands inside a waiting
  // attempt or between two, and a backend left behind gives up on its own within 100 ms.
  static final String RETRYING =
      "id: faults\nrenames:\n  - table: public.customer\n    to: client\n    columns:\n      full_name: display_name\n"
          + "options:\n  lock_timeout: 100ms\n  statement_timeout: 5s\n  retries: 1000\n  backoff: 10ms..20ms\n";

  @TempDir Path dir;

  Path expanded(TestDatabase db) throws Exception {
    db.exec(BlockersIT.TABLE);
    Path spec = spec(dir, "faults", SPEC);
    assertThat(cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();
    return spec;
  }

  /**
   * A connection holding ACCESS SHARE on the table in an open transaction: the swap's ALTER queues
   * behind it.
   */
  static Connection holdTableLock(TestDatabase db) throws Exception {
    Connection holder = db.connect();
    holder.setAutoCommit(false);
    try (Statement s = holder.createStatement()) {
      s.execute("lock table public.customer in access share mode");
    }
    return holder;
  }

  /** The pid of the backend waiting for the table lock, polled for at most 30 s. */
  static int waitingBackend(TestDatabase db) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Object pid =
          db.queryValue(
              "select pid from pg_locks where not granted and relation = 'public.customer'::regclass limit 1");
      if (pid != null) {
        return ((Number) pid).intValue();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no run started waiting for the table lock within 30 s");
  }

  static void awaitGone(TestDatabase db, int pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (db.queryValue("select 1 from pg_stat_activity where pid = " + pid) != null) {
      assertThat(System.nanoTime()).as("backend %d ends within 30 s", pid).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  @Tag("lifecycle")
  void killedWhileWaitingForTheLockLeavesTheStateBeforeThePhase(TestDatabase db) throws Exception {
    Path spec = expanded(db);
    String before = fingerprint(db);
    Connection holder = holdTableLock(db);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.viewswap.cli.Main",
                "apply",
                spec.toString(),
                "--phase",
                "swap",
                "--url",
                db.url())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      int pid = waitingBackend(db);
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process is gone").isTrue();
      // Let the orphaned backend take the lock: it must still never commit, since COMMIT was never
      // sent.
      holder.rollback();
      awaitGone(db, pid);
    } finally {
      p.destroyForcibly();
      holder.close();
    }
    assertThat(fingerprint(db)).as("exactly the state before the swap").isEqualTo(before);
    assertThat(state(db, "faults")).isEqualTo("expanded");
    Run again = cli(db, "apply", spec.toString(), "--phase", "swap");
    assertThat(again.code()).as("a re-run completes: %s", again).isZero();
    assertThat(state(db, "faults")).isEqualTo("swapped");
  }

  /**
   * Every phase direction that takes the table's lock, killed with SIGKILL while it retries for it:
   * the database, the state row and the phase_run rows are exactly as before, and a re-run
   * completes.
   */
  @Test
  void killedInEveryPhaseWhileRetryingForTheLockLeavesTheStateBefore(TestDatabase db)
      throws Exception {
    db.exec(BlockersIT.TABLE);
    Path spec = spec(dir, "faults", RETRYING);
    // Expand locks nothing that exists yet except the table, which it only reads: the state row it
    // writes last is what it waits for then. The other phases wait for one of the relations they
    // drop or rename.
    String relations = "lock table public.customer, public.client in access share mode";
    String stateTable = "lock table viewswap.spec_state in exclusive mode";
    record Step(String command, String phase, String before, String after, String hold) {}
    List<Step> steps =
        List.of(
            new Step("apply", "expand", "planned", "expanded", null),
            new Step("rollback", "expand", "expanded", "planned", null),
            new Step("apply", "expand", "planned", "expanded", stateTable),
            new Step("apply", "swap", "expanded", "swapped", relations),
            new Step("rollback", "swap", "swapped", "expanded", relations),
            new Step("apply", "swap", "expanded", "swapped", null),
            new Step(
                "apply",
                "contract",
                "swapped",
                "contracted",
                "lock table public.customer in access share mode"));
    for (Step step : steps) {
      if (step.hold() == null) {
        assertThat(cli(db, step.command(), spec.toString(), "--phase", step.phase()).code())
            .isZero();
        continue;
      }
      String what = step.command() + " --phase " + step.phase();
      assertThat(state(db, "faults")).as("before %s", what).isEqualTo(step.before());
      String before = fingerprint(db);
      killWhileRetrying(db, spec, step.command(), step.phase(), step.hold());
      assertThat(fingerprint(db))
          .as("killed %s: catalog, state row and phase_run rows as before", what)
          .isEqualTo(before);
      assertThat(state(db, "faults")).as("killed %s", what).isEqualTo(step.before());
      Run again = cli(db, step.command(), spec.toString(), "--phase", step.phase());
      assertThat(again.code()).as("%s re-run: %s", what, again).isZero();
      assertThat(state(db, "faults")).as("after the re-run of %s", what).isEqualTo(step.after());
    }
  }

  /**
   * Starts {@code viewswap COMMAND SPEC --phase PHASE} in another JVM while a test connection holds
   * the locks {@code hold} takes, kills it (SIGKILL) once one of its attempts waits for a lock, and
   * returns after its sessions are gone and the locks are released. The locks must leave viewswap's
   * catalog reads alone: they run before the phase and its lock_timeout.
   */
  private void killWhileRetrying(
      TestDatabase db, Path spec, String command, String phase, String hold) throws Exception {
    Connection holder = db.connect();
    holder.setAutoCommit(false);
    try (Statement s = holder.createStatement()) {
      s.execute(hold);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.viewswap.cli.Main",
                command,
                spec.toString(),
                "--phase",
                phase,
                "--url",
                db.url())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(command + "-" + phase + ".log").toFile())
            .start();
    try {
      // A fresh JVM has to start and connect first: on a loaded 2-core runner that alone has taken
      // over 30 s, so the bound is generous; it only stops a run that never waits.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (db.queryValue(
              "select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid"
                  + " where not l.granted and a.application_name = 'viewswap' and a.datname = current_database()")
          == null) {
        assertThat(p.isAlive())
            .as(
                "%s %s is still running (log: %s)",
                command,
                phase,
                Files.exists(dir.resolve(command + "-" + phase + ".log"))
                    ? Files.readString(dir.resolve(command + "-" + phase + ".log"))
                    : "")
            .isTrue();
        assertThat(System.nanoTime())
            .as("%s %s waits for a lock within 120 s", command, phase)
            .isLessThan(deadline);
        Thread.sleep(10);
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process is gone").isTrue();
      // Its waiting backend gives up after lock_timeout; the idle ones see the closed socket at
      // once.
      while (db.queryValue(
              "select 1 from pg_stat_activity where application_name = 'viewswap'"
                  + " and datname = current_database()")
          != null) {
        assertThat(System.nanoTime())
            .as(
                "the killed run's sessions end within 30 s: %s",
                db.query(
                    "select pid, state, wait_event_type, query from pg_stat_activity where application_name = 'viewswap'"))
            .isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      p.destroyForcibly();
      holder.rollback();
      holder.close();
    }
  }

  @Test
  @Tag("lifecycle")
  void connectionTerminatedMidPhaseIsAClearErrorAndNothingHalfDone(TestDatabase db)
      throws Exception {
    Path spec = expanded(db);
    String before = fingerprint(db);
    Connection holder = holdTableLock(db);
    CompletableFuture<Run> run =
        CompletableFuture.supplyAsync(() -> cli(db, "apply", spec.toString(), "--phase", "swap"));
    int pid = waitingBackend(db);
    db.exec("select pg_terminate_backend(" + pid + ")");
    Run r = run.get(60, TimeUnit.SECONDS);
    holder.rollback();
    holder.close();
    assertThat(r.code()).as("exit 6 or 7: %s", r).isIn(6, 7);
    assertThat(r.err())
        .as("says what happened, no stack trace: %s", r)
        .startsWith("error: ")
        .doesNotContain("\tat ");
    assertThat(fingerprint(db)).as("nothing half-done").isEqualTo(before);
    assertThat(cli(db, "apply", spec.toString(), "--phase", "swap").code())
        .as("a re-run works")
        .isZero();
  }

  @Test
  @Tag("lifecycle")
  void twoRunsOfTheSamePhaseApplyItOnce(TestDatabase db) throws Exception {
    Path spec = expanded(db);
    Connection holder = holdTableLock(db);
    CompletableFuture<Run> first =
        CompletableFuture.supplyAsync(() -> cli(db, "apply", spec.toString(), "--phase", "swap"));
    waitingBackend(db);
    CompletableFuture<Run> second =
        CompletableFuture.supplyAsync(() -> cli(db, "apply", spec.toString(), "--phase", "swap"));
    // The second run finds the run lock taken and waits for it (up to 5 s) before it reads the
    // state.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (db.queryValue("select 1 from pg_locks where locktype = 'advisory' and not granted")
            == null
        && !second.isDone()) {
      assertThat(System.nanoTime()).as("the second run reaches the run lock").isLessThan(deadline);
      Thread.sleep(20);
    }
    holder.rollback();
    holder.close();
    Run a = first.get(60, TimeUnit.SECONDS);
    Run b = second.get(60, TimeUnit.SECONDS);
    assertThat(a.code()).as("the first applies it: %s", a).isZero();
    assertThat(b.code()).as("the second finds it done, or the run lock held: %s", b).isIn(0, 4);
    assertThat(state(db, "faults")).isEqualTo("swapped");
    assertThat(db.queryValue("select count(*) from viewswap.phase_run where phase = 'swap'"))
        .as("applied once")
        .isEqualTo(1L);
    assertThat(List.of(a.err(), b.err())).allSatisfy(e -> assertThat(e).doesNotContain("\tat "));
  }
}
