package io.viewswap.api;

import io.viewswap.spec.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception of the API. It carries what the CLI needs to end a run: the error code (and so the
 * exit code), the SQLSTATE when PostgreSQL refused something, and the diagnostics when the user's spec is at fault.
 */
public final class ViewSwapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String sqlState;
  private final transient List<Diagnostic> diagnostics;
  private final String hint;

  public ViewSwapException(ErrorCode code, String message, String hint, String sqlState, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code);
    this.sqlState = sqlState;
    this.hint = hint == null ? "" : hint;
    this.diagnostics = List.of();
  }

  public ViewSwapException(ErrorCode code, String message, List<Diagnostic> diagnostics) {
    super(message);
    this.code = Objects.requireNonNull(code);
    this.sqlState = null;
    this.hint = "";
    this.diagnostics = List.copyOf(diagnostics);
  }

  public static ViewSwapException of(ErrorCode code, String message, String hint) {
    return new ViewSwapException(code, message, hint, null, null);
  }

  /**
   * The user asked for something that cannot be (an unknown phase, a malformed URL, a negative count): exit 2.
   * Thrown explicitly, so that an {@link IllegalArgumentException} from a bug is reported as one (exit 1).
   */
  public static ViewSwapException usage(String message, String hint) {
    return of(ErrorCode.USAGE, message, hint);
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
}
