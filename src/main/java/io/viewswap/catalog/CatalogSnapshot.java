package io.viewswap.catalog;

import io.viewswap.spec.QualifiedName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a run knows about the database, read once before anything is planned.
 *
 * @param serverVersionNum e.g. 170006
 * @param currentUser the connected role
 * @param superuser whether it is a superuser
 * @param memberOf every role the connected role is a member of (itself included)
 * @param schemas the schemas the spec touches that exist
 * @param relations the relations and stand-alone types under the names the spec reads or creates
 *     (its tables under old and new names, its views); where a table is under neither name, also
 *     the tables of its schema
 * @param tables full facts for each relation named by the spec (under old or new names) that is a
 *     table
 * @param defaultPrivilegeGrantees roles that {@code ALTER DEFAULT PRIVILEGES} could hand rights on
 *     a new view to
 * @param functions text-bodied functions that mention a name the spec renames
 * @param dependents objects that depend on views the spec would drop
 * @param statements recent statements on the spec's tables that a view could not run, from
 *     pg_stat_statements; empty when it is not installed in the database or not loaded. Not part of
 *     a snapshot file: they describe the traffic of the server they were read on, not its catalog.
 * @param rights what the connected role may create; {@link Rights#UNKNOWN} in a snapshot file
 * @param views the spec's transitional and compat views that exist now; none in a snapshot file
 * @param textReferences trigger arguments, extension configuration and the names of the tables' own
 *     objects; {@link TextReferences#NONE} when not read
 */
public record CatalogSnapshot(
    int serverVersionNum,
    String currentUser,
    boolean superuser,
    Set<String> memberOf,
    Map<String, SchemaInfo> schemas,
    Map<QualifiedName, RelationInfo> relations,
    Map<QualifiedName, TableInfo> tables,
    Set<String> defaultPrivilegeGrantees,
    List<FunctionSource> functions,
    List<Dependent> dependents,
    List<StatementStat> statements,
    Rights rights,
    Map<QualifiedName, ViewInfo> views,
    TextReferences textReferences) {

  /**
   * What the connected role may create, for the checks that refuse a run up front rather than
   * half-way.
   *
   * @param createSchemas CREATE on the database: the state schema and transition schemas are
   *     created with it
   * @param stateSchemaExists whether the schema viewswap exists
   * @param stateSchemaCurrent whether it holds this viewswap's version (nothing needs creating in
   *     it)
   * @param mayUpgradeStateSchema whether the role may create in it and replace its functions (its
   *     owner's rights)
   * @param createIn the spec's schemas the role may create in (views are created there); null when
   *     not known
   */
  public record Rights(
      boolean createSchemas,
      boolean stateSchemaExists,
      boolean stateSchemaCurrent,
      boolean mayUpgradeStateSchema,
      boolean mayUsePlpgsql,
      boolean mayCreateTemp,
      Set<String> createIn) {
    /** Offline: nothing known, nothing refused. */
    public static final Rights UNKNOWN = new Rights(true, true, true, true, true, true, null);

    public Rights {
      createIn = createIn == null ? null : Set.copyOf(createIn);
    }

    /**
     * Whether a phase can rehearse its DDL before the lock: the rehearsal is a plpgsql block that
     * works on temporary objects.
     */
    public boolean mayRehearseDdl() {
      return mayUsePlpgsql && mayCreateTemp;
    }

    public boolean mayCreateIn(String schema) {
      return createIn == null || createIn.contains(schema);
    }
  }

  public CatalogSnapshot {
    memberOf = Set.copyOf(memberOf);
    schemas = Map.copyOf(schemas);
    relations = Map.copyOf(relations);
    tables = Map.copyOf(tables);
    defaultPrivilegeGrantees = Set.copyOf(defaultPrivilegeGrantees);
    functions = List.copyOf(functions);
    dependents = List.copyOf(dependents);
    statements = statements == null ? List.of() : List.copyOf(statements);
    rights = rights == null ? Rights.UNKNOWN : rights;
    views = views == null ? Map.of() : Map.copyOf(views);
    textReferences = textReferences == null ? TextReferences.NONE : textReferences;
  }

  /** A snapshot whose creation rights are not known (tests, older callers). */
  public CatalogSnapshot(
      int serverVersionNum,
      String currentUser,
      boolean superuser,
      Set<String> memberOf,
      Map<String, SchemaInfo> schemas,
      Map<QualifiedName, RelationInfo> relations,
      Map<QualifiedName, TableInfo> tables,
      Set<String> defaultPrivilegeGrantees,
      List<FunctionSource> functions,
      List<Dependent> dependents,
      List<StatementStat> statements) {
    this(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        functions,
        dependents,
        statements,
        Rights.UNKNOWN,
        Map.of(),
        TextReferences.NONE);
  }

  /**
   * A snapshot without text references (trigger arguments, extension configuration, dependent
   * names).
   */
  public CatalogSnapshot(
      int serverVersionNum,
      String currentUser,
      boolean superuser,
      Set<String> memberOf,
      Map<String, SchemaInfo> schemas,
      Map<QualifiedName, RelationInfo> relations,
      Map<QualifiedName, TableInfo> tables,
      Set<String> defaultPrivilegeGrantees,
      List<FunctionSource> functions,
      List<Dependent> dependents,
      List<StatementStat> statements,
      Rights rights,
      Map<QualifiedName, ViewInfo> views) {
    this(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        functions,
        dependents,
        statements,
        rights,
        views,
        TextReferences.NONE);
  }

  /**
   * A snapshot whose creation rights and views are not known, with text references (snapshot
   * files).
   */
  public CatalogSnapshot(
      int serverVersionNum,
      String currentUser,
      boolean superuser,
      Set<String> memberOf,
      Map<String, SchemaInfo> schemas,
      Map<QualifiedName, RelationInfo> relations,
      Map<QualifiedName, TableInfo> tables,
      Set<String> defaultPrivilegeGrantees,
      List<FunctionSource> functions,
      List<Dependent> dependents,
      List<StatementStat> statements,
      TextReferences textReferences) {
    this(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        functions,
        dependents,
        statements,
        Rights.UNKNOWN,
        Map.of(),
        textReferences);
  }

  /** The same snapshot with other text-bodied functions. */
  public CatalogSnapshot withFunctions(List<FunctionSource> others) {
    return new CatalogSnapshot(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        others,
        dependents,
        statements,
        rights,
        views,
        textReferences);
  }

  /** The same snapshot with other text references. */
  public CatalogSnapshot withTextReferences(TextReferences references) {
    return new CatalogSnapshot(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        functions,
        dependents,
        statements,
        rights,
        views,
        references);
  }

  /** A snapshot without statement statistics, as read from a snapshot file. */
  public CatalogSnapshot(
      int serverVersionNum,
      String currentUser,
      boolean superuser,
      Set<String> memberOf,
      Map<String, SchemaInfo> schemas,
      Map<QualifiedName, RelationInfo> relations,
      Map<QualifiedName, TableInfo> tables,
      Set<String> defaultPrivilegeGrantees,
      List<FunctionSource> functions,
      List<Dependent> dependents) {
    this(
        serverVersionNum,
        currentUser,
        superuser,
        memberOf,
        schemas,
        relations,
        tables,
        defaultPrivilegeGrantees,
        functions,
        dependents,
        List.of(),
        Rights.UNKNOWN,
        Map.of(),
        TextReferences.NONE);
  }

  public int serverMajor() {
    return serverVersionNum / 10000;
  }

  public Optional<TableInfo> table(QualifiedName name) {
    return Optional.ofNullable(tables.get(name));
  }

  public Optional<ViewInfo> view(QualifiedName name) {
    return Optional.ofNullable(views.get(name));
  }

  public Optional<RelationInfo> relation(QualifiedName name) {
    return Optional.ofNullable(relations.get(name));
  }

  public Optional<SchemaInfo> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }

  /** security_invoker on views exists from PostgreSQL 15 on; 14 rejects the option outright. */
  public boolean supportsSecurityInvoker() {
    return serverMajor() >= 15;
  }
}
