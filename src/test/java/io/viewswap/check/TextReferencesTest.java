package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.catalog.TextReferences;
import io.viewswap.catalog.TrackedTable;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the text scans on the customer-to-client example (public.customer becomes
 * client, full_name becomes display_name, email_addr becomes email): each case is a function body
 * or a trigger that a rename breaks (a blocker) or does not (no blocker).
 */
class TextReferencesTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");
  static final QualifiedName ORDERS = new QualifiedName("public", "orders");

  private Spec spec;
  private CatalogSnapshot snap;

  @BeforeEach
  void load() throws Exception {
    spec = new SpecReader().read(PROJECT.resolve("specs/examples/customer-to-client.yaml"));
    snap = SnapshotJson.read(PROJECT.resolve("specs/examples/customer-to-client.catalog.json"));
  }

  private List<Finding> check(List<FunctionSource> functions, List<TriggerInfo> triggers) {
    return new Checker()
        .check(
            spec,
            snapshot(functions, new TextReferences(triggers, List.of(), List.of())),
            State.PLANNED,
            Direction.FORWARD)
        .findings();
  }

  /** The example's catalog with these functions and text references. */
  private CatalogSnapshot snapshot(List<FunctionSource> functions, TextReferences refs) {
    return new CatalogSnapshot(
        snap.serverVersionNum(),
        snap.currentUser(),
        snap.superuser(),
        snap.memberOf(),
        snap.schemas(),
        snap.relations(),
        snap.tables(),
        snap.defaultPrivilegeGrantees(),
        functions,
        snap.dependents(),
        List.of(),
        refs);
  }

  private List<String> blockers(FunctionSource f) {
    return check(List.of(f), List.of()).stream()
        .filter(x -> x.severity() == Severity.BLOCKER)
        .map(x -> x.diagnostic().message())
        .toList();
  }

  private static FunctionSource plpgsql(String body, QualifiedName... triggerOn) {
    return new FunctionSource("public.f()", "plpgsql", body, List.of(triggerOn));
  }

  @Test
  void breakingBodiesAreBlockers() {
    assertThat(
            blockers(
                plpgsql("begin NEW.full_name := trim(NEW.full_name); return NEW; end", CUSTOMER)))
        .as("trigger function on the table")
        .hasSize(1);
    assertThat(blockers(plpgsql("begin return to_jsonb(NEW) ->> 'full_name'; end", CUSTOMER)))
        .as("the column as an exact string")
        .hasSize(1);
    assertThat(blockers(plpgsql("declare v public.customer.full_name%TYPE; begin return v; end")))
        .as("%TYPE")
        .hasSize(2); // the table (renamed) and the column
    assertThat(
            blockers(
                plpgsql(
                    "begin execute format('update %I set status = 1 where id = $1', 'customer'); end")))
        .as("table as a format() argument")
        .hasSize(1);
    assertThat(
            blockers(
                plpgsql(
                    "begin execute 'select full_name from ' || quote_ident('client') into x; return x; end; -- from customer")))
        .as("dynamic SQL naming the column, with the table only in a comment: not about the table")
        .isEmpty();
    assertThat(
            blockers(
                plpgsql("begin execute 'select c.full_name from public.customer c' into x; end")))
        .as("EXECUTE string")
        .hasSize(2);
    assertThat(
            blockers(plpgsql("begin insert into public.customer (email_addr) values ('x'); end")))
        .as("INSERT INTO t (columns) is no function call")
        .hasSize(2);
    assertThat(blockers(plpgsql("begin perform 'public.customer'::regclass; end")))
        .as("regclass literal")
        .hasSize(1);
    assertThat(
            blockers(
                new FunctionSource(
                    "public.g()", "sql", "select email_addr from customer where id = 1")))
        .as("SQL-string body")
        .hasSize(2);
    assertThat(
            blockers(
                new FunctionSource(
                    "public.h()", "plpython3u", "plpy.execute('select full_name from customer')")))
        .as("other languages: plain text")
        .hasSize(2);
    assertThat(blockers(new FunctionSource("public.k(customer)", "sql", "select $1.full_name")))
        .as("a row-type argument")
        .hasSize(1);
  }

  /**
   * Another language is read as words only: SQL it builds at run time ({@code "%s_addr" % kind})
   * names a renamed column without its name in the text. That is a warning naming the line, never
   * silence; constant SQL about other tables, or a function about nothing renamed, stays quiet.
   */
  @Test
  void sqlAnotherLanguageBuildsAtRunTimeIsAWarningNeverSilence() {
    FunctionSource computed =
        new FunctionSource(
            "public.py_touch()",
            "plpython3u",
            "kind = TD['args'][0]\nplpy.execute(\"update customer set %s_addr = lower(%s_addr)\" % (kind, kind))",
            List.of(CUSTOMER));
    List<Finding> found = check(List.of(computed), List.of());
    assertThat(found.stream().filter(x -> x.severity() == Severity.BLOCKER).toList())
        .as("the word customer is a blocker as before")
        .isNotEmpty();
    assertThat(
            found.stream()
                .filter(x -> x.code().equals("function-body-unknown"))
                .map(x -> x.diagnostic().message())
                .toList())
        .as("email_addr is built at run time: a warning naming function and line")
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("public.py_touch()")
                    .contains("line 2")
                    .contains("\"email_addr\"")
                    .contains("plpy.execute"));
    FunctionSource constant =
        new FunctionSource(
            "public.py_orders()",
            "plpython3u",
            "plpy.execute('select count(*) from orders')",
            List.of(ORDERS));
    assertThat(check(List.of(constant), List.of()))
        .as("constant SQL about another table")
        .noneMatch(x -> x.code().equals("function-body-unknown"));
  }

  /**
   * A table name passed on through another function: touch_all() gives 'customer' to touch_via(t),
   * which gives it to touch_named(tbl), which splices it into EXECUTE. The name is followed back
   * through both calls: a blocker that says how, not a warning that it cannot be known.
   */
  @Test
  void aNamePassedOnThroughAnotherFunctionIsFollowed() {
    FunctionSource named =
        new FunctionSource(
            "public.touch_named(text)",
            "plpgsql",
            "begin\n  execute 'update ' || quote_ident(tbl) || ' set email_addr = lower(email_addr)';\nend",
            List.of(),
            List.of("tbl"),
            List.of(),
            false);
    FunctionSource via =
        new FunctionSource(
            "public.touch_via(text)",
            "plpgsql",
            "begin perform public.touch_named(t); end",
            List.of(),
            List.of("t"),
            List.of(),
            false);
    FunctionSource all =
        new FunctionSource(
            "public.touch_all()", "plpgsql", "begin perform public.touch_via('customer'); end");
    List<String> blockers =
        check(List.of(named, via, all), List.of()).stream()
            .filter(x -> x.severity() == Severity.BLOCKER)
            .map(x -> x.diagnostic().message())
            .toList();
    assertThat(blockers)
        .as("the table and its column, in touch_named, computed from touch_all's constant")
        .anySatisfy(m -> assertThat(m).contains("public.touch_named(text)").contains("'customer'"));
  }

  /**
   * A trigger function that loops over the columns of its table in pg_attribute and builds SQL from
   * each: the column names cannot be known before it runs, so a column rename is a warning that
   * names the function and the line of the EXECUTE, never silence.
   */
  @Test
  void namesReadFromTheCatalogAreUnknowableNeverSilence() {
    FunctionSource loop =
        plpgsql(
            "declare\n  col text;\nbegin\n  for col in select attname from pg_catalog.pg_attribute"
                + " where attrelid = TG_RELID and attnum > 0 loop\n"
                + "    execute format('update %I.%I set %I = trim(%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME,"
                + " col, col);\n  end loop;\n  return null;\nend",
            CUSTOMER);
    assertThat(
            check(List.of(loop), List.of()).stream()
                .filter(x -> x.code().equals("function-body-unknown"))
                .map(x -> x.diagnostic().message())
                .toList())
        .as("both renamed columns may be what the loop reads")
        .anySatisfy(
            m -> assertThat(m).contains("public.f()").contains("line 5").contains("full_name"))
        .anySatisfy(m -> assertThat(m).contains("email_addr"));
  }

  @Test
  void bodiesAboutOtherTablesAreNot() {
    assertThat(
            blockers(
                plpgsql("begin NEW.full_name := trim(NEW.full_name); return NEW; end", ORDERS)))
        .as("trigger function of another table: its NEW")
        .isEmpty();
    assertThat(blockers(plpgsql("begin return (select full_name from staff where id = 1); end")))
        .as("the column name of another table, table not named")
        .isEmpty();
    assertThat(
            blockers(
                plpgsql(
                    "begin return (select s.full_name from staff s join orders o on o.customer_id = s.id); end")))
        .as("customer_id is not customer")
        .isEmpty();
    assertThat(
            blockers(
                plpgsql(
                    "begin select s.full_name into x from staff s join customer c on c.id = s.id; return x; end")))
        .as("qualified by another table's alias: only the table rename")
        .hasSize(1)
        .allMatch(m -> m.contains("\"customer\""));
    assertThat(blockers(plpgsql("begin raise notice 'customer not found'; end")))
        .as("the table in a message")
        .isEmpty();
    assertThat(check(List.of(plpgsql("begin raise notice 'customer not found'; end")), List.of()))
        .as("... is a warning")
        .anyMatch(f -> f.code().equals("function-body-text"));
    assertThat(blockers(plpgsql("-- full_name of customer\nbegin return 1; end")))
        .as("comments")
        .isEmpty();
    assertThat(blockers(plpgsql("begin return o.customer; end")))
        .as("a column called customer")
        .isEmpty();
  }

  @Test
  void aSubscribedTableIsABlockerUnlessAllowed() {
    CatalogSnapshot s =
        snap.withTextReferences(
            new TextReferences(
                List.of(),
                List.of(),
                List.of(),
                List.of(new io.viewswap.catalog.SubscribedTable(CUSTOMER, "from_crm"))));
    List<Finding> found =
        new Checker()
            .check(spec, s, State.PLANNED, Direction.FORWARD).findings().stream()
                .filter(f -> f.code().equals("subscription"))
                .toList();
    assertThat(found).hasSize(1).allMatch(f -> f.severity() == Severity.BLOCKER);
    assertThat(found.get(0).diagnostic().message()).contains("subscription from_crm");
  }

  @Test
  void aStatementNamingAConstraintTheSwapRenamesIsAWarning() throws Exception {
    Spec withOption =
        new SpecReader()
            .parse(
                "id: x\nrenames:\n  - table: public.customer\n    to: client\noptions:\n  rename_dependents: true\n",
                "x.yaml");
    CatalogSnapshot s =
        new CatalogSnapshot(
            snap.serverVersionNum(),
            snap.currentUser(),
            snap.superuser(),
            snap.memberOf(),
            snap.schemas(),
            snap.relations(),
            snap.tables(),
            snap.defaultPrivilegeGrantees(),
            List.of(),
            snap.dependents(),
            List.of(
                new io.viewswap.catalog.StatementStat(
                    "insert into customer (email_addr) values ($1) on conflict on constraint customer_email_addr_key do nothing",
                    4)),
            new TextReferences(
                List.of(),
                List.of(),
                List.of(
                    new io.viewswap.catalog.NamedDependent(
                        CUSTOMER,
                        io.viewswap.catalog.NamedDependent.Kind.CONSTRAINT,
                        "public",
                        "customer_email_addr_key",
                        ""))));
    List<Finding> found =
        new Checker()
            .check(withOption, s, State.PLANNED, Direction.FORWARD).findings().stream()
                .filter(f -> f.code().equals("dependent-name-in-statement"))
                .toList();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).diagnostic().message()).contains("client_email_addr_key");
  }

  private static TriggerInfo trigger(
      QualifiedName on, String function, String language, boolean reads, String... args) {
    return new TriggerInfo(
        on,
        on.equals(CUSTOMER) ? Optional.of(CUSTOMER) : Optional.empty(),
        "t",
        function,
        language,
        reads,
        List.of(args),
        false);
  }

  private List<Finding> triggerFindings(TriggerInfo t) {
    return check(List.of(), List.of(t)).stream()
        .filter(f -> f.code().startsWith("trigger-argument"))
        .toList();
  }

  @Test
  void triggerArgumentsNamingRenamedNames() {
    List<Finding> tsv =
        triggerFindings(
            trigger(
                CUSTOMER,
                "tsvector_update_trigger()",
                "internal",
                false,
                "fts",
                "pg_catalog.english",
                "full_name",
                "email_addr"));
    assertThat(tsv).hasSize(2).allMatch(f -> f.severity() == Severity.BLOCKER);
    assertThat(tsv.get(0).diagnostic().message())
        .contains("argument 3")
        .contains("full_name")
        .contains("tsvector_update_trigger()");
    assertThat(tsv.get(0).diagnostic().hint()).contains("generated column");
    assertThat(
            triggerFindings(
                trigger(
                    CUSTOMER,
                    "tsvector_update_trigger()",
                    "internal",
                    false,
                    "fts",
                    "full_name",
                    "status")))
        .as("the configuration argument is not a column")
        .isEmpty();
    assertThat(triggerFindings(trigger(ORDERS, "public.moddatetime()", "c", false, "full_name")))
        .as("a trigger on another table: its own column")
        .isEmpty();
    assertThat(triggerFindings(trigger(CUSTOMER, "public.moddatetime()", "c", false, "full_name")))
        .hasSize(1);
    assertThat(
            triggerFindings(
                trigger(
                    ORDERS,
                    "public.check_primary_key()",
                    "c",
                    false,
                    "customer_id",
                    "public.customer",
                    "id")))
        .as("refint naming the renamed table")
        .hasSize(1)
        .allMatch(f -> f.diagnostic().message().contains("argument 2"));
    assertThat(triggerFindings(trigger(CUSTOMER, "public.audit()", "plpgsql", true, "full_name")))
        .as("a PL function reading TG_ARGV")
        .hasSize(1)
        .allMatch(f -> f.severity() == Severity.BLOCKER);
    assertThat(triggerFindings(trigger(CUSTOMER, "public.audit()", "plpgsql", false, "full_name")))
        .as("a PL function that never reads its arguments")
        .isEmpty();
    assertThat(triggerFindings(trigger(CUSTOMER, "public.mystery()", "c", false, "full_name")))
        .as("an unknown C function: a warning")
        .hasSize(1)
        .allMatch(f -> f.severity() == Severity.WARNING);
    assertThat(
            triggerFindings(
                trigger(CUSTOMER, "public.audit()", "plpgsql", true, "Full_Name", "other")))
        .as("case matters")
        .isEmpty();
  }

  private static final QualifiedName LOG = new QualifiedName("public", "customer_log");

  private static FunctionSource triggerFunction(String body, FunctionSource.Trigger... triggers) {
    List<QualifiedName> on =
        java.util.Arrays.stream(triggers).map(FunctionSource.Trigger::table).toList();
    return new FunctionSource("public.f()", "plpgsql", body, on, List.of(), List.of(triggers));
  }

  private List<Finding> findings(FunctionSource... functions) {
    return check(List.of(functions), List.of()).stream()
        .filter(
            f -> f.code().startsWith("function-body") || f.code().startsWith("trigger-argument"))
        .toList();
  }

  private static List<String> blockersOf(List<Finding> found) {
    return found.stream()
        .filter(x -> x.severity() == Severity.BLOCKER)
        .map(x -> x.code() + ": " + x.diagnostic().message())
        .toList();
  }

  @Test
  void aTriggerArgumentUsedAsAFragmentIsFollowed() {
    String body =
        "begin execute format('insert into %I select ($1).*', TG_ARGV[0] || '_history') using NEW; return NEW; end";
    // the label 'cust' makes cust_history: renaming customer is safe
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(body, new FunctionSource.Trigger("t", LOG, List.of("cust"))))))
        .isEmpty();
    // 'custom' || 'er' would be customer: the computed name is tested, with how it was computed
    List<String> b =
        blockersOf(
            findings(
                triggerFunction(
                    "begin execute 'update ' || TG_ARGV[0] || 'er set x = 1'; return NEW; end",
                    new FunctionSource.Trigger("t", LOG, List.of("custom")))));
    assertThat(b)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith("trigger-argument")
                    .contains(
                        "'custom' (trigger t on public.customer_log, argument 1) || 'er' = customer"));
    // the whole argument used as data only: no finding
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin insert into audit(entity) values (TG_ARGV[0]); return NEW; end",
                        new FunctionSource.Trigger("t", LOG, List.of("customer"))))))
        .isEmpty();
  }

  @Test
  void aParameterTakesTheConstantsOfItsCallers() {
    FunctionSource callee =
        new FunctionSource(
            "public.bump(text)",
            "plpgsql",
            "begin execute format('update %I set full_name = upper(full_name)', entity || 'er'); end",
            List.of(),
            List.of("entity"),
            List.of());
    FunctionSource caller =
        new FunctionSource("public.g()", "plpgsql", "begin perform bump('custom'); end");
    List<String> b = blockersOf(findings(callee, caller));
    assertThat(b)
        .hasSize(2)
        .allMatch(m -> m.contains("'custom' (argument 1 of the call at line 1 of public.g())"));
    // no caller: the name cannot be known, and that is said
    List<Finding> alone = findings(callee);
    assertThat(blockersOf(alone)).isEmpty();
    assertThat(alone)
        .anyMatch(
            f ->
                f.code().equals("function-body-unknown")
                    && f.diagnostic().message().contains("parameter entity"));
  }

  @Test
  void aTableNamePassedAsTextIsSplicedWithTheColumnsOfTheString() {
    FunctionSource setter =
        new FunctionSource(
            "public.set_name(text)",
            "plpgsql",
            "begin execute 'update ' || quote_ident(tbl) || ' set email_addr = null'; end",
            List.of(),
            List.of("tbl"),
            List.of());
    FunctionSource caller =
        new FunctionSource("public.g()", "plpgsql", "begin perform set_name('customer'); end");
    assertThat(blockersOf(findings(setter, caller))).hasSize(2); // the table and email_addr
    FunctionSource other =
        new FunctionSource("public.h()", "plpgsql", "begin perform set_name('orders'); end");
    assertThat(blockersOf(findings(setter, other))).as("another table's column").isEmpty();
  }

  @Test
  void aColumnOnlyInAFormatTemplateOfTheTriggersTable() {
    String body =
        "begin execute format('select count(*) from %I.%I where full_name is null', TG_TABLE_SCHEMA, TG_TABLE_NAME); return null; end";
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(body, new FunctionSource.Trigger("t", CUSTOMER, List.of())))))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("\"full_name\"").doesNotContain("\"customer\""));
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(body, new FunctionSource.Trigger("t", ORDERS, List.of())))))
        .isEmpty();
    // a name built from TG_TABLE_NAME changes with the rename
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin execute format('insert into %I select ($1).*', TG_TABLE_NAME || '_log') using NEW; return NEW; end",
                        new FunctionSource.Trigger("t", CUSTOMER, List.of())))))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("TG_TABLE_NAME"));
  }

  @Test
  void testsOfWhichTableFiredItAreBlockersWhenTheAnswerChanges() {
    FunctionSource.Trigger onCustomer = new FunctionSource.Trigger("t", CUSTOMER, List.of());
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin if TG_TABLE_NAME like 'cust%' then return NEW; end if; return null; end",
                        onCustomer))))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains("LIKE 'cust%' is true for customer but false for client")
                    .contains("another branch"));
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin if TG_TABLE_NAME like 'c%' then return NEW; end if; return null; end",
                        onCustomer))))
        .as("true under both names")
        .isEmpty();
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin case TG_TABLE_NAME when 'customer' then return NEW; else return null; end case; end",
                        onCustomer))))
        .hasSize(1);
    assertThat(
            blockersOf(
                findings(
                    triggerFunction(
                        "begin if TG_TABLE_NAME = 'customer' then return NEW; end if; return null; end",
                        new FunctionSource.Trigger("t", ORDERS, List.of())))))
        .as("fires only on orders: the test never held")
        .isEmpty();
  }

  @Test
  void aWordThatIsATableInOnePlaceAndAColumnInAnother() {
    assertThat(
            blockers(
                plpgsql(
                    "begin return (select count(*) from orders where customer is not null); end")))
        .as("a column of another table named like the table")
        .isEmpty();
    assertThat(
            blockers(
                plpgsql(
                    "begin return (select string_agg(full_name, ',') from staff) || (select count(*) from customer); end")))
        .as("full_name belongs to staff's subquery; customer is read in another")
        .singleElement()
        .satisfies(m -> assertThat(m).contains("\"customer\""));
    assertThat(blockers(plpgsql("begin perform log_it('customer'); end")))
        .as("the table's name as data")
        .isEmpty();
  }

  @Test
  void aNameReadFromATableIsAWarningNamingTheLine() {
    List<Finding> found =
        findings(
            plpgsql(
                "declare t text; n int;\nbegin\n  select tbl into t from report_target;\n  execute format('select count(*) from %I', t) into n;\nend"));
    assertThat(blockersOf(found)).isEmpty();
    assertThat(found)
        .anyMatch(
            f ->
                f.code().equals("function-body-unknown")
                    && f.diagnostic().message().contains("line 4")
                    && f.diagnostic().message().contains("read by a query at line 3"));
  }

  private static TriggerInfo opaque(
      QualifiedName on,
      boolean onView,
      String function,
      String language,
      String extension,
      boolean computedSql,
      String... args) {
    return new TriggerInfo(
        on,
        Optional.of(CUSTOMER),
        "versioning",
        function,
        language,
        false,
        List.of(args),
        false,
        onView,
        extension,
        computedSql);
  }

  /** check's function-body-unknown findings for the spec on the snapshot. */
  private static List<Finding> unknownFindings(Spec s, CatalogSnapshot catalog) {
    return new Checker()
        .check(s, catalog, State.PLANNED, Direction.FORWARD).findings().stream()
            .filter(f -> f.code().equals("function-body-unknown"))
            .toList();
  }

  private List<Finding> unknownTriggers(TriggerInfo t) {
    return check(List.of(), List.of(t)).stream()
        .filter(f -> f.code().equals("function-body-unknown"))
        .toList();
  }

  @Test
  void aCompiledTriggerFunctionOnTheTableIsAWarningNamingWhatCannotBeSeen() {
    // periods.write_history() (C) copies each old row into the history table by row type: a
    // renamed column breaks every UPDATE and DELETE, and no name of it is in any text viewswap
    // reads
    List<Finding> found =
        unknownTriggers(opaque(CUSTOMER, false, "periods.write_history()", "c", "periods", false));
    assertThat(found).hasSize(1);
    Finding f = found.get(0);
    assertThat(f.severity()).isEqualTo(Severity.WARNING);
    assertThat(f.diagnostic().message())
        .contains("trigger versioning on public.customer")
        .contains("periods.write_history() (c, extension periods)")
        .contains("compiled c code viewswap cannot read")
        .contains("row type")
        .contains("\"full_name\"", "\"email_addr\"", "the table public.customer");
    // a C function that belongs to no extension is as unreadable
    assertThat(unknownTriggers(opaque(CUSTOMER, false, "public.audit()", "c", "", false)))
        .hasSize(1);
  }

  @Test
  void anExtensionsComputedSqlOnAViewOverTheTableIsAWarning() {
    // periods.update_portion_of() (the extension's plpgsql) is an INSTEAD OF trigger on a view
    // over the table; it builds its UPDATE from the view's column names with format()
    QualifiedName view = new QualifiedName("public", "customer__for_portion_of_validity");
    List<Finding> found =
        unknownTriggers(
            opaque(view, true, "periods.update_portion_of()", "plpgsql", "periods", true));
    assertThat(found).hasSize(1);
    assertThat(found.get(0).diagnostic().message())
        .contains("on the view public.customer__for_portion_of_validity over public.customer")
        .contains("extension periods's own plpgsql code")
        .contains("EXECUTE");
    // the same extension's plpgsql that builds no SQL is read as code elsewhere: no warning here
    assertThat(
            unknownTriggers(
                opaque(view, true, "periods.update_portion_of()", "plpgsql", "periods", false)))
        .isEmpty();
    // the user's own plpgsql is read as code by FunctionBodies: no warning here
    assertThat(unknownTriggers(opaque(view, true, "public.f()", "plpgsql", "", true))).isEmpty();
  }

  /**
   * A compiled trigger function on another table given the renamed table's name as an argument
   * (table_log's {@code table_log('account_log', 0, 'public', 'SINGLE')} on account writes every
   * row into account_log by the logged table's column names): renaming a column of the named table
   * breaks every write to the other one, and no text viewswap reads holds the column's name.
   */
  @Test
  void aCompiledTriggerFunctionGivenTheTableAsAnArgumentIsAWarningForItsColumns() throws Exception {
    Spec columnsOnly =
        new SpecReader()
            .parse(
                "id: x\nrenames:\n  - table: public.customer\n    columns:\n      full_name: display_name\n",
                "x.yaml");
    TriggerInfo logging =
        new TriggerInfo(
            ORDERS,
            Optional.empty(),
            "table_log_trigger",
            "public.table_log()",
            "c",
            false,
            List.of("customer", "0", "public", "SINGLE"),
            false,
            false,
            "table_log",
            false);
    List<Finding> found =
        unknownFindings(
            columnsOnly,
            snapshot(List.of(), new TextReferences(List.of(logging), List.of(), List.of())));
    assertThat(found).hasSize(1).allMatch(f -> f.severity() == Severity.WARNING);
    assertThat(found.get(0).diagnostic().message())
        .contains("trigger table_log_trigger on public.orders")
        .contains("passes 'customer' as argument 1")
        .contains("public.table_log() (c, extension table_log)")
        .contains("\"full_name\"");
    // the table itself renamed too: the same warning, the table's name among what it may still use
    assertThat(unknownTriggers(logging))
        .hasSize(1)
        .allMatch(f -> f.diagnostic().message().contains("the table public.customer"));
    // a bare name, on a table in another schema, with no argument naming the renamed table's
    // schema:
    // another table of that name
    TriggerInfo otherSchema =
        new TriggerInfo(
            new QualifiedName("sales", "orders"),
            Optional.empty(),
            "table_log_trigger",
            "public.table_log()",
            "c",
            false,
            List.of("customer", "0", "sales", "SINGLE"),
            false,
            false,
            "table_log",
            false);
    assertThat(unknownTriggers(otherSchema)).isEmpty();
    // a known function whose arguments are not this table's names stays quiet
    assertThat(
            unknownTriggers(
                new TriggerInfo(
                    ORDERS,
                    Optional.empty(),
                    "t",
                    "triggered_change_notification()",
                    "c",
                    false,
                    List.of("customer"),
                    false,
                    false,
                    "tcn",
                    false)))
        .isEmpty();
  }

  /**
   * A compiled trigger function given no table at all may find its table by the name of the table
   * it fires on (table_log() without arguments writes each row into {@code <table>_log}, by the
   * logged table's column names): renaming that companion table, or a column of it, breaks every
   * write to the other table.
   */
  @Test
  void aTableNamedAfterATableWithACompiledTriggerIsAWarning() throws Exception {
    // public.cust_log (the example's customer table under another name), a column of it renamed
    QualifiedName log = new QualifiedName("public", "cust_log");
    Spec logSpec =
        new SpecReader()
            .parse(
                "id: x\nrenames:\n  - table: public.cust_log\n    columns:\n      full_name: display_name\n",
                "x.yaml");
    java.util.function.Function<TriggerInfo, List<Finding>> unknown =
        t ->
            unknownFindings(
                logSpec,
                io.viewswap.catalog.Snapshots.from(
                        snapshot(List.of(), new TextReferences(List.of(t), List.of(), List.of())))
                    .moveTable(CUSTOMER, log)
                    .build());
    List<Finding> found = unknown.apply(companionTrigger("public", "cust", "c"));
    assertThat(found).hasSize(1).allMatch(f -> f.severity() == Severity.WARNING);
    assertThat(found.get(0).diagnostic().message())
        .contains("trigger cust_log_trigger on public.cust")
        .contains("named after public.cust")
        .contains("\"full_name\"");
    // the same name in another schema, or a name that only starts the same, is not its companion
    assertThat(unknown.apply(companionTrigger("sales", "cust", "c"))).isEmpty();
    assertThat(unknown.apply(companionTrigger("public", "cus", "c"))).isEmpty();
    // a PL function is read as code: its TG_TABLE_NAME || '_log' is followed there
    assertThat(unknown.apply(companionTrigger("public", "cust", "plpgsql"))).isEmpty();
  }

  private static TriggerInfo companionTrigger(String schema, String table, String language) {
    return new TriggerInfo(
        new QualifiedName(schema, table),
        Optional.empty(),
        "cust_log_trigger",
        "public.table_log()",
        language,
        false,
        List.of(),
        false,
        false,
        language.equals("c") ? "table_log" : "",
        false);
  }

  @Test
  void understoodAndUnrelatedTriggerFunctionsStayQuiet() {
    // core and contrib functions whose arguments are their only names
    assertThat(
            unknownTriggers(
                opaque(
                    CUSTOMER,
                    false,
                    "suppress_redundant_updates_trigger()",
                    "internal",
                    "",
                    false)))
        .isEmpty();
    assertThat(
            unknownTriggers(
                opaque(
                    CUSTOMER,
                    false,
                    "tsvector_update_trigger()",
                    "internal",
                    "",
                    false,
                    "fts",
                    "pg_catalog.english",
                    "notes")))
        .isEmpty();
    // a C trigger on another table (read because an argument names a renamed name) is not about it
    TriggerInfo elsewhere =
        new TriggerInfo(
            ORDERS,
            Optional.empty(),
            "t",
            "periods.write_history()",
            "c",
            false,
            List.of(),
            false,
            false,
            "periods",
            false);
    assertThat(unknownTriggers(elsewhere)).isEmpty();
  }

  @Test
  void aColumnArgumentOfATriggerOnADependentViewNamesTheViewsOwnColumn() {
    // a view keeps its column names when the table's are renamed: an argument naming full_name on
    // a trigger of the view is not stale (a table name is)
    QualifiedName view = new QualifiedName("public", "customer_v");
    java.util.function.Function<String, TriggerInfo> onView =
        arg ->
            new TriggerInfo(
                view,
                Optional.of(CUSTOMER),
                "t",
                "public.f()",
                "plpython3u",
                true,
                List.of(arg),
                false,
                true,
                "",
                false);
    assertThat(triggerFindings(onView.apply("full_name"))).isEmpty();
    assertThat(triggerFindings(onView.apply("customer"))).hasSize(1);
  }

  private List<Finding> checkOffline(TextReferences refs) throws Exception {
    CatalogSnapshot s = snapshot(List.of(), refs);
    // through a snapshot file, as an offline check reads it
    CatalogSnapshot read = SnapshotJson.read(SnapshotJson.write(s));
    return new Checker().check(spec, read, State.PLANNED, Direction.FORWARD).findings();
  }

  @Test
  void aTableAnExtensionRecordsInItsConfigurationIsAWarningNamingIt() throws Exception {
    // periods records employee_history as the history table of employee; its C trigger on
    // employee copies rows into it by row type: a column renamed in the history table alone breaks
    // every UPDATE and DELETE of employee, and no trigger sits on the history table itself
    QualifiedName config = new QualifiedName("periods", "system_versioning");
    TrackedTable tracked =
        new TrackedTable(
            "periods", config, "history_table_name", "customer", Optional.of(CUSTOMER));
    TrackedTable other =
        new TrackedTable("periods", config, "table_name", "orders", Optional.of(ORDERS));
    List<Finding> found =
        checkOffline(
                new TextReferences(
                    List.of(), List.of(), List.of(), List.of(), List.of(tracked, other)))
            .stream()
            .filter(f -> f.code().equals("function-body-unknown"))
            .toList();
    assertThat(found).hasSize(1);
    assertThat(found.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(found.get(0).diagnostic().message())
        .contains("extension periods records public.customer")
        .contains("configuration table periods.system_versioning")
        .contains("history_table_name = 'customer'")
        .doesNotContain("orders");
    // a configuration table the role may not read is said, never skipped in silence
    TrackedTable unreadable =
        new TrackedTable("periods", config, TrackedTable.UNREADABLE, "", Optional.empty());
    assertThat(
            checkOffline(
                new TextReferences(
                    List.of(), List.of(), List.of(), List.of(), List.of(unreadable))))
        .anyMatch(
            f ->
                f.code().equals("extension-unreadable")
                    && f.diagnostic().message().contains("periods.system_versioning"));
  }

  @Test
  void aTriggerOnADependentViewSurvivesASnapshotFile() throws Exception {
    QualifiedName view = new QualifiedName("public", "customer__for_portion_of_validity");
    TriggerInfo t = opaque(view, true, "periods.update_portion_of()", "plpgsql", "periods", true);
    assertThat(
            checkOffline(new TextReferences(List.of(t), List.of(), List.of())).stream()
                .filter(f -> f.code().equals("function-body-unknown")))
        .singleElement()
        .satisfies(f -> assertThat(f.diagnostic().message()).contains("on the view " + view));
  }
}
