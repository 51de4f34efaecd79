package io.viewswap.api;

import java.time.Duration;
import java.util.List;

/**
 * What a drain window saw.
 *
 * @param spec the spec's id
 * @param source {@code pg_stat_statements} or {@code pg_stat_activity}
 * @param window how long it watched
 * @param samples how many times it looked
 * @param seen examples of old-name traffic, first seen first; empty when the old names are drained
 */
public record DrainReport(
    String spec, String source, Duration window, int samples, List<OldTraffic> seen) {
  public DrainReport {
    seen = List.copyOf(seen);
  }

  /** Whether old-name traffic still reaches the database ({@code viewswap drain} exits 8). */
  public boolean oldTrafficSeen() {
    return !seen.isEmpty();
  }
}
