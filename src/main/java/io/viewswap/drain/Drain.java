package io.viewswap.drain;

import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.OldTraffic;
import io.viewswap.api.Sleeper;
import io.viewswap.spec.Spec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches one window for SQL that uses a spec's old names. With pg_stat_statements loaded it
 * compares call counts at the start and the end of the window (nothing is missed, however short the
 * statements); otherwise it samples pg_stat_activity every {@code interval}, which sees each
 * session's current or last statement.
 *
 * <p>A role sees only the statements of roles whose privileges it has, unless it has
 * pg_read_all_stats: other sessions' text reads {@code <insufficient privilege>}. Drain counts what
 * was hidden during the window ({@link DrainReport#hidden()}); a window with hidden statements and
 * no old-name traffic in sight is {@link DrainReport#blind() blind}, never drained.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *   DrainReport r = new Drain(Clock.systemUTC(), Sleeper.REAL, Duration.ofMillis(250))
 *       .watch(c, spec, Duration.ofSeconds(60), DrainProgress.NONE);
 *   if (r.oldTrafficSeen()) { ... }
 * }
 * }</pre>
 */
public final class Drain {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration interval;
  private final DrainQueries queries = new DrainQueries();

  /** SQLSTATE of pg_stat_statements created in the database but not in shared_preload_libraries. */
  private static final String NOT_LOADED = "55000";

  public Drain(Clock clock, Sleeper sleeper, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the sampling interval must be positive");
    }
    this.clock = clock;
    this.sleeper = sleeper;
    this.interval = interval;
  }

  /** Watches for {@code window}, reporting progress after each look. */
  public DrainReport watch(Connection c, Spec spec, Duration window, DrainProgress progress)
      throws SQLException {
    c.setAutoCommit(true);
    Viewer viewer = viewer(c);
    Optional<String> pgss = statementsSchema(c);
    // Hidden calls are counted over a span that encloses the visible one: read first, read last.
    Map<String, HiddenCount> hiddenBefore =
        pgss.isEmpty() ? Map.of() : hiddenStatements(c, viewer, pgss.get());
    Optional<Map<Long, Counted>> before =
        pgss.isEmpty() ? Optional.empty() : statementCounts(c, spec, pgss.get());
    if (before.isPresent()) {
      Instant end = clock.instant().plus(window);
      int samples = 0;
      // A bounded wait in steps, so that a long window still shows progress.
      for (long step = 0;
          step <= window.toMillis() / interval.toMillis() && clock.instant().isBefore(end);
          step++) {
        sleeper.sleep(min(interval, Duration.between(clock.instant(), end)));
        samples++;
        progress.watched(Duration.between(end.minus(window), clock.instant()), window, 0);
      }
      Map<Long, Counted> after = statementCounts(c, spec, pgss.get()).orElse(Map.of());
      Map<String, HiddenCount> hiddenAfter = hiddenStatements(c, viewer, pgss.get());
      List<OldTraffic> seen = new ArrayList<>();
      for (Map.Entry<Long, Counted> e : after.entrySet()) {
        long earlier =
            before.get().containsKey(e.getKey()) ? before.get().get(e.getKey()).calls : 0;
        long calls = e.getValue().calls - earlier;
        if (calls > 0) {
          seen.add(
              new OldTraffic(
                  "pg_stat_statements",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  e.getValue().query,
                  calls));
        }
      }
      return new DrainReport(
          spec.id(),
          "pg_stat_statements",
          window,
          samples + 2,
          seen,
          hiddenCalls(viewer, hiddenBefore, hiddenAfter));
    }
    return sampleActivity(c, spec, window, progress, viewer);
  }

  /** The role drain reads as, and whether it reads every role's statements. */
  private record Viewer(String name, boolean readsAll) {}

  private Viewer viewer(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.viewer())) {
      rs.next();
      return new Viewer(rs.getString("viewer"), rs.getBoolean("reads_all_stats"));
    }
  }

  /**
   * Per role, the hidden statements' entries and calls; nothing to read for a role that sees all.
   */
  private Map<String, HiddenCount> hiddenStatements(Connection c, Viewer viewer, String schema)
      throws SQLException {
    Map<String, HiddenCount> out = new LinkedHashMap<>();
    if (viewer.readsAll()) {
      return out;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.hiddenStatements(schema))) {
      while (rs.next()) {
        out.put(rs.getString("role"), new HiddenCount(rs.getLong("entries"), rs.getLong("calls")));
      }
    } catch (SQLException e) {
      // 55000: created but not loaded; drain then samples pg_stat_activity, which counts its own.
      if (!NOT_LOADED.equals(e.getSQLState())) {
        throw e;
      }
    }
    return out;
  }

  /**
   * Hidden statements that ran in the window: per role, the rise in calls (at least 1 when only its
   * entries changed, since an evicted entry can hide new calls).
   */
  private static DrainReport.Hidden hiddenCalls(
      Viewer viewer, Map<String, HiddenCount> before, Map<String, HiddenCount> after) {
    long count = 0;
    List<String> roles = new ArrayList<>();
    java.util.Set<String> all = new java.util.TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    for (String role : all) {
      HiddenCount b = before.getOrDefault(role, HiddenCount.NONE);
      HiddenCount a = after.getOrDefault(role, HiddenCount.NONE);
      if (!a.equals(b)) {
        count += Math.max(1, a.calls - b.calls);
        roles.add(role);
      }
    }
    return count == 0
        ? DrainReport.Hidden.NONE
        : new DrainReport.Hidden(viewer.name(), count, roles);
  }

  private DrainReport sampleActivity(
      Connection c, Spec spec, Duration window, DrainProgress progress, Viewer viewer)
      throws SQLException {
    String sql = queries.activity(spec);
    Map<Integer, String> hidden = new LinkedHashMap<>();
    Instant start = clock.instant();
    Instant end = start.plus(window);
    Map<String, OldTraffic> seen = new LinkedHashMap<>();
    int samples = 0;
    long maxSamples = window.toMillis() / interval.toMillis() + 1;
    while (samples < maxSamples) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          OldTraffic t =
              new OldTraffic(
                  "pg_stat_activity",
                  Optional.of(rs.getInt("pid")),
                  Optional.ofNullable(rs.getString("usename")),
                  Optional.ofNullable(rs.getString("application_name")),
                  Optional.ofNullable(rs.getString("state")),
                  rs.getString("query"),
                  0);
          seen.putIfAbsent(t.pid().orElse(0) + "\0" + t.query(), t);
        }
      }
      if (!viewer.readsAll()) {
        hiddenSessions(c, hidden);
      }
      samples++;
      progress.watched(Duration.between(start, clock.instant()), window, seen.size());
      Duration left = Duration.between(clock.instant(), end);
      if (left.isNegative() || left.isZero()) {
        break;
      }
      sleeper.sleep(min(interval, left));
    }
    DrainReport.Hidden blind =
        hidden.isEmpty()
            ? DrainReport.Hidden.NONE
            : new DrainReport.Hidden(
                viewer.name(),
                hidden.size(),
                new java.util.TreeSet<>(hidden.values()).stream().toList());
    return new DrainReport(
        spec.id(), "pg_stat_activity", window, samples, List.copyOf(seen.values()), blind);
  }

  /** Adds the sessions whose statements this look could not read: pid to role. */
  private void hiddenSessions(Connection c, Map<Integer, String> hidden) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(queries.hiddenSessions())) {
      ps.setString(1, DrainQueries.OWN_APPLICATION);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          hidden.putIfAbsent(rs.getInt("pid"), rs.getString("usename"));
        }
      }
    }
  }

  private record Counted(long calls, String query) {}

  /** One role's hidden statements: how many entries, and their calls so far. */
  private record HiddenCount(long entries, long calls) {
    static final HiddenCount NONE = new HiddenCount(0, 0);
  }

  /** The schema pg_stat_statements is installed in, if it is installed in this database. */
  private Optional<String> statementsSchema(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.statementsSchema())) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** Call counts per statement, or empty when pg_stat_statements is created but not loaded. */
  private Optional<Map<Long, Counted>> statementCounts(Connection c, Spec spec, String schema)
      throws SQLException {
    Map<Long, Counted> counts = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.statements(spec, schema))) {
      while (rs.next()) {
        counts.put(rs.getLong("queryid"), new Counted(rs.getLong("calls"), rs.getString("query")));
      }
    } catch (SQLException e) {
      // 55000: the extension is created but not in shared_preload_libraries, so it has no data to
      // give.
      if (NOT_LOADED.equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(counts);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
