package io.viewswap.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Every way a run can end badly, each with the exit code the design promises and what that code
 * means in one line. The CLI's {@code --help} lists {@link #summaries()}; README.md and
 * docs/threat-model.md list the same codes with the same summaries ({@code ExitCodeDocsTest}).
 */
public enum ErrorCode {
  INTERNAL(1, "internal error (a bug: please report it)"),
  USAGE(2, "usage"),
  SPEC_INVALID(3, "spec invalid (syntax, or it does not fit the database)"),
  STATE_CONFLICT(4, "state conflict (phase out of order, spec changed, run lock held)"),
  LOCK_NOT_ACQUIRED(5, "lock not acquired after the retries"),
  SQL_FAILED(6, "other SQL failure (SQLSTATE printed)"),
  CONNECTION(7, "cannot connect"),
  /**
   * Refused, nothing changed: blockers found, a state schema that cannot be trusted, or old-name
   * traffic seen by drain.
   */
  BLOCKED(
      8,
      "blockers found (nothing changed), a viewswap state schema that cannot be trusted, or"
          + " old-name traffic seen by drain (or hidden from it)"),
  /** A fleet run: some targets failed, every other one finished (each failure is listed). */
  TARGETS_FAILED(
      9, "fleet: some targets failed, every other one finished (failures listed; run again)");

  /** What exit 0 means; it is no error, so it has no constant, but every list starts with it. */
  public static final String OK = "ok";

  private final int exitCode;
  private final String summary;

  ErrorCode(int exitCode, String summary) {
    this.exitCode = exitCode;
    this.summary = summary;
  }

  public int exitCode() {
    return exitCode;
  }

  /** What the exit code means, in one line, as the help and the docs list it. */
  public String summary() {
    return summary;
  }

  /** Every exit code with its summary, 0 first: {@code 0 ok}, {@code 1 internal error ...}. */
  public static List<String> summaries() {
    return Stream.concat(
            Stream.of("0 " + OK),
            Arrays.stream(values())
                .map(e -> String.format(Locale.ROOT, "%d %s", e.exitCode, e.summary)))
        .toList();
  }
}
