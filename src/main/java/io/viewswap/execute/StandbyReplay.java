package io.viewswap.execute;

import io.viewswap.api.ProgressListener;
import io.viewswap.api.Sleeper;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.VisibleText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * After a phase committed: the WAL position its commit is behind, and how far each standby has
 * replayed, reported; with a wait, polled until every standby this role can see has replayed the
 * phase or the wait is over. Hot standbys replay the phase's locks and see the new names only then,
 * so a rollout that reads from standbys (or the next phase) can wait for them. Best effort: a
 * committed phase never fails here.
 */
public final class StandbyReplay {
  private static final String QUERY = SqlTemplates.load("execute/standby-replay.sql");
  private static final String WAL_POSITION = SqlTemplates.load("execute/wal-position.sql");
  private static final Duration POLL = Duration.ofMillis(100);

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
      Instant deadline = clock.instant().plus(wait);
      List<Position> now = positions(c, commit);
      while (!now.isEmpty()
          && now.stream().anyMatch(p -> p.behind() > 0)
          && clock.instant().isBefore(deadline)) {
        sleeper.sleep(POLL);
        now = positions(c, commit);
      }
      if (now.isEmpty()) {
        return;
      }
      List<String> parts = new ArrayList<>();
      for (Position p : now) {
        parts.add(
            VisibleText.oneLine(p.name())
                + (p.behind() <= 0
                    ? " replayed it (at " + p.replayed() + ")"
                    : " had replayed up to " + p.replayed() + ", " + p.behind() + " bytes short"));
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
