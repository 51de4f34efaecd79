package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export, repoint and drain through the CLI, without a database. */
class EcosystemCliTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  static String example(String name, String ext) {
    return PROJECT.resolve("specs/examples/" + name + ext).toString();
  }

  @Test
  void exportWritesEachFormatsFilesAndListsThemAsJson(@TempDir Path dir) throws Exception {
    Run r =
        run(
            "export",
            example("customer-to-client", ".yaml"),
            "--catalog",
            example("customer-to-client", ".catalog.json"),
            "--format",
            "flyway",
            "--flyway-version",
            "3",
            "--out",
            dir.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("format").asText()).isEqualTo("flyway");
    assertThat(json.get("files")).as("six migrations").hasSize(6);
    assertThat(dir.resolve("V3.2__2026-11-customer-to-client_swap.sql")).exists();
    assertThat(Files.list(dir).count()).isEqualTo(6);
  }

  @Test
  void unknownExportFormatIsAUsageError(@TempDir Path dir) {
    Run r =
        run(
            "export",
            example("customer-to-client", ".yaml"),
            "--format",
            "sqitch",
            "--out",
            dir.toString());
    assertThat(r.code()).as("exit 2 for usage").isEqualTo(2);
    assertThat(r.err()).contains("expected psql, flyway, liquibase, django, rails or alembic");
  }

  @Test
  void repointJsonHasTheDocumentedKeys() throws Exception {
    Run r = run("repoint", example("columns-only", ".yaml"), "--for", "libpq", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode t = new ObjectMapper().readTree(r.out()).get("tables").get(0);
    assertThat(t.get("search_path").asText()).isEqualTo("public_next,public");
    assertThat(t.get("columns").get("amt_cents").asText()).isEqualTo("amount_cents");
    assertThat(t.get("changes").get(0).asText())
        .contains("options='-c search_path=public_next,public'");
  }

  @Test
  void repointBehindATransactionPoolerWithAReleaseRoleSetsNothingInTheClient() throws Exception {
    Run r =
        run(
            "repoint",
            example("columns-release-role", ".yaml"),
            "--for",
            "rails",
            "--pooler",
            "transaction",
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("pooler").asText()).isEqualTo("transaction");
    assertThat(root.get("connect_as").asText()).isEqualTo("app_next");
    assertThat(root.get("warnings")).isEmpty();
    assertThat(root.get("connection").toString())
        .contains("prepared_statements: false")
        .contains("advisory_locks");
    JsonNode t = root.get("tables").get(0);
    assertThat(t.get("client_search_path").isNull()).as("the server sets it for app_next").isTrue();
    assertThat(t.get("changes").toString())
        .contains("self.primary_key")
        .doesNotContain("schema_search_path");
  }

  @Test
  void repointWarnsWhenAColumnOnlySpecHasNoReleaseRoleBehindAPooler() throws Exception {
    Run r =
        run(
            "repoint",
            example("columns-only", ".yaml"),
            "--for",
            "jdbc",
            "--pooler",
            "transaction");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("warning: a transaction pooler refuses the search_path")
        .contains("release_role")
        .contains("prepareThreshold=0");
    assertThat(run("repoint", example("columns-only", ".yaml"), "--pooler", "bouncy").code())
        .isEqualTo(2);
  }

  @Test
  void repointRejectsAnUnknownClientWithExit2() {
    Run r = run("repoint", example("columns-only", ".yaml"), "--for", "cobol");
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String command :
        new String[] {
          "check", "plan", "apply", "rollback", "status", "export", "snapshot", "repoint", "drain"
        }) {
      Run r = run(command, "--help");
      assertThat(r.code()).as("%s --help", command).isZero();
      assertThat(r.out()).as("%s --help shows an example", command).containsPattern("Examples?:");
    }
  }

  @Test
  void drainWithoutAServerExits7() {
    Run r =
        run(
            "drain",
            example("customer-to-client", ".yaml"),
            "--window",
            "1s",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
    assertThat(r.code()).as("cannot connect: %s", r.err()).isEqualTo(7);
  }
}
