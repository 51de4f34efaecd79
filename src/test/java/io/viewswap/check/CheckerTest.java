package io.viewswap.check;

import static io.viewswap.catalog.Snapshots.columnGrant;
import static io.viewswap.catalog.Snapshots.inherited;
import static io.viewswap.catalog.Snapshots.partition;
import static io.viewswap.catalog.Snapshots.published;
import static io.viewswap.catalog.Snapshots.renameColumn;
import static io.viewswap.catalog.Snapshots.rls;
import static io.viewswap.catalog.Snapshots.tableGrant;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.CheckReport;
import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.Dependent;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.Grant;
import io.viewswap.catalog.Snapshots;
import io.viewswap.catalog.StatementStat;
import io.viewswap.catalog.TableInfo;
import io.viewswap.spec.Position;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecOptions;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks on hand-built variants of a snapshot taken on a real server
 * (specs/examples/*.catalog.json): each variant adds one hazard and the test pins the finding's
 * code, severity, message and position.
 */
class CheckerTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");
  static final QualifiedName CLIENT = new QualifiedName("public", "client");

  private final Checker checker = new Checker();
  private Spec spec;
  private CatalogSnapshot snap;

  @BeforeEach
  void load() throws Exception {
    spec = example("customer-to-client");
    snap = Snapshots.example("customer-to-client");
  }

  static Spec example(String name) throws Exception {
    return new SpecReader().read(PROJECT.resolve("specs/examples/" + name + ".yaml"));
  }

  @Test
  void theExampleAsTakenHasNoErrorsNorBlockers() {
    CheckReport r = checker.check(spec, snap, State.PLANNED, Direction.FORWARD);
    assertThat(r.hasErrors()).as("%s", r.findings()).isFalse();
    assertThat(r.hasBlockers()).as("%s", r.findings()).isFalse();
    assertThat(codes(r, Severity.WARNING))
        .as("the view limits are always worth a warning")
        .contains("view-limits");
  }

  @Test
  void rowLevelSecurityOnFourteenIsABlockerAtTheTableLine() {
    CatalogSnapshot pg14 = withServer(withTable(snap, t -> rls(t, true, false)), 140019);
    CheckReport r = checker.check(spec, pg14, State.PLANNED, Direction.FORWARD);
    Finding f = only(r, "rls-pg14");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().message())
        .as("names the table and the reason")
        .contains("public.customer")
        .contains("PostgreSQL 14")
        .contains("bypass its policies");
    assertThat(f.diagnostic().position())
        .as("points at the table: line")
        .isEqualTo(spec.renames().get(0).position());
    assertThat(f.diagnostic().position().line())
        .as("the `table:` line of the example")
        .isEqualTo(6);
  }

  @Test
  void rowLevelSecurityOnFifteenAndLaterIsFineWithoutColumnGrants() {
    for (int version : new int[] {150010, 160006, 170002, 180001}) {
      CatalogSnapshot s = withServer(withTable(snap, t -> rls(t, true, true)), version);
      CheckReport r = checker.check(spec, s, State.PLANNED, Direction.FORWARD);
      assertThat(r.hasBlockers())
          .as("forced RLS on %d uses a security_invoker view: %s", version, r.findings())
          .isFalse();
    }
  }

  @Test
  void rowLevelSecurityWithColumnGrantsNamesTheRoles() {
    CatalogSnapshot s =
        withTable(
            snap,
            t ->
                rls(
                    columnGrant(
                        columnGrant(t, "full_name", new Grant("reporter", "SELECT", false)),
                        "email_addr",
                        new Grant("auditor", "UPDATE", false)),
                    true,
                    false));
    CheckReport r = checker.check(spec, s, State.PLANNED, Direction.FORWARD);
    Finding f = only(r, "rls-column-grants");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().message()).as("both roles, sorted").contains("auditor, reporter");
    assertThat(f.diagnostic().hint()).contains("table-level SELECT");

    CatalogSnapshot covered =
        withTable(
            s,
            t ->
                tableGrant(
                    tableGrant(t, new Grant("auditor", "SELECT", false)),
                    new Grant("reporter", "SELECT", false)));
    assertThat(
            codes(checker.check(spec, covered, State.PLANNED, Direction.FORWARD), Severity.BLOCKER))
        .as("roles that also hold table-level SELECT are not locked out")
        .doesNotContain("rls-column-grants");

    CatalogSnapshot toPublic =
        withTable(s, t -> tableGrant(t, new Grant(Grant.PUBLIC, "SELECT", false)));
    assertThat(
            codes(
                checker.check(spec, toPublic, State.PLANNED, Direction.FORWARD), Severity.BLOCKER))
        .as("a table-level SELECT to PUBLIC covers everyone")
        .doesNotContain("rls-column-grants");

    CatalogSnapshot noRls = withTable(s, t -> rls(t, false, false));
    assertThat(
            codes(checker.check(spec, noRls, State.PLANNED, Direction.FORWARD), Severity.BLOCKER))
        .as("without RLS the owner-rights view with mirrored column grants is exact")
        .isEmpty();
  }

  @Test
  void publicationsBlockUnlessTheSpecAllowsThem() {
    CatalogSnapshot s = withTable(snap, t -> published(t, List.of("to_warehouse")));
    Finding f = only(checker.check(spec, s, State.PLANNED, Direction.FORWARD), "publication");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().message())
        .contains("to_warehouse")
        .contains("subscribers map columns by name");
    assertThat(f.diagnostic().hint()).contains("allow_publications: true");

    SpecOptions o = spec.options();
    Spec allowed = spec.withOptions(o.withAllowPublications(true));
    assertThat(codes(checker.check(allowed, s, State.PLANNED, Direction.FORWARD), Severity.BLOCKER))
        .as("allow_publications: true accepts it")
        .isEmpty();
  }

  @Test
  void notOwnerNamesTheRoleThatMustRunIt() {
    CatalogSnapshot s =
        new CatalogSnapshot(
            snap.serverVersionNum(),
            "app_rw",
            false,
            Set.of("app_rw"),
            snap.schemas(),
            snap.relations(),
            snap.tables(),
            snap.defaultPrivilegeGrantees(),
            snap.functions(),
            snap.dependents());
    Finding f = only(checker.check(spec, s, State.PLANNED, Direction.FORWARD), "not-owner");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().message()).contains("app_rw").contains("owned by postgres");
    assertThat(f.diagnostic().hint()).contains("connect as postgres");

    CatalogSnapshot member =
        new CatalogSnapshot(
            snap.serverVersionNum(),
            "app_rw",
            false,
            Set.of("app_rw", "postgres"),
            snap.schemas(),
            snap.relations(),
            snap.tables(),
            snap.defaultPrivilegeGrantees(),
            snap.functions(),
            snap.dependents());
    assertThat(
            codes(checker.check(spec, member, State.PLANNED, Direction.FORWARD), Severity.BLOCKER))
        .as("a member of the owner role may run it")
        .isEmpty();
    assertThat(
            codes(
                checker.check(spec, afterSwap(s), State.SWAPPED, Direction.ROLLBACK),
                Severity.BLOCKER))
        .as("rollbacks need the owner too")
        .contains("not-owner");
  }

  @Test
  void inheritedColumnPointsAtTheColumnLine() {
    CatalogSnapshot s = withTable(snap, t -> inherited(t, "email_addr"));
    CheckReport r = checker.check(spec, s, State.PLANNED, Direction.FORWARD);
    Finding f = only(r, "inherited-column");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().message()).contains("\"email_addr\"").contains("inherited");
    assertThat(f.diagnostic().hint()).contains("parent");
    assertThat(f.diagnostic().position().line()).as("the `email_addr:` line").isEqualTo(10);
    assertThat(codes(r, Severity.BLOCKER))
        .as("a child table is reported as such too")
        .contains("partition-or-child");
  }

  @Test
  void textBodiedFunctionsNamingARenamedNameAreBlockersWithSignatureAndLine() {
    FunctionSource trigger =
        new FunctionSource(
            "customer_trim()",
            "plpgsql",
            "\nBEGIN\n  NEW.full_name := trim(NEW.full_name);\n  RETURN NEW;\nEND\n");
    FunctionSource sql =
        new FunctionSource("customer_count()", "sql", "select count(*) from public.customer");
    FunctionSource other =
        new FunctionSource("unrelated(integer)", "plpgsql", "BEGIN RETURN full_names; END");
    CatalogSnapshot s = withFunctions(snap, List.of(trigger, sql, other));
    List<Finding> found =
        all(checker.check(spec, s, State.PLANNED, Direction.FORWARD), "function-body");
    assertThat(found)
        .as("the trigger function and the SQL function, not the one naming full_names")
        .hasSize(2);
    assertThat(found.get(0).diagnostic().message())
        .contains("customer_trim()")
        .contains("plpgsql")
        .contains("\"full_name\" at line 3");
    assertThat(found.get(1).diagnostic().message())
        .contains("customer_count()")
        .contains("\"customer\" at line 1");
    assertThat(found).allMatch(f -> f.severity() == Severity.BLOCKER);
    assertThat(all(checker.check(spec, s, State.EXPANDED, Direction.FORWARD), "function-body"))
        .as("still a blocker at the swap, where it would break")
        .hasSize(2);

    FunctionSource reviewed =
        new FunctionSource(
            "customer_trim()",
            "plpgsql",
            "-- " + Checker.REVIEWED_MARK + "\nBEGIN NEW.full_name := trim(NEW.full_name); END");
    CheckReport r =
        checker.check(
            spec, withFunctions(snap, List.of(reviewed)), State.PLANNED, Direction.FORWARD);
    assertThat(codes(r, Severity.BLOCKER)).as("a reviewed function is no blocker").isEmpty();
    assertThat(codes(r, Severity.WARNING)).contains("function-body-reviewed");
  }

  @Test
  void objectsOnTheTransitionalViewBlockSwapAndExpandRollback() {
    CatalogSnapshot s = withDependents(snap, List.of(new Dependent(CLIENT, "view public.report")));
    for (Direction d : Direction.values()) {
      Finding f = only(checker.check(spec, s, State.EXPANDED, d), "view-dependent");
      assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
      assertThat(f.diagnostic().message())
          .as(d.label())
          .contains("view public.report depends on public.client");
    }
    assertThat(
            codes(
                checker.check(spec, afterSwap(s), State.SWAPPED, Direction.FORWARD),
                Severity.BLOCKER))
        .as("once swapped, public.client is the table and nothing of ours is dropped there")
        .doesNotContain("view-dependent");
  }

  @Test
  void objectsOnTheCompatViewBlockContractAndSwapRollbackOnlyWhenThereIsOne() {
    CatalogSnapshot s =
        withDependents(
            afterSwap(snap), List.of(new Dependent(CUSTOMER, "view public.legacy_report")));
    for (Direction d : Direction.values()) {
      assertThat(codes(checker.check(spec, s, State.SWAPPED, d), Severity.BLOCKER))
          .as(d.label())
          .contains("view-dependent");
    }
    SpecOptions o = spec.options();
    Spec noCompat = spec.withOptions(o.withCompatView(false));
    assertThat(
            codes(checker.check(noCompat, s, State.SWAPPED, Direction.FORWARD), Severity.BLOCKER))
        .as("compat_view: false: there is no compat view to drop")
        .doesNotContain("view-dependent");
    assertThat(
            codes(checker.check(spec, s, State.CONTRACTED, Direction.ROLLBACK), Severity.BLOCKER))
        .as("contract rollback creates the compat view, drops nothing")
        .doesNotContain("view-dependent");
  }

  @Test
  void columnsOnlySpecsNeverDropAViewUnderTheTableName() throws Exception {
    Spec columnsOnly = example("columns-only");
    CatalogSnapshot cs = Snapshots.example("columns-only");
    QualifiedName table = columnsOnly.renames().get(0).table();
    QualifiedName view =
        new QualifiedName(
            columnsOnly.transitionSchemaFor(columnsOnly.renames().get(0)), table.name());
    CatalogSnapshot s =
        withDependents(cs, List.of(new Dependent(table, "view x"), new Dependent(view, "view y")));
    assertThat(
            messages(
                checker.check(columnsOnly, s, State.EXPANDED, Direction.FORWARD), "view-dependent"))
        .as("only the transitional view is dropped at the swap")
        .containsExactly("view y depends on " + view + ", which this phase drops");
    assertThat(
            codes(
                checker.check(columnsOnly, s, State.SWAPPED, Direction.FORWARD), Severity.BLOCKER))
        .as("no compat view for column-only renames")
        .doesNotContain("view-dependent");
  }

  @Test
  void partitionsAndChildrenAreRefused() {
    CatalogSnapshot s = withTable(snap, t -> partition(t));
    Finding f =
        only(checker.check(spec, s, State.PLANNED, Direction.FORWARD), "partition-or-child");
    assertThat(f.severity()).isEqualTo(Severity.BLOCKER);
    assertThat(f.diagnostic().hint()).contains("parent");
  }

  @Test
  void missingColumnIsAnErrorWithASuggestion() {
    CatalogSnapshot s = withTable(snap, t -> renameColumn(t, "full_name", "fullname"));
    Finding f = only(checker.check(spec, s, State.PLANNED, Direction.FORWARD), "missing-column");
    assertThat(f.severity()).isEqualTo(Severity.ERROR);
    assertThat(f.diagnostic().hint()).contains("did you mean \"fullname\"");
    assertThat(f.diagnostic().position()).isNotEqualTo(Position.UNKNOWN);
  }

  @Test
  void statementsThatAViewCannotTakeAreWarningsWithTheirCalls() {
    List<StatementStat> seen =
        List.of(
            new StatementStat("TRUNCATE customer", 3),
            new StatementStat(
                "insert into public.customer (full_name) values ($1)\n  on conflict on constraint"
                    + " customer_pkey do nothing",
                1),
            new StatementStat("copy public.customer to stdout", 2),
            new StatementStat("copy (select id from customer) to stdout", 5),
            new StatementStat(
                "merge into customer c using src s on s.id = c.id when matched then do nothing", 4),
            new StatementStat("truncate customer_archive", 9));
    List<String> on16 =
        messages(
            checker.check(
                spec, withStatements(snap, 160004, seen), State.PLANNED, Direction.FORWARD),
            "view-limit-statement");
    assertThat(on16)
        .as("each, with its calls and the text on one line")
        .containsExactly(
            "pg_stat_statements: TRUNCATE on public.customer ran 3 times: TRUNCATE customer; through the view it fails",
            "pg_stat_statements: ON CONFLICT ON CONSTRAINT on public.customer ran 1 time: insert into public.customer"
                + " (full_name) values ($1) on conflict on constraint customer_pkey do nothing; through the view it fails",
            "pg_stat_statements: COPY on public.customer ran 2 times: copy public.customer to stdout; through the view"
                + " it fails",
            "pg_stat_statements: MERGE on public.customer ran 4 times: merge into customer c using src s on s.id = c.id"
                + " when matched then do nothing; through the view it fails");
    List<String> on17 =
        messages(
            checker.check(
                spec, withStatements(snap, 170002, seen), State.PLANNED, Direction.FORWARD),
            "view-limit-statement");
    assertThat(on17)
        .as("MERGE works through a view from 17 on")
        .hasSize(3)
        .noneMatch(m -> m.contains("MERGE"));
    assertThat(
            messages(
                checker.check(
                    spec, withStatements(snap, 160004, seen), State.EXPANDED, Direction.FORWARD),
                "view-limit-statement"))
        .as("a warning for the planning stage only")
        .isEmpty();
  }

  /**
   * A rule that is written but not listed in the checker never runs, and no test of its own would
   * notice when it builds its context by hand: every class of the package that is a rule must be in
   * {@link Checker}'s lists.
   */
  @Test
  void everyRuleOfThePackageIsListedInTheChecker() throws Exception {
    Path dir = PROJECT.resolve("src/main/java/io/viewswap/check");
    Pattern rule =
        Pattern.compile(
            "\\bfinal class (\\w+) (?:extends LiveTableRule|implements (?:Rule|SpecRule))\\b");
    Set<String> written = new java.util.TreeSet<>();
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path f : files.toList()) {
        Matcher m = rule.matcher(java.nio.file.Files.readString(f));
        while (m.find()) {
          written.add(m.group(1));
        }
      }
    }
    assertThat(written).as("rule classes found").contains("MissingTable", "ReleaseRoleCheck");
    Set<String> listed = new java.util.TreeSet<>();
    Checker.rules().forEach(r -> listed.add(r.getClass().getSimpleName()));
    assertThat(listed).as("the rules Checker runs").containsAll(written);
  }

  // ----- snapshot surgery (the fixture copies; the example's table is public.customer) -----

  static CatalogSnapshot withTable(CatalogSnapshot s, UnaryOperator<TableInfo> change) {
    return Snapshots.from(s).table(CUSTOMER, change).build();
  }

  /** The example's table as the swap leaves it: public.client with the new column names. */
  static CatalogSnapshot afterSwap(CatalogSnapshot s) {
    return Snapshots.from(s)
        .table(
            CUSTOMER,
            t -> renameColumn(renameColumn(t, "full_name", "display_name"), "email_addr", "email"))
        .moveTable(CUSTOMER, CLIENT)
        .build();
  }

  static CatalogSnapshot withServer(CatalogSnapshot s, int version) {
    return Snapshots.from(s).server(version).build();
  }

  static CatalogSnapshot withStatements(
      CatalogSnapshot s, int version, List<StatementStat> statements) {
    return Snapshots.from(s).server(version).statements(statements).build();
  }

  static CatalogSnapshot withFunctions(CatalogSnapshot s, List<FunctionSource> functions) {
    return Snapshots.from(s).functions(functions).build();
  }

  static CatalogSnapshot withDependents(CatalogSnapshot s, List<Dependent> dependents) {
    return Snapshots.from(s).dependents(dependents).build();
  }

  // ----- reading reports -----

  static List<String> codes(CheckReport r, Severity s) {
    return r.of(s).stream().map(Finding::code).toList();
  }

  static List<Finding> all(CheckReport r, String code) {
    return r.findings().stream().filter(f -> f.code().equals(code)).toList();
  }

  static List<String> messages(CheckReport r, String code) {
    return all(r, code).stream().map(f -> f.diagnostic().message()).toList();
  }

  static Finding only(CheckReport r, String code) {
    List<Finding> found = all(r, code);
    assertThat(found).as("exactly one %s finding in %s", code, r.findings()).hasSize(1);
    return found.get(0);
  }
}
