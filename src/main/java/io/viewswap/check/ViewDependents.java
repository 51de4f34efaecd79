package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.Dependent;
import io.viewswap.catalog.TableInfo;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Objects of others that depend on a view the coming run drops (the transitional view at the swap
 * and the expand rollback, the compat view at contract and the swap rollback): the drop would fail,
 * and viewswap never drops or alters them.
 */
final class ViewDependents extends LiveTableRule {

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    Optional<QualifiedName> dropped =
        ctx.geometry(r).dropped(ctx.state(), ctx.direction()).map(RenameGeometry.View::name);
    List<Finding> out = new ArrayList<>();
    for (Dependent d : ctx.snapshot().dependents()) {
      if (dropped.isPresent() && dropped.get().equals(d.view())) {
        out.add(
            ctx.finding(
                Severity.BLOCKER,
                FindingCode.VIEW_DEPENDENT,
                r.position(),
                d.description() + " depends on " + d.view() + ", which this phase drops",
                d.onRowType()
                    ? "it uses the view's row type, which goes with the view: give it a type of its own"
                        + " (CREATE TYPE ... AS (...), then ALTER it to use that type) or the table's row"
                        + " type; viewswap never drops or alters your objects"
                    : "point it at the table instead (CREATE OR REPLACE VIEW over the table); viewswap never"
                        + " drops your objects"));
      }
    }
    return out;
  }
}
