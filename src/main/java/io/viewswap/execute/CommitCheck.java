package io.viewswap.execute;

import io.viewswap.api.PhasePlan;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.Sleeper;
import io.viewswap.api.State;
import io.viewswap.render.SqlTemplates;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What became of a phase whose connection was lost. A connection that breaks before COMMIT's answer
 * arrives leaves the client unable to tell a phase that committed (the answer was lost) from one
 * the server rolled back; the state row, written in the phase's own transaction, tells. It is read
 * on a new connection once the lost session is gone ({@code execute/lost-session.sql} ends it:
 * until then its transaction may still be open, and its fate not yet decided).
 */
final class CommitCheck {
  private static final String LOST_SESSION = SqlTemplates.load("execute/lost-session.sql");
  private static final Duration POLL = Duration.ofMillis(50);

  /** The answer. */
  sealed interface Verdict {}

  /** The phase committed; {@code run} is its history row when it could be read. */
  record Committed(Optional<PhaseRunRecord> run) implements Verdict {}

  /** The phase did not commit: the state row is where it was. */
  record NotCommitted(State state) implements Verdict {}

  /** Could not find out, and why. */
  record Unknown(String why) implements Verdict {}

  private CommitCheck() {}

  /**
   * @param pid the backend of the lost connection
   * @param patience how long to wait for the lost session to end when it cannot be ended
   */
  static Verdict resolve(
      BlockerWatch.ConnectionSource source,
      int pid,
      PhasePlan plan,
      String specId,
      Instant firstStart,
      Duration patience,
      Clock clock,
      Sleeper sleeper) {
    if (source == null) {
      return new Unknown("no way to open a second connection");
    }
    try (Connection c = PinnedSearchPath.pin(source.open())) {
      c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, patience.toMillis()));
      boolean end = true;
      Instant deadline = clock.instant().plus(patience);
      while (lostSessionAlive(c, pid, end)) {
        end = false; // one attempt: a role that may not end it waits for its idle timeout
        if (clock.instant().isAfter(deadline)) {
          return new Unknown(
              "the lost session (pid "
                  + pid
                  + ") was still there after "
                  + patience.toSeconds()
                  + "s");
        }
        sleeper.sleep(POLL);
      }
      StateStore store = new StateStore();
      State now = store.state(c, specId).map(SpecStateRecord::state).orElse(State.PLANNED);
      if (now == plan.to()) {
        List<PhaseRunRecord> history = store.history(c, specId);
        Optional<PhaseRunRecord> last =
            history.isEmpty()
                ? Optional.empty()
                : Optional.of(history.get(history.size() - 1))
                    .filter(r -> r.phase().equals(plan.phase().label()))
                    .filter(r -> r.direction().equals(plan.direction().label()));
        return new Committed(last);
      }
      if (now == plan.from()) {
        return new NotCommitted(now);
      }
      return new Unknown("the spec is now " + now.label() + ", so another run moved it");
    } catch (SQLException e) {
      return new Unknown("reconnecting failed: " + SqlStates.message(e));
    } catch (RuntimeException e) {
      // the state schema refused as untrusted, or the like: say so, the phase's fate stays open
      return new Unknown("reading the state failed: " + e.getMessage());
    }
  }

  private static boolean lostSessionAlive(Connection c, int pid, boolean end) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(SqlTemplates.fill(LOST_SESSION, end ? "true" : "false"))) {
      ps.setInt(1, pid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      if (end && "42501".equals(e.getSQLState())) {
        return lostSessionAlive(c, pid, false); // not allowed to end it: wait for it
      }
      throw e;
    }
  }
}
