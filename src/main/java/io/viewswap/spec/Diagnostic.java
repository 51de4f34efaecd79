package io.viewswap.spec;

import io.viewswap.text.VisibleText;
import java.util.Objects;

/**
 * One problem found in a spec, against its syntax or against the live catalog.
 *
 * @param file the spec file as the user named it
 * @param position where in the file; {@link Position#UNKNOWN} when the problem has no single place
 * @param message what is wrong, naming the object at fault
 * @param hint how to fix it, or empty
 */
public record Diagnostic(String file, Position position, String message, String hint) {
  public Diagnostic {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(message, "message");
    hint = hint == null ? "" : hint;
  }

  /**
   * {@code file:line:column: message} and, on the next line, the hint: the shape compilers use.
   * Message and hint often quote names from the catalog, so each stays one line with its control
   * and format characters made visible ({@link VisibleText}).
   */
  public String format() {
    StringBuilder sb = new StringBuilder(VisibleText.oneLine(file));
    if (position.known()) {
      sb.append(':').append(position.line()).append(':').append(position.column());
    }
    sb.append(": ").append(VisibleText.oneLine(message));
    if (!hint.isEmpty()) {
      sb.append(System.lineSeparator()).append("  hint: ").append(VisibleText.oneLine(hint));
    }
    return sb.toString();
  }
}
