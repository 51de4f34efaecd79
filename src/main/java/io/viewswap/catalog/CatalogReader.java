package io.viewswap.catalog;

import io.viewswap.geometry.RenameGeometry;
import io.viewswap.render.Sql;
import io.viewswap.render.SqlTemplates;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import io.viewswap.state.StateStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes a {@link CatalogSnapshot} for one spec in a handful of queries, whatever the number of
 * tables.
 */
public final class CatalogReader {

  /**
   * Reads what the spec needs. The connection is left as it was found (no transaction is
   * committed).
   */
  public CatalogSnapshot read(Connection c, Spec spec) throws SQLException {
    Set<String> schemaNames = new LinkedHashSet<>();
    List<QualifiedName> tableNames = new ArrayList<>();
    List<QualifiedName> viewNames = new ArrayList<>();
    Set<String> mentioned = new LinkedHashSet<>();
    for (TableRename r : spec.renames()) {
      schemaNames.add(r.table().schema());
      tableNames.add(r.table());
      tableNames.add(r.renamedTable());
      RenameGeometry geometry = RenameGeometry.of(spec, r);
      viewNames.addAll(geometry.viewNames());
      geometry.transitionSchema().ifPresent(schemaNames::add);
      if (geometry.renamesTable()) {
        mentioned.add(r.table().name());
      }
      for (ColumnRename col : r.columns()) {
        mentioned.add(col.from());
      }
    }
    String[] schemas = schemaNames.toArray(String[]::new);

    int versionNum;
    String currentUser;
    boolean superuser;
    Set<String> memberOf = new HashSet<>();
    CatalogSnapshot.Rights rights;
    String server =
        SqlTemplates.fill(
            SqlTemplates.load("catalog/server.sql"), new Sql().literal(StateStore.VERSION_MARK));
    try (PreparedStatement ps = c.prepareStatement(server);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      versionNum = rs.getInt("version_num");
      currentUser = rs.getString("current_user");
      superuser = rs.getBoolean("superuser");
      memberOf.addAll(List.of((String[]) rs.getArray("member_of").getArray()));
      rights =
          new CatalogSnapshot.Rights(
              rs.getBoolean("may_create_schemas"),
              rs.getBoolean("state_schema_exists"),
              rs.getBoolean("state_schema_current"),
              rs.getBoolean("may_upgrade_state_schema"),
              rs.getBoolean("may_use_plpgsql"),
              rs.getBoolean("may_create_temp"),
              null);
    }

    Set<Long> recorded = recordedTransitionSchemas(c);
    Set<String> createIn = new HashSet<>();
    Map<String, SchemaInfo> schemaInfos = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/schemas.sql"))) {
      ps.setArray(1, c.createArrayOf("text", schemas));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          schemaInfos.put(
              rs.getString("name"),
              new SchemaInfo(
                  rs.getString("name"),
                  rs.getString("owner"),
                  Optional.ofNullable(rs.getString("comment")),
                  recorded.contains(rs.getLong("oid")),
                  List.of()));
          if (rs.getBoolean("may_create")) {
            createIn.add(rs.getString("name"));
          }
        }
      }
    }

    Map<QualifiedName, RelationInfo> relations = new HashMap<>();
    // Only the names that matter: the spec's tables (old and new names) and its views.
    List<QualifiedName> wantedNames = new ArrayList<>(new LinkedHashSet<>(tableNames));
    viewNames.stream().filter(v -> !wantedNames.contains(v)).forEach(wantedNames::add);
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/relations.sql"))) {
      ps.setArray(
          1, c.createArrayOf("text", wantedNames.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(
          2, c.createArrayOf("text", wantedNames.stream().map(QualifiedName::name).toArray()));
      // rename_dependents: the names a renamed index or sequence could take hold a new table or
      // column name.
      List<QualifiedName> fragments = new ArrayList<>();
      if (spec.options().renameDependents()) {
        for (TableRename r : spec.renames()) {
          r.newName().ifPresent(n -> fragments.add(new QualifiedName(r.table().schema(), n)));
          r.columns()
              .forEach(col -> fragments.add(new QualifiedName(r.table().schema(), col.to())));
        }
      }
      ps.setArray(
          3, c.createArrayOf("text", fragments.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(
          4, c.createArrayOf("text", fragments.stream().map(QualifiedName::name).toArray()));
      ps.setArray(
          5,
          c.createArrayOf("text", spec.renames().stream().map(r -> r.table().schema()).toArray()));
      ps.setArray(
          6, c.createArrayOf("text", spec.renames().stream().map(r -> r.table().name()).toArray()));
      ps.setArray(
          7,
          c.createArrayOf(
              "text", spec.renames().stream().map(r -> r.renamedTable().name()).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          QualifiedName n = new QualifiedName(rs.getString("schema"), rs.getString("name"));
          // A relation's row type shares its name; keep the relation, which says more.
          relations.putIfAbsent(n, new RelationInfo(n, rs.getString("kind").charAt(0)));
        }
      }
    }

    Map<Long, TableRow> tableRows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/tables.sql"))) {
      ps.setArray(
          1, c.createArrayOf("text", tableNames.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(
          2, c.createArrayOf("text", tableNames.stream().map(QualifiedName::name).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tableRows.put(rs.getLong("oid"), new TableRow(rs));
        }
      }
    }

    Map<Long, TableRow> viewRows = new LinkedHashMap<>();
    Set<Long> invokerViews = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/views.sql"))) {
      ps.setArray(
          1, c.createArrayOf("text", viewNames.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(
          2, c.createArrayOf("text", viewNames.stream().map(QualifiedName::name).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          viewRows.put(rs.getLong("oid"), new TableRow(rs));
          if (rs.getBoolean("security_invoker")) {
            invokerViews.add(rs.getLong("oid"));
          }
        }
      }
    }

    Set<Long> relationOids = new LinkedHashSet<>(tableRows.keySet());
    relationOids.addAll(viewRows.keySet());
    Long[] oids = relationOids.toArray(Long[]::new);
    Map<Long, List<ColumnRow>> columns = new HashMap<>();
    Map<Long, Map<Integer, List<Grant>>> grants = new HashMap<>();
    if (oids.length > 0) {
      try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/columns.sql"))) {
        ps.setArray(1, c.createArrayOf("bigint", oids));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            columns
                .computeIfAbsent(rs.getLong("oid"), k -> new ArrayList<>())
                .add(new ColumnRow(rs));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/grants.sql"))) {
        Array arr = c.createArrayOf("bigint", oids);
        ps.setArray(1, arr);
        ps.setArray(2, arr);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            grants
                .computeIfAbsent(rs.getLong("oid"), k -> new HashMap<>())
                .computeIfAbsent(rs.getInt("attnum"), k -> new ArrayList<>())
                .add(
                    new Grant(
                        rs.getString("grantee"),
                        rs.getString("privilege"),
                        rs.getBoolean("is_grantable")));
          }
        }
      }
    }
    Map<QualifiedName, TableInfo> tables = new HashMap<>();
    for (Map.Entry<Long, TableRow> e : tableRows.entrySet()) {
      TableInfo t = relationInfo(e.getKey(), e.getValue(), columns, grants);
      tables.put(t.name(), t);
    }
    Map<QualifiedName, ViewInfo> views = new HashMap<>();
    for (Map.Entry<Long, TableRow> e : viewRows.entrySet()) {
      TableInfo v = relationInfo(e.getKey(), e.getValue(), columns, grants);
      views.put(v.name(), new ViewInfo(v, invokerViews.contains(e.getKey())));
    }

    // Who may be trusted with a transition schema besides the connected role's own circle: the
    // owner of the tables whose views it holds, who owns those views anyway, but only when it is
    // the one owner of them all. Of tables of two owners, either could swap the other's view for a
    // table of her own and capture the new release's writes (check refuses such a spec).
    Map<String, Set<String>> viewOwners = new HashMap<>();
    for (TableRename r : spec.renames()) {
      TableInfo t = tables.get(r.table());
      RenameGeometry.of(spec, r)
          .transitionSchema()
          .ifPresent(
              ts -> {
                Set<String> owners = viewOwners.computeIfAbsent(ts, k -> new HashSet<>());
                if (t != null) {
                  owners.add(t.owner());
                }
              });
    }
    Map<String, List<StateStore.Untrusted>> untrusted =
        StateStore.untrusted(c, List.copyOf(schemaInfos.keySet()));
    for (String name : List.copyOf(schemaInfos.keySet())) {
      SchemaInfo s = schemaInfos.get(name);
      Set<String> owners = viewOwners.getOrDefault(name, Set.of());
      List<String> problems =
          untrusted.getOrDefault(name, List.of()).stream()
              .filter(u -> !(owners.size() == 1 && owners.contains(u.role())))
              .map(StateStore.Untrusted::problem)
              .toList();
      schemaInfos.put(
          name, new SchemaInfo(s.name(), s.owner(), s.comment(), s.recorded(), problems));
    }

    Set<String> defaultGrantees = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(SqlTemplates.load("catalog/default-privileges.sql"))) {
      ps.setArray(1, c.createArrayOf("text", schemas));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          defaultGrantees.add(rs.getString("grantee"));
        }
      }
    }

    List<FunctionSource> functions = FunctionSourceReader.read(c, mentioned);

    List<Dependent> dependents = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SqlTemplates.load("catalog/dependents.sql"))) {
      ps.setArray(
          1, c.createArrayOf("text", viewNames.stream().map(QualifiedName::schema).toArray()));
      ps.setArray(
          2, c.createArrayOf("text", viewNames.stream().map(QualifiedName::name).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          dependents.add(
              new Dependent(
                  new QualifiedName(rs.getString("schema"), rs.getString("name")),
                  rs.getString("dependent"),
                  rs.getBoolean("on_row_type")));
        }
      }
    }

    Set<String> tableNamesOnly = new LinkedHashSet<>();
    spec.renames().forEach(r -> tableNamesOnly.add(r.table().name()));
    return new CatalogSnapshot(
        versionNum,
        currentUser,
        superuser,
        memberOf,
        schemaInfos,
        relations,
        tables,
        defaultGrantees,
        functions,
        dependents,
        StatementStatReader.read(c, tableNamesOnly),
        new CatalogSnapshot.Rights(
            rights.createSchemas(),
            rights.stateSchemaExists(),
            rights.stateSchemaCurrent(),
            rights.mayUpgradeStateSchema(),
            rights.mayUsePlpgsql(),
            rights.mayCreateTemp(),
            createIn),
        views,
        new TextReferenceReader().read(c, tableRows.keySet(), tableNamesOnly));
  }

  private static TableInfo relationInfo(
      long oid,
      TableRow row,
      Map<Long, List<ColumnRow>> columns,
      Map<Long, Map<Integer, List<Grant>>> grants) {
    Map<Integer, List<Grant>> byAttnum = grants.getOrDefault(oid, Map.of());
    List<ColumnInfo> cols = new ArrayList<>();
    for (ColumnRow col : columns.getOrDefault(oid, List.of())) {
      cols.add(col.toInfo(byAttnum.getOrDefault(col.attnum, List.of())));
    }
    return row.toInfo(cols, byAttnum.getOrDefault(0, List.of()));
  }

  /**
   * The oids of the transition schemas viewswap's state says it created; none when the state schema
   * is missing, older than the record, or not trusted (then nothing in it is read: a view there
   * could run anyone's code).
   */
  private static Set<Long> recordedTransitionSchemas(Connection c) throws SQLException {
    Set<Long> out = new HashSet<>();
    if (!StateStore.untrusted(c, Sql.STATE_SCHEMA).isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
            c.prepareStatement(SqlTemplates.load("catalog/transition-schema-recorded.sql"));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return out;
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement(SqlTemplates.load("catalog/transition-schemas.sql"));
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /**
   * A PostgreSQL regex matching any of the names as a whole word (names are escaped, case ignored
   * by ~*).
   */
  static String wordPattern(Set<String> names) {
    StringBuilder sb = new StringBuilder("\\m(");
    boolean first = true;
    for (String n : names) {
      if (!first) {
        sb.append('|');
      }
      first = false;
      sb.append(Sql.regexQuote(n));
    }
    return sb.append(")\\M").toString();
  }

  /**
   * The Java twin of {@link #wordPattern}: where a name stands as a whole word in a function body.
   */
  public static Pattern javaWordPattern(String name) {
    return Pattern.compile(
        "(?<![A-Za-z0-9_$])" + Pattern.quote(name) + "(?![A-Za-z0-9_$])", Pattern.CASE_INSENSITIVE);
  }

  private record TableRow(
      QualifiedName name,
      char kind,
      String owner,
      boolean rls,
      boolean forceRls,
      Optional<String> comment,
      boolean partitionOrChild,
      List<String> publications) {
    TableRow(ResultSet rs) throws SQLException {
      this(
          new QualifiedName(rs.getString("schema"), rs.getString("name")),
          rs.getString("kind").charAt(0),
          rs.getString("owner"),
          rs.getBoolean("relrowsecurity"),
          rs.getBoolean("relforcerowsecurity"),
          Optional.ofNullable(rs.getString("comment")),
          rs.getBoolean("partition_or_child"),
          List.of((String[]) rs.getArray("publications").getArray()));
    }

    TableInfo toInfo(List<ColumnInfo> columns, List<Grant> grants) {
      return new TableInfo(
          name,
          kind,
          owner,
          rls,
          forceRls,
          comment,
          partitionOrChild,
          columns,
          grants,
          publications);
    }
  }

  private record ColumnRow(
      int attnum,
      String name,
      String type,
      boolean notNull,
      String identity,
      String generated,
      Optional<String> defaultExpr,
      Optional<String> comment,
      boolean inherited) {
    ColumnRow(ResultSet rs) throws SQLException {
      this(
          rs.getInt("attnum"),
          rs.getString("name"),
          rs.getString("type"),
          rs.getBoolean("attnotnull"),
          rs.getString("identity"),
          rs.getString("generated"),
          Optional.ofNullable(rs.getString("default_expr")),
          Optional.ofNullable(rs.getString("comment")),
          rs.getBoolean("inherited"));
    }

    ColumnInfo toInfo(List<Grant> grants) {
      return new ColumnInfo(
          attnum,
          name,
          type,
          notNull,
          identity,
          generated,
          defaultExpr,
          comment,
          inherited,
          grants);
    }
  }
}
