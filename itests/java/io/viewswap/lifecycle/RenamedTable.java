package io.viewswap.lifecycle;

import io.viewswap.api.State;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the design promises for one table of a spec, worked out from the spec itself (not from the
 * planner, which is what is under test) and from the table's columns as the example schema made
 * them.
 *
 * @param rename the spec's entry
 * @param transitionSchema where the view lives when the table keeps its name; empty when it is
 *     renamed
 * @param compatView whether the swap leaves a view under the old table name
 * @param columns the table's columns in table order
 */
record RenamedTable(
    TableRename rename,
    Optional<String> transitionSchema,
    boolean compatView,
    List<Column> columns) {

  /**
   * A column under both names, with what an INSERT needs to know about it.
   *
   * @param oldName before the swap
   * @param newName after the swap
   * @param dataType information_schema's data_type
   * @param required NOT NULL without a default: an INSERT must name it
   * @param defaulted has a default (or is an identity): an INSERT that omits it must get a value
   */
  record Column(
      String oldName, String newName, String dataType, boolean required, boolean defaulted) {
    boolean renamed() {
      return !oldName.equals(newName);
    }
  }

  RenamedTable {
    columns = List.copyOf(columns);
  }

  /** Reads the table's columns (under their old names, so call it while the spec is planned). */
  static List<RenamedTable> of(Spec spec, Connection superuser) throws SQLException {
    List<RenamedTable> out = new ArrayList<>();
    for (TableRename r : spec.renames()) {
      List<Column> columns = new ArrayList<>();
      try (PreparedStatement ps =
          superuser.prepareStatement(
              "SELECT column_name, data_type, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO',"
                  + " column_default IS NOT NULL OR is_identity = 'YES'"
                  + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                  + " ORDER BY ordinal_position")) {
        ps.setString(1, r.table().schema());
        ps.setString(2, r.table().name());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String name = rs.getString(1);
            columns.add(
                new Column(
                    name,
                    r.newColumnName(name),
                    rs.getString(2),
                    rs.getBoolean(3),
                    rs.getBoolean(4)));
          }
        }
      }
      if (columns.isEmpty()) {
        throw new IllegalStateException("the example schema has no table " + r.table());
      }
      Optional<String> ts =
          r.renamesTable() ? Optional.empty() : Optional.of(spec.transitionSchemaFor(r));
      out.add(new RenamedTable(r, ts, r.renamesTable() && spec.options().compatView(), columns));
    }
    return out;
  }

  QualifiedName oldTable() {
    return rename.table();
  }

  QualifiedName newTable() {
    return rename.renamedTable();
  }

  /** Where the view with the new names lives while the spec is expanded. */
  QualifiedName transitionalView() {
    return transitionSchema.map(ts -> new QualifiedName(ts, oldTable().name())).orElse(newTable());
  }

  /** The table's name in a state. */
  QualifiedName liveTable(State state) {
    return state.tableHasOldNames() ? oldTable() : newTable();
  }

  List<String> names(Function<Column, String> naming) {
    return columns.stream().map(naming).toList();
  }

  List<String> oldColumnNames() {
    return names(Column::oldName);
  }

  List<String> newColumnNames() {
    return names(Column::newName);
  }

  List<String> liveColumnNames(State state) {
    return state.tableHasOldNames() ? oldColumnNames() : newColumnNames();
  }

  /** The columns whose names the spec changes. */
  List<Column> renamedColumns() {
    return columns.stream().filter(Column::renamed).toList();
  }

  /**
   * The views that must exist in a state, each with the column names it shows: the transitional
   * view while expanded, the compat view once swapped (until contract).
   */
  List<View> views(State state) {
    return switch (state) {
      case PLANNED, CONTRACTED -> List.of();
      case EXPANDED -> List.of(new View(transitionalView(), newColumnNames()));
      case SWAPPED -> compatView ? List.of(new View(oldTable(), oldColumnNames())) : List.of();
    };
  }

  /** Views that must NOT exist in a state (every view some state has, minus those of this one). */
  List<QualifiedName> absentViews(State state) {
    List<QualifiedName> absent = new ArrayList<>();
    if (state != State.EXPANDED && !transitionalView().equals(liveTable(state))) {
      absent.add(transitionalView());
    }
    if (state != State.SWAPPED && compatView && !oldTable().equals(liveTable(state))) {
      absent.add(oldTable());
    }
    return absent;
  }

  /**
   * A view viewswap must have made.
   *
   * @param name where it is
   * @param columns its column names, in table order
   */
  record View(QualifiedName name, List<String> columns) {}

  @Override
  public String toString() {
    return rename.table().toString();
  }
}
