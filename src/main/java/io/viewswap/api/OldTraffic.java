package io.viewswap.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One example of old-name traffic.
 *
 * @param source {@code pg_stat_activity} (a session) or {@code pg_stat_statements} (a normalised
 *     statement)
 * @param pid the session's backend pid, for pg_stat_activity
 * @param user the role, for pg_stat_activity
 * @param application the session's application_name, for pg_stat_activity
 * @param state active, idle, idle in transaction..., for pg_stat_activity
 * @param query the statement text (the session's current or last one)
 * @param calls how many times the statement ran during the window, for pg_stat_statements; else 0
 */
public record OldTraffic(
    String source,
    Optional<Integer> pid,
    Optional<String> user,
    Optional<String> application,
    Optional<String> state,
    String query,
    long calls) {
  public OldTraffic {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(query, "query");
  }
}
