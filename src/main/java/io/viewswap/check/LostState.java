package io.viewswap.check;

import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TableInfo;
import io.viewswap.catalog.ViewInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.render.Sql;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A spec without state whose tables are not as before expand: the state was lost (most often a dump
 * of the application schema alone, {@code pg_dump -n public}, which leaves the schema {@code
 * viewswap} behind), while the database is as a later phase left it.
 *
 * <p>Only what the table owner controls counts: the table's own name and column names (only its
 * owner may rename them) and a view at the spec's view name owned by the table's owner, with the
 * columns the phase gives it (a role that may merely create in the schema can make a view of that
 * name, but not one owned by the table's owner). Comments count for nothing: anyone who owns an
 * object may write one. What is found is only said, with the commands that recover; nothing is run
 * on its strength.
 *
 * @param state the state the tables are in: expanded, or swapped (the compat view is there); a
 *     table under its new names without a view of viewswap's is what a rename by hand leaves too,
 *     so a contracted spec (or a swapped one without compat view) is not recognised
 * @param evidence what was found, one clause per table
 * @param recovery the commands that bring the state back or put the database back
 */
public record LostState(State state, List<String> evidence, String recovery) {
  public LostState {
    evidence = List.copyOf(evidence);
  }

  /**
   * The state the catalog shows for a spec the state schema knows nothing of; empty when the tables
   * are as before expand, or not consistently in one later state.
   */
  public static Optional<LostState> of(Spec spec, CatalogSnapshot snap) {
    State common = null;
    List<String> evidence = new ArrayList<>();
    List<String> undo = new ArrayList<>();
    List<String> finish = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      RenameGeometry g = RenameGeometry.of(spec, r);
      Optional<Shape> shape = expanded(r, g, snap).or(() -> swapped(r, g, snap));
      if (shape.isEmpty() || (common != null && common != shape.get().state)) {
        return Optional.empty();
      }
      common = shape.get().state;
      evidence.add(shape.get().evidence);
      undo.addAll(shape.get().undo);
      finish.addAll(shape.get().finish);
    }
    if (common == null) {
      return Optional.empty();
    }
    List<String> schemas = new ArrayList<>(List.of(Sql.STATE_SCHEMA));
    spec.renames().stream()
        .filter(r -> !r.renamesTable())
        .map(spec::transitionSchemaFor)
        .distinct()
        .forEach(schemas::add);
    String dumpArgs = String.join(" ", schemas.stream().map(s -> "-n " + shellWord(s)).toList());
    String bringBack =
        "if the database this came from still has viewswap's state, bring it over: pg_dump -Fc "
            + dumpArgs
            + " -f viewswap-state.dump SOURCE_DB; pg_restore -d THIS_DB viewswap-state.dump; then"
            + " `viewswap status SPEC` shows where the spec stands";
    String without =
        common == State.EXPANDED
            ? "without it, undo expand by hand ("
                + String.join("; ", undo)
                + ") and run expand again at once: in between, the new release cannot read through"
                + " the view"
            : "without it, the rename itself is done: once no old code uses the old names, finish"
                + " it by hand ("
                + String.join("; ", finish)
                + "); the spec then needs no further phase";
    return Optional.of(new LostState(common, evidence, bringBack + "; " + without));
  }

  /** What happened, for check's finding and for status. */
  public String message(Spec spec, CatalogSnapshot snap) {
    return "spec "
        + Identifiers.display(spec.id())
        + " has no state in this database (the schema "
        + Sql.STATE_SCHEMA
        + (snap.rights().stateSchemaExists() ? " has no row for it" : " is missing")
        + "), but its tables are as viewswap leaves them after "
        + (state == State.EXPANDED ? "expand" : "swap")
        + ": "
        + String.join("; ", evidence)
        + ". The state was most likely left out of a dump (pg_dump -n SCHEMA without -n "
        + Sql.STATE_SCHEMA
        + ") or dropped; viewswap runs no phase without it";
  }

  private record Shape(State state, String evidence, List<String> undo, List<String> finish) {}

  /** The table under its old names, the expand view over it with the new ones. */
  private static Optional<Shape> expanded(TableRename r, RenameGeometry g, CatalogSnapshot snap) {
    Optional<TableInfo> table = snap.table(r.table());
    Optional<ViewInfo> view = snap.view(g.expandView());
    if (table.isEmpty()
        || view.isEmpty()
        || !hasNames(table.get(), r, true)
        || !hasNames(view.get().relation(), r, false)
        || !view.get().relation().owner().equals(table.get().owner())) {
      return Optional.empty();
    }
    List<String> undo = new ArrayList<>(List.of("DROP VIEW " + g.expandView()));
    g.transitionSchema()
        .ifPresent(ts -> undo.add("DROP SCHEMA " + Identifiers.display(ts) + " once empty"));
    return Optional.of(
        new Shape(
            State.EXPANDED,
            g.expandView()
                + " is a view with the new names over "
                + r.table()
                + ", both owned by "
                + Identifiers.display(table.get().owner()),
            undo,
            List.of()));
  }

  /** The table under its new names, the compat view over it under the old ones. */
  private static Optional<Shape> swapped(TableRename r, RenameGeometry g, CatalogSnapshot snap) {
    QualifiedName renamed = r.renamedTable();
    Optional<TableInfo> table = snap.table(renamed);
    if (table.isEmpty()
        || !hasNames(table.get(), r, false)
        || (r.renamesTable() && snap.table(r.table()).isPresent())) {
      return Optional.empty();
    }
    String owner = table.get().owner();
    Optional<QualifiedName> compat = g.compatView();
    if (compat.isPresent()) {
      Optional<ViewInfo> view = snap.view(compat.get());
      if (view.isPresent()
          && hasNames(view.get().relation(), r, true)
          && view.get().relation().owner().equals(owner)) {
        return Optional.of(
            new Shape(
                State.SWAPPED,
                renamed
                    + " has the new names and "
                    + compat.get()
                    + " is a view with the old names over it, both owned by "
                    + Identifiers.display(owner),
                List.of(),
                List.of("DROP VIEW " + compat.get())));
      }
    }
    // Without a view of viewswap's, a table under its new names is what a rename by hand leaves
    // too: nothing tells that viewswap did it.
    return Optional.empty();
  }

  /**
   * Whether the relation has every renamed column under its old (or new) name and none under the
   * other.
   */
  private static boolean hasNames(TableInfo t, TableRename r, boolean old) {
    for (ColumnRename c : r.columns()) {
      String want = old ? c.from() : c.to();
      String other = old ? c.to() : c.from();
      if (t.column(want).isEmpty() || t.column(other).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
