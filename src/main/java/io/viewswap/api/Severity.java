package io.viewswap.api;

import java.util.Optional;

/** How bad a finding is, and so which exit code it leads to: the one place that decides it. */
public enum Severity {
  /** The spec does not fit the database (a missing table, a taken name): exit 3. */
  ERROR(ErrorCode.SPEC_INVALID),
  /** The rename would break something or widen access: exit 8, nothing is changed. */
  BLOCKER(ErrorCode.BLOCKED),
  /** Worth knowing; nothing is refused. */
  WARNING(null),
  /**
   * A blocker the spec accepts by name ({@code accept:}), with its reason: shown every time, never
   * refuses.
   */
  ACCEPTED(null);

  private final ErrorCode refusal;

  Severity(ErrorCode refusal) {
    this.refusal = refusal;
  }

  /** The error a finding of this severity ends a run with, or empty when it refuses nothing. */
  public Optional<ErrorCode> refusal() {
    return Optional.ofNullable(refusal);
  }
}
