package io.viewswap.api;

import io.viewswap.spec.Diagnostic;
import java.util.Objects;

/**
 * One result of a check.
 *
 * @param severity how bad
 * @param code a stable short name, e.g. {@code missing-column}, for scripts that read the JSON: the
 *     label of a {@link FindingCode}
 * @param diagnostic the message, its place in the spec and the hint
 */
public record Finding(Severity severity, String code, Diagnostic diagnostic) {
  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(diagnostic, "diagnostic");
    FindingCode.of(code); // one of the closed set
  }

  public Finding(Severity severity, FindingCode code, Diagnostic diagnostic) {
    this(severity, code.label(), diagnostic);
  }
}
