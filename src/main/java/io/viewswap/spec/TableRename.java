package io.viewswap.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happens to one table: an optional new name in the same schema, and any number of column
 * renames.
 *
 * @param table the table as it is named before the rename
 * @param newName the table's new name, or empty when only columns are renamed
 * @param columns column renames in the order the spec lists them
 * @param position where the {@code table:} value stands in the spec file
 * @param newNamePosition where the {@code to:} value stands, or {@link Position#UNKNOWN}
 */
public record TableRename(
    QualifiedName table,
    Optional<String> newName,
    List<ColumnRename> columns,
    Position position,
    Position newNamePosition) {
  public TableRename {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(newName, "newName");
    columns = List.copyOf(columns);
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(newNamePosition, "newNamePosition");
  }

  /**
   * The table's name once the rename is done: the new name, or the old one when only columns
   * change.
   */
  public QualifiedName renamedTable() {
    return newName.map(table::withName).orElse(table);
  }

  public boolean renamesTable() {
    return newName.isPresent();
  }

  /** The column's name after the rename: its new name when the spec renames it, else unchanged. */
  public String newColumnName(String column) {
    for (ColumnRename c : columns) {
      if (c.from().equals(column)) {
        return c.to();
      }
    }
    return column;
  }

  /** The column's name before the rename, given its name after it. */
  public String oldColumnName(String column) {
    for (ColumnRename c : columns) {
      if (c.to().equals(column)) {
        return c.from();
      }
    }
    return column;
  }
}
