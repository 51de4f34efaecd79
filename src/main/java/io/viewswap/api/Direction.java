package io.viewswap.api;

import java.util.Locale;

/** Whether a phase is applied or rolled back. */
public enum Direction {
  FORWARD,
  ROLLBACK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public State from(Phase phase) {
    return this == FORWARD ? phase.before() : phase.after();
  }

  public State to(Phase phase) {
    return this == FORWARD ? phase.after() : phase.before();
  }

  /**
   * Whether {@code state} is already beyond {@code to} in this direction (swapped, when expanding):
   * a fleet resumes a phase after later phases ran on some targets, and such a target counts as
   * done, never as out of order.
   */
  public boolean past(State state, State to) {
    return this == FORWARD ? state.compareTo(to) > 0 : state.compareTo(to) < 0;
  }
}
