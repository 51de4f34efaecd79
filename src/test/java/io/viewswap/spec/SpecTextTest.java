package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A spec written back (to the state row, or as YAML for the user) reads to the same renames. */
class SpecTextTest {
  @Test
  void everyExampleRoundTripsThroughJsonAndYamlToTheSameChecksum() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("specs/examples"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      Spec spec = new SpecReader().read(f);
      if (spec.schemas().isPresent()) {
        spec = spec.forSchema("tenant_1");
      }
      String json = SpecText.json(spec);
      assertThat(json).as("%s: one line", f).doesNotContain("\n");
      assertThat(SpecText.stored(json, spec.id()).checksum())
          .as("%s", f)
          .isEqualTo(spec.checksum());
      Spec fromYaml = SpecText.stored(SpecText.yaml(spec), spec.id());
      assertThat(fromYaml.checksum()).as("%s as YAML", f).isEqualTo(spec.checksum());
      assertThat(fromYaml.sql().stream().map(x -> x.forward() + x.inverse()).toList())
          .as("%s sql", f)
          .isEqualTo(spec.sql().stream().map(x -> x.forward() + x.inverse()).toList());
      assertThat(unplaced(fromYaml.options()))
          .as("%s options", f)
          .isEqualTo(unplaced(spec.options()));
    }
  }

  /**
   * The state keeps the applied spec; rollback --spec-id and later phases run with it. An option
   * the stored text leaves out would come back as its default: every option of the reader (but
   * skip_missing, which belongs to schemas:, stored per tenant) must be written, and read back as
   * it was.
   */
  @Test
  void everyOptionIsStoredAndReadBack() throws Exception {
    String source =
        String.join(
            "\n",
            "id: all-options",
            "renames:",
            "  - table: public.customer",
            "    columns: {full_name: display_name}",
            "options:",
            "  lock_timeout: 150ms",
            "  statement_timeout: 7s",
            "  retries: 3",
            "  backoff: 10ms..2s",
            "  compat_view: false",
            "  allow_publications: true",
            "  rename_dependents: true",
            "  release_role: app_next",
            "  skip_missing: true",
            "  synchronous_commit: configured",
            "");
    for (String key : OptionsReader.KEYS) {
      assertThat(source).as("this spec sets every option; set %s above too", key).contains(key);
    }
    Spec spec = new SpecReader().parse(source, "all.yaml");
    String yaml = SpecText.yaml(spec);
    for (String key : OptionsReader.KEYS) {
      if (!key.equals("skip_missing")) {
        assertThat(yaml).as("SpecText.tree writes %s", key).contains("  " + key + ": ");
      }
    }
    SpecOptions back = SpecText.stored(yaml, spec.id()).options();
    assertThat(unplaced(back)).isEqualTo(unplaced(spec.options()));
    assertThat(unplaced(back)).isNotEqualTo(unplaced(SpecOptions.DEFAULTS));
  }

  private static SpecOptions unplaced(SpecOptions o) {
    return new SpecOptions(
        o.lockTimeout(),
        o.statementTimeout(),
        o.retries(),
        o.backoffMin(),
        o.backoffMax(),
        o.compatView(),
        o.allowPublications(),
        o.renameDependents(),
        o.releaseRole(),
        Position.UNKNOWN,
        o.keepSynchronousCommit());
  }

  @Test
  void hostileNamesStayOneLineAndComeBackExactly() throws Exception {
    Spec spec =
        new SpecReader()
            .parse(
                "id: odd\ndescription: \"two\\nlines \\u001b[2J\"\nrenames:\n  - table: '\"My.Schema\".\"Odd\"\"Name\"'\n"
                    + "    to: \"x'; \\\\! rm -rf / --\"\n"
                    + "    columns:\n      \"é\": \"ü\"\n",
                "t.yaml");
    String json = SpecText.json(spec);
    assertThat(json).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("é");
    Spec back = SpecText.stored(json, "odd");
    assertThat(back.renames().get(0).table())
        .isEqualTo(new QualifiedName("My.Schema", "Odd\"Name"));
    assertThat(back.renames().get(0).newName()).contains("x'; \\! rm -rf / --");
    assertThat(back.description()).isEqualTo("two\nlines \u001b[2J");
    assertThat(back.checksum()).isEqualTo(spec.checksum());
    assertThat(SpecText.yaml(spec)).doesNotContain("\u001b").doesNotContain("ü");
  }

  @Test
  void theSpecsOwnSqlAndItsInversesAreStoredToo() throws Exception {
    Spec spec =
        new SpecReader()
            .parse(
                "id: with-sql\nrenames:\n  - table: public.t\n    columns:\n      a: b\n"
                    + "sql:\n  swap:\n    - forward: |\n        CREATE OR REPLACE FUNCTION public.f()"
                    + " RETURNS int LANGUAGE sql AS $$ SELECT 1 $$\n"
                    + "      inverse: CREATE OR REPLACE FUNCTION public.f() RETURNS int LANGUAGE sql AS"
                    + " $$ SELECT 2 $$\n",
                "t.yaml");
    assertThat(spec.sql()).hasSize(1);
    Spec fromJson = SpecText.stored(SpecText.json(spec), "with-sql");
    Spec fromYaml = SpecText.stored(SpecText.yaml(spec), "with-sql");
    assertThat(fromJson.checksum()).isEqualTo(spec.checksum());
    assertThat(fromYaml.checksum()).isEqualTo(spec.checksum());
    assertThat(fromYaml.sql().get(0).inverse()).isEqualTo(spec.sql().get(0).inverse());
  }

  @Test
  void aStoredSpecOfAnotherIdOrNotASpecIsRefused() {
    assertThatThrownBy(() -> SpecText.stored("{\"id\": \"other\", \"renames\": []}", "mine"))
        .isInstanceOf(SpecException.class);
    assertThatThrownBy(() -> SpecText.stored("not: [a spec", "mine"))
        .isInstanceOf(SpecException.class);
  }
}
