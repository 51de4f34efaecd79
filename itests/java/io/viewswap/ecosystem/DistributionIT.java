package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball `./mvnw -Pdist package` builds, as a DBA installs it: unpacked in an empty directory
 * on a machine whose PATH has no Java (and no JAVA_HOME), then `check` and `plan` against a real
 * server. Run by the dist profile (`./mvnw -Pdist verify`), which builds the tarball first; it
 * fails, never skips, when there is none.
 */
@ExtendWith(PostgresExtension.class)
class DistributionIT {

  /** What the launcher needs from the PATH: no java among them. */
  private static final List<String> TOOLS =
      List.of("readlink", "dirname", "date", "cksum", "cut", "mkdir", "mv", "rm");

  private record Run(int exit, String out, String err) {}

  @Test
  void runsCheckAndPlanWithoutAJdk(TestDatabase db, @TempDir Path tmp) throws Exception {
    Path tarball = tarball();
    long bytes = Files.size(tarball);
    System.out.printf("DistributionIT: %s is %.1f MiB%n", tarball.getFileName(), bytes / 1048576.0);

    Path install = Files.createDirectories(tmp.resolve("opt"));
    Process untar =
        new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", install.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(untar.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(untar.exitValue())
        .as("tar: %s", new String(untar.getInputStream().readAllBytes()))
        .isZero();
    Path home;
    try (Stream<Path> s = Files.list(install)) {
      home = s.findFirst().orElseThrow();
    }
    Path launcher = home.resolve("bin/viewswap");
    assertThat(Files.isExecutable(launcher)).as("bin/viewswap is executable").isTrue();
    assertThat(home.resolve("runtime/bin/java")).as("a runtime of its own").isExecutable();
    assertThat(home.resolve("runtime/bin/javac")).as("a runtime, not a JDK").doesNotExist();
    String modules =
        Files.readAllLines(home.resolve("runtime/release")).stream()
            .filter(l -> l.startsWith("MODULES="))
            .findFirst()
            .orElseThrow();
    assertThat(modules)
        .as("only the modules jdeps found (and their requirements)")
        .contains("java.sql")
        .doesNotContain("jdk.compiler")
        .doesNotContain("jdk.jshell");

    Map<String, String> env = env(tmp);
    Run noJava = run(env, tmp, "sh", "-c", "command -v java || echo none");
    assertThat(noJava.out().trim()).as("no java on this PATH").isEqualTo("none");

    Example.install(db);
    Path spec =
        Path.of(
            System.getProperty("viewswap.project.dir"),
            "specs",
            "examples",
            "customer-to-client.yaml");

    Run version = run(env, tmp, launcher.toString(), "--version");
    assertThat(version.exit()).as("--version: %s", version).isZero();
    assertThat(version.out()).startsWith("viewswap ");
    assertThat(version.err())
        .as("the first run dumps the class-data archive quietly: no [warning][cds] lines")
        .doesNotContain("[warning]")
        .isEmpty();

    Run check =
        run(
            env,
            tmp,
            launcher.toString(),
            "check",
            spec.toString(),
            "--url",
            db.url(),
            "--format",
            "json");
    assertThat(check.exit()).as("check: %s", check).isZero();
    JsonNode c = new ObjectMapper().readTree(check.out());
    assertThat(c.get("spec").asText()).isEqualTo("2026-11-customer-to-client");
    assertThat(c.get("errors").asInt()).isZero();
    assertThat(c.get("blockers").asInt()).isZero();

    Run plan = run(env, tmp, launcher.toString(), "plan", spec.toString(), "--url", db.url());
    assertThat(plan.exit()).as("plan: %s", plan).isZero();
    assertThat(plan.out()).contains("alter table \"public\".\"customer\" rename to \"client\"");

    try (Stream<Path> s = Files.list(tmp.resolve("home/.cache/viewswap"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".jsa")).toList())
          .as("the first run left a class-data archive for this install")
          .hasSize(1);
    }
    Run again =
        run(
            env,
            tmp,
            launcher.toString(),
            "plan",
            spec.toString(),
            "--url",
            db.url(),
            "--format",
            "sql");
    assertThat(again.exit()).as("plan with the archive: %s", again).isZero();
    assertThat(again.err()).as("nothing from the JVM on stderr").isEmpty();
  }

  /**
   * The tarball of this build: the dist profile passes its path; without it, the one in target/.
   */
  private static Path tarball() throws IOException {
    String given = System.getProperty("viewswap.dist.tarball");
    if (given != null) {
      Path p = Path.of(given);
      assertThat(p).as("the dist profile built %s; run ./mvnw -Pdist verify", p).exists();
      return p;
    }
    Path target = Path.of(System.getProperty("viewswap.project.dir"), "target");
    try (Stream<Path> s = Files.list(target)) {
      List<Path> found =
          s.filter(p -> p.getFileName().toString().matches("viewswap-.*-linux-x64\\.tar\\.gz"))
              .toList();
      assertThat(found)
          .as("a tarball in %s: build it with ./mvnw -Pdist package", target)
          .hasSize(1);
      return found.get(0);
    }
  }

  /** A PATH of symlinks to the few tools the launcher uses, a fresh HOME, no JAVA_HOME. */
  private static Map<String, String> env(Path tmp) throws Exception {
    Path tools = Files.createDirectories(tmp.resolve("tools"));
    for (String tool : TOOLS) {
      Path real =
          Stream.of("/usr/bin/", "/bin/")
              .map(d -> Path.of(d + tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new AssertionError(tool + " not found in /usr/bin or /bin"));
      Files.createSymbolicLink(tools.resolve(tool), real);
    }
    Map<String, String> env = new HashMap<>();
    env.put("PATH", tools.toString());
    env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    env.put("LANG", "C.UTF-8");
    return env;
  }

  private static Run run(Map<String, String> env, Path dir, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finishes", List.of(cmd)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The example's schema, as the lifecycle tests load it. */
  private static final class Example {
    static void install(TestDatabase db) throws Exception {
      Path schema =
          Path.of(
              System.getProperty("viewswap.project.dir"),
              "specs",
              "examples",
              "customer-to-client.schema.sql");
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute(Files.readString(schema));
      }
    }
  }
}
