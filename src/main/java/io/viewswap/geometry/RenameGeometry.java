package io.viewswap.geometry;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where one renamed table and its views are in each state of the lifecycle, and what a run from a
 * state in a direction creates and drops.
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
 * @param columns the renamed columns, old name to new
 */
public record RenameGeometry(
    QualifiedName oldTable,
    QualifiedName newTable,
    Optional<String> transitionSchema,
    boolean hasCompatView,
    List<ColumnRename> columns) {

  /** Which of viewswap's two views. */
  public enum ViewKind {
    /** The new names over the table under its old names: from expand to swap. */
    TRANSITIONAL("the transitional view"),
    /** The old names over the renamed table: from swap to contract. */
    COMPAT("the compat view");

    private final String label;

    ViewKind(String label) {
      this.label = label;
    }

    /** How step descriptions and messages name it, e.g. "the compat view". */
    public String label() {
      return label;
    }
  }

  /** One of viewswap's views of the table, and its name. */
  public record View(ViewKind kind, QualifiedName name) {}

  public RenameGeometry {
    Objects.requireNonNull(oldTable, "oldTable");
    Objects.requireNonNull(newTable, "newTable");
    Objects.requireNonNull(transitionSchema, "transitionSchema");
    columns = List.copyOf(columns);
  }

  /** The geometry of one of the spec's renames. */
  public static RenameGeometry of(Spec spec, TableRename rename) {
    boolean renamesTable = rename.renamesTable();
    return new RenameGeometry(
        rename.table(),
        rename.renamedTable(),
        renamesTable ? Optional.empty() : Optional.of(spec.transitionSchemaFor(rename)),
        renamesTable && spec.options().compatView(),
        rename.columns());
  }

  // ----- the lifecycle, the same for every table ------------------------------------------------

  /** The phase a run from {@code from} in {@code direction} runs; empty when there is none. */
  public static Optional<Phase> phase(State from, Direction direction) {
    return Arrays.stream(Phase.values()).filter(p -> direction.from(p) == from).findFirst();
  }

  /**
   * Whether the views exist in a state: between expand and contract, while both releases may run.
   */
  public static boolean inTransition(State state) {
    return state == State.EXPANDED || state == State.SWAPPED;
  }

  /** Whether the run starts the transition (expand, the contract rollback). */
  public static boolean entersTransition(State from, Direction direction) {
    return !inTransition(from) && phase(from, direction).isPresent();
  }

  /** Whether the run ends the transition (contract, the expand rollback). */
  public static boolean leavesTransition(State from, Direction direction) {
    return phase(from, direction).map(p -> !inTransition(direction.to(p))).orElse(false);
  }

  /** Whether the run renames the table and its columns (the swap, either way). */
  public static boolean renames(State from, Direction direction) {
    return phase(from, direction).filter(p -> p == Phase.SWAP).isPresent();
  }

  // ----- this table -----------------------------------------------------------------------------

  /** Whether the table and its columns carry their old names in a state: until the swap has run. */
  public static boolean oldNamesLive(State state) {
    return state.tableHasOldNames();
  }

  /** Whether the table itself changes its name (else only columns do). */
  public boolean renamesTable() {
    return transitionSchema.isEmpty();
  }

  /** The table's name in a state: the old one until the swap, the new one from it. */
  public QualifiedName liveTable(State state) {
    return oldNamesLive(state) ? oldTable : newTable;
  }

  /** A renamed column's name in a state: the old one until the swap, the new one from it. */
  public String liveColumn(ColumnRename column, State state) {
    return oldNamesLive(state) ? column.from() : column.to();
  }

  /** The old name of the column that is called {@code live} in a state. */
  public String oldColumn(String live, State state) {
    return oldNamesLive(state) ? live : counterpart(live, ColumnRename::to, ColumnRename::from);
  }

  /** The new name of the column that is called {@code live} in a state. */
  public String newColumn(String live, State state) {
    return oldNamesLive(state) ? counterpart(live, ColumnRename::from, ColumnRename::to) : live;
  }

  /** The other name of a renamed column ({@code live} itself when it is not renamed). */
  private String counterpart(
      String live, Function<ColumnRename, String> side, Function<ColumnRename, String> other) {
    return columns.stream()
        .filter(c -> side.apply(c).equals(live))
        .map(other)
        .findFirst()
        .orElse(live);
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
    return viewIn(state).map(View::name).stream().toList();
  }

  private Optional<View> viewIn(State state) {
    return switch (state) {
      case EXPANDED -> Optional.of(new View(ViewKind.TRANSITIONAL, expandView()));
      case SWAPPED -> compatView().map(v -> new View(ViewKind.COMPAT, v));
      case PLANNED, CONTRACTED -> Optional.empty();
    };
  }

  /**
   * The view a run from {@code from} in {@code direction} creates: the one of the state it ends in
   * (expand and the swap rollback create the transitional view; swap and the contract rollback the
   * compat view).
   */
  public Optional<View> created(State from, Direction direction) {
    return phase(from, direction).flatMap(p -> viewIn(direction.to(p)));
  }

  /** The view such a run drops: the one of the state it leaves. */
  public Optional<View> dropped(State from, Direction direction) {
    return phase(from, direction).flatMap(p -> viewIn(from));
  }

  /**
   * Whether such a run creates (or takes over) the transition schema this table's view lives in.
   */
  public boolean createsTransitionSchema(State from, Direction direction) {
    return transitionSchema.isPresent() && entersTransition(from, direction);
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
