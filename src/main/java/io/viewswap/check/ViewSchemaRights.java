package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.TableRename;
import java.util.List;

/**
 * A renamed table's views are created in its own schema (the transitional view by expand and the
 * swap rollback, the compat view by swap and the contract rollback): creating a view there, and
 * giving it to the table owner, needs CREATE on it unless a superuser runs. (The views of a table
 * that keeps its name live in the transition schema: {@link TransitionSchemaTrust}.)
 */
final class ViewSchemaRights implements Rule {

  @Override
  public List<Finding> find(CheckContext ctx, TableRename r) {
    CatalogSnapshot snap = ctx.snapshot();
    boolean createsView = ctx.geometry(r).created(ctx.state(), ctx.direction()).isPresent();
    if (!r.renamesTable()
        || !createsView
        || snap.superuser()
        || snap.rights().mayCreateIn(r.table().schema())) {
      return List.of();
    }
    return List.of(
        ctx.finding(
            Severity.BLOCKER,
            FindingCode.CANNOT_CREATE_IN_SCHEMA,
            r.position(),
            Identifiers.display(snap.currentUser())
                + " may not create in schema "
                + Identifiers.display(r.table().schema())
                + ", where the views over "
                + r.table()
                + " are created",
            "GRANT CREATE ON SCHEMA "
                + Identifiers.display(r.table().schema())
                + " to the table owner's role"));
  }
}
