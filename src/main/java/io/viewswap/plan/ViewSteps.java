package io.viewswap.plan;

import io.viewswap.api.Step;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.Grant;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.render.Sql;
import io.viewswap.spec.QualifiedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The steps that create one of viewswap's views over a table and give it exactly the table's
 * access: owner, grants (table-wide and per column, under the view's column names), comments, and a
 * guard that refuses the phase when the table's access changed since planning.
 */
final class ViewSteps {
  private final Sql sql = new Sql();

  /** The steps that create {@code view} over the table of {@code t}. */
  List<Step> of(TableModel t, RenameGeometry.View view, CatalogSnapshot snapshot) {
    return switch (view.kind()) {
      case TRANSITIONAL -> expandView(t, snapshot);
      case COMPAT -> compatView(t, snapshot);
    };
  }

  /** The view with the new names over the table under its old names. */
  private List<Step> expandView(TableModel t, CatalogSnapshot snapshot) {
    return viewSteps(
        t,
        snapshot,
        t.expandView(),
        t.oldTable(),
        TableModel.ColumnModel::oldName,
        TableModel.ColumnModel::newName);
  }

  /** The view under the old names over the renamed table, for stragglers of old code. */
  private List<Step> compatView(TableModel t, CatalogSnapshot snapshot) {
    return viewSteps(
        t,
        snapshot,
        t.oldTable(),
        t.newTable(),
        TableModel.ColumnModel::newName,
        TableModel.ColumnModel::oldName);
  }

  private List<Step> viewSteps(
      TableModel t,
      CatalogSnapshot snapshot,
      QualifiedName view,
      QualifiedName source,
      Function<TableModel.ColumnModel, String> sourceName,
      Function<TableModel.ColumnModel, String> viewName) {
    String inverse = "drop-view:" + view;
    List<Step> steps = new ArrayList<>();
    Map<String, String> columns = new LinkedHashMap<>();
    t.columns().forEach(c -> columns.put(sourceName.apply(c), viewName.apply(c)));
    boolean invoker = t.rowSecurity() && snapshot.supportsSecurityInvoker();
    steps.add(
        Planner.change(
            "create-view:" + view,
            "create view "
                + view
                + " over "
                + source
                + (invoker ? " (security_invoker: the table has RLS)" : ""),
            sql.createView(view, source, columns, invoker),
            inverse));
    steps.add(
        Planner.change(
            "owner:" + view,
            "owned by the table owner " + t.owner(),
            sql.alterViewOwner(view, t.owner()),
            inverse));
    // A new view gets no grants from the table, but it does get what ALTER DEFAULT PRIVILEGES hands
    // out: take those away, so that access through the view is exactly access to the table.
    TreeSet<String> revoke = new TreeSet<>(snapshot.defaultPrivilegeGrantees());
    revoke.add(Grant.PUBLIC);
    revoke.remove(t.owner());
    for (String role : revoke) {
      steps.add(
          Planner.change(
              "revoke:" + view + ":" + role,
              "reset the view's access: nothing for " + role + " beyond the table's grants",
              sql.revokeAll(view, role),
              inverse));
    }
    Map<GrantKey, List<String>> byGrantee = new TreeMap<>(GrantKey.ORDER);
    for (Grant g : t.grants()) {
      byGrantee
          .computeIfAbsent(new GrantKey(g.grantee(), g.grantable()), k -> new ArrayList<>())
          .add(g.privilege());
    }
    byGrantee.forEach(
        (key, privileges) ->
            steps.add(
                Planner.change(
                    "grant:" + view + ":" + key.grantee() + (key.grantable() ? ":grantable" : ""),
                    "mirror " + key.grantee() + "'s table rights " + privileges,
                    sql.grant(view, privileges, key.grantee(), key.grantable()),
                    inverse)));
    Map<ColumnGrantKey, List<String>> columnGrants = new TreeMap<>(ColumnGrantKey.ORDER);
    for (var c : t.columns()) {
      for (Grant g : c.grants()) {
        columnGrants
            .computeIfAbsent(
                new ColumnGrantKey(g.grantee(), g.privilege(), g.grantable()),
                k -> new ArrayList<>())
            .add(viewName.apply(c));
      }
    }
    columnGrants.forEach(
        (key, cols) ->
            steps.add(
                Planner.change(
                    "grant-columns:"
                        + view
                        + ":"
                        + key.grantee()
                        + ":"
                        + key.privilege().toLowerCase(Locale.ROOT),
                    "mirror " + key.grantee() + "'s column rights " + key.privilege() + " " + cols,
                    sql.grantColumns(view, key.privilege(), cols, key.grantee(), key.grantable()),
                    inverse)));
    // The grants above are the table's as they were read when planning; a script runs later.
    // Access through the view must be the table's as it is now, or nothing happens.
    steps.add(
        Planner.guard(
            "guard:access:" + view,
            "refuse unless access through "
                + view
                + " is exactly access to "
                + source
                + " as it is when this runs, not as it was when this was planned",
            sql.expectSameAccess(view, source)));
    t.comment()
        .ifPresent(
            text ->
                steps.add(
                    Planner.change(
                        "comment:" + view,
                        "copy the table comment",
                        sql.commentOnView(view, text),
                        inverse)));
    for (var c : t.columns()) {
      c.comment()
          .ifPresent(
              text ->
                  steps.add(
                      Planner.change(
                          "comment:" + view + "." + viewName.apply(c),
                          "copy the column comment",
                          sql.commentOnColumn(view, viewName.apply(c), text),
                          inverse)));
    }
    return steps;
  }

  /**
   * Table rights are mirrored with one GRANT per grantee and grant option, in this order (by name,
   * then without grant option first).
   */
  private record GrantKey(String grantee, boolean grantable) {
    static final Comparator<GrantKey> ORDER =
        Comparator.comparing(GrantKey::grantee).thenComparing(GrantKey::grantable);
  }

  /**
   * Column rights are mirrored with one GRANT per grantee, privilege and grant option, in this
   * order.
   */
  private record ColumnGrantKey(String grantee, String privilege, boolean grantable) {
    static final Comparator<ColumnGrantKey> ORDER =
        Comparator.comparing(ColumnGrantKey::grantee)
            .thenComparing(ColumnGrantKey::privilege)
            .thenComparing(ColumnGrantKey::grantable);
  }
}
