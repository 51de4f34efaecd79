package io.viewswap.zerodowntime;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One client: a thread that opens its session, then runs one transaction after another until
 * stopped. Every failure is counted (and the first few kept, with SQLSTATE), the session rolled
 * back and the loop goes on, so a report shows every error rather than the first.
 */
public final class LoadClient {

  /** What one client does; opened and used on the client's own thread. */
  public interface Session extends AutoCloseable {
    /** Runs and commits one transaction. */
    void transaction() throws Exception;

    /** Puts the session back into a usable state after a failed transaction (rollback). */
    void recover() throws Exception;
  }

  /** Opens a session; it may fail, which counts as an error like any failed transaction. */
  @FunctionalInterface
  public interface Opener {
    Session open() throws Exception;
  }

  private static final int SAMPLES = 8;

  private final String name;
  private final Opener opener;
  private final Supplier<String> phase;
  private final Thread thread;
  private final CountDownLatch firstCommit = new CountDownLatch(1);
  private final Map<String, LongAdder> commitsByPhase = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> worstNanosByPhase = new ConcurrentHashMap<>();
  private final LongAdder errors = new LongAdder();
  private final List<String> errorSamples = new ArrayList<>();
  private volatile boolean stopping;

  LoadClient(String name, Opener opener, Supplier<String> phase) {
    this.name = name;
    this.opener = opener;
    this.phase = phase;
    this.thread = new Thread(this::loop, "load-" + name);
    this.thread.setDaemon(true);
  }

  public String name() {
    return name;
  }

  void start() {
    thread.start();
  }

  /** Waits (bounded) for the first committed transaction, so the client is known to be running. */
  boolean awaitFirstCommit(long timeoutMs) throws InterruptedException {
    return firstCommit.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  long commitsIn(String phaseName) {
    LongAdder a = commitsByPhase.get(phaseName);
    return a == null ? 0 : a.sum();
  }

  /**
   * Asks the loop to stop after the transaction in flight and waits for it; false if it did not
   * stop.
   */
  boolean stop(long timeoutMs) throws InterruptedException {
    stopping = true;
    thread.join(timeoutMs);
    return !thread.isAlive();
  }

  ClientReport report() {
    Map<String, Long> commits = new LinkedHashMap<>();
    commitsByPhase.forEach((p, n) -> commits.put(p, n.sum()));
    Map<String, Long> worst = new LinkedHashMap<>();
    worstNanosByPhase.forEach((p, n) -> worst.put(p, TimeUnit.NANOSECONDS.toMillis(n.get())));
    synchronized (errorSamples) {
      return new ClientReport(
          name, commits, errors.sum(), List.copyOf(errorSamples), worst, thread.isAlive());
    }
  }

  private void loop() {
    Session session = null;
    while (!stopping) {
      long start = System.nanoTime();
      // The phase the transaction started in: a transaction stalled by a phase counts against that
      // phase.
      String startPhase = phase.get();
      try {
        if (session == null) {
          session = opener.open();
        }
        session.transaction();
        long nanos = System.nanoTime() - start;
        commitsByPhase.computeIfAbsent(startPhase, p -> new LongAdder()).increment();
        worstNanosByPhase
            .computeIfAbsent(startPhase, p -> new AtomicLong())
            .accumulateAndGet(nanos, Math::max);
        firstCommit.countDown();
      } catch (Exception e) {
        record(startPhase, e);
        session = recover(session);
      }
    }
    close(session);
  }

  private void record(String phaseName, Exception e) {
    errors.increment();
    synchronized (errorSamples) {
      if (errorSamples.size() < SAMPLES) {
        errorSamples.add("[" + phaseName + "] " + describe(e));
      }
    }
  }

  /**
   * Rolls back; a session that cannot even do that is dropped and reopened by the next iteration.
   */
  private Session recover(Session session) {
    if (session == null) {
      return null;
    }
    try {
      session.recover();
      return session;
    } catch (Exception e) {
      close(session);
      return null;
    }
  }

  private static void close(Session session) {
    if (session != null) {
      try {
        session.close();
      } catch (Exception ignored) {
        // the load is over; the database is dropped after the test anyway
      }
    }
  }

  /**
   * The exception with the SQLSTATE of the first SQLException in its cause chain, for the report.
   */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql.getSQLState() + " " + sql.getMessage();
      }
    }
    return e.toString();
  }

  /**
   * What a client saw.
   *
   * @param name the client
   * @param commitsByPhase committed transactions, by the phase each started in
   * @param errors failed transactions (and failed connection attempts)
   * @param errorSamples the first few errors with their phase and SQLSTATE
   * @param worstLatencyMsByPhase the longest committed transaction, by the phase it started in
   * @param stuck the thread did not stop when asked
   */
  public record ClientReport(
      String name,
      Map<String, Long> commitsByPhase,
      long errors,
      List<String> errorSamples,
      Map<String, Long> worstLatencyMsByPhase,
      boolean stuck) {

    public long commits() {
      return commitsByPhase.values().stream().mapToLong(Long::longValue).sum();
    }

    public long worstLatencyMs() {
      return worstLatencyMsByPhase.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }
}
