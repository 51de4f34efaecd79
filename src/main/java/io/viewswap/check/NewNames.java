package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ColumnInfo;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Before expand: every column to rename exists and is the table's own, and every name the rename
 * takes (columns, the table, the transitional view and its schema) is free and fits.
 */
final class NewNames extends LiveTableRule {

  @Override
  public boolean appliesTo(State state, Direction direction) {
    return CheckContext.expanding(state, direction);
  }

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    List<Finding> out = new ArrayList<>();
    CatalogSnapshot snap = ctx.snapshot();
    for (ColumnRename c : r.columns()) {
      Optional<ColumnInfo> col = t.column(c.from());
      if (col.isEmpty()) {
        out.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.MISSING_COLUMN,
                c.position(),
                "column \"" + c.from() + "\" does not exist in " + t.name(),
                MissingTable.suggest(
                    c.from(), t.columnNames(), "columns: " + String.join(", ", t.columnNames()))));
      } else if (col.get().inherited()) {
        out.add(
            ctx.finding(
                Severity.BLOCKER,
                FindingCode.INHERITED_COLUMN,
                c.position(),
                "column \"" + c.from() + "\" of " + t.name() + " is inherited from a parent table",
                "rename it on the parent, which renames it in every child"));
      }
      if (t.column(c.to()).isPresent()) {
        out.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.COLUMN_NAME_TAKEN,
                c.position(),
                "cannot rename \""
                    + c.from()
                    + "\" to \""
                    + c.to()
                    + "\": "
                    + t.name()
                    + " already has a column \""
                    + c.to()
                    + "\"",
                "pick another name, or rename the other column in a separate spec first"));
      }
    }
    if (r.renamesTable()) {
      snap.relation(r.renamedTable())
          .ifPresent(
              other ->
                  out.add(
                      ctx.finding(
                          Severity.ERROR,
                          FindingCode.TABLE_NAME_TAKEN,
                          r.newNamePosition().known() ? r.newNamePosition() : r.position(),
                          "cannot rename "
                              + t.name()
                              + " to \""
                              + r.newName().get()
                              + "\": a "
                              + other.kindLabel()
                              + " "
                              + other.name()
                              + " already exists",
                          ownViewFirst(other)
                              + "pick another name, or rename the existing "
                              + other.kindLabel())));
    } else {
      String ts = ctx.geometry(r).transitionSchema().orElseThrow();
      if (Identifiers.byteLength(ts) > Identifiers.MAX_BYTES) {
        out.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.NAME_TOO_LONG,
                r.position(),
                "transition schema name \""
                    + ts
                    + "\" is "
                    + Identifiers.byteLength(ts)
                    + " bytes; PostgreSQL "
                    + "identifiers are at most 63 bytes",
                "set a shorter transition_schema in the spec"));
      }
      QualifiedName view = ctx.geometry(r).expandView();
      snap.relation(view)
          .ifPresent(
              other ->
                  out.add(
                      ctx.finding(
                          Severity.ERROR,
                          FindingCode.VIEW_NAME_TAKEN,
                          r.position(),
                          "the transitional view "
                              + view
                              + " cannot be created: a "
                              + other.kindLabel()
                              + " of that name exists",
                          ownViewFirst(other)
                              + "set another transition_schema in the spec, or move the existing "
                              + other.kindLabel()
                              + " out of the way (ALTER ... RENAME or SET SCHEMA)")));
    }
    return out;
  }

  /**
   * A view where this spec puts its own is most likely viewswap's, from an earlier phase: then the
   * spec is not planned, and dropping the view would break the release that uses it. Said first, so
   * nobody drops it on this finding alone.
   */
  private static String ownViewFirst(RelationInfo other) {
    return other.kind() == 'v'
        ? "if it is viewswap's own view from an earlier phase of this spec, the spec is further"
            + " along than planned: run `viewswap status` (a snapshot records the state since"
            + " this version; take it again) and do not drop it; otherwise "
        : "";
  }
}
