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
}
