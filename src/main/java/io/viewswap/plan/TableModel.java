package io.viewswap.plan;

import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ColumnInfo;
import io.viewswap.catalog.Grant;
import io.viewswap.catalog.TableInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.List;
import java.util.Optional;

/**
 * One renamed table seen from both sides of the rename: every column with its old and its new name,
 * and the facts (owner, grants, comments, row-level security) that views over it must carry. Grants
 * and comments are stored per column number, so they read the same whichever state the table is in.
 *
 * @param rename the spec's entry
 * @param geometry where the table and its views are in each state
 * @param owner the table's owner
 * @param rowSecurity whether row-level security is enabled
 * @param comment the table comment
 * @param columns in table order
 * @param grants table-level privileges, the owner's left out
 */
public record TableModel(
    TableRename rename,
    RenameGeometry geometry,
    String owner,
    boolean rowSecurity,
    Optional<String> comment,
    List<ColumnModel> columns,
    List<Grant> grants) {

  /**
   * A column under both names.
   *
   * @param oldName before the swap
   * @param newName after the swap
   * @param comment its comment
   * @param grants column-level privileges
   */
  public record ColumnModel(
      String oldName, String newName, Optional<String> comment, List<Grant> grants) {
    public ColumnModel {
      grants = List.copyOf(grants);
    }
  }

  public TableModel {
    columns = List.copyOf(columns);
    grants = List.copyOf(grants);
  }

  /** The table's name before the swap. */
  public QualifiedName oldTable() {
    return geometry.oldTable();
  }

  /** Its name after the swap. */
  public QualifiedName newTable() {
    return geometry.newTable();
  }

  /** Where the view of a table that keeps its name lives; empty when the table is renamed. */
  public Optional<String> transitionSchema() {
    return geometry.transitionSchema();
  }

  /** Where the view with the new names lives between expand and swap. */
  public QualifiedName expandView() {
    return geometry.expandView();
  }

  /** viewswap's views of this table that exist in a state. */
  public List<QualifiedName> viewsIn(State state) {
    return geometry.viewsIn(state);
  }

  /** The table's live name in a state. */
  public QualifiedName liveTable(State state) {
    return geometry.liveTable(state);
  }

  public List<String> oldColumnNames() {
    return columns.stream().map(ColumnModel::oldName).toList();
  }

  public List<String> newColumnNames() {
    return columns.stream().map(ColumnModel::newName).toList();
  }

  public List<String> liveColumnNames(State state) {
    return RenameGeometry.oldNamesLive(state) ? oldColumnNames() : newColumnNames();
  }

  /** Every role that holds some right on the table, at table or column level. */
  public List<String> grantees() {
    java.util.TreeSet<String> roles = new java.util.TreeSet<>();
    grants.forEach(g -> roles.add(g.grantee()));
    columns.forEach(c -> c.grants().forEach(g -> roles.add(g.grantee())));
    roles.remove(owner);
    return List.copyOf(roles);
  }

  /**
   * Finds the table where the state says it is and reads it under both names.
   *
   * @return empty when the table is not where the state puts it
   */
  public static Optional<TableModel> locate(
      Spec spec, TableRename rename, CatalogSnapshot snapshot, State state) {
    RenameGeometry geometry = RenameGeometry.of(spec, rename);
    Optional<TableInfo> found = snapshot.table(geometry.liveTable(state));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    TableInfo t = found.get();
    List<ColumnModel> cols =
        t.columns().stream()
            .map(
                (ColumnInfo c) ->
                    new ColumnModel(
                        geometry.oldColumn(c.name(), state),
                        geometry.newColumn(c.name(), state),
                        c.comment(),
                        c.grants()))
            .toList();
    List<Grant> tableGrants =
        t.grants().stream().filter(g -> !g.grantee().equals(t.owner())).toList();
    return Optional.of(
        new TableModel(
            rename, geometry, t.owner(), t.rowSecurity(), t.comment(), cols, tableGrants));
  }
}
