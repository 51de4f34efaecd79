package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.TableRename;
import java.util.List;

/** Only the table's owner (or a member of it, or a superuser) may rename it and own its views. */
final class TableOwner extends LiveTableRule {

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    CatalogSnapshot snap = ctx.snapshot();
    if (snap.superuser() || snap.memberOf().contains(t.owner())) {
      return List.of();
    }
    return List.of(
        ctx.finding(
            Severity.BLOCKER,
            FindingCode.NOT_OWNER,
            r.position(),
            "connected as "
                + Identifiers.display(snap.currentUser())
                + ", but "
                + t.name()
                + " is owned by "
                + Identifiers.display(t.owner()),
            "only the owner can rename the table and own its views: connect as "
                + Identifiers.display(t.owner())
                + " or a member of it"));
  }
}
