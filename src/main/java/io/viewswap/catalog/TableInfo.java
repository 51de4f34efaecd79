package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.List;
import java.util.Optional;

/**
 * A table's facts that a rename must preserve or respect.
 *
 * @param name where it lives now
 * @param kind {@code r} table, {@code p} partitioned table
 * @param owner the owning role; views are owned by it too
 * @param rowSecurity relrowsecurity
 * @param forceRowSecurity relforcerowsecurity
 * @param comment the table comment, if any
 * @param partitionOrChild whether it is a partition or an inheritance child
 * @param columns live columns in attnum order (dropped ones left out)
 * @param grants table-level privileges, the owner's included
 * @param publications names of publications that include the table
 */
public record TableInfo(
    QualifiedName name,
    char kind,
    String owner,
    boolean rowSecurity,
    boolean forceRowSecurity,
    Optional<String> comment,
    boolean partitionOrChild,
    List<ColumnInfo> columns,
    List<Grant> grants,
    List<String> publications) {
  public TableInfo {
    columns = List.copyOf(columns);
    grants = List.copyOf(grants);
    publications = List.copyOf(publications);
  }

  public Optional<ColumnInfo> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnInfo::name).toList();
  }
}
