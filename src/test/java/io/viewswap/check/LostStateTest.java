package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.FindingCode;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.ColumnInfo;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.catalog.TableInfo;
import io.viewswap.catalog.ViewInfo;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A spec without state over tables as expand left them (the transitional view with the spec's new
 * names over the table, both the table owner's) is said to have lost its state; the same view owned
 * by someone else, or the tables as before expand, are not.
 */
class LostStateTest {
  private Spec spec;
  private CatalogSnapshot snap;
  private TableInfo customer;

  @BeforeEach
  void load() throws Exception {
    spec = CheckerTest.example("customer-to-client");
    snap =
        SnapshotJson.read(
            CheckerTest.PROJECT.resolve("specs/examples/customer-to-client.catalog.json"));
    customer = snap.table(CheckerTest.CUSTOMER).orElseThrow();
  }

  /** The snapshot with a view public.client with the new column names, owned by {@code owner}. */
  private CatalogSnapshot withExpandView(String owner) {
    List<ColumnInfo> columns =
        customer.columns().stream()
            .map(
                c ->
                    new ColumnInfo(
                        c.attnum(),
                        switch (c.name()) {
                          case "full_name" -> "display_name";
                          case "email_addr" -> "email";
                          default -> c.name();
                        },
                        c.type(),
                        false,
                        "",
                        "",
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        false,
                        List.of()))
            .toList();
    TableInfo view =
        new TableInfo(
            CheckerTest.CLIENT,
            'v',
            owner,
            false,
            false,
            java.util.Optional.empty(),
            false,
            columns,
            List.of(),
            List.of());
    Map<QualifiedName, RelationInfo> relations = new HashMap<>(snap.relations());
    relations.put(CheckerTest.CLIENT, new RelationInfo(CheckerTest.CLIENT, 'v'));
    return new CatalogSnapshot(
        snap.serverVersionNum(),
        snap.currentUser(),
        snap.superuser(),
        snap.memberOf(),
        snap.schemas(),
        relations,
        snap.tables(),
        snap.defaultPrivilegeGrantees(),
        snap.functions(),
        snap.dependents(),
        snap.statements(),
        snap.rights(),
        Map.of(CheckerTest.CLIENT, new ViewInfo(view, false)));
  }

  @Test
  void theTablesAsBeforeExpandLostNothing() {
    assertThat(LostState.of(spec, snap)).isEmpty();
  }

  @Test
  void theTransitionalViewOfTheTableOwnerSaysExpandRan() {
    CatalogSnapshot expanded = withExpandView(customer.owner());
    LostState lost = LostState.of(spec, expanded).orElseThrow();
    assertThat(lost.state()).isEqualTo(State.EXPANDED);
    assertThat(lost.recovery())
        .contains("pg_dump -Fc -n viewswap")
        .contains("DROP VIEW public.client");
    var report = new Checker().check(spec, expanded, State.PLANNED, Direction.FORWARD);
    assertThat(report.findings())
        .as("said alone: no 'name taken' beside it")
        .extracting(f -> f.code())
        .containsExactly(FindingCode.STATE_LOST.label());
    assertThat(report.hasErrors()).isTrue();
  }

  @Test
  void aViewOfAnotherOwnerIsNoEvidence() {
    CatalogSnapshot forged = withExpandView("someone_else");
    assertThat(LostState.of(spec, forged)).isEmpty();
    var report = new Checker().check(spec, forged, State.PLANNED, Direction.FORWARD);
    assertThat(report.findings())
        .extracting(f -> f.code())
        .contains(FindingCode.TABLE_NAME_TAKEN.label())
        .doesNotContain(FindingCode.STATE_LOST.label());
  }
}
