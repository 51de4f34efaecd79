package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local machine's situations that are a user's, not a bug (exit 1 is for bugs): an output path
 * that cannot be used, a socket-directory host, a libpq URI given to --url, the demo without its
 * server binaries, and passwords of every shape in what is printed.
 */
class LocalMachineCliTest {
  static final String EXAMPLE = CliOfflineTest.EXAMPLE;
  static final String CATALOG = CliOfflineTest.CATALOG;

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void anOutputPathThatCannotBeMadeIsExit2WithTheReason() {
    Run r = run("export", EXAMPLE, "--catalog", CATALOG, "--out", "/proc/nope");
    assertThat(r.exit()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("cannot create the directory /proc/nope").doesNotContain("bug");
    Run s =
        run(
            "snapshot",
            EXAMPLE,
            "--out",
            "/proc/nope/catalog.json",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=1");
    assertThat(s.exit()).as("%s", s).isIn(2, 7); // no server there: either is a user's message
    assertThat(s.err()).doesNotContain("bug");
  }

  @Test
  void exportWritesNewFilesOnlyAndForceNeverFollowsALink() throws Exception {
    Path out = dir.resolve("out");
    assertThat(run("export", EXAMPLE, "--catalog", CATALOG, "--out", out.toString()).exit())
        .isZero();
    Run again = run("export", EXAMPLE, "--catalog", CATALOG, "--out", out.toString());
    assertThat(again.exit()).as("%s", again).isEqualTo(2);
    assertThat(again.err()).contains("already exists").contains("--force");
    assertThat(
            run("export", EXAMPLE, "--catalog", CATALOG, "--out", out.toString(), "--force").exit())
        .isZero();

    Path victim = Files.writeString(dir.resolve("victim"), "keep me");
    Files.delete(out.resolve("02-swap.sql"));
    Files.createSymbolicLink(out.resolve("02-swap.sql"), victim);
    Run link = run("export", EXAMPLE, "--catalog", CATALOG, "--out", out.toString(), "--force");
    assertThat(link.exit()).as("%s", link).isEqualTo(2);
    assertThat(link.err()).contains("is a symbolic link");
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test
  void aSocketDirectoryHostIsAConnectionMessageWithTheTcpWay() {
    for (Run r :
        List.of(
            run(Map.of("PGHOST", "/tmp", "PGDATABASE", "app"), "status"),
            run("status", "--url", "host=/var/run/postgresql dbname=app user=me"),
            run("status", "--url", "postgresql://me@%2Fvar%2Frun%2Fpostgresql/app"),
            run("status", "--url", "postgresql:///app?host=/var/run/postgresql"))) {
      assertThat(r.exit()).as("%s", r).isEqualTo(7);
      assertThat(r.err())
          .contains("unix-socket directory")
          .contains("PGHOST=localhost")
          .doesNotContain("bug");
    }
  }

  @Test
  void aLibpqUriOrKeywordStringIsAcceptedByUrlAsByTargets() {
    for (String url :
        List.of(
            "postgresql://me@127.0.0.1:1/app?connect_timeout=1",
            "host=127.0.0.1 port=1 dbname=app user=me connect_timeout=1")) {
      Run r = run("status", "--url", url);
      assertThat(r.exit()).as("reaches the connection, not a usage error: %s", r).isEqualTo(7);
    }
  }

  @Test
  void theDemoWithoutServerBinariesIsAUserMessage() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("no-binaries"));
    Run r = run(Map.of("VIEWSWAP_PG_BINARIES", empty.toString()), "demo");
    assertThat(r.exit()).as("%s", r).isEqualTo(7);
    assertThat(r.err()).contains("no PostgreSQL").contains("hint:").contains("--url");
  }

  /** Space, quotes, semicolon, ampersand, backslash, at, colon, percent: none of it is printed. */
  static final String PASSWORD = "p a's;s\"w&o\\r@d:%x";

  static List<String> fragments(String password) {
    return List.of(password, "a's", "s\"w", "o\\r", "r@d", "d:%x", "p a");
  }

  @Test
  void aPasswordOfAnyShapeIsNeverPrintedWhenTheConnectionFails() throws Exception {
    String enc = java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8);
    String libpq = "'" + PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'";
    List<String> urls =
        List.of(
            "jdbc:postgresql://127.0.0.1:1/app?user=me&password=" + enc + "&connectTimeout=1",
            "postgresql://me:" + enc + "@127.0.0.1:1/app?connect_timeout=1",
            "host=127.0.0.1 port=1 dbname=app user=me connect_timeout=1 password=" + libpq);
    Path targets = dir.resolve("targets.txt");
    Files.write(targets, urls);
    Path spec = Path.of(EXAMPLE);
    List<Run> runs = new java.util.ArrayList<>();
    for (String url : urls) {
      runs.add(run("status", "--url", url));
      runs.add(run("status", "--url=" + url, "--format", "json"));
      runs.add(run("check", spec.toString(), "--url", url, "--bogus-option"));
    }
    runs.add(run("status", spec.toString(), "--targets", targets.toString()));
    runs.add(run("check", spec.toString(), "--targets", targets.toString(), "--format", "json"));
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSWORD", PASSWORD);
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", "1");
    runs.add(run(env, "status"));
    for (Run r : runs) {
      for (String f : fragments(PASSWORD)) {
        assertThat(r.all()).as("%s", r).doesNotContain(f);
      }
      assertThat(r.all()).as("%s", r).doesNotContain(enc.substring(0, 8));
    }
  }
}
