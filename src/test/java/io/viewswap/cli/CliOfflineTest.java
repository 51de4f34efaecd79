package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI without a database: usage, spec errors and offline planning, exactly as a user sees them.
 */
class CliOfflineTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final String EXAMPLE =
      PROJECT.resolve("specs/examples/customer-to-client.yaml").toString();
  static final String CATALOG =
      PROJECT.resolve("specs/examples/customer-to-client.catalog.json").toString();

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("apply", EXAMPLE, "--phase", "expand", "--bogus");
    assertThat(r.exit()).as("usage errors exit 2").isEqualTo(2);
    assertThat(r.err()).contains("--bogus").contains("viewswap apply --help");
  }

  /**
   * Issue 8, attack 9: pgJDBC repeats a URL it cannot parse and picocli echoes an unknown option;
   * neither may show a password, in text or JSON, whichever way it was written.
   */
  @Test
  void noMessageShowsAPassword() {
    String secret = "hunter2-Secret";
    for (String url :
        new String[] {
          "jdbc:postgresql://db.example:notaport/app?user=app&password=" + secret,
          "jdbc:postgresql://app:" + secret + "@db.example:notaport/app",
          "jdbc:postgresql://db.example:5432/app?password=" + secret + "&sslmode=nonsense",
          "postgresql://db.example/app?password=" + secret
        }) {
      for (String format : new String[] {"text", "json"}) {
        Run r = run("status", "--url", url, "--format", format);
        assertThat(r.exit()).as("%s: %s", url, r).isNotZero();
        assertThat(r.out() + r.err())
            .as("%s (%s)", url, format)
            .isNotBlank()
            .doesNotContain(secret)
            .doesNotContain("hunter2");
      }
    }
    Run unknown =
        run(
            "status",
            "--password=" + secret,
            "--url=jdbc:postgresql://h/d?password=" + secret,
            "--bogus");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--bogus").doesNotContain(secret);
    Run libpq = run("status", "host=db password='" + secret + "' dbname=app");
    assertThat(libpq.exit()).isNotZero();
    assertThat(libpq.err()).as("%s", libpq).contains("password=***").doesNotContain(secret);
  }

  @Test
  void badDurationIsAUsageError() {
    Run r = run("apply", EXAMPLE, "--phase", "swap", "--lock-timeout", "fast");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("'fast' is not a duration");
  }

  @Test
  void aZeroLockTimeoutIsRefusedBecausePostgresReadsItAsNoTimeout() {
    Run r = run("apply", EXAMPLE, "--phase", "swap", "--lock-timeout", "0ms");
    assertThat(r.exit())
        .as("the spec refuses 0ms; an override must not pass it either")
        .isEqualTo(2);
    assertThat(r.err()).contains("'0ms' is zero");
  }

  /**
   * Issue 21: the spec refuses {@code retries: 5000}; the override must be refused the same way,
   * with the same bounds and hint, before anything connects (the URL here would be reached
   * otherwise: exit 7), and so must a library caller's {@code SpecOptions}.
   */
  @Test
  void retriesOutOfBoundsAreRefusedLikeTheSpecRefusesThem(@TempDir Path dir) throws Exception {
    String unreachable = "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1";
    for (String command : new String[] {"apply", "rollback"}) {
      for (String n : new String[] {"5000", "1001", "-1"}) {
        Run r = run(command, EXAMPLE, "--phase", "swap", "--retries", n, "--url", unreachable);
        assertThat(r.exit()).as("%s --retries %s: a usage error: %s", command, n, r).isEqualTo(2);
        assertThat(r.err())
            .as(command)
            .contains("error: --retries must be between 0 and 1000, found " + n)
            .contains("hint: attempts = retries + 1; the default is 30");
      }
    }
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(
        spec, Files.readString(Path.of(EXAMPLE)).replace("retries: 30", "retries: 5000"));
    Run fromSpec = run("plan", spec.toString(), "--catalog", CATALOG);
    assertThat(fromSpec.exit()).as("%s", fromSpec).isEqualTo(3);
    assertThat(fromSpec.err())
        .contains("\"retries\" in options must be between 0 and 1000, found 5000")
        .contains("hint: attempts = retries + 1; the default is 30");
    for (String n : new String[] {"0", "1000"}) {
      Run r = run("apply", EXAMPLE, "--phase", "swap", "--retries", n, "--url", unreachable);
      assertThat(r.exit())
          .as("--retries %s is allowed: the run goes on to connect: %s", n, r)
          .isEqualTo(7);
    }
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String command :
        new String[] {"check", "plan", "apply", "rollback", "status", "export", "snapshot"}) {
      Run r = run(command, "--help");
      assertThat(r.exit()).as(command + " --help").isZero();
      assertThat(r.out()).as(command + " --help shows an example").contains("viewswap " + command);
    }
  }

  @Test
  void versionIsPrinted() {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("viewswap ");
  }

  @Test
  void invalidSpecNamesFileLineAndColumn() {
    Run r =
        run(
            "plan",
            PROJECT.resolve("specs/invalid/unknown-key.yaml").toString(),
            "--catalog",
            CATALOG);
    assertThat(r.exit()).as("spec invalid exits 3").isEqualTo(3);
    assertThat(r.err())
        .contains("unknown-key.yaml:5:5: unknown key \"colums\"")
        .doesNotContain("Exception");
  }

  @Test
  void missingSpecFileExits3WithThePath() {
    Run r = run("check", "no/such/spec.yaml");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("spec file no/such/spec.yaml does not exist");
  }

  @Test
  void planFromACatalogSnapshotNeedsNoDatabase() {
    Run r = run("plan", EXAMPLE, "--catalog", CATALOG, "--phase", "swap", "--format", "sql");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("drop view \"public\".\"client\"")
        .contains("alter table \"public\".\"customer\" rename to \"client\"");
  }

  @Test
  void fleetOptionsWithASnapshotAreRefusedNotIgnored(@TempDir Path dir) {
    Run check = run("check", EXAMPLE, "--catalog", CATALOG, "--shard", "1/4");
    assertThat(check.exit()).as("%s", check.err()).isEqualTo(2);
    assertThat(check.err())
        .contains("--shard applies to a fleet run against databases")
        .contains("hint: drop --catalog");
    Run export =
        run(
            "export",
            EXAMPLE,
            "--catalog",
            CATALOG,
            "--out",
            dir.resolve("out").toString(),
            "--parallel",
            "2");
    assertThat(export.exit()).as("%s", export.err()).isEqualTo(2);
    assertThat(dir.resolve("out")).as("nothing written").doesNotExist();
  }

  @Test
  void specThatDoesNotFitTheCatalogExits3WithTheColumnAndItsPosition(@TempDir Path dir)
      throws Exception {
    Path spec = dir.resolve("typo.yaml");
    Files.writeString(
        spec,
        "id: typo\nrenames:\n  - table: public.customer\n    columns:\n      ful_name: display_name\n");
    Run r = run("plan", spec.toString(), "--catalog", CATALOG, "--format", "json");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out())
        .as("JSON errors go to stdout for pipelines")
        .contains("\"exit_code\" : 3")
        .contains("column \\\"ful_name\\\" does not exist in public.customer")
        .contains("\"line\" : 5")
        .contains("did you mean \\\"full_name\\\"");
  }

  @Test
  void exportWritesSixScripts(@TempDir Path dir) throws Exception {
    Run r = run("export", EXAMPLE, "--catalog", CATALOG, "--out", dir.toString());
    assertThat(r.exit()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "01-expand.sql",
              "01-expand.rollback.sql",
              "02-swap.sql",
              "02-swap.rollback.sql",
              "03-contract.sql",
              "03-contract.rollback.sql");
    }
  }
}
