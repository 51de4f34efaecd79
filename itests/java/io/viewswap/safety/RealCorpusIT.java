package io.viewswap.safety;

import static io.viewswap.safety.CorpusIT.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.safety.CorpusIT.Outcome;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precision and recall of {@code check} on code nobody here wrote: the plpgsql and compiled
 * triggers of real extensions (periods, PgQ, Londiste, mimeo, table_log) as Debian packages them
 * (never copied into this repository), installed by the build (.ci/ensure-pg-extensions.sh) and run
 * on Debian's PostgreSQL 15, which this class starts as uid 65534 like {@link RealExtensionsIT}.
 * For each corpus in itests/resources/corpus/real, only the tables the extension manages are ours;
 * the triggers, trigger functions, generated functions, views and their dynamic SQL are the
 * extension's.
 *
 * <p>Ground truth is the same as {@link CorpusIT}'s: every rename is run by hand (ALTER TABLE, no
 * viewswap) in a transaction that is rolled back, the probes (writes that fire the extension's
 * triggers, calls of its generated functions, reads of its views) run after it, and a rename breaks
 * when a probe that passed before fails or returns other rows. The report, with each package's
 * version and licence, goes to target/real-corpus-report.md.
 */
public class RealCorpusIT {
  static final Path INSTALLATION = RealExtensionsIT.INSTALLATION;
  static final Path EXTENSIONS = RealExtensionsIT.EXTENSIONS;

  /** Corpus name to the Debian package whose code it runs and the extension's control file. */
  static final Map<String, String[]> CORPORA =
      Map.of(
          "periods", new String[] {"postgresql-15-periods", "periods.control"},
          "pgq", new String[] {"postgresql-15-pgq3", "pgq.control"},
          "londiste", new String[] {"postgresql-15-londiste-sql", "londiste.control"},
          "mimeo", new String[] {"postgresql-15-mimeo", "mimeo.control"},
          "tablelog", new String[] {"postgresql-15-tablelog", "table_log.control"});

  static final String DATABASE = "viewswap_real_corpus";

  static EmbeddedPostgres pg;

  /** Renames the server refused outright, with its message (the last run's). */
  static final List<String> REFUSED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The URL of a corpus's database on the Debian server (after {@link #outcomes}). */
  public static String url(String corpus) {
    return pg.jdbcUrl(DATABASE + "_" + corpus);
  }

  @TempDir Path dir;

  @BeforeAll
  public static void startDebianPostgres() throws Exception {
    List<String> missing = new ArrayList<>();
    List<String> packages = new ArrayList<>(List.of("postgresql-15"));
    if (!Files.exists(INSTALLATION.resolve("bin/postgres"))) {
      missing.add(INSTALLATION.resolve("bin/postgres").toString());
    }
    for (String[] p : CORPORA.values()) {
      packages.add(p[0]);
      if (!Files.exists(EXTENSIONS.resolve(p[1]))) {
        missing.add(EXTENSIONS.resolve(p[1]).toString());
      }
    }
    String apt = String.join(" ", packages);
    assertThat(missing)
        .as(
            "RealCorpusIT runs real extensions' plpgsql on Debian's PostgreSQL 15, but %s is"
                + " missing: install Debian's %s (apt-get install %s; the build does so itself when"
                + " it runs as root and apt can reach Debian) and run the tests again",
            missing, apt, apt)
        .isEmpty();
    pg =
        EmbeddedPostgres.startInstalled(
            INSTALLATION,
            Map.of(),
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
  }

  @AfterAll
  public static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void checkBlocksWhatBreaksInRealExtensionCodeAndPassesWhatDoesNot() throws Exception {
    List<Outcome> outcomes = outcomes(dir, null);
    StringBuilder report = new StringBuilder("# check on real extension code\n\n");
    for (Map.Entry<String, String[]> c : CORPORA.entrySet()) {
      report.append(provenance(c.getKey(), c.getValue()[0])).append('\n');
    }
    report.append('\n').append(CorpusRun.table(outcomes));
    if (!REFUSED.isEmpty()) {
      report.append("\nRefused by the server (not counted as breaks: the rename never happens):\n");
      REFUSED.forEach(x -> report.append("- ").append(x).append('\n'));
    }
    Path out =
        Path.of(System.getProperty("viewswap.project.dir", "."), "target", "real-corpus-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    assertThat(outcomes).as("renames tried").isNotEmpty();
    List<String> known = new ArrayList<>();
    for (String corpus : CORPORA.keySet()) {
      known.addAll(CorpusRun.listed(corpus, CorpusIT.resource("real/" + corpus + ".known-misses")));
    }
    CorpusRun.verify(outcomes, known, List.of(), report.toString());
  }

  /** Package, version and licence, as dpkg and the package's copyright file say. */
  static String provenance(String corpus, String pkg) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", pkg)
            .redirectErrorStream(true)
            .start();
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    Path copyright = Path.of("/usr/share/doc", pkg, "copyright");
    String licence = "see " + copyright;
    String source = "";
    if (Files.exists(copyright)) {
      boolean licenceText = false;
      for (String line : Files.readAllLines(copyright, StandardCharsets.UTF_8)) {
        if (licenceText && !line.isBlank()) {
          // Not machine-readable (PgQ's): the licence's text follows a bare "License:" line.
          licence = "\"" + line.strip() + " ...\" (" + copyright + ")";
          licenceText = false;
        } else if (line.startsWith("License:") && licence.startsWith("see ")) {
          licence = line.substring("License:".length()).strip();
          licenceText = licence.isEmpty();
          if (licenceText) {
            licence = "see " + copyright;
          }
        } else if (line.startsWith("Source:") && source.isEmpty()) {
          source = line.substring("Source:".length()).strip();
        }
      }
    }
    return "- corpus `"
        + corpus
        + "`: Debian package "
        + pkg
        + " "
        + version
        + ", licence "
        + licence
        + (source.isEmpty() ? "" : ", upstream " + source);
  }

  /**
   * Every rename of every real corpus: what check said and what broke by hand.
   *
   * @param checkMillis when not null, receives check's time for each rename
   */
  public static List<Outcome> outcomes(Path dir, List<Long> checkMillis) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    REFUSED.clear();
    String only = System.getProperty("real.corpus", "");
    for (String corpus : new TreeSet<>(CORPORA.keySet())) {
      if (!only.isEmpty() && !only.equals(corpus)) {
        continue; // -Dreal.corpus=NAME: one corpus only, while working on it
      }
      String db = DATABASE + "_" + corpus;
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"));
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + db);
        s.execute("create database " + db);
      }
      String url = pg.jdbcUrl(db);
      String simple = url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple";
      try (Connection c = DriverManager.getConnection(simple);
          Statement s = c.createStatement()) {
        s.execute(CorpusIT.resource("real/" + corpus + ".sql"));
      }
      outcomes.addAll(
          CorpusRun.renames(
              corpus,
              url,
              lines(CorpusIT.resource("real/" + corpus + ".probes")),
              CorpusIT.resource("real/" + corpus + ".renames"),
              dir,
              REFUSED,
              checkMillis));
    }
    return outcomes;
  }
}
