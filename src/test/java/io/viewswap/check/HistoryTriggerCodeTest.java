package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.Snapshots;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The classes of case the audit and history trigger code teams copy into their databases showed
 * (itests/resources/corpus/fetched: audit-trigger's audit.sql, temporal_tables' versioning(),
 * pgMemento), on the customer-to-client example (public.customer becomes client, full_name becomes
 * display_name, email_addr becomes email). Each case failed before its fix; the corpus run shows
 * the break by hand.
 */
class HistoryTriggerCodeTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");

  private Spec spec;
  private final CatalogSnapshot snap = Snapshots.example("customer-to-client");

  @BeforeEach
  void load() throws Exception {
    spec = new SpecReader().read(PROJECT.resolve("specs/examples/customer-to-client.yaml"));
  }

  /** The blockers check raises on the example's catalog with these functions. */
  private List<String> blockers(FunctionSource... functions) {
    return findings(functions).stream().filter(f -> f.startsWith("blocker ")).toList();
  }

  /** Every finding about bodies and trigger arguments: severity, code and message. */
  private List<String> findings(FunctionSource... functions) {
    CatalogSnapshot s = Snapshots.from(snap).functions(List.of(functions)).build();
    return new Checker()
        .check(spec, s, State.PLANNED, Direction.FORWARD).findings().stream()
            .filter(
                f ->
                    f.code().startsWith("function-body") || f.code().startsWith("trigger-argument"))
            .map(
                f ->
                    f.severity().name().toLowerCase(java.util.Locale.ROOT)
                        + " "
                        + f.code()
                        + ": "
                        + f.diagnostic().message())
            .toList();
  }

  static final QualifiedName ORDERS = new QualifiedName("public", "orders");

  /** temporal_tables' versioning(), fired by one trigger on the table with these arguments. */
  private static FunctionSource versioning(String body, QualifiedName table, String... arguments) {
    return new FunctionSource(
        "public.versioning()",
        "plpgsql",
        body,
        List.of(table),
        List.of(),
        List.of(new FunctionSource.Trigger("versioning_trigger", table, List.of(arguments))));
  }

  private static FunctionSource trigger(String body, FunctionSource.Trigger... triggers) {
    List<QualifiedName> on =
        java.util.Arrays.stream(triggers).map(FunctionSource.Trigger::table).toList();
    return new FunctionSource(
        "audit.if_modified_func()", "plpgsql", body, on, List.of(), List.of(triggers));
  }

  /**
   * audit.sql's if_modified_func(): the trigger's second argument is a text[] of the table's
   * columns left out of the log ({@code audit.audit_table('orders', true, false, '{note}')}). After
   * a rename of such a column the trigger logs it (updates that touched only it were skipped):
   * other rows in audit.logged_actions, no error.
   */
  @Test
  void aListOfColumnsPassedAsATriggerArgumentIsFollowedIntoTheRow() {
    String body =
        """
        DECLARE
            h_old hstore;
            excluded_cols text[] = ARRAY[]::text[];
        BEGIN
            IF TG_ARGV[1] IS NOT NULL THEN
                excluded_cols = TG_ARGV[1]::text[];
            END IF;
            IF (TG_OP = 'UPDATE' AND TG_LEVEL = 'ROW') THEN
                h_old = hstore(OLD.*) - excluded_cols;
            END IF;
            INSERT INTO audit.logged_actions (row_data) VALUES (h_old);
            RETURN NULL;
        END;
        """;
    assertThat(
            blockers(
                trigger(
                    body,
                    new FunctionSource.Trigger(
                        "audit_trigger_row",
                        CUSTOMER,
                        List.of("f", "{email_addr,\"full_name\"}")))))
        .as("both listed columns are renamed")
        .hasSize(2)
        .allMatch(m -> m.contains("argument 2"));
    assertThat(
            blockers(
                trigger(
                    body,
                    new FunctionSource.Trigger(
                        "audit_trigger_row", CUSTOMER, List.of("f", "{id}")))))
        .as("a list without the renamed columns")
        .isEmpty();
    assertThat(
            blockers(
                trigger(
                    body,
                    new FunctionSource.Trigger(
                        "audit_trigger_row", ORDERS, List.of("f", "{full_name}")))))
        .as("the list of another table's trigger names that table's columns")
        .isEmpty();
  }

  /**
   * temporal_tables' versioning(): the columns copied to the history table are the ones both tables
   * have, read from pg_attribute and spliced in as a list ({@code array_to_string( commonColumns,
   * ',')}). A column renamed in either table silently drops out of the history (the INSERT still
   * runs): no name to match, so check must say it cannot know, naming the line.
   */
  @Test
  void aListOfColumnsReadFromTheCatalogIsSaidToBeUnknowable() {
    String body =
        """
        DECLARE
          history_table text;
          commonColumns text[];
        BEGIN
          history_table := TG_ARGV[1];
          WITH history AS (SELECT attname FROM pg_attribute WHERE attrelid = history_table::regclass),
               main AS (SELECT attname FROM pg_attribute WHERE attrelid = TG_RELID)
          SELECT array_agg(quote_ident(history.attname)) INTO commonColumns
            FROM history INNER JOIN main ON history.attname = main.attname;
          EXECUTE ('INSERT INTO ' ||
            history_table ||
            '(' ||
            array_to_string(commonColumns , ',') ||
            ',' ||
            quote_ident(TG_ARGV[0]) ||
            ') VALUES ($1.' ||
            array_to_string(commonColumns, ',$1.') ||
            ',tstzrange($2, $3, ''[)''))')
             USING OLD, now(), now();
          RETURN OLD;
        END;
        """;
    List<String> found =
        findings(
            trigger(
                body,
                new FunctionSource.Trigger(
                    "versioning_trigger",
                    CUSTOMER,
                    List.of("sys_period", "customer_history", "true"))));
    assertThat(found)
        .as("full_name and email_addr of the versioned table")
        .filteredOn(f -> f.startsWith("warning function-body-unknown"))
        .hasSize(2)
        .allMatch(f -> f.contains("line 10") && f.contains("array_to_string() of commoncolumns"));
    assertThat(found)
        .as("no blocker: the name cannot be known")
        .noneMatch(f -> f.startsWith("blocker"));
  }

  /**
   * temporal_tables' versioning() defaults its version column argument with {@code
   * COALESCE(TG_ARGV[7], 'version')}. A table named like that word (here a string 'customer' that
   * defaults a column argument) is not what the function is about: renaming its columns breaks
   * nothing, while the column of the trigger's own table is still found.
   */
  @Test
  void aStringThatIsAColumnNameDoesNotMakeTheFunctionAboutTheTableOfThatName() {
    String body =
        """
        DECLARE
          version_column_name text;
          existing_version integer;
        BEGIN
          version_column_name := COALESCE(TG_ARGV[7], 'customer');
          EXECUTE format('SELECT $1.%I', version_column_name) USING OLD INTO existing_version;
          IF to_jsonb(NEW) ->> 'full_name' IS NULL THEN
            RETURN NULL;
          END IF;
          RETURN NEW;
        END;
        """;
    FunctionSource onOrders = versioning(body, ORDERS, "sys_period", "orders_history", "true");
    assertThat(blockers(onOrders))
        .as("a trigger on orders reading its own row: customer.full_name is another table's column")
        .isEmpty();
    FunctionSource onCustomer = versioning(body, CUSTOMER, "sys_period", "customer_history");
    assertThat(blockers(onCustomer))
        .as("on customer, its own row's full_name")
        .singleElement()
        .satisfies(m -> assertThat(m).contains("\"full_name\""));
  }

  /**
   * temporal_tables' history table argument may be schema-qualified ({@code 'history.price'}): the
   * finding shows the argument and the name computed from it whole, as the DBA finds them in the
   * trigger's definition, not their last part.
   */
  @Test
  void aQualifiedNameFromATriggerArgumentIsShownWhole() {
    String body =
        """
        DECLARE
          history_table text;
        BEGIN
          history_table := TG_ARGV[1];
          EXECUTE 'INSERT INTO ' || history_table || ' SELECT ($1).*' USING OLD;
          RETURN OLD;
        END;
        """;
    assertThat(blockers(versioning(body, ORDERS, "sys_period", "public.customer", "true")))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .contains("passes 'public.customer' as argument 2")
                    .contains(
                        "'public.customer' (trigger versioning_trigger on public.orders, argument 2) = customer,"
                            + " the table public.customer"));
  }
}
