package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecReaderTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final Path INVALID = PROJECT.resolve("specs/invalid");
  static final Path EXAMPLES = PROJECT.resolve("specs/examples");

  private final SpecReader reader = new SpecReader();

  static Stream<String> invalidSpecs() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<String> exampleSpecs() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private List<Diagnostic> errors(String yaml) {
    SpecException e = catchThrowableOfType(SpecException.class, () -> reader.parse(yaml, "t.yaml"));
    assertThat(e).as("expected the spec to be refused").isNotNull();
    return e.diagnostics();
  }

  private static String formatted(List<Diagnostic> ds) {
    return ds.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  // ---- golden files
  // ---------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void invalidSpecGivesExpectedDiagnostics(String name) throws IOException {
    String yaml = Files.readString(INVALID.resolve(name), StandardCharsets.UTF_8);
    String expectedFile = name.replaceAll("\\.yaml$", ".expected.txt");
    String expected = Files.readString(INVALID.resolve(expectedFile), StandardCharsets.UTF_8);
    if (expected.endsWith("\n")) {
      expected = expected.substring(0, expected.length() - 1);
    }
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> reader.parse(yaml, "specs/invalid/" + name));
    assertThat(e).as("%s must be refused", name).isNotNull();
    assertThat(formatted(e.diagnostics())).isEqualTo(expected);
    assertThat(e.diagnostics())
        .allSatisfy(
            d -> {
              assertThat(d.position().known()).isTrue();
              assertThat(Character.isUpperCase(d.message().charAt(0)))
                  .as("lower-case start: %s", d.message())
                  .isFalse();
              assertThat(d.hint()).isNotEmpty();
            });
  }

  @Test
  void invalidCasesCoverTheBrief() throws IOException {
    assertThat(invalidSpecs().toList())
        .contains(
            "syntax-error.yaml",
            "unknown-key.yaml",
            "missing-id.yaml",
            "missing-renames.yaml",
            "empty-renames.yaml",
            "three-part-name.yaml",
            "identifier-too-long.yaml",
            "duplicate-key.yaml",
            "duplicate-target-columns.yaml",
            "bad-duration.yaml",
            "backoff-reversed.yaml",
            "table-renamed-to-itself.yaml",
            "columns-as-list.yaml",
            "several-errors.yaml");
    String several = Files.readString(INVALID.resolve("several-errors.expected.txt"));
    assertThat(several.lines().filter(l -> l.startsWith("specs/")).count())
        .isGreaterThanOrEqualTo(3);
    for (String yaml : invalidSpecs().toList()) {
      assertThat(INVALID.resolve(yaml.replaceAll("\\.yaml$", ".expected.txt"))).exists();
    }
  }

  // ---- good parses
  // ----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleSpecs")
  void everyExampleParses(String name) throws Exception {
    Spec spec = reader.read(EXAMPLES.resolve(name));
    assertThat(spec.renames()).isNotEmpty();
    assertThat(spec.file()).isEqualTo(EXAMPLES.resolve(name).toString());
    assertThat(EXAMPLES.resolve(name.replaceAll("\\.yaml$", ".schema.sql"))).exists();
  }

  @Test
  void customerToClient() throws Exception {
    Spec spec = reader.read(EXAMPLES.resolve("customer-to-client.yaml"));
    assertThat(spec.id()).isEqualTo("2026-11-customer-to-client");
    assertThat(spec.renames()).hasSize(1);
    TableRename r = spec.renames().get(0);
    assertThat(r.table()).isEqualTo(new QualifiedName("public", "customer"));
    assertThat(r.newName()).contains("client");
    assertThat(r.columns())
        .extracting(ColumnRename::from, ColumnRename::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("full_name", "display_name"),
            org.assertj.core.groups.Tuple.tuple("email_addr", "email"));
    assertThat(r.position().line()).isEqualTo(6);
    assertThat(r.newNamePosition()).isEqualTo(new Position(7, 9));
    assertThat(r.columns().get(0).position()).isEqualTo(new Position(9, 7));
    assertThat(spec.transitionSchema()).isEmpty();
    assertThat(spec.options()).isEqualTo(SpecOptions.DEFAULTS);
  }

  @Test
  void multiTable() throws Exception {
    Spec spec = reader.read(EXAMPLES.resolve("multi-table.yaml"));
    assertThat(spec.renames())
        .extracting(TableRename::table)
        .containsExactly(
            new QualifiedName("billing", "account"), new QualifiedName("billing", "payment"));
    assertThat(spec.transitionSchema()).contains("billing_v2");
    assertThat(spec.transitionSchemaFor(spec.renames().get(1))).isEqualTo("billing_v2");
    assertThat(spec.options().lockTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(spec.options().statementTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.options().retries()).isEqualTo(50);
    assertThat(spec.options().backoffMin()).isEqualTo(Duration.ofMillis(20));
    assertThat(spec.options().backoffMax()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void quotedNamesComeOutExact() throws Exception {
    Spec spec = reader.read(EXAMPLES.resolve("quoted.yaml"));
    TableRename r = spec.renames().get(0);
    assertThat(r.table()).isEqualTo(new QualifiedName("Sales Data", "Customer Accounts"));
    assertThat(r.newName()).contains("Client Accounts");
    assertThat(r.columns()).extracting(ColumnRename::from).containsExactly("Full Name", "eMail");
    assertThat(r.columns())
        .extracting(ColumnRename::to)
        .containsExactly("Display \"Name\"", "E-Mail");
  }

  @Test
  void columnsOnlyUsesDefaultTransitionSchema() throws Exception {
    Spec spec = reader.read(EXAMPLES.resolve("columns-only.yaml"));
    TableRename r = spec.renames().get(0);
    assertThat(r.renamesTable()).isFalse();
    assertThat(r.newNamePosition()).isEqualTo(Position.UNKNOWN);
    assertThat(spec.transitionSchemaFor(r)).isEqualTo("public_next");
  }

  @Test
  void defaultsApplyPerField() throws Exception {
    Spec spec =
        reader.parse(
            """
        id: x
        renames:
          - table: t
            to: u
        options:
          retries: 0
          compat_view: false
        """,
            "t.yaml");
    SpecOptions o = spec.options();
    assertThat(o.retries()).isZero();
    assertThat(o.compatView()).isFalse();
    assertThat(o.lockTimeout()).isEqualTo(SpecOptions.DEFAULTS.lockTimeout());
    assertThat(o.statementTimeout()).isEqualTo(SpecOptions.DEFAULTS.statementTimeout());
    assertThat(o.backoffMin()).isEqualTo(SpecOptions.DEFAULTS.backoffMin());
    assertThat(o.backoffMax()).isEqualTo(SpecOptions.DEFAULTS.backoffMax());
    assertThat(o.allowPublications()).isFalse();
    assertThat(spec.description()).isEmpty();
    assertThat(spec.transitionSchema()).isEqualTo(Optional.empty());
    assertThat(spec.renames().get(0).table()).isEqualTo(new QualifiedName("public", "t"));
  }

  @Test
  void emptyOptionsAndDurationUnits() throws Exception {
    assertThat(reader.parse("id: x\nrenames: [{table: t, to: u}]\noptions:\n", "t.yaml").options())
        .isEqualTo(SpecOptions.DEFAULTS);
    SpecOptions o =
        reader
            .parse(
                "id: x\nrenames: [{table: t, to: u}]\noptions: {lock_timeout: 1m, statement_timeout: 1500ms, backoff: 1s..1s,"
                    + " allow_publications: true, rename_dependents: true}\n",
                "t.yaml")
            .options();
    assertThat(o.lockTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.backoffMin()).isEqualTo(Duration.ofSeconds(1)).isEqualTo(o.backoffMax());
    assertThat(o.allowPublications()).isTrue();
    assertThat(o.renameDependents()).isTrue();
    assertThat(SpecOptions.DEFAULTS.renameDependents()).isFalse();
  }

  @Test
  void checksumIsStableAndTracksRenamesOnly() throws Exception {
    String base = Files.readString(EXAMPLES.resolve("customer-to-client.yaml"));
    String sum = reader.parse(base, "a.yaml").checksum();
    assertThat(reader.parse(base, "b.yaml").checksum()).isEqualTo(sum);
    assertThat(sum).matches("[0-9a-f]{64}");
    String otherTimeout = base.replace("lock_timeout: 200ms", "lock_timeout: 1s");
    assertThat(otherTimeout).isNotEqualTo(base);
    assertThat(reader.parse(otherTimeout, "a.yaml").checksum()).isEqualTo(sum);
    String otherRetries =
        base.replace("retries: 30", "retries: 3").replace("backoff: 50ms..5s", "backoff: 1s..2s");
    assertThat(reader.parse(otherRetries, "a.yaml").checksum()).isEqualTo(sum);
    String otherColumn = base.replace("email_addr: email", "email_addr: email_address");
    assertThat(reader.parse(otherColumn, "a.yaml").checksum()).isNotEqualTo(sum);
    String otherTable = base.replace("to: client", "to: clients");
    assertThat(reader.parse(otherTable, "a.yaml").checksum()).isNotEqualTo(sum);
    String noCompat = base.replace("compat_view: true", "compat_view: false");
    assertThat(reader.parse(noCompat, "a.yaml").checksum()).isNotEqualTo(sum);
  }

  // ---- table names
  // ----------------------------------------------------------------------------------------

  @Test
  void tableNameSplitting() {
    assertThat(RenamesReader.parseTableName("customer").name())
        .isEqualTo(new QualifiedName("public", "customer"));
    assertThat(RenamesReader.parseTableName("Sales.Customer").name())
        .isEqualTo(new QualifiedName("Sales", "Customer"));
    assertThat(RenamesReader.parseTableName("\"My Schema\".\"Odd.Name\"").name())
        .isEqualTo(new QualifiedName("My Schema", "Odd.Name"));
    assertThat(RenamesReader.parseTableName("s.\"say \"\"hi\"\"\"").name())
        .isEqualTo(new QualifiedName("s", "say \"hi\""));
    assertThat(RenamesReader.parseTableName("\"a.b\"").name())
        .isEqualTo(new QualifiedName("public", "a.b"));
    assertThat(RenamesReader.parseTableName("a.b.c").error()).contains("3 dot-separated parts");
    assertThat(RenamesReader.parseTableName("a.").error()).isEqualTo("empty name part");
    assertThat(RenamesReader.parseTableName(".a").error()).isEqualTo("empty name part");
    assertThat(RenamesReader.parseTableName("\"\".a").error()).isEqualTo("empty name part");
    assertThat(RenamesReader.parseTableName("\"a.b").error()).isEqualTo("unbalanced double quote");
    assertThat(RenamesReader.parseTableName("a\"b").error()).isEqualTo("unbalanced double quote");
    assertThat(RenamesReader.parseTableName("\"a\"b").error())
        .contains("after a closing double quote");
  }

  @Test
  void quotedTableNameInSpec() throws Exception {
    Spec spec =
        reader.parse(
            "id: x\nrenames:\n  - table: '\"My Schema\".\"Odd.Name\"'\n    to: Even Odder\n",
            "t.yaml");
    assertThat(spec.renames().get(0).table()).isEqualTo(new QualifiedName("My Schema", "Odd.Name"));
    assertThat(spec.renames().get(0).newName()).contains("Even Odder");
  }

  // ---- more refusals
  // --------------------------------------------------------------------------------------

  @Test
  void controlAndInvisibleCharactersInNamesAreRefused() {
    List<Diagnostic> ds =
        errors(
            String.join(
                "\n",
                "id: x",
                "transition_schema: \"next\\u202Eevil\"",
                "renames:",
                "  - table: \"public.cu\\tstomer\"",
                "    to: \"evil\\n\\\\! touch /tmp/x\\n-- \"",
                "    columns:",
                "      \"a\\u0007\": \"b\\u2028c\"",
                ""));
    assertThat(formatted(ds))
        .isEqualTo(
            String.join(
                "\n",
                "t.yaml:2:20: transition schema \"next\\u202Eevil\" contains the control or invisible character U+202E at"
                    + " character 5",
                "  hint: names in a spec may not contain control, format or line-separator characters; rename the object to"
                    + " a printable name first",
                "t.yaml:4:12: table name \"cu\\tstomer\" in renames[0] contains the control or invisible character U+0009 at"
                    + " character 3",
                "  hint: names in a spec may not contain control, format or line-separator characters; rename the object to"
                    + " a printable name first",
                "t.yaml:5:9: new table name \"evil\\n\\\\! touch /tmp/x\\n-- \" in renames[0] contains the control or"
                    + " invisible character U+000A at character 5",
                "  hint: names in a spec may not contain control, format or line-separator characters; rename the object to"
                    + " a printable name first",
                "t.yaml:7:7: column name \"a\\u0007\" in renames[0].columns contains the control or invisible character"
                    + " U+0007 at character 2",
                "  hint: names in a spec may not contain control, format or line-separator characters; rename the object to"
                    + " a printable name first",
                "t.yaml:7:18: new column name \"b\\u2028c\" in renames[0].columns contains the control or invisible"
                    + " character U+2028 at character 2",
                "  hint: names in a spec may not contain control, format or line-separator characters; rename the object to"
                    + " a printable name first"));
    assertThat(formatted(ds)).as("every diagnostic stays on its own lines").hasLineCount(10);
  }

  @Test
  void numbersAndBooleansAreNotNames() throws Exception {
    List<Diagnostic> ds =
        errors(
            "id: x\nrenames:\n  - table: t\n    to: 1e3\n    columns:\n      yes: a\n      b: 12\n");
    assertThat(formatted(ds))
        .isEqualTo(
            String.join(
                "\n",
                "t.yaml:4:9: \"to\" in renames[0] must be a name, found the number 1e3",
                "  hint: YAML reads it as a number; quote it to use it as a name: to: \"1e3\"",
                "t.yaml:6:7: column name yes in renames[0].columns is read by YAML as a boolean",
                "  hint: quote it to use it as a name: \"yes\": ...",
                "t.yaml:7:10: new name of column \"b\" in renames[0].columns must be a name, found the number 12",
                "  hint: YAML reads it as a number; quote it to use it as a name: b: \"12\""));
    assertThat(
            reader
                .parse(
                    "id: x\nrenames:\n  - table: t\n    to: \"1e3\"\n    columns:\n      'yes': 'no'\n",
                    "t.yaml")
                .renames()
                .get(0)
                .columns()
                .get(0))
        .extracting(ColumnRename::from, ColumnRename::to)
        .containsExactly("yes", "no");
  }

  @Test
  void emptyFileAndWrongRoot() {
    assertThat(errors("")).extracting(Diagnostic::message).containsExactly("the spec is empty");
    assertThat(errors("# only a comment\n"))
        .extracting(Diagnostic::message)
        .containsExactly("the spec is empty");
    assertThat(errors("- a\n- b\n").get(0).message())
        .startsWith("the spec must be a map")
        .endsWith("found a list");
  }

  @Test
  void multipleDocumentsAndAliasesAreRefused() {
    assertThat(errors("id: x\nrenames: [{table: t, to: u}]\n---\nid: y\n"))
        .extracting(Diagnostic::message, Diagnostic::position)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "the file holds more than one YAML document", new Position(4, 1)));
    assertThat(errors("id: x\nrenames:\n  - table: &t customer\n    to: *t\n"))
        .extracting(Diagnostic::message)
        .containsExactly("YAML alias \"*t\" is not supported in renames[0].to");
  }

  @Test
  void crossEntryChecks() {
    List<Diagnostic> ds =
        errors(
            """
        id: x
        renames:
          - table: a
            to: b
          - table: b
            columns: {c: d}
          - table: public.a
            to: z
        transition_schema: public
        """);
    assertThat(ds)
        .extracting(Diagnostic::message)
        .containsExactly(
            "tables public.a (renames[0]) and public.b (renames[1]) would both be named public.b",
            "table public.a is listed twice in renames (renames[0] and renames[2])",
            "transition_schema \"public\" is the schema of public.b (renames[1]), which keeps its name");
  }

  @Test
  void renamesNothingAndToWithSchema() {
    assertThat(errors("id: x\nrenames:\n  - table: t\n"))
        .extracting(Diagnostic::message)
        .containsExactly("renames[0] renames nothing: it has neither \"to\" nor any \"columns\"");
    assertThat(errors("id: x\nrenames:\n  - table: t\n    to: public.u\n"))
        .extracting(Diagnostic::message)
        .containsExactly(
            "\"to\" in renames[0] must be a table name without a schema, found \"public.u\"");
  }

  @Test
  void identifierByteLimitCountsUtf8() throws Exception {
    String ok = "é".repeat(31); // 62 bytes
    String tooLong = "é".repeat(32); // 64 bytes
    assertThat(reader.parse("id: x\nrenames: [{table: t, to: " + ok + "}]\n", "t.yaml").renames())
        .hasSize(1);
    assertThat(errors("id: x\nrenames: [{table: t, to: " + tooLong + "}]\n").get(0).message())
        .isEqualTo(
            "new table name \""
                + tooLong
                + "\" in renames[0] is 64 bytes; PostgreSQL identifiers are at most"
                + " 63 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0ms", "200", "5 s", "1h", "-1s", "1.5s", "99999999999m"})
  void badLockTimeouts(String value) {
    List<Diagnostic> ds =
        errors("id: x\nrenames: [{table: t, to: u}]\noptions:\n  lock_timeout: " + value + "\n");
    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).position()).isEqualTo(new Position(4, 17));
    assertThat(ds.get(0).message()).contains("\"lock_timeout\"");
  }

  @Test
  void unknownKeySuggestions() {
    assertThat(errors("id: x\nrenames: [{table: t, to: u}]\nfoo: 1\n").get(0).hint())
        .isEqualTo(
            "allowed: id, description, renames, transition_schema, options, schemas, sql, accept");
    assertThat(errors("id: x\nrenames: [{table: t, to: u}]\nTransition-Schema: s\n").get(0).hint())
        .startsWith("did you mean \"transition_schema\"?");
    assertThat(errors("id: x\nrename: [{table: t, to: u}]\n"))
        .extracting(Diagnostic::format)
        .containsExactly(
            "t.yaml:1:1: missing required key \"renames\"\n"
                + "  hint: add \"renames:\" with at least one entry \"- table: <schema.table>\"",
            "t.yaml:2:1: unknown key \"rename\" at the top level\n"
                + "  hint: did you mean \"renames\"? allowed: id, description, renames, transition_schema, options, schemas, sql, accept");
  }

  @Test
  void syntaxErrorIsOneReadableDiagnostic() {
    List<Diagnostic> ds = errors("id: x\nrenames: [{table: t, to: u}\n");
    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).message())
        .startsWith("invalid YAML: ")
        .doesNotContain("jackson")
        .doesNotContain("Exception");
    assertThat(ds.get(0).position().known()).isTrue();
  }

  @Test
  void readUsesPathAsFileName(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "id: x\n");
    assertThatThrownBy(() -> reader.read(f))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith(f + ":1:1: missing required key \"renames\"");
    Files.write(f, new byte[] {'i', 'd', ':', ' ', (byte) 0xff, '\n'});
    assertThatThrownBy(() -> reader.read(f))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            f
                + ": the file is not valid UTF-8"
                + System.lineSeparator()
                + "  hint: save the spec as UTF-8 text");
  }
}
