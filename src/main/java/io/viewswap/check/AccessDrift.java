package io.viewswap.check;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.ColumnInfo;
import io.viewswap.catalog.Grant;
import io.viewswap.catalog.TableInfo;
import io.viewswap.catalog.ViewInfo;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Before swap and contract: the view that serves the other release (the transitional view when
 * expanded, the compat view when swapped) must still give exactly the table's access: the same
 * owner, the table's row-level security kept (security_invoker), and for every role the same
 * rights, table-wide and per column (matched by position). A grant revoked on the table after
 * expand, or row-level security turned on, would otherwise stay in force through the view;
 * PostgreSQL's REVOKE ... CASCADE never reaches the view's copies either.
 */
final class AccessDrift extends LiveTableRule {

  @Override
  public boolean appliesTo(State state, Direction direction) {
    return direction == Direction.FORWARD;
  }

  @Override
  List<Finding> find(CheckContext ctx, TableRename r, TableInfo t) {
    // The view that serves the other release in this state: the expand view, or the compat view.
    List<QualifiedName> views = ctx.geometry(r).viewsIn(ctx.state());
    if (views.isEmpty()) {
      return List.of();
    }
    QualifiedName viewName = views.get(0);
    Optional<ViewInfo> found = ctx.snapshot().view(viewName);
    if (found.isEmpty()) {
      return List.of();
    }
    TableInfo v = found.get().relation();
    List<String> drift = new ArrayList<>();
    if (!v.owner().equals(t.owner())) {
      drift.add(
          "the view is owned by "
              + Identifiers.display(v.owner())
              + ", the table by "
              + Identifiers.display(t.owner()));
    }
    boolean invoker = found.get().securityInvoker();
    if (t.rowSecurity() && !invoker) {
      drift.add(
          "the table has row-level security but the view runs with its owner's rights, bypassing the policies");
    } else if (!t.rowSecurity() && invoker) {
      drift.add("the view is security_invoker but the table has no row-level security");
    }
    compareRights(drift, "", effective(t.grants(), t.owner()), effective(v.grants(), v.owner()));
    for (int i = 0; i < Math.min(t.columns().size(), v.columns().size()); i++) {
      ColumnInfo tc = t.columns().get(i);
      ColumnInfo vc = v.columns().get(i);
      compareRights(
          drift,
          " (column "
              + Identifiers.display(tc.name())
              + " / view column "
              + Identifiers.display(vc.name())
              + ")",
          effective(tc.grants(), t.owner()),
          effective(vc.grants(), v.owner()));
    }
    List<Finding> out = new ArrayList<>();
    for (String d : drift) {
      out.add(
          ctx.finding(
              Severity.BLOCKER,
              FindingCode.ACCESS_DRIFT,
              r.position(),
              "access through " + viewName + " no longer matches " + t.name() + ": " + d,
              "grant or revoke the same on the view as on the table (or the other way round), or roll back the last"
                  + " phase and run it again, which mirrors the table's access afresh"));
    }
    return out;
  }

  /** grantee/privilege to whether it is held with grant option, the owner's own rights left out. */
  private static Map<String, Boolean> effective(List<Grant> grants, String owner) {
    Map<String, Boolean> out = new TreeMap<>();
    for (Grant g : grants) {
      if (!g.grantee().equals(owner)) {
        out.merge(
            Identifiers.display(g.grantee()) + " " + g.privilege(),
            g.grantable(),
            Boolean::logicalOr);
      }
    }
    return out;
  }

  private static void compareRights(
      List<String> drift, String where, Map<String, Boolean> table, Map<String, Boolean> view) {
    Set<String> keys = new TreeSet<>(table.keySet());
    keys.addAll(view.keySet());
    for (String k : keys) {
      Boolean onTable = table.get(k);
      Boolean onView = view.get(k);
      if (onTable == null) {
        drift.add(k.replaceFirst(" ", " holds ") + where + " on the view but not on the table");
      } else if (onView == null) {
        drift.add(
            k.replaceFirst(" ", " holds ") + where + " on the table but no longer on the view");
      } else if (!onTable.equals(onView)) {
        drift.add(
            k.replaceFirst(" ", " holds ")
                + where
                + (onView
                    ? " with grant option on the view only"
                    : " with grant option on the table only"));
      }
    }
  }
}
