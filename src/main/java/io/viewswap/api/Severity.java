package io.viewswap.check;

/** How bad a finding is, and so which exit code it leads to. */
public enum Severity {
  /** The spec does not fit the database (a missing table, a taken name): exit 3. */
  ERROR,
  /** The rename would break something or widen access: exit 8, nothing is changed. */
  BLOCKER,
  /** Worth knowing; nothing is refused. */
  WARNING
}
