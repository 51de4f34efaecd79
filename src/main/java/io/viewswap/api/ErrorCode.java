package io.viewswap.api;

/** Every way a run can end badly, each with the exit code the design promises. */
public enum ErrorCode {
  INTERNAL(1),
  USAGE(2),
  SPEC_INVALID(3),
  STATE_CONFLICT(4),
  LOCK_NOT_ACQUIRED(5),
  SQL_FAILED(6),
  CONNECTION(7),
  BLOCKED(8),
  /** A fleet run: some targets failed, every other one finished (each failure is listed). */
  TARGETS_FAILED(9);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
