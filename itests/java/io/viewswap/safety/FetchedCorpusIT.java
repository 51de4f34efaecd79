package io.viewswap.safety;

import static io.viewswap.safety.CorpusIT.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.CorpusIT.Outcome;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precision and recall of {@code check} on real schemas nobody here wrote, fetched from their
 * public repositories and kept verbatim with their licences and provenance, one directory per
 * corpus under itests/resources/corpus/fetched (layout in itests/resources/corpus/README.md). Each
 * corpus is loaded into a database of its own, then {@link CorpusRun} runs every rename: check,
 * then the rename by hand and the probes. Fails on a missed break or a false alarm its directory
 * does not list as known; the report goes to target/fetched-corpus-NAME.md.
 *
 * <p>{@code -Dfetched.corpus=NAME} runs one corpus.
 */
@ExtendWith(PostgresExtension.class)
public class FetchedCorpusIT {
  static final Path ROOT =
      Path.of(System.getProperty("viewswap.project.dir", "."), "itests/resources/corpus/fetched");

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> checkBlocksWhatBreaksInFetchedSchemasAndPassesWhatDoesNot(TestDatabase db)
      throws IOException {
    List<Path> corpora = corpora();
    assertThat(corpora).as("corpora under %s", ROOT).isNotEmpty();
    return corpora.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.getFileName().toString(), () -> runCorpus(db, c.getFileName().toString())));
  }

  /** The corpus directories, or the one {@code -Dfetched.corpus} names. */
  static List<Path> corpora() throws IOException {
    String only = System.getProperty("fetched.corpus", "");
    try (Stream<Path> s = Files.list(ROOT)) {
      return s.filter(Files::isDirectory)
          .filter(p -> only.isEmpty() || p.getFileName().toString().equals(only))
          .sorted()
          .toList();
    }
  }

  private void runCorpus(TestDatabase db, String name) throws Exception {
    String database = "fetched_" + name.replace('-', '_');
    db.exec("drop database if exists " + database);
    db.exec("create database " + database);
    String url = db.url().replaceFirst("/" + db.name() + "(?=\\?|$)", "/" + database);
    List<Outcome> outcomes;
    List<String> refused = new ArrayList<>();
    try {
      outcomes = outcomes(name, url, dir, null, refused);
    } finally {
      db.exec("drop database if exists " + database + " with (force)");
    }
    StringBuilder report =
        new StringBuilder("# check on " + name + "\n\n").append(CorpusRun.table(outcomes));
    if (!refused.isEmpty()) {
      // the swap would fail and roll back, nothing left broken: kept apart from the breaks
      report.append("\nRefused by the server (not counted as breaks: the rename never happens):\n");
      refused.forEach(x -> report.append("- ").append(x).append('\n'));
    }
    Path out =
        Path.of(
            System.getProperty("viewswap.project.dir", "."),
            "target",
            "fetched-corpus-" + name + ".md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    assertThat(outcomes).as("renames tried on %s", name).isNotEmpty();
    if (Files.exists(ROOT.resolve(name).resolve("no-breaks"))) {
      // a schema with no code that reads its tables (supabase-auth) measures false alarms only
      assertThat(outcomes.stream().filter(Outcome::broke).map(Outcome::rename))
          .as("%s says (no-breaks) that no rename of it breaks anything:\n%s", name, report)
          .isEmpty();
    } else {
      assertThat(outcomes.stream().filter(Outcome::broke))
          .as("%s has breaks to find", name)
          .isNotEmpty();
    }
    CorpusRun.verify(
        outcomes,
        CorpusRun.listed(name, optional(name, "known-misses")),
        CorpusRun.listed(name, optional(name, "known-false-alarms")),
        report.toString());
  }

  /**
   * Loads a corpus into the (empty) database at {@code url} and runs its renames.
   *
   * @param checkMillis when not null, receives check's time for each rename
   * @param refused receives the renames the server itself refuses (an event trigger of the corpus's
   *     code guarding its columns), kept out of the breaks
   */
  public static List<Outcome> outcomes(
      String name, String url, Path dir, List<Long> checkMillis, List<String> refused)
      throws Exception {
    load(name, url);
    return CorpusRun.renames(
        name, url, lines(read(name, "probes")), read(name, "renames"), dir, refused, checkMillis);
  }

  /**
   * Runs the scripts the corpus's {@code load} file lists, in order, each in one simple-protocol
   * call, without the lines that are psql meta-commands, and with the template placeholders its
   * {@code placeholders} file declares replaced by their values.
   */
  public static void load(String name, String url) throws Exception {
    String simple = url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple";
    Map<String, String> placeholders = placeholders(optional(name, "placeholders"));
    for (String script : lines(read(name, "load"))) {
      String sql =
          read(name, script)
              .lines()
              .filter(l -> !l.stripLeading().startsWith("\\"))
              .collect(Collectors.joining("\n"));
      for (Map.Entry<String, String> p : placeholders.entrySet()) {
        sql = sql.replace(p.getKey(), p.getValue());
      }
      try (var c = java.sql.DriverManager.getConnection(simple);
          var s = c.createStatement()) {
        s.execute(sql);
      } catch (java.sql.SQLException e) {
        throw new AssertionError(
            "loading " + name + "/" + script + ": " + e.getSQLState() + " " + e.getMessage(), e);
      }
    }
  }

  /**
   * A corpus's template placeholders, one {@code TEXT=VALUE} a line (split at the last {@code =}):
   * upstream files that a tool renders before it runs them (supabase/auth's migrations name their
   * schema {@code {{ index .Options "Namespace" }}}, which its migrator renders) stay verbatim, and
   * the corpus says what the tool would put in their place.
   */
  static Map<String, String> placeholders(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : lines(text)) {
      int eq = line.lastIndexOf('=');
      assertThat(eq).as("placeholder line %s: TEXT=VALUE", line).isPositive();
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }

  static String read(String name, String file) throws IOException {
    Path p = ROOT.resolve(name).resolve(file);
    assertThat(p).as("corpus file").exists();
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static String optional(String name, String file) throws IOException {
    Path p = ROOT.resolve(name).resolve(file);
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  /** Used by the bench: the corpus names. */
  static List<String> names() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : corpora()) {
      out.add(p.getFileName().toString());
    }
    return out;
  }
}
