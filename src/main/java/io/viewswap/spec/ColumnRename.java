package io.viewswap.spec;

import java.util.Objects;

/**
 * One column's new name.
 *
 * @param from the column's current name
 * @param to its new name
 * @param position where {@code from} stands in the spec file
 */
public record ColumnRename(String from, String to, Position position) {
  public ColumnRename {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(position, "position");
  }
}
