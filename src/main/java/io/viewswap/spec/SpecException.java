package io.viewswap.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be read: every problem found, each with its file, line and column. */
public final class SpecException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<Diagnostic> diagnostics;

  public SpecException(List<Diagnostic> diagnostics) {
    super(
        diagnostics.stream()
            .map(Diagnostic::format)
            .collect(Collectors.joining(System.lineSeparator())));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
