package io.viewswap.execute;

import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.render.SqlTemplates;
import io.viewswap.text.VisibleText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * After a phase committed: the WAL position its commit is behind, and how far each standby has
 * replayed, reported; with a wait, polled until every standby this role can see has replayed the
 * phase or the wait is over, saying every two seconds who is still short, and then how long each
 * took (a hot standby whose query holds the table replays the phase's lock only when the query ends
 * or max_standby_streaming_delay cancels it: the primary's "lock held" says nothing of that). Hot
 * standbys replay the phase's locks and see the new names only then, so a rollout that reads from
 * standbys (or the next phase) can wait for them. Best effort: a committed phase never fails here.
 */
public final class StandbyReplay {
  private static final String QUERY = SqlTemplates.load("execute/standby-replay.sql");
  private static final String WAL_POSITION = SqlTemplates.load("execute/wal-position.sql");
  private static final Duration POLL = Duration.ofMillis(100);

  /** How often a long wait says where the standbys are. */
  private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

  private record Position(String name, String replayed, long behind) {}

  private StandbyReplay() {}

  public static void after(
      Connection c, Duration wait, Clock clock, Sleeper sleeper, ProgressListener progress) {
    try {
      c.setAutoCommit(true);
      String commit;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(WAL_POSITION)) {
        rs.next();
        commit = rs.getString(1);
      }
      if (commit == null) {
        return;
      }
      Instant start = clock.instant();
      Instant deadline = start.plus(wait);
      Instant nextReport = start.plus(REPORT_EVERY);
      Map<String, Long> replayedAfter = new HashMap<>();
      List<Position> now = positions(c, commit);
      note(now, replayedAfter, start, clock);
      while (!now.isEmpty()
          && now.stream().anyMatch(p -> p.behind() > 0)
          && clock.instant().isBefore(deadline)) {
        sleeper.sleep(POLL);
        now = positions(c, commit);
        note(now, replayedAfter, start, clock);
        if (!clock.instant().isBefore(nextReport)) {
          nextReport = clock.instant().plus(REPORT_EVERY);
          progress.info(
              "waiting for the standbys to replay the phase ("
                  + Duration.between(start, clock.instant()).toMillis()
                  + " ms of "
                  + wait.toMillis()
                  + "): "
                  + now.stream()
                      .filter(p -> p.behind() > 0)
                      .map(p -> VisibleText.oneLine(p.name()) + " " + shortBy(p))
                      .collect(Collectors.joining("; ")));
        }
      }
      if (now.isEmpty()) {
        return;
      }
      List<String> parts = new ArrayList<>();
      for (Position p : now) {
        parts.add(
            VisibleText.oneLine(p.name())
                + (p.behind() <= 0
                    ? " replayed it in "
                        + replayedAfter.getOrDefault(p.name(), 0L)
                        + " ms (at "
                        + p.replayed()
                        + ")"
                    : " had replayed up to " + p.replayed() + ", " + shortBy(p)));
      }
      boolean all = now.stream().allMatch(p -> p.behind() <= 0);
      progress.info(
          "standbys: the phase committed before WAL "
              + commit
              + "; "
              + String.join("; ", parts)
              + (all
                  ? ""
                  : wait.isZero()
                      ? " (--wait-for-standbys waits for them)"
                      : " after waiting " + wait.toMillis() + " ms"));
    } catch (SQLException | RuntimeException e) {
      progress.info("standbys: could not read their replay position: " + e.getMessage());
    }
  }

  /** When each standby was first seen past the phase, in ms since the wait began. */
  private static void note(
      List<Position> now, Map<String, Long> replayedAfter, Instant start, Clock clock) {
    long ms = Duration.between(start, clock.instant()).toMillis();
    for (Position p : now) {
      if (p.behind() <= 0) {
        replayedAfter.putIfAbsent(p.name(), ms);
      }
    }
  }

  private static String shortBy(Position p) {
    return p.behind() == Long.MAX_VALUE ? "nothing replayed yet" : p.behind() + " bytes short";
  }

  private static List<Position> positions(Connection c, String commit) throws SQLException {
    List<Position> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(QUERY)) {
      ps.setString(1, commit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long behind = rs.getObject(3) == null ? Long.MAX_VALUE : rs.getLong(3);
          out.add(
              new Position(
                  rs.getString(1) == null ? "" : rs.getString(1),
                  rs.getString(2) == null ? "(nothing)" : rs.getString(2),
                  behind));
        }
      }
    }
    return out;
  }
}
