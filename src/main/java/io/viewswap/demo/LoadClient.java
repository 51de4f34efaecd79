package io.viewswap.demo;

import io.viewswap.execute.SqlStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One application release hammering the database on its own thread: short transactions of a SELECT
 * by random id, an UPDATE and an INSERT, through statements prepared once per connection. Errors
 * are counted, a few kept, and the loop goes on (on a new connection if the old one broke), because
 * the demo's point is the count.
 */
final class LoadClient {
  private static final int KEPT_ERRORS = 5;

  /** Keeps a client whose every transaction fails from spinning a core. */
  private static final long ERROR_PAUSE_MS = 20;

  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final AppVersion app;
  private final DataSource dataSource;
  private final int seedRows;
  private final SplittableRandom random;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<String> firstErrors = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * @param dataSource connections as the application role, with server-side prepared statements
   * @param seedRows ids 1..seedRows exist before the demo starts
   */
  LoadClient(AppVersion app, DataSource dataSource, int seedRows, long seed) {
    this.app = app;
    this.dataSource = dataSource;
    this.seedRows = seedRows;
    this.random = new SplittableRandom(seed);
    this.thread = new Thread(this::loop, "viewswap-demo-" + app.label());
    // Never keeps the JVM alive: on Ctrl-C the demo's shutdown hook stops it before the server
    // goes.
    this.thread.setDaemon(true);
  }

  AppVersion app() {
    return app;
  }

  void start() {
    thread.start();
  }

  /**
   * Asks the loop to finish its transaction and waits for it (bounded by the connection's socket
   * timeout).
   */
  void stop() throws InterruptedException {
    stopping = true;
    thread.join(STOP_WAIT.toMillis());
  }

  boolean running() {
    return thread.isAlive();
  }

  ClientStats stats() {
    synchronized (firstErrors) {
      return new ClientStats(app.label(), transactions.get(), errors.get(), firstErrors);
    }
  }

  private void loop() {
    long n = 0;
    while (!stopping) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement select = c.prepareStatement(app.select());
          PreparedStatement update = c.prepareStatement(app.update());
          PreparedStatement insert = c.prepareStatement(app.insert())) {
        c.setAutoCommit(false);
        while (!stopping) {
          n++;
          try {
            transaction(select, update, insert, n);
            c.commit();
            transactions.incrementAndGet();
          } catch (SQLException e) {
            if (stopping) {
              return;
            }
            record(e);
            rollbackQuietly(c);
            if (c.isClosed() || !c.isValid(2)) {
              break; // reconnect
            }
            pause();
          }
        }
      } catch (SQLException e) {
        if (stopping) {
          return;
        }
        record(e);
        pause();
      }
    }
  }

  private void transaction(
      PreparedStatement select, PreparedStatement update, PreparedStatement insert, long n)
      throws SQLException {
    long id = random.nextLong(1, seedRows + 1L);
    select.setLong(1, id);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rs.getString(app.nameColumn());
      }
    }
    update.setString(1, "Customer " + id + " (" + app.label() + " #" + n + ")");
    update.setLong(2, id);
    update.executeUpdate();
    insert.setString(1, "Signed up via " + app.label() + " #" + n);
    insert.setString(2, app.label() + "-" + n + "@example.com");
    try (ResultSet rs = insert.executeQuery()) {
      rs.next();
    }
  }

  private void record(SQLException e) {
    errors.incrementAndGet();
    synchronized (firstErrors) {
      if (firstErrors.size() < KEPT_ERRORS) {
        String message =
            e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        String state = SqlStates.of(e);
        firstErrors.add((state.isEmpty() ? "no SQLSTATE" : state) + " " + message);
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the caller checks and reconnects
    }
  }

  private void pause() {
    try {
      Thread.sleep(ERROR_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
