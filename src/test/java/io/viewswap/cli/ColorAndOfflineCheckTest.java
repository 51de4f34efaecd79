package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check --catalog} (a pipeline's check without a database) and when its text output is
 * coloured.
 */
class ColorAndOfflineCheckTest {
  static final Path EXAMPLES = CliOfflineTest.PROJECT.resolve("specs/examples");
  static final String ESC = "\u001b[";

  record Run(int exit, String out, String err) {}

  static Run run(boolean terminal, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), env, terminal);
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<String> examples() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".catalog.json"))
          .map(n -> n.substring(0, n.length() - ".catalog.json".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  static String[] check(String name, String... more) {
    String[] head = {
      "check",
      EXAMPLES.resolve(name + ".yaml").toString(),
      "--catalog",
      EXAMPLES.resolve(name + ".catalog.json").toString()
    };
    return Stream.concat(Stream.of(head), Stream.of(more)).toArray(String[]::new);
  }

  /** The example snapshot with its table published: a blocker the snapshot alone shows. */
  static Path publishedCatalog(Path dir) throws Exception {
    String json = Files.readString(Path.of(CliOfflineTest.CATALOG));
    assertThat(json)
        .as("the example snapshot has an empty publication list to fill")
        .contains("\"publications\" : [ ]");
    Path catalog = dir.resolve("published.catalog.json");
    Files.writeString(
        catalog, json.replace("\"publications\" : [ ]", "\"publications\" : [ \"to_warehouse\" ]"));
    return catalog;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleChecksCleanAgainstItsSnapshot(String name) {
    Run r = run(false, Map.of(), check(name));
    assertThat(r.exit()).as(name + " fits its own snapshot: " + r.out() + r.err()).isZero();
    assertThat(r.out())
        .as("the heading says the check was offline and from which state")
        .contains("against the snapshot")
        .contains("(state taken as planned)")
        .contains("0 errors, 0 blockers");
  }

  @Test
  void aSpecThatDoesNotFitTheSnapshotExits3(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("typo.yaml");
    Files.writeString(
        spec,
        "id: typo\nrenames:\n  - table: public.customer\n    columns:\n      ful_name: display_name\n");
    Run r = run(false, Map.of(), "check", spec.toString(), "--catalog", CliOfflineTest.CATALOG);
    assertThat(r.exit()).as("an error finding exits 3, as live").isEqualTo(3);
    assertThat(r.out())
        .as("the finding names the column")
        .contains("error   ")
        .contains("ful_name");
  }

  @Test
  void aBlockerInTheSnapshotExits8AndJsonSaysPlanned(@TempDir Path dir) throws Exception {
    Path catalog = publishedCatalog(dir);
    Run r =
        run(
            false,
            Map.of(),
            "check",
            CliOfflineTest.EXAMPLE,
            "--catalog",
            catalog.toString(),
            "--format",
            "json");
    assertThat(r.exit()).as("a blocker exits 8, as live").isEqualTo(8);
    assertThat(r.out())
        .as("JSON has the live shape, state planned")
        .contains("\"state\" : \"planned\"")
        .contains("\"code\" : \"publication\"");
  }

  @Test
  void aMissingSnapshotIsAUsageError() {
    Run r =
        run(false, Map.of(), "check", CliOfflineTest.EXAMPLE, "--catalog", "no/such/catalog.json");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("catalog file no/such/catalog.json does not exist");
  }

  @Test
  void noColourByDefaultInTests() {
    StringWriter out = new StringWriter();
    int exit =
        Main.run(
            check("customer-to-client"),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            Map.of());
    assertThat(exit).isZero();
    assertThat(out.toString()).as("the 4-argument run is not a terminal").doesNotContain(ESC);
  }

  @Test
  void aTerminalGetsColouredSeverities() {
    Run r = run(true, Map.of(), check("customer-to-client"));
    assertThat(r.out())
        .as("warning in yellow on a terminal")
        .contains(ESC + "33mwarning " + ESC + "0m");
  }

  @Test
  void noColorTurnsColourOffEvenOnATerminalWithAuto() {
    Run r = run(true, Map.of("NO_COLOR", "1"), check("customer-to-client", "--color=auto"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).as("NO_COLOR=1 wins over auto").doesNotContain(ESC);
  }

  @Test
  void anEmptyNoColorDoesNotCount() {
    Run r = run(true, Map.of("NO_COLOR", ""), check("customer-to-client"));
    assertThat(r.out()).as("no-color.org: only a non-empty NO_COLOR counts").contains(ESC);
  }

  @Test
  void aDumbTerminalGetsNoColour() {
    Run r = run(true, Map.of("TERM", "dumb"), check("customer-to-client"));
    assertThat(r.out()).as("TERM=dumb").doesNotContain(ESC);
  }

  @Test
  void alwaysColoursEvenWhenRedirectedAndWithNoColor() {
    String[] checkArgs = check("customer-to-client");
    String[] withColorFirst =
        Stream.concat(Stream.of("--color=always"), Stream.of(checkArgs)).toArray(String[]::new);
    Run before = run(false, Map.of("NO_COLOR", "1"), withColorFirst);
    Run after =
        run(false, Map.of("NO_COLOR", "1"), check("customer-to-client", "--color", "always"));
    assertThat(before.out()).as("--color=always before the command").contains(ESC + "33m");
    assertThat(after.out())
        .as("--color always after the command (an inherited option)")
        .contains(ESC + "33m");
  }

  @Test
  void neverTurnsColourOffOnATerminal() {
    Run r = run(true, Map.of(), check("customer-to-client", "--color=never"));
    assertThat(r.out()).doesNotContain(ESC);
  }

  @Test
  void blockersAreBoldRed(@TempDir Path dir) throws Exception {
    Path catalog = publishedCatalog(dir);
    Run r =
        run(
            false,
            Map.of(),
            "check",
            CliOfflineTest.EXAMPLE,
            "--catalog",
            catalog.toString(),
            "--color=always");
    assertThat(r.exit()).isEqualTo(8);
    assertThat(r.out()).as("blocker in bold red").contains(ESC + "1;31mblocker " + ESC + "0m");
  }

  @Test
  void jsonIsNeverColoured() {
    Run r = run(true, Map.of(), check("customer-to-client", "--color=always", "--format", "json"));
    assertThat(r.out()).as("JSON is for machines").doesNotContain(ESC);
  }

  @Test
  void anUnknownColourWordIsAUsageError() {
    Run r = run(false, Map.of(), "--color=sometimes", "status");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("sometimes");
  }

  @Test
  void helpFollowsTheSameRule() {
    assertThat(run(true, Map.of("NO_COLOR", "1"), "check", "--help").out())
        .as("plain help")
        .doesNotContain(ESC);
    assertThat(run(false, Map.of(), "--color=always", "check", "--help").out())
        .as("coloured help")
        .contains(ESC);
  }
}
