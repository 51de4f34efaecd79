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
    if (pooler == Pooler.TRANSACTION) {
      connection.addAll(poolerAdvice(client));
      if (spec.hasColumnOnlyRenames() && role.isEmpty()) {
        warnings.add(
            "a transaction pooler refuses the search_path this spec's new release needs (PgBouncer: FATAL:"
                + " unsupported startup parameter), and a session SET search_path would leak to the next client"
                + " of the server connection, old releases included: set options.release_role to the new"
                + " release's own login role, so that the server sets it at login");
      }
    }
    if (client == Client.RAILS) {
      connection.add(
          "Rails caches each model's columns and primary key at boot: restart (or deploy) the new release after"
              + " expand, and the old one after swap if it should see the compat view's names");
      connection.add(
          "a view reports no column defaults and every column as nullable: until the swap, a record the new"
              + " release creates holds nil in memory for columns the table fills by default (the row itself gets"
              + " the default); reload after create where the code reads them, and keep NOT NULL checks in"
              + " validations");
    }
    return new RepointAdvice(client, pooler, role, tables, connection, warnings);
  }

  private TableAdvice advise(
      Spec spec, TableRename r, Client client, Pooler pooler, Optional<String> role) {
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
      changes.add(tableChange(client, oldName, newName));
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
            searchPathChange(client, sp)
                + (pooler == Pooler.TRANSACTION
                    ? " (refused by a transaction pooler: see the warning)"
                    : ""));
        after.add(searchPathRemoval(client, sp));
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
      changes.add(columnChange(client, Identifiers.display(c.from()), Identifiers.display(c.to())));
    }
    primaryKeyChange(client).ifPresent(changes::add);
    if (client == Client.RAILS && !r.columns().isEmpty()) {
      after.add("drop the alias_attribute lines once the code uses the new attribute names");
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

  /**
   * Until the swap the new release reads a view, and a view has no primary key: frameworks that
   * look the key up in the catalog must be told it.
   */
  private static Optional<String> primaryKeyChange(Client client) {
    return switch (client) {
      case RAILS ->
          Optional.of(
              "model: self.primary_key = \"id\" (the table's primary key column, by its new"
                  + " name): a view has no primary key, and without it every find, save and destroy raises"
                  + " ActiveRecord::UnknownPrimaryKey");
      case SQLALCHEMY ->
          Optional.of(
              "declare the primary key: Column(\"id\", ..., primary_key=True) (by its new"
                  + " name); when reflecting (autoload_with) a view has none and the mapper cannot be built");
      case JDBC, LIBPQ, DJANGO, HIBERNATE -> Optional.empty();
    };
  }

  private static String tableChange(Client client, String oldName, String newName) {
    return switch (client) {
      case JDBC, LIBPQ -> "SQL: use table " + newName + " instead of " + oldName;
      case DJANGO -> "model Meta: db_table = \"" + newName + "\" (was \"" + oldName + "\")";
      case HIBERNATE -> "entity: @Table(name = \"" + newName + "\") (was \"" + oldName + "\")";
      case RAILS -> "model: self.table_name = \"" + newName + "\" (was \"" + oldName + "\")";
      case SQLALCHEMY ->
          "Table(\""
              + newName
              + "\", ...) or __tablename__ = \""
              + newName
              + "\" (was \""
              + oldName
              + "\")";
    };
  }

  private static String columnChange(Client client, String from, String to) {
    return switch (client) {
      case JDBC, LIBPQ -> "SQL: column " + to + " instead of " + from;
      case DJANGO ->
          "field " + from + ": db_column=\"" + to + "\" (or rename the field to " + to + ")";
      case HIBERNATE -> "attribute mapped to " + from + ": @Column(name = \"" + to + "\")";
      case RAILS ->
          "attribute "
              + from
              + " is now "
              + to
              + "; to keep the old name in code: alias_attribute :"
              + from
              + ", :"
              + to;
      case SQLALCHEMY ->
          "Column(\""
              + to
              + "\", ..., key=\""
              + from
              + "\") keeps the attribute "
              + from
              + " (or rename it to "
              + to
              + ")";
    };
  }

  private static String searchPathChange(Client client, String searchPath) {
    return switch (client) {
      case JDBC, HIBERNATE ->
          "JDBC URL: add currentSchema="
              + searchPath
              + " (jdbc:postgresql://HOST/DB?currentSchema="
              + searchPath
              + ")"
              + (client == Client.HIBERNATE
                  ? "; leave @Table(schema) and hibernate.default_schema unset"
                  : "");
      case LIBPQ ->
          "connection string: options='-c search_path="
              + searchPath
              + "' (or PGOPTIONS='-c search_path="
              + searchPath
              + "')";
      case DJANGO -> "DATABASES OPTIONS: 'options': '-c search_path=" + searchPath + "'";
      case RAILS -> "database.yml: schema_search_path: \"" + searchPath + "\"";
      case SQLALCHEMY ->
          "create_engine(url, connect_args={\"options\": \"-c search_path=" + searchPath + "\"})";
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
          case SQLALCHEMY -> "the search_path in connect_args";
        };
    return "drop "
        + schema
        + " from "
        + where
        + " (the schema is gone after contract; keeping it is harmless)";
  }

  /**
   * Behind a transaction pooler a server connection serves a client for one transaction only:
   * nothing may be left on it for the next client, and nothing may be expected from the previous
   * one.
   */
  private static List<String> poolerAdvice(Client client) {
    List<String> out = new ArrayList<>();
    switch (client) {
      case JDBC, HIBERNATE -> {
        out.add(
            "JDBC URL: no currentSchema and no options= parameter: they travel as startup parameters, which"
                + " PgBouncer refuses (FATAL: unsupported startup parameter)");
        out.add(
            "JDBC URL: prepareThreshold=0 for PgBouncer before 1.21, RDS Proxy and Supavisor: pgjdbc's named"
                + " server-side statements live on one server connection, and the next transaction may run on"
                + " another (PgBouncer 1.21+ with max_prepared_statements > 0 tracks them)");
        out.add(
            "pooler: ignore_startup_parameters = extra_float_digits (pgjdbc sends it at every connect)");
        out.add(
            "no SET in connectionInitSql (HikariCP) or on checkout: a session SET stays on the server"
                + " connection and reaches the next client; use SET LOCAL inside a transaction");
        if (client == Client.HIBERNATE) {
          out.add(
              "leave hibernate.default_schema unset, and hibernate.connection.provider_disables_autocommit"
                  + " off");
        }
      }
      case LIBPQ -> {
        out.add(
            "connection string: no options= and no PGOPTIONS: PgBouncer refuses them as startup parameters");
        out.add(
            "no SET outside a transaction (it reaches the next client of the server connection); SET LOCAL"
                + " inside one is fine");
        out.add(
            "no named PREPARE across transactions; psycopg 3: prepare_threshold=None for PgBouncer before"
                + " 1.21 (psycopg2 prepares nothing)");
      }
      case DJANGO -> {
        out.add("DATABASES OPTIONS: no 'options' entry (a startup parameter PgBouncer refuses)");
        out.add(
            "DATABASES: 'DISABLE_SERVER_SIDE_CURSORS': True (a server-side cursor would outlive the"
                + " transaction's server connection)");
        out.add(
            "Django runs SET TIME ZONE at connect when the server's TimeZone differs from the one it wants"
                + " (UTC with USE_TZ): give the release role that timezone (ALTER ROLE ... SET timezone TO 'UTC')"
                + " so no session SET is left on a shared server connection");
        out.add("psycopg 3 (Django 4.2+): leave OPTIONS server_side_binding off");
      }
      case RAILS -> {
        out.add(
            "database.yml: prepared_statements: false for PgBouncer before 1.21, RDS Proxy and Supavisor"
                + " (ActiveRecord prepares named statements on one server connection)");
        out.add(
            "database.yml: advisory_locks: false (migrations take session advisory locks), no"
                + " schema_search_path and no variables: (both run a session SET that reaches the next client)");
      }
      case SQLALCHEMY -> {
        out.add(
            "create_engine: no connect_args options (a startup parameter PgBouncer refuses), no SET in a"
                + " connect or checkout event");
        out.add(
            "psycopg2 prepares nothing; asyncpg: connect_args={\"statement_cache_size\": 0} and"
                + " prepared_statement_cache_size=0 in the URL");
      }
    }
    return out;
  }
}
