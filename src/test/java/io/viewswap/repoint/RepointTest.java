package io.viewswap.repoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RepointTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  static Spec example(String name) throws Exception {
    return new SpecReader().read(PROJECT.resolve("specs/examples/" + name + ".yaml"));
  }

  @Test
  void aRenamedTableNeedsOnlyNewNamesNoSearchPath() throws Exception {
    TableAdvice a = new Repoint().advise(example("customer-to-client"), Client.HIBERNATE).get(0);
    assertThat(a.searchPath())
        .as("the view carries the new table name in the same schema")
        .isEmpty();
    assertThat(a.readsThrough()).isEqualTo("public.client");
    assertThat(a.changes())
        .as("table and column mappings in Hibernate's terms")
        .contains(
            "entity: @Table(name = \"client\") (was \"customer\")",
            "attribute mapped to full_name: @Column(name = \"display_name\")",
            "attribute mapped to email_addr: @Column(name = \"email\")");
    assertThat(a.afterContract())
        .as("the compat view goes at contract")
        .anyMatch(s -> s.contains("public.customer"));
  }

  @Test
  void aColumnOnlyRenameNeedsTheTransitionSchemaFirstOnTheSearchPath() throws Exception {
    TableAdvice a = new Repoint().advise(example("columns-only"), Client.JDBC).get(0);
    assertThat(a.searchPath())
        .as("transition schema first, then the table's")
        .isEqualTo(Optional.of("public_next,public"));
    assertThat(a.readsThrough()).isEqualTo("public_next.orders");
    assertThat(a.changes())
        .as("JDBC's currentSchema, unqualified table name, new column names")
        .containsExactly(
            "JDBC URL: add currentSchema=public_next,public (jdbc:postgresql://HOST/DB?currentSchema=public_next,public)",
            "name the table unqualified (orders, not public.orders), or the search_path cannot lead to the view",
            "SQL: column amount_cents instead of amt_cents",
            "SQL: column customer_id instead of cust_id");
    assertThat(a.afterContract())
        .containsExactly(
            "drop public_next from currentSchema in the JDBC URL (the schema is gone after contract; keeping it is harmless)");
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void everyClientGetsAChangePerRenameAndSomethingForAfterContract(Client client) throws Exception {
    for (String example :
        List.of("customer-to-client", "columns-only", "multi-table", "quoted", "table-only")) {
      Spec spec = example(example);
      List<TableAdvice> advice = new Repoint().advise(spec, client);
      assertThat(advice).as("%s: one entry per table", example).hasSize(spec.renames().size());
      for (int i = 0; i < advice.size(); i++) {
        int expected =
            spec.renames().get(i).columns().size()
                + (spec.renames().get(i).renamesTable() ? 1 : 2)
                + (client == Client.RAILS || client == Client.SQLALCHEMY ? 1 : 0);
        assertThat(advice.get(i).changes())
            .as("%s %s: table or search_path, plus each column", example, client)
            .hasSize(expected);
        assertThat(advice.get(i).afterContract()).isNotEmpty();
      }
    }
  }

  @Test
  void clientNamesParseInAnyCase() {
    assertThat(Client.parse("Django")).isEqualTo(Client.DJANGO);
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void behindATransactionPoolerNoClientIsToldToSetAStartupParameterOrASessionSet(Client client)
      throws Exception {
    RepointAdvice a =
        new Repoint().advise(example("columns-release-role"), client, Pooler.TRANSACTION);
    assertThat(a.warnings()).isEmpty();
    assertThat(a.connectAs()).contains("app_next");
    for (String change : a.tables().get(0).changes()) {
      assertThat(change)
          .as("%s: %s", client, change)
          .doesNotContain("currentSchema=")
          .doesNotContain("search_path=")
          .doesNotContain("schema_search_path");
    }
    assertThat(a.tables().get(0).clientSearchPath()).isEmpty();
    assertThat(a.connection())
        .as("%s: prepared statements and session state are addressed", client)
        .anyMatch(c -> c.contains("SET"))
        .hasSizeGreaterThan(3);
  }

  @Test
  void aColumnOnlySpecWithoutReleaseRoleIsWarnedBehindAPoolerOnly() throws Exception {
    assertThat(
            new Repoint()
                .advise(example("columns-only"), Client.DJANGO, Pooler.TRANSACTION)
                .warnings())
        .singleElement()
        .asString()
        .contains("options.release_role");
    assertThat(new Repoint().advise(example("columns-only"), Client.DJANGO, Pooler.NONE).warnings())
        .isEmpty();
    assertThat(
            new Repoint()
                .advise(example("customer-to-client"), Client.DJANGO, Pooler.TRANSACTION)
                .warnings())
        .as("a renamed table needs no search_path")
        .isEmpty();
  }

  @Test
  void poolerModesParse() {
    assertThat(Pooler.parse("Statement")).isEqualTo(Pooler.TRANSACTION);
    assertThat(Pooler.parse("session")).isEqualTo(Pooler.NONE);
  }

  @Test
  void anUnknownWordIsAUsageErrorListingEveryChoice() {
    assertThatThrownBy(() -> Client.parse("jpa"))
        .isInstanceOfSatisfying(
            ViewSwapException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessage(
            "unknown client \"jpa\"; expected jdbc, libpq, django, hibernate, rails or sqlalchemy");
    assertThatThrownBy(() -> Pooler.parse("pgbouncer"))
        .isInstanceOfSatisfying(
            ViewSwapException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessage(
            "unknown pooler \"pgbouncer\"; expected none (direct or session pooling) or transaction"
                + " (PgBouncer transaction/statement mode, RDS Proxy, Supavisor)");
  }
}
