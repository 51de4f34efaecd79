package io.viewswap.api;

import io.viewswap.spec.Identifiers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a drain window saw, and what it could not see.
 *
 * @param spec the spec's id
 * @param source {@code pg_stat_statements} or {@code pg_stat_activity}
 * @param window how long it watched
 * @param samples how many times it looked
 * @param seen examples of old-name traffic, first seen first; empty when the old names are drained
 * @param hidden what the statistics hid from the role drain ran as during the window: sessions
 *     whose statements read {@code <insufficient privilege>}, or statements of other roles that ran
 *     under pg_stat_statements' hidden text; {@link Hidden#NONE} when it saw everything
 */
public record DrainReport(
    String spec,
    String source,
    Duration window,
    int samples,
    List<OldTraffic> seen,
    Hidden hidden) {
  public DrainReport {
    seen = List.copyOf(seen);
    Objects.requireNonNull(hidden, "hidden");
  }

  /** A report of a window in which the role could read every statement. */
  public DrainReport(
      String spec, String source, Duration window, int samples, List<OldTraffic> seen) {
    this(spec, source, window, samples, seen, Hidden.NONE);
  }

  /**
   * What PostgreSQL's statistics hid from the role drain ran as.
   *
   * @param viewer the role drain ran as
   * @param count hidden sessions (pg_stat_activity) or hidden statement calls in the window
   *     (pg_stat_statements); 0 when nothing was hidden
   * @param roles the roles whose statements were hidden, by name
   */
  public record Hidden(String viewer, long count, List<String> roles) {
    public static final Hidden NONE = new Hidden("", 0, List.of());

    public Hidden {
      Objects.requireNonNull(viewer, "viewer");
      roles = List.copyOf(roles);
    }

    /**
     * The grant that lets {@code viewer} read every role's statements: pg_read_all_stats
     * (pg_monitor includes it).
     */
    public String grant() {
      return "GRANT pg_read_all_stats TO " + Identifiers.display(viewer);
    }
  }

  /** Whether old-name traffic still reaches the database ({@code viewswap drain} exits 8). */
  public boolean oldTrafficSeen() {
    return !seen.isEmpty();
  }

  /**
   * Whether statements ran that the role could not read: then an empty {@link #seen} proves
   * nothing, and drain refuses to call the names drained ({@code viewswap drain} exits 8, result
   * {@code blind}).
   */
  public boolean blind() {
    return hidden.count() > 0;
  }

  /** Drained: no old-name traffic, and nothing hidden that could have been some. */
  public boolean drained() {
    return !oldTrafficSeen() && !blind();
  }

  /**
   * {@code old_traffic}, {@code blind} or {@code drained}: the verdict a pipeline branches on (old
   * traffic wins when both hold, since it is certain).
   */
  public String result() {
    return oldTrafficSeen() ? "old_traffic" : blind() ? "blind" : "drained";
  }
}
