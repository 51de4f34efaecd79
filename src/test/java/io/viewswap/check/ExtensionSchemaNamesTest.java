package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.Snapshots;
import io.viewswap.catalog.TextReferences;
import io.viewswap.catalog.TrackedTable;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An extension's own function that finds the tables it manages by a constant table name in a schema
 * it learns at run time, as PostGIS topology's plpgsql does ({@code quote_ident(atopology) ||
 * '.edge_data'}, the topology's name read from topology.topology; unqualified {@code FROM node}
 * after it set the search_path to the topology's schema). Renaming the topology's {@code
 * city_data.node} breaks it; renaming a user's {@code public.node} does not (RealCorpusIT's corpus
 * {@code topology} runs both by hand). The schema cannot be known from the text, so either is a
 * warning that names the function and the line, never silence and never a blocker; a name wholly
 * computed from the extension's configuration (pg_partman's) stays silent. Shown on the
 * customer-to-client example: the extension's functions name {@code customer}.
 */
class ExtensionSchemaNamesTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  private Spec spec;
  private CatalogSnapshot snap;

  @BeforeEach
  void load() throws Exception {
    spec = new SpecReader().read(PROJECT.resolve("specs/examples/customer-to-client.yaml"));
    snap = Snapshots.example("customer-to-client");
  }

  private List<Finding> findings(FunctionSource f) {
    return findings(f, List.of());
  }

  private List<Finding> findings(FunctionSource f, List<TrackedTable> tracked) {
    CatalogSnapshot s =
        Snapshots.from(snap)
            .functions(List.of(f))
            .textReferences(new TextReferences(List.of(), List.of(), List.of(), List.of(), tracked))
            .build();
    return new Checker()
        .check(spec, s, State.PLANNED, Direction.FORWARD).findings().stream()
            .filter(x -> x.code().startsWith("function-body"))
            .toList();
  }

  private static FunctionSource function(String body, boolean extensionMember) {
    return new FunctionSource(
        "topology.f(character varying)",
        "plpgsql",
        body,
        List.of(),
        List.of("atopology"),
        List.of(),
        extensionMember);
  }

  private static List<Finding> blockers(List<Finding> found) {
    return found.stream().filter(f -> f.severity() == Severity.BLOCKER).toList();
  }

  private static List<Finding> unknown(List<Finding> found) {
    return found.stream().filter(f -> f.code().equals("function-body-unknown")).toList();
  }

  @Test
  void aConstantTableNameInAComputedSchemaIsAWarningInAnExtensionsFunction() {
    String body =
        "begin\n"
            + "  execute 'update ' || quote_ident(atopology) || '.customer set full_name = upper(full_name)';\n"
            + "end";
    // The user's own function: the schema is the user's to know, and the table's name is the
    // renamed one: a blocker, as before.
    assertThat(blockers(findings(function(body, false)))).isNotEmpty();
    // The extension's: this was a blocker too, a false alarm whenever the renamed table is not in
    // a schema the extension manages (public.node beside topology's city_data.node). Now a
    // warning for the table and the column, saying how the schema was computed and where.
    List<Finding> found = findings(function(body, true));
    assertThat(blockers(found)).isEmpty();
    assertThat(unknown(found))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(f.diagnostic().message())
                    .contains("topology.f(character varying)")
                    .contains("line 2")
                    .contains("parameter atopology"));
    assertThat(unknown(found))
        .anyMatch(f -> f.diagnostic().message().contains("\"customer\""))
        .anyMatch(f -> f.diagnostic().message().contains("\"full_name\""));
  }

  @Test
  void aConstantTableNameInAComputedSchemaUsedAsANameIsNotSilencedInAnExtensionsFunction() {
    // (quote_ident(atopology) || '.customer')::regclass: was dropped with the extension's wholly
    // unknowable names (no finding at all, a miss when the schema is the table's)
    String body =
        "begin\n"
            + "  perform pg_catalog.pg_relation_size((quote_ident(atopology) || '.customer')::regclass);\n"
            + "end";
    List<Finding> found = findings(function(body, true));
    assertThat(blockers(found)).isEmpty();
    assertThat(unknown(found))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.diagnostic().message())
                    .contains("line 2")
                    .contains("\"customer\"")
                    .contains("parameter atopology"));
  }

  @Test
  void anUnqualifiedNameInAnExtensionsFunctionIsAWarningNamingTheSearchPath() {
    String body = "begin\n  perform count(*) from customer where full_name is null;\nend";
    assertThat(blockers(findings(function(body, false))))
        .as("the user's own function reads public.customer through the usual search_path")
        .isNotEmpty();
    List<Finding> found = findings(function(body, true));
    assertThat(blockers(found)).isEmpty();
    assertThat(unknown(found))
        .anyMatch(
            f ->
                f.diagnostic().message().contains("\"customer\"")
                    && f.diagnostic().message().contains("search_path")
                    && f.diagnostic().message().contains("line 2"))
        .anyMatch(f -> f.diagnostic().message().contains("\"full_name\""));
  }

  @Test
  void aNameWhollyComputedFromAnExtensionsConfigurationStaysSilent() {
    // pg_partman: every table it manages is named by its configuration; that says nothing about
    // this rename (its configuration is checked by its own rule)
    String body =
        "declare t text;\n"
            + "begin\n"
            + "  select parent_table into t from part_config;\n"
            + "  execute format('update %s set full_name = null', t);\n"
            + "end";
    assertThat(findings(function(body, true))).isEmpty();
  }

  @Test
  void newAndOldInSqlANonTriggerFunctionBuildsAreTheRowsOfWhatThatSqlDefines() {
    // PostGIS's CreateTopology builds CREATE RULE ... DO INSTEAD INSERT INTO %1$I.edge_data
    // VALUES (NEW.geom, ...): NEW is the rule's row, not a trigger row of the function's. It was a
    // blocker on every rename of a column called geom, anywhere (a user's public.site.geom).
    String other =
        "begin\n"
            + "  execute format('create rule r as on insert to %I.v do instead insert into %I.orders"
            + " values (new.full_name)', atopology, atopology);\n"
            + "end";
    assertThat(blockers(findings(function(other, false)))).isEmpty();
    String ours =
        "begin\n"
            + "  execute format('create rule r as on insert to %I.v do instead insert into"
            + " public.customer values (new.full_name)', atopology);\n"
            + "end";
    assertThat(blockers(findings(function(ours, false))))
        .as("the rule writes the renamed table's column")
        .anyMatch(f -> f.diagnostic().message().contains("\"full_name\""));
  }

  @Test
  void aSchemaTheExtensionKeepsAsAWholeMakesItABlocker() {
    // topology.topology (an extension configuration table) records each topology's schema by
    // name, in a row naming no table of it: the schema the extension's code computes is that one,
    // so the renamed table's own name there is the renamed table
    QualifiedName customer = new QualifiedName("public", "customer");
    TrackedTable kept =
        new TrackedTable(
            "postgis_topology",
            new QualifiedName("topology", "topology"),
            "name",
            "public",
            Optional.of(customer));
    assertThat(kept.keepsSchema()).isTrue();
    String body =
        "begin\n"
            + "  execute 'update ' || quote_ident(atopology) || '.customer set full_name = null';\n"
            + "end";
    List<Finding> found = findings(function(body, true), List.of(kept));
    assertThat(blockers(found))
        .anyMatch(
            f ->
                f.diagnostic().message().contains("\"customer\"")
                    && f.diagnostic().message().contains("line 2")
                    && f.diagnostic().message().contains("topology.topology (name = 'public')"))
        .anyMatch(f -> f.diagnostic().message().contains("\"full_name\""));
    // a row that names the table itself (topology.layer's table_name) does not keep its schema
    TrackedTable layer =
        new TrackedTable(
            "postgis_topology",
            new QualifiedName("topology", "layer"),
            "table_name",
            "customer",
            Optional.of(customer));
    assertThat(layer.keepsSchema()).isFalse();
    assertThat(blockers(findings(function(body, true), List.of(layer)))).isEmpty();
  }
}
