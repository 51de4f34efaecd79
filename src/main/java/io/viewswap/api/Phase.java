package io.viewswap.api;

import java.util.Arrays;
import java.util.Locale;

/** The three phases. Each moves one state forward; its rollback moves one state back. */
public enum Phase {
  EXPAND(State.PLANNED, State.EXPANDED, "01"),
  SWAP(State.EXPANDED, State.SWAPPED, "02"),
  CONTRACT(State.SWAPPED, State.CONTRACTED, "03");

  private final State before;
  private final State after;
  private final String ordinal;

  Phase(State before, State after, String ordinal) {
    this.before = before;
    this.after = after;
    this.ordinal = ordinal;
  }

  /** The state the phase starts from (and its rollback ends in). */
  public State before() {
    return before;
  }

  /** The state the phase ends in (and its rollback starts from). */
  public State after() {
    return after;
  }

  /** Two digits that order exported scripts: 01, 02, 03. */
  public String ordinalLabel() {
    return ordinal;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Phase parse(String text) {
    for (Phase p : values()) {
      if (p.label().equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw ViewSwapException.usage(
        "unknown phase \""
            + text
            + "\"; expected "
            + Choices.either(Arrays.stream(values()).map(Phase::label).toList()),
        "");
  }
}
