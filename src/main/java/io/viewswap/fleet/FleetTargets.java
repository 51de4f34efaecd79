package io.viewswap.fleet;

import io.viewswap.api.Database;
import io.viewswap.api.FleetOptions;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SchemaInfo;
import io.viewswap.render.SqlTemplates;
import io.viewswap.run.Executor;
import io.viewswap.run.SpecDrift;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import io.viewswap.state.SpecStateRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a fleet command finds in each database before it does anything: the tenant schemas, the
 * state rows, the targets the spec and the options select, and one catalog read for all of them, on
 * a coordinator connection the caller closes.
 */
final class FleetTargets {
  private static final String SERVER = SqlTemplates.load("fleet/server.sql");
  private final Executor executor;

  FleetTargets(Executor executor) {
    this.executor = executor;
  }

  /** One target as found: the spec it runs and the state its row holds. */
  record Target(String database, String schema, Spec spec, Optional<SpecStateRecord> row) {
    String label() {
      return schema.isEmpty() ? database : database + "/" + schema;
    }

    State state() {
      return row.map(SpecStateRecord::state).orElse(State.PLANNED);
    }

    boolean changed() {
      return SpecDrift.drifted(row, spec);
    }
  }

  /** One database as read by its coordinator connection, which stays open for the run. */
  record Prepared(
      Database db,
      Connection coordinator,
      List<String> selected,
      List<String> unmatched,
      List<Target> targets,
      CatalogSnapshot snapshot,
      int freeSlots) {}

  /** Opens the database's coordinator connection and reads everything the command needs. */
  Prepared prepare(Database db, Spec spec, FleetOptions options) {
    Connection c = Executor.open(db.dataSource(), db.label());
    try {
      c.setAutoCommit(true);
      int free = ConnectionSlots.free(c);
      Map<String, SpecStateRecord> rows = rows(c);
      List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
      List<String> selected =
          spec.schemas().map(sel -> Selection.schemas(sel, existing)).orElse(List.of());
      List<String> unmatched =
          spec.schemas()
              .map(sel -> Selection.unmatched(sel, existing, db.label()))
              .orElse(List.of());
      List<Target> targets = targets(db, spec, existing, rows, options);
      CatalogSnapshot snap = executor.readCatalog(c, db.dataSource(), combined(spec, targets));
      return new Prepared(db, c, selected, unmatched, targets, snap, free);
    } catch (SQLException e) {
      closeQuietly(c);
      throw Executor.sqlFailure("reading " + db.label(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The selected targets of the database {@code c} is connected to, without a catalog read. */
  List<Target> targets(Connection c, Database db, Spec spec, FleetOptions options)
      throws SQLException {
    List<String> existing = spec.schemas().isPresent() ? tenantSchemas(c) : List.of();
    return targets(db, spec, existing, rows(c), options);
  }

  /**
   * The targets of one database, sorted: the spec's named tables first (if any), then each selected
   * schema.
   */
  /**
   * Which server a database is on: its cluster's system identifier, which all its databases share;
   * the database itself when this role may not read it, or a connection pooler stands in front.
   */
  static String server(Connection c, String database) {
    try (PreparedStatement ps = c.prepareStatement(SERVER);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getString(1) != null ? "system " + rs.getString(1) : database;
    } catch (SQLException e) {
      return database;
    }
  }

  private static List<Target> targets(
      Database db,
      Spec spec,
      List<String> existing,
      Map<String, SpecStateRecord> rows,
      FleetOptions options) {
    List<Target> out = new ArrayList<>();
    Optional<Spec> shared = spec.schemas().isPresent() ? spec.shared() : Optional.of(spec);
    shared.ifPresent(
        s -> {
          if (Selection.kept(options, db.label(), "")) {
            out.add(target(db, "", s, rows));
          }
        });
    spec.schemas()
        .ifPresent(
            sel -> {
              for (String schema : Selection.schemas(sel, existing)) {
                if (Selection.kept(options, db.label(), schema)) {
                  out.add(target(db, schema, spec.forSchema(schema), rows));
                }
              }
            });
    return out;
  }

  private static Target target(
      Database db, String schema, Spec s, Map<String, SpecStateRecord> rows) {
    return new Target(db.label(), schema, s, Optional.ofNullable(rows.get(s.id())));
  }

  /** One spec naming every target's tables, so that one catalog read serves them all. */
  static Spec combined(Spec spec, List<Target> targets) {
    List<TableRename> all = new ArrayList<>();
    for (Target t : targets) {
      all.addAll(t.spec().renames());
    }
    return spec.withNamedTables(all);
  }

  /**
   * A planned tenant whose schema lacks a table the spec renames there, when {@code skip_missing}
   * allows it to be left out. A target that ever ran a phase is never skipped.
   */
  static boolean missing(Spec spec, Target t, CatalogSnapshot snap) {
    if (t.schema().isEmpty()
        || t.state() != State.PLANNED
        || !spec.schemas().map(sel -> sel.skipMissing()).orElse(false)) {
      return false;
    }
    return t.spec().renames().stream().anyMatch(r -> snap.table(r.table()).isEmpty());
  }

  /**
   * Every schema a tenant could be: neither a system schema, nor viewswap's own, nor a transition
   * schema.
   */
  private static List<String> tenantSchemas(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("fleet/tenant-schemas.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String comment = rs.getString("comment");
        if (comment == null || !comment.startsWith(SchemaInfo.MARK)) {
          out.add(rs.getString("name"));
        }
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  private Map<String, SpecStateRecord> rows(Connection c) throws SQLException {
    Map<String, SpecStateRecord> out = new LinkedHashMap<>();
    for (SpecStateRecord r : executor.rows(c)) {
      out.put(r.specId(), r);
    }
    return out;
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection
    }
  }
}
