package io.viewswap.api;

import io.viewswap.spec.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one unchecked exception of the API. It carries what the CLI needs to end a run: the error
 * code (and so the exit code), the SQLSTATE when PostgreSQL refused something, and the diagnostics
 * when the user's spec is at fault.
 */
public final class ViewSwapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String sqlState;
  private final transient List<Diagnostic> diagnostics;
  private final String hint;
  private final transient List<LockTimeout> lockTimeouts;

  public ViewSwapException(
      ErrorCode code, String message, String hint, String sqlState, Throwable cause) {
    this(code, message, hint, sqlState, cause, List.of());
  }

  /**
   * A run that gave up on a lock: every attempt's lock timeout, with the sessions seen in its way.
   */
  public ViewSwapException(
      ErrorCode code,
      String message,
      String hint,
      String sqlState,
      Throwable cause,
      List<LockTimeout> lockTimeouts) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
    this.sqlState = sqlState;
    this.hint = hint == null ? "" : hint;
    this.diagnostics = List.of();
    this.lockTimeouts = List.copyOf(lockTimeouts);
  }

  public ViewSwapException(ErrorCode code, String message, List<Diagnostic> diagnostics) {
    super(message);
    this.code = Objects.requireNonNull(code);
    this.sqlState = null;
    this.hint = "";
    this.diagnostics = List.copyOf(diagnostics);
    this.lockTimeouts = List.of();
  }

  public static ViewSwapException of(ErrorCode code, String message, String hint) {
    return new ViewSwapException(code, message, hint, null, null);
  }

  /**
   * The user asked for something that cannot be (an unknown phase, a malformed URL, a negative
   * count): exit 2. Thrown explicitly, so that an {@link IllegalArgumentException} from a bug is
   * reported as one (exit 1).
   */
  public static ViewSwapException usage(String message, String hint) {
    return of(ErrorCode.USAGE, message, hint);
  }

  /**
   * A spec refused for its findings of one severity: {@code spec <what> (N problems):} and each
   * diagnostic on its own line, with the exit code the severity leads to.
   */
  public static ViewSwapException refused(
      Severity severity, String what, List<Diagnostic> diagnostics) {
    String message =
        "spec "
            + what
            + " ("
            + diagnostics.size()
            + (diagnostics.size() == 1 ? " problem" : " problems")
            + "):"
            + System.lineSeparator()
            + diagnostics.stream()
                .map(Diagnostic::format)
                .collect(Collectors.joining(System.lineSeparator()));
    return new ViewSwapException(severity.refusal().orElseThrow(), message, diagnostics);
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  public String hint() {
    return hint;
  }

  /** For exit 5: each attempt that hit the lock timeout, in order; empty otherwise. */
  public List<LockTimeout> lockTimeouts() {
    return lockTimeouts == null ? List.of() : lockTimeouts;
  }

  /** For exit 5: the sessions last seen in the lock's way (of the latest attempt that saw any). */
  public List<Blocker> blockers() {
    return LockTimeout.lastSeen(lockTimeouts());
  }
}
