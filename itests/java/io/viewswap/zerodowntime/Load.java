package io.viewswap.zerodowntime;

import io.viewswap.zerodowntime.LoadClient.ClientReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the client threads of one test and names the phase the database is in, so each client can
 * count its transactions by phase. Closing it stops every client still running.
 */
public final class Load implements AutoCloseable {

  /**
   * Bound on every wait for a client: far above anything a healthy client needs on a loaded 2-core
   * box.
   */
  private static final long CLIENT_WAIT_MS = 15_000;

  private final List<LoadClient> clients = new ArrayList<>();
  private final List<ClientReport> finished = new ArrayList<>();
  private volatile String phase;

  public Load(String firstPhase) {
    this.phase = firstPhase;
  }

  /** Transactions starting from now on count for {@code phaseName}. */
  public void enter(String phaseName) {
    this.phase = phaseName;
  }

  public String phase() {
    return phase;
  }

  /** Starts clients and waits until each has committed once, so they are known to be running. */
  public List<LoadClient> start(List<LoadClient.Opener> openers, List<String> names)
      throws InterruptedException {
    List<LoadClient> started = new ArrayList<>();
    for (int i = 0; i < openers.size(); i++) {
      LoadClient c = new LoadClient(names.get(i), openers.get(i), this::phase);
      clients.add(c);
      started.add(c);
      c.start();
    }
    for (LoadClient c : started) {
      if (!c.awaitFirstCommit(CLIENT_WAIT_MS)) {
        throw new AssertionError(
            "client "
                + c.name()
                + " committed nothing within "
                + CLIENT_WAIT_MS
                + " ms of starting: "
                + c.report());
      }
    }
    return started;
  }

  /**
   * Keeps the load on for at least {@code d}, then until every running client has committed in the
   * current phase, so that each phase is really exercised by every client that spans it.
   */
  public void hold(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    long deadline = System.nanoTime() + Duration.ofMillis(CLIENT_WAIT_MS).toNanos();
    for (LoadClient c : running()) {
      while (c.commitsIn(phase) == 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "client "
                  + c.name()
                  + " committed nothing in phase "
                  + phase
                  + " within "
                  + CLIENT_WAIT_MS
                  + " ms: "
                  + c.report());
        }
        Thread.sleep(10);
      }
    }
  }

  /** Stops these clients (after their transaction in flight) and keeps their reports. */
  public void stop(List<LoadClient> these) throws InterruptedException {
    for (LoadClient c : these) {
      c.stop(CLIENT_WAIT_MS);
    }
    for (LoadClient c : these) {
      clients.remove(c);
      finished.add(c.report());
    }
  }

  /** Reports of every client, stopping those still running. */
  public List<ClientReport> reports() throws InterruptedException {
    stop(List.copyOf(clients));
    return List.copyOf(finished);
  }

  private List<LoadClient> running() {
    return List.copyOf(clients);
  }

  @Override
  public void close() throws InterruptedException {
    stop(List.copyOf(clients));
  }
}
