package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;

/**
 * Once a phase ran (or before a rollback), every renamed column must still carry the name the state
 * gives it: someone changed the table by hand otherwise.
 */
final class NameDrift extends LiveTableRule {

  @Override
  public boolean appliesTo(State state, Direction direction) {
    return !CheckContext.expanding(state, direction);
  }

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    List<Finding> out = new ArrayList<>();
    for (ColumnRename c : r.columns()) {
      String expected = ctx.geometry(r).liveColumn(c, ctx.state());
      if (t.column(expected).isEmpty()) {
        out.add(
            ctx.finding(
                Severity.ERROR,
                FindingCode.COLUMN_MOVED,
                c.position(),
                "spec is "
                    + ctx.state().label()
                    + " but "
                    + t.name()
                    + " has no column \""
                    + expected
                    + "\"",
                "the database was changed by hand since the last phase; run `viewswap status` and restore the column"));
      }
    }
    return out;
  }
}
