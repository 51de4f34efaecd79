package io.viewswap.repoint;

import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a spec into instructions for the new release. A renamed table is reached by its new name at
 * once (the view has it until the swap, the table after it). A table that keeps its name is reached
 * through the transition schema: new code puts that schema first on its search_path and names the
 * table unqualified; after the swap the schema is empty and the name falls through to the table.
 * With {@code options.release_role} the server sets that search_path for the release's login role,
 * so the client sets nothing, which is what works behind a transaction-pooling pooler.
 */
public final class Repoint {
  /** Advice for every table of the spec, for one kind of client connecting directly. */
  public List<TableAdvice> advise(Spec spec, Client client) {
    return advise(spec, client, Pooler.NONE).tables();
  }

  /** Everything the new release must do, for one kind of client behind the given pooler. */
  public RepointAdvice advise(Spec spec, Client client, Pooler pooler) {
    Optional<String> role = spec.options().releaseRole().map(Identifiers::display);
    List<TableAdvice> tables = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      tables.add(advise(spec, r, client, pooler, role));
    }
    List<String> connection = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    role.ifPresent(
        name ->
            connection.add(
                "connect the new release as "
                    + name
                    + " (its own login role): from expand on, the server gives"
                    + " its sessions search_path "
                    + String.join(
                        ", ", spec.releaseSearchPath().stream().map(Identifiers::display).toList())
                    + " at login; set no search_path in the client (it would override the server's)"));
    role.ifPresent(
        name ->
            connection.add(
                "start the new release only after expand: sessions of "
                    + name
                    + " opened earlier (pooled server"
                    + " connections included) keep their old search_path; PgBouncer: RECONNECT in the admin"
                    + " console, or wait server_lifetime"));
    ClientAdvice framework = client.advice();
    connection.addAll(
        switch (pooler) {
          case NONE -> List.<String>of();
          case TRANSACTION -> framework.transactionPoolerAdvice();
        });
    if (pooler == Pooler.TRANSACTION && spec.hasColumnOnlyRenames() && role.isEmpty()) {
      warnings.add(
          "a transaction pooler refuses the search_path this spec's new release needs (PgBouncer: FATAL:"
              + " unsupported startup parameter), and a session SET search_path would leak to the next client"
              + " of the server connection, old releases included: set options.release_role to the new"
              + " release's own login role, so that the server sets it at login");
    }
    connection.addAll(framework.deployAdvice());
    return new RepointAdvice(client, pooler, role, tables, connection, warnings);
  }

  private TableAdvice advise(
      Spec spec, TableRename r, Client client, Pooler pooler, Optional<String> role) {
    ClientAdvice framework = client.advice();
    String schema = Identifiers.display(r.table().schema());
    String oldName = Identifiers.display(r.table().name());
    String newName = Identifiers.display(r.renamedTable().name());
    Map<String, String> columns = new LinkedHashMap<>();
    for (ColumnRename c : r.columns()) {
      columns.put(c.from(), c.to());
    }
    RenameGeometry geometry = RenameGeometry.of(spec, r);
    Optional<String> searchPath =
        geometry.transitionSchema().map(ts -> Identifiers.display(ts) + "," + schema);
    QualifiedName view = geometry.expandView();
    String readsThrough =
        Identifiers.display(view.schema()) + "." + Identifiers.display(view.name());
    List<String> changes = new ArrayList<>();
    List<String> after = new ArrayList<>();
    if (r.renamesTable()) {
      changes.add(framework.tableChange(oldName, newName));
      after.add(
          "the old name "
              + schema
              + "."
              + oldName
              + " stops working at contract (its compat view is"
              + " dropped): make sure no old release is left");
    } else {
      String sp = searchPath.orElseThrow();
      if (role.isPresent()) {
        changes.add(
            "connect as "
                + role.get()
                + ": the server puts "
                + sp.substring(0, sp.indexOf(','))
                + " first on its search_path; set no search_path in the client");
        after.add(
            "after contract "
                + role.get()
                + " has its previous search_path again; it may keep connecting");
      } else {
        changes.add(
            framework.searchPathChange(sp)
                + (pooler == Pooler.TRANSACTION
                    ? " (refused by a transaction pooler: see the warning)"
                    : ""));
        after.add(searchPathRemoval(framework, sp));
      }
      changes.add(
          "name the table unqualified ("
              + oldName
              + ", not "
              + schema
              + "."
              + oldName
              + "), or the search_path cannot lead to the view");
    }
    for (ColumnRename c : r.columns()) {
      changes.add(
          framework.columnChange(Identifiers.display(c.from()), Identifiers.display(c.to())));
    }
    framework.primaryKeyChange().ifPresent(changes::add);
    if (!r.columns().isEmpty()) {
      after.addAll(framework.afterColumnRenames());
    }
    return new TableAdvice(
        schema + "." + oldName,
        schema + "." + newName,
        readsThrough,
        searchPath,
        r.renamesTable() || role.isPresent() ? Optional.empty() : searchPath,
        columns,
        changes,
        after);
  }

  private static String searchPathRemoval(ClientAdvice framework, String searchPath) {
    String schema = searchPath.substring(0, searchPath.indexOf(','));
    return "drop "
        + schema
        + " from "
        + framework.searchPathSetting()
        + " (the schema is gone after contract; keeping it is harmless)";
  }
}
