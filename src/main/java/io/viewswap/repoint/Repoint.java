package io.viewswap.repoint;

import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a spec into instructions for the new release. A renamed table is reached by its new name at once (the
 * view has it until the swap, the table after it). A table that keeps its name is reached through the transition
 * schema: new code puts that schema first on its search_path and names the table unqualified; after the swap the
 * schema is empty and the name falls through to the table.
 */
public final class Repoint {
  /** Advice for every table of the spec, for one kind of client. */
  public List<TableAdvice> advise(Spec spec, Client client) {
    List<TableAdvice> out = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      out.add(advise(spec, r, client));
    }
    return out;
  }

  private TableAdvice advise(Spec spec, TableRename r, Client client) {
    String schema = Identifiers.display(r.table().schema());
    String oldName = Identifiers.display(r.table().name());
    String newName = Identifiers.display(r.renamedTable().name());
    Map<String, String> columns = new LinkedHashMap<>();
    for (ColumnRename c : r.columns()) {
      columns.put(c.from(), c.to());
    }
    Optional<String> searchPath =
        r.renamesTable()
            ? Optional.empty()
            : Optional.of(Identifiers.display(spec.transitionSchemaFor(r)) + "," + schema);
    String readsThrough =
        r.renamesTable()
            ? schema + "." + newName
            : Identifiers.display(spec.transitionSchemaFor(r)) + "." + oldName;
    List<String> changes = new ArrayList<>();
    List<String> after = new ArrayList<>();
    if (r.renamesTable()) {
      changes.add(tableChange(client, oldName, newName));
      after.add("the old name " + schema + "." + oldName + " stops working at contract (its compat view is"
          + " dropped): make sure no old release is left");
    } else {
      String sp = searchPath.orElseThrow();
      changes.add(searchPathChange(client, sp));
      changes.add("name the table unqualified (" + oldName + ", not " + schema + "." + oldName
          + "), or the search_path cannot lead to the view");
      after.add(searchPathRemoval(client, sp));
    }
    for (ColumnRename c : r.columns()) {
      changes.add(columnChange(client, Identifiers.display(c.from()), Identifiers.display(c.to())));
    }
    if (client == Client.RAILS && !r.columns().isEmpty()) {
      after.add("drop the alias_attribute lines once the code uses the new attribute names");
    }
    return new TableAdvice(
        schema + "." + oldName, schema + "." + newName, readsThrough, searchPath, columns, changes, after);
  }

  private static String tableChange(Client client, String oldName, String newName) {
    return switch (client) {
      case JDBC, LIBPQ -> "SQL: use table " + newName + " instead of " + oldName;
      case DJANGO -> "model Meta: db_table = \"" + newName + "\" (was \"" + oldName + "\")";
      case HIBERNATE -> "entity: @Table(name = \"" + newName + "\") (was \"" + oldName + "\")";
      case RAILS -> "model: self.table_name = \"" + newName + "\" (was \"" + oldName + "\")";
    };
  }

  private static String columnChange(Client client, String from, String to) {
    return switch (client) {
      case JDBC, LIBPQ -> "SQL: column " + to + " instead of " + from;
      case DJANGO -> "field " + from + ": db_column=\"" + to + "\" (or rename the field to " + to + ")";
      case HIBERNATE -> "attribute mapped to " + from + ": @Column(name = \"" + to + "\")";
      case RAILS -> "attribute " + from + " is now " + to + "; to keep the old name in code: alias_attribute :"
          + from + ", :" + to;
    };
  }

  private static String searchPathChange(Client client, String searchPath) {
    return switch (client) {
      case JDBC, HIBERNATE -> "JDBC URL: add currentSchema=" + searchPath
          + " (jdbc:postgresql://HOST/DB?currentSchema=" + searchPath + ")"
          + (client == Client.HIBERNATE ? "; leave @Table(schema) and hibernate.default_schema unset" : "");
      case LIBPQ -> "connection string: options='-c search_path=" + searchPath + "' (or PGOPTIONS='-c search_path="
          + searchPath + "')";
      case DJANGO -> "DATABASES OPTIONS: 'options': '-c search_path=" + searchPath + "'";
      case RAILS -> "database.yml: schema_search_path: \"" + searchPath + "\"";
    };
  }

  private static String searchPathRemoval(Client client, String searchPath) {
    String schema = searchPath.substring(0, searchPath.indexOf(','));
    String where =
        switch (client) {
          case JDBC, HIBERNATE -> "currentSchema in the JDBC URL";
          case LIBPQ -> "the search_path option";
          case DJANGO -> "the search_path OPTIONS entry";
          case RAILS -> "schema_search_path";
        };
    return "drop " + schema + " from " + where + " (the schema is gone after contract; keeping it is harmless)";
  }
}
