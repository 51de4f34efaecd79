package io.viewswap.api;

import io.viewswap.text.VisibleText;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A session that held (or queued ahead for) a lock viewswap's statement was waiting for, as {@code
 * pg_blocking_pids()} and {@code pg_stat_activity} showed it while the statement waited. Nothing
 * secret is in here: {@code pg_stat_activity} has no passwords, and a role without {@code
 * pg_read_all_stats} sees {@code <insufficient privilege>} instead of other roles' queries.
 *
 * @param pid the blocking backend
 * @param user its role, if visible
 * @param applicationName its {@code application_name}, empty when unset
 * @param client its client address, empty for a Unix socket or when not visible
 * @param state {@code active}, {@code idle in transaction}, ...
 * @param transactionAgeMs how long its transaction had been open when seen
 * @param queryStart when its current (or last) query began
 * @param query the first line of that query
 */
public record Blocker(
    int pid,
    String user,
    String applicationName,
    String client,
    String state,
    Optional<Long> transactionAgeMs,
    Optional<OffsetDateTime> queryStart,
    String query) {
  public Blocker {
    // Role and application names are chosen by whoever holds the lock: shown, never obeyed.
    user = firstLine(user);
    applicationName = firstLine(applicationName);
    client = client == null ? "" : client;
    state = state == null ? "" : state;
    query = firstLine(query);
  }

  /**
   * Only the first line, with control, format (bidi) and separator characters made visible, so a
   * report stays one line per blocker and no terminal escape reaches the screen.
   */
  static String firstLine(String query) {
    if (query == null) {
      return "";
    }
    String s = query.strip();
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl).stripTrailing() + " ...";
    }
    return VisibleText.oneLine(s);
  }

  /**
   * One line for people: {@code pid 4711 (user app, application "billing", client 10.0.0.7, idle in
   * transaction for 12.3 s, query since 2026-12-02T03:01:02Z): select ...}.
   */
  public String describe() {
    StringBuilder b = new StringBuilder("pid ").append(pid).append(" (");
    b.append("user ").append(user.isEmpty() ? "?" : user);
    if (!applicationName.isEmpty()) {
      b.append(", application \"").append(applicationName).append('"');
    }
    if (!client.isEmpty()) {
      b.append(", client ").append(client);
    }
    if (!state.isEmpty()) {
      b.append(", ").append(state);
    }
    transactionAgeMs.ifPresent(ms -> b.append(", transaction open ").append(seconds(ms)));
    queryStart.ifPresent(t -> b.append(", query since ").append(t.toInstant()));
    b.append(')');
    if (!query.isEmpty()) {
      b.append(": ").append(query);
    }
    return b.toString();
  }

  private static String seconds(long ms) {
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
