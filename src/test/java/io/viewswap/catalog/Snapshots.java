package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Catalog snapshots for unit tests, made from a snapshot taken on a real server
 * (specs/examples/*.catalog.json) with one hazard added at a time. Records are immutable: each
 * helper returns a changed copy, and a snapshot's other facts stay as they were.
 *
 * <pre>{@code
 * CatalogSnapshot pg14 =
 *     Snapshots.from(Snapshots.example("customer-to-client"))
 *         .server(140019)
 *         .table(CUSTOMER, t -> Snapshots.rls(t, true, false))
 *         .build();
 * }</pre>
 */
public final class Snapshots {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  private Snapshots() {}

  /** The snapshot stored beside an example spec, {@code specs/examples/NAME.catalog.json}. */
  public static CatalogSnapshot example(String name) {
    try {
      return SnapshotJson.read(PROJECT.resolve("specs/examples/" + name + ".catalog.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder that starts from every fact of {@code s}. */
  public static Builder from(CatalogSnapshot s) {
    return new Builder(s);
  }

  /** A changed copy of a snapshot. */
  public static final class Builder {
    private CatalogSnapshot s;
    private final Map<QualifiedName, TableInfo> tables;
    private TextReferences textReferences;

    private Builder(CatalogSnapshot s) {
      this.s = s;
      this.tables = new HashMap<>(s.tables());
      this.textReferences = s.textReferences();
    }

    /** Trigger arguments, extension configuration rows and the rest read as text. */
    public Builder textReferences(TextReferences refs) {
      textReferences = refs;
      return this;
    }

    /** The server's version, as {@code server_version_num}: 140019 is 14.19. */
    public Builder server(int versionNum) {
      s = copy(versionNum, s.functions(), s.dependents(), s.statements());
      return this;
    }

    /** The table {@code name}, changed. */
    public Builder table(QualifiedName name, UnaryOperator<TableInfo> change) {
      tables.put(name, change.apply(tables.get(name)));
      return this;
    }

    /** The table {@code from} under the name {@code to} (as the swap leaves it). */
    public Builder moveTable(QualifiedName from, QualifiedName to) {
      TableInfo t = tables.remove(from);
      tables.put(
          to,
          new TableInfo(
              to,
              t.kind(),
              t.owner(),
              t.rowSecurity(),
              t.forceRowSecurity(),
              t.comment(),
              t.partitionOrChild(),
              t.columns(),
              t.grants(),
              t.publications()));
      return this;
    }

    public Builder functions(List<FunctionSource> functions) {
      s = copy(s.serverVersionNum(), functions, s.dependents(), s.statements());
      return this;
    }

    public Builder dependents(List<Dependent> dependents) {
      s = copy(s.serverVersionNum(), s.functions(), dependents, s.statements());
      return this;
    }

    /** What pg_stat_statements saw. */
    public Builder statements(List<StatementStat> statements) {
      s = copy(s.serverVersionNum(), s.functions(), s.dependents(), statements);
      return this;
    }

    public CatalogSnapshot build() {
      return new CatalogSnapshot(
          s.serverVersionNum(),
          s.currentUser(),
          s.superuser(),
          s.memberOf(),
          s.schemas(),
          s.relations(),
          tables,
          s.defaultPrivilegeGrantees(),
          s.functions(),
          s.dependents(),
          s.statements(),
          s.rights(),
          s.views(),
          textReferences);
    }

    private CatalogSnapshot copy(
        int version,
        List<FunctionSource> functions,
        List<Dependent> dependents,
        List<StatementStat> statements) {
      return new CatalogSnapshot(
          version,
          s.currentUser(),
          s.superuser(),
          s.memberOf(),
          s.schemas(),
          s.relations(),
          s.tables(),
          s.defaultPrivilegeGrantees(),
          functions,
          dependents,
          statements,
          s.rights(),
          s.views(),
          s.textReferences());
    }
  }

  // ----- one table, changed -----

  /** Row-level security enabled (and forced) or not. */
  public static TableInfo rls(TableInfo t, boolean on, boolean forced) {
    return table(t, on, forced, t.partitionOrChild(), t.columns(), t.grants(), t.publications());
  }

  public static TableInfo published(TableInfo t, List<String> publications) {
    return table(
        t,
        t.rowSecurity(),
        t.forceRowSecurity(),
        t.partitionOrChild(),
        t.columns(),
        t.grants(),
        publications);
  }

  /** A partition or an inheritance child. */
  public static TableInfo partition(TableInfo t) {
    return table(
        t, t.rowSecurity(), t.forceRowSecurity(), true, t.columns(), t.grants(), t.publications());
  }

  /** One more table-level grant. */
  public static TableInfo tableGrant(TableInfo t, Grant g) {
    List<Grant> grants = new ArrayList<>(t.grants());
    grants.add(g);
    return table(
        t,
        t.rowSecurity(),
        t.forceRowSecurity(),
        t.partitionOrChild(),
        t.columns(),
        grants,
        t.publications());
  }

  /** One more grant on a column. */
  public static TableInfo columnGrant(TableInfo t, String column, Grant g) {
    return mapColumn(
        t,
        column,
        c -> {
          List<Grant> grants = new ArrayList<>(c.grants());
          grants.add(g);
          return column(c, c.name(), c.inherited(), grants);
        });
  }

  /** The column inherited from a parent (the table becomes a child). */
  public static TableInfo inherited(TableInfo t, String column) {
    return partition(mapColumn(t, column, c -> column(c, c.name(), true, c.grants())));
  }

  public static TableInfo renameColumn(TableInfo t, String column, String to) {
    return mapColumn(t, column, c -> column(c, to, c.inherited(), c.grants()));
  }

  public static TableInfo mapColumn(TableInfo t, String column, UnaryOperator<ColumnInfo> change) {
    List<ColumnInfo> cols =
        t.columns().stream().map(c -> c.name().equals(column) ? change.apply(c) : c).toList();
    return table(
        t,
        t.rowSecurity(),
        t.forceRowSecurity(),
        t.partitionOrChild(),
        cols,
        t.grants(),
        t.publications());
  }

  private static TableInfo table(
      TableInfo t,
      boolean rowSecurity,
      boolean forceRowSecurity,
      boolean partitionOrChild,
      List<ColumnInfo> columns,
      List<Grant> grants,
      List<String> publications) {
    return new TableInfo(
        t.name(),
        t.kind(),
        t.owner(),
        rowSecurity,
        forceRowSecurity,
        t.comment(),
        partitionOrChild,
        columns,
        grants,
        publications);
  }

  private static ColumnInfo column(
      ColumnInfo c, String name, boolean inherited, List<Grant> grants) {
    return new ColumnInfo(
        c.attnum(),
        name,
        c.type(),
        c.notNull(),
        c.identity(),
        c.generated(),
        c.defaultExpression(),
        c.comment(),
        inherited,
        grants);
  }
}
