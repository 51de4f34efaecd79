package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaSelectionTest {
  private static Spec read(String yaml) throws SpecException {
    return new SpecReader().parse(yaml, "t.yaml");
  }

  private static List<String> errors(String yaml) {
    try {
      read(yaml);
      throw new AssertionError("expected the spec to be refused");
    } catch (SpecException e) {
      return e.diagnostics().stream().map(Diagnostic::format).toList();
    }
  }

  @Test
  void globsMatchWholeNamesLiterallyExceptStarAndQuestionMark() {
    assertThat(SchemaSelection.matches("tenant_*", "tenant_a")).isTrue();
    assertThat(SchemaSelection.matches("tenant_*", "tenant_")).isTrue();
    assertThat(SchemaSelection.matches("tenant_*", "Tenant_a")).isFalse();
    assertThat(SchemaSelection.matches("shard_??", "shard_01")).isTrue();
    assertThat(SchemaSelection.matches("shard_??", "shard_001")).isFalse();
    assertThat(SchemaSelection.matches("a.b", "aXb")).isFalse();
    assertThat(SchemaSelection.matches("a[1]", "a[1]")).isTrue();
    assertThat(SchemaSelection.matches("x*", "x\nevil")).isTrue();
  }

  @Test
  void bareTablesRunInEachSchemaAndQualifiedOnesStay() throws SpecException {
    Spec s =
        read(
            "id: t1\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n    to: client\n"
                + "  - table: shared.plan\n    columns: {n: name}\n");
    assertThat(s.schemas()).isPresent();
    assertThat(s.schemas().get().perSchema()).containsExactly(0);
    Spec a = s.forSchema("tenant_a");
    assertThat(a.id()).isEqualTo("t1@tenant_a");
    assertThat(a.renames())
        .extracting(r -> r.table().toString())
        .containsExactly("tenant_a.customer");
    assertThat(a.schemas()).isEmpty();
    assertThat(a.checksum()).isNotEqualTo(s.forSchema("tenant_b").checksum());
    Spec shared = s.shared().orElseThrow();
    assertThat(shared.id()).isEqualTo("t1");
    assertThat(shared.renames())
        .extracting(r -> r.table().toString())
        .containsExactly("shared.plan");
  }

  @Test
  void theTransitionSchemaIsPerTenant() throws SpecException {
    Spec def = read("id: t1\nschemas: [acme]\nrenames: [{table: customer, columns: {a: b}}]\n");
    Spec acme = def.forSchema("acme");
    assertThat(acme.transitionSchemaFor(acme.renames().get(0))).isEqualTo("acme_next");
    Spec pat =
        read(
            "id: t1\nschemas: [acme]\ntransition_schema: \"{schema}_v2\"\n"
                + "renames: [{table: customer, columns: {a: b}}]\n");
    Spec p = pat.forSchema("acme");
    assertThat(p.transitionSchemaFor(p.renames().get(0))).isEqualTo("acme_v2");
  }

  /**
   * The release role's search_path is one setting per database: several tenants of one database
   * would each overwrite it, so the combination is refused when the spec is read.
   */
  @Test
  void aReleaseRoleWithSchemasIsRefused() {
    assertThat(
            errors(
                "id: t1\nschemas: [\"tenant_*\"]\nrenames: [{table: customer, columns: {a: b}}]\n"
                    + "options:\n  release_role: app_next\n"))
        .singleElement()
        .asString()
        .contains("cannot be combined with")
        .contains("one setting per database");
  }

  @Test
  void refusals() {
    assertThat(errors("id: t1\nschemas: []\nrenames: [{table: customer, to: client}]\n"))
        .singleElement()
        .asString()
        .contains("\"schemas\" must be a non-empty list");
    assertThat(errors("id: t1\nschemas: [a, a]\nrenames: [{table: customer, to: client}]\n"))
        .singleElement()
        .asString()
        .contains("listed twice");
    assertThat(errors("id: t1\nschemas: [a]\nrenames: [{table: public.customer, to: client}]\n"))
        .singleElement()
        .asString()
        .contains("every table in \"renames\" names its schema");
    assertThat(
            errors(
                "id: t1\nschemas: [a]\ntransition_schema: next\nrenames: [{table: c, columns: {x: y}}]\n"))
        .singleElement()
        .asString()
        .contains("would be shared by every selected schema");
    assertThat(
            errors(
                "id: t1\nschemas: [a]\nrenames: [{table: c, to: d}]\noptions: {skip_missing: maybe}\n"))
        .singleElement()
        .asString()
        .contains("\"skip_missing\" in options must be true or false");
    assertThat(errors("id: t1\nschemas: [\"a\\tb\"]\nrenames: [{table: c, to: d}]\n"))
        .singleElement()
        .asString()
        .contains("control character");
  }

  @Test
  void skipMissingIsReadAndASingleTargetSpecRefusesForSchema() throws SpecException {
    Spec s =
        read("id: t1\nschemas: [a]\nrenames: [{table: c, to: d}]\noptions: {skip_missing: true}\n");
    assertThat(s.schemas().get().skipMissing()).isTrue();
    Spec plain = read("id: t1\nrenames: [{table: c, to: d}]\n");
    assertThat(plain.schemas()).isEmpty();
    assertThatThrownBy(() -> plain.forSchema("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDotInsideQuotesIsNotASchema() {
    assertThat(SchemaSelection.bare("\"odd.name\"")).isTrue();
    assertThat(SchemaSelection.bare("s.t")).isFalse();
    assertThat(SchemaSelection.bare("\"s\".t")).isFalse();
  }
}
