package io.viewswap.spec;

/**
 * A place in the spec file, 1-based, as an editor shows it. {@link #UNKNOWN} where no file backs
 * the value.
 */
public record Position(int line, int column) {
  public static final Position UNKNOWN = new Position(0, 0);

  public boolean known() {
    return line > 0;
  }
}
