package io.viewswap.drain;

import io.viewswap.api.DrainProgress;
import io.viewswap.api.DrainReport;
import io.viewswap.api.OldTraffic;
import io.viewswap.api.Sleeper;
import io.viewswap.spec.Spec;
import java.sql.Connection;
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
    Optional<Map<Long, Counted>> before = statementCounts(c, spec);
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
      Map<Long, Counted> after = statementCounts(c, spec).orElse(Map.of());
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
      return new DrainReport(spec.id(), "pg_stat_statements", window, samples + 2, seen);
    }
    return sampleActivity(c, spec, window, progress);
  }

  private DrainReport sampleActivity(
      Connection c, Spec spec, Duration window, DrainProgress progress) throws SQLException {
    String sql = queries.activity(spec);
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
      samples++;
      progress.watched(Duration.between(start, clock.instant()), window, seen.size());
      Duration left = Duration.between(clock.instant(), end);
      if (left.isNegative() || left.isZero()) {
        break;
      }
      sleeper.sleep(min(interval, left));
    }
    return new DrainReport(
        spec.id(), "pg_stat_activity", window, samples, List.copyOf(seen.values()));
  }

  private record Counted(long calls, String query) {}

  /** Call counts per statement, or empty when pg_stat_statements is not installed or not loaded. */
  private Optional<Map<Long, Counted>> statementCounts(Connection c, Spec spec)
      throws SQLException {
    String schema;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.statementsSchema())) {
      if (!rs.next()) {
        return Optional.empty();
      }
      schema = rs.getString(1);
    }
    Map<Long, Counted> counts = new LinkedHashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(queries.statements(spec, schema))) {
      while (rs.next()) {
        counts.put(rs.getLong("queryid"), new Counted(rs.getLong("calls"), rs.getString("query")));
      }
    } catch (SQLException e) {
      // 55000: the extension is created but not in shared_preload_libraries, so it has no data to
      // give.
      if ("55000".equals(e.getSQLState())) {
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
