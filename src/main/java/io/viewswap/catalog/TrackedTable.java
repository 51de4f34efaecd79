package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.Optional;

/**
 * A spec's table that an extension records in one of its configuration tables (those it registers
 * with {@code pg_extension_config_dump}, listed in {@code pg_extension.extconfig}): the extension's
 * code (C, or its own functions) finds the table and its columns through that row, where viewswap
 * cannot follow it. periods records a system-versioned table and its history table so; its C
 * trigger on the one copies rows into the other by row type.
 *
 * @param extension the extension's name
 * @param configTable the configuration table
 * @param column the column whose value names the table, or {@link #UNREADABLE} when the connected
 *     role may not read {@code configTable}
 * @param value the value as text (an oid, a name; or the table's schema, see {@link #keepsSchema})
 * @param table the spec's table it names; empty when unreadable
 */
public record TrackedTable(
    String extension,
    QualifiedName configTable,
    String column,
    String value,
    Optional<QualifiedName> table) {
  /** The column of a configuration table that could not be read. */
  public static final String UNREADABLE = "unreadable";

  public TrackedTable {
    table = table == null ? Optional.empty() : table;
    value = value == null ? "" : value;
  }

  public boolean unreadable() {
    return table.isEmpty() && column.equals(UNREADABLE);
  }

  /**
   * Whether the value is the table's schema rather than the table (extension-config-rows.sql reads
   * such a value only from a row that names no table of the schema): the extension keeps the schema
   * as a whole, as PostGIS topology keeps each topology's in topology.topology.
   */
  public boolean keepsSchema() {
    return table.isPresent()
        && value.equals(table.get().schema())
        && !value.equals(table.get().name());
  }
}
