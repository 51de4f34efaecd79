package io.viewswap.geometry;

import io.viewswap.api.State;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one renamed table and its views are in each state of the lifecycle.
 *
 * <ul>
 *   <li>The table is renamed ({@code customer -> client}): the view with the new names is {@code
 *       schema.client} from expand to swap; after the swap that name is the table, and (unless
 *       {@code compat_view: false}) a compat view under the old name keeps old code working until
 *       contract.
 *   <li>Only columns are renamed: the view keeps the table's name in the transition schema, which
 *       new code puts first on its search_path; after the swap the name resolves to the table.
 *       There is no compat view.
 * </ul>
 *
 * @param oldTable the table's name before the swap
 * @param newTable its name after the swap (the same as {@code oldTable} when only columns are
 *     renamed)
 * @param transitionSchema where the expand view lives when the table keeps its name; empty when it
 *     is renamed
 * @param hasCompatView whether the swap leaves a compat view under the old name
 */
public record RenameGeometry(
    QualifiedName oldTable,
    QualifiedName newTable,
    Optional<String> transitionSchema,
    boolean hasCompatView) {

  public RenameGeometry {
    Objects.requireNonNull(oldTable, "oldTable");
    Objects.requireNonNull(newTable, "newTable");
    Objects.requireNonNull(transitionSchema, "transitionSchema");
  }

  /** The geometry of one of the spec's renames. */
  public static RenameGeometry of(Spec spec, TableRename rename) {
    boolean renamesTable = rename.renamesTable();
    return new RenameGeometry(
        rename.table(),
        rename.renamedTable(),
        renamesTable ? Optional.empty() : Optional.of(spec.transitionSchemaFor(rename)),
        renamesTable && spec.options().compatView());
  }

  /** Whether the table itself changes its name (else only columns do). */
  public boolean renamesTable() {
    return transitionSchema.isEmpty();
  }

  /** The table's name in a state: the old one until the swap, the new one from it. */
  public QualifiedName liveTable(State state) {
    return state.tableHasOldNames() ? oldTable : newTable;
  }

  /** The view with the new names that expand creates over the unchanged table (and swap drops). */
  public QualifiedName expandView() {
    return transitionSchema.map(ts -> new QualifiedName(ts, oldTable.name())).orElse(newTable);
  }

  /**
   * The view with the old names that the swap leaves behind (and contract drops), when there is
   * one.
   */
  public Optional<QualifiedName> compatView() {
    return hasCompatView ? Optional.of(oldTable) : Optional.empty();
  }

  /**
   * The views of viewswap's that exist in a state. Every run that leaves the state drops them (swap
   * and the expand rollback drop the expand view; contract and the swap rollback drop the compat
   * view).
   */
  public List<QualifiedName> viewsIn(State state) {
    return switch (state) {
      case EXPANDED -> List.of(expandView());
      case SWAPPED -> compatView().stream().toList();
      case PLANNED, CONTRACTED -> List.of();
    };
  }

  /**
   * Every name a view or the table may have at some point of the lifecycle: what the catalog reader
   * must look up, and where a foreign object would collide.
   */
  public List<QualifiedName> viewNames() {
    return renamesTable() ? List.of(newTable, oldTable) : List.of(expandView());
  }

  /**
   * The search_path new code uses to reach a column-only rename's view, e.g. {@code
   * public_next,public}.
   */
  public Optional<String> searchPath() {
    return transitionSchema.map(ts -> ts + "," + oldTable.schema());
  }
}
