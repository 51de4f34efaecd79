package io.viewswap.api;

import java.util.Locale;

/** Where a spec stands in the lifecycle; stored in the database, one row per spec. */
public enum State {
  PLANNED,
  EXPANDED,
  SWAPPED,
  CONTRACTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static State parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }

  /** Whether the table still carries its old names in this state. */
  public boolean tableHasOldNames() {
    return this == PLANNED || this == EXPANDED;
  }
}
