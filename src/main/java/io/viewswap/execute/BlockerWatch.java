package io.viewswap.execute;

import io.viewswap.api.Blocker;
import io.viewswap.render.SqlTemplates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;

/**
 * Names the sessions in a lock's way. A statement waiting for a lock cannot ask anything itself,
 * and once {@code lock_timeout} cancels it nobody waits any more; so while an attempt runs, a
 * second connection samples {@code pg_blocking_pids()} of the waiting backend every quarter of the
 * lock timeout and keeps the last non-empty answer. The fast path pays nothing: an attempt that
 * commits before the first quarter is never sampled, and the second connection is opened only when
 * {@link #prepare()} is called or a sample is due.
 *
 * <p>Sampling is best effort: a probe that cannot connect or read {@code pg_stat_activity} reports
 * no blockers, and the run goes on exactly as without it.
 */
public final class BlockerWatch implements AutoCloseable {
  /** Opens the second connection (the run's DataSource). */
  @FunctionalInterface
  public interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /**
   * No second connection: attempts report no blockers (tests, and callers without a DataSource).
   */
  public static BlockerWatch none() {
    return new BlockerWatch(null);
  }

  private static final Duration MIN_PERIOD = Duration.ofMillis(5);

  /** The three settings the probe changes, as the lent connection had them. */
  private static final String SETTINGS_BEFORE =
      SqlTemplates.load("execute/probe-settings-read.sql");

  /** Sets the three, to the probe's values or back to what they were. */
  private static final String SET_SETTINGS = SqlTemplates.load("execute/probe-settings-set.sql");

  private static final List<String> PROBE_VALUES = List.of("viewswap blocker probe", "2s", "1s");

  private final ConnectionSource source;
  private final String query = SqlTemplates.load("execute/blockers.sql");
  private final ReentrantLock probeLock = new ReentrantLock();
  private ScheduledExecutorService executor;
  private Future<?> opening;
  private Connection probe;
  private List<String> probeWasSet = List.of();
  private boolean probeFailed;

  public BlockerWatch(ConnectionSource source) {
    this.source = source;
  }

  /**
   * Opens the second connection in the background now, so that even the first lock timeout can name
   * names.
   */
  public synchronized void prepare() {
    if (source != null && opening == null) {
      opening = executor().submit(this::probeConnection);
    }
  }

  /** Starts sampling for one attempt of {@code waiting}; {@link Sampling#stop()} ends it. */
  public synchronized Sampling watch(Connection waiting, Duration lockTimeout) {
    if (source == null) {
      return new Sampling(null);
    }
    int pid;
    try {
      pid = waiting.unwrap(PGConnection.class).getBackendPID();
    } catch (SQLException notPostgres) {
      return new Sampling(null);
    }
    long period = Math.max(MIN_PERIOD.toMillis(), lockTimeout.toMillis() / 4);
    Sampling s = new Sampling(this);
    s.future =
        executor()
            .scheduleWithFixedDelay(() -> s.sample(pid), period, period, TimeUnit.MILLISECONDS);
    return s;
  }

  /** One attempt's samples. */
  public static final class Sampling {
    private final BlockerWatch watch;
    private final ReentrantLock sampling = new ReentrantLock();
    private volatile ScheduledFuture<?> future;
    private volatile boolean stopped;
    private List<Blocker> last = List.of();

    private Sampling(BlockerWatch watch) {
      this.watch = watch;
    }

    private void sample(int pid) {
      sampling.lock();
      try {
        if (stopped) {
          return;
        }
        List<Blocker> seen = watch.blockersOf(pid);
        if (!seen.isEmpty()) {
          last = seen;
        }
      } finally {
        sampling.unlock();
      }
    }

    /** Ends the sampling (waiting for a sample in flight) and returns the last blockers seen. */
    public List<Blocker> stop() {
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      sampling.lock();
      try {
        stopped = true;
        return last;
      } finally {
        sampling.unlock();
      }
    }
  }

  private List<Blocker> blockersOf(int pid) {
    Connection c = probeConnection();
    if (c == null) {
      return List.of();
    }
    probeLock.lock();
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setInt(1, pid);
      List<Blocker> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Blocker(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  Optional.ofNullable((Long) rs.getObject(6)),
                  Optional.ofNullable(rs.getObject(7, OffsetDateTime.class)),
                  rs.getString(8)));
        }
      }
      return out;
    } catch (SQLException | RuntimeException e) {
      return List.of(); // best effort: the run must not fail because its diagnosis did
    } finally {
      probeLock.unlock();
    }
  }

  private Connection probeConnection() {
    probeLock.lock();
    try {
      if (probe == null && !probeFailed) {
        try {
          Connection c = source.open();
          c.setAutoCommit(true);
          // The connection may be lent by the caller's pool: note its settings, to give them back.
          List<String> before = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(SETTINGS_BEFORE)) {
            rs.next();
            for (int i = 1; i <= 3; i++) {
              before.add(rs.getString(i));
            }
          }
          settings(c, PROBE_VALUES);
          probeWasSet = List.copyOf(before);
          probe = c;
        } catch (SQLException | RuntimeException e) {
          probeFailed = true;
        }
      }
      return probe;
    } finally {
      probeLock.unlock();
    }
  }

  private static void settings(Connection c, List<String> values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SET_SETTINGS)) {
      for (int i = 0; i < 3; i++) {
        ps.setString(i + 1, values.get(i));
      }
      ps.executeQuery().close();
    }
  }

  private synchronized ScheduledExecutorService executor() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "viewswap-blocker-watch");
                t.setDaemon(true);
                return t;
              });
    }
    return executor;
  }

  @Override
  public synchronized void close() {
    ExecutorService e = executor;
    if (e != null) {
      e.shutdownNow();
      try {
        e.awaitTermination(3, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    probeLock.lock();
    try {
      if (probe != null) {
        try {
          settings(probe, probeWasSet);
        } catch (SQLException broken) {
          // a broken connection: the pool finds it broken, and its settings went with the session
        }
        probe.close();
      }
    } catch (SQLException ignored) {
      // closing a probe that already broke: nothing left to release
    } finally {
      probe = null;
      probeLock.unlock();
    }
  }
}
