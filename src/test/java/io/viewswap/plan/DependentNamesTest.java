package io.viewswap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.NamedDependent;
import io.viewswap.catalog.NamedDependent.Kind;
import io.viewswap.catalog.RelationInfo;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.catalog.TextReferences;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The naming rule of options.rename_dependents on the customer-to-client example. */
class DependentNamesTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");

  @Test
  void namesMadeFromTheOldNamesFollowOthersStay() throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/customer-to-client.yaml"));
    CatalogSnapshot snap =
        SnapshotJson.read(PROJECT.resolve("specs/examples/customer-to-client.catalog.json"));
    Map<QualifiedName, RelationInfo> relations = new HashMap<>(snap.relations());
    relations.put(
        new QualifiedName("public", "client_email_idx"),
        new RelationInfo(new QualifiedName("public", "client_email_idx"), 'i'));
    List<NamedDependent> deps =
        List.of(
            new NamedDependent(CUSTOMER, Kind.CONSTRAINT, "public", "customer_pkey", ""),
            new NamedDependent(CUSTOMER, Kind.SEQUENCE, "public", "customer_id_seq", "id"),
            new NamedDependent(CUSTOMER, Kind.INDEX, "public", "customer_full_name_idx", ""),
            new NamedDependent(CUSTOMER, Kind.INDEX, "public", "customer_email_addr_idx", ""),
            new NamedDependent(CUSTOMER, Kind.INDEX, "public", "customers_by_name", ""),
            new NamedDependent(CUSTOMER, Kind.TRIGGER, "public", "customer_audit", ""),
            new NamedDependent(
                CUSTOMER, Kind.POLICY, "public", "x" + "y".repeat(50) + "_full_name", ""));
    CatalogSnapshot s =
        new CatalogSnapshot(
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
            List.of(),
            new TextReferences(List.of(), List.of(), deps));
    Map<String, String> planned = new HashMap<>();
    Map<String, String> problems = new HashMap<>();
    for (DependentNames.Rename r : DependentNames.of(spec.renames().get(0), CUSTOMER, s, false)) {
      if (r.planned()) {
        planned.put(r.dependent().name(), r.newName());
      } else {
        problems.put(r.dependent().name(), r.problem().get());
      }
    }
    assertThat(planned)
        .containsEntry("customer_pkey", "client_pkey")
        .containsEntry("customer_id_seq", "client_id_seq")
        .containsEntry("customer_full_name_idx", "client_display_name_idx")
        .containsEntry("customer_audit", "client_audit")
        .doesNotContainKey("customers_by_name");
    assertThat(problems)
        .containsOnlyKeys("customer_email_addr_idx", "x" + "y".repeat(50) + "_full_name");
    assertThat(problems.get("customer_email_addr_idx")).contains("taken");
    assertThat(problems.get("x" + "y".repeat(50) + "_full_name")).contains("over PostgreSQL's 63");
  }
}
