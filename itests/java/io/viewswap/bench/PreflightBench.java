package io.viewswap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import io.viewswap.safety.CorpusIT;
import io.viewswap.safety.FetchedCorpusIT;
import io.viewswap.safety.RealCorpusIT;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight on the rename corpus (issue #25): the confusion matrix per class of case, check's time
 * per rename, and check on the largest corpus schema ({@code ledger}, copied into {@code
 * bench.preflight.copies} more schemas so the catalog holds a few hundred tables and functions)
 * against another build of viewswap side by side in one run. The other build is given as {@code
 * -Dbench.preflight.baseline=PATH} (its {@code target/classes}, or its jar, e.g. main's); without
 * it only this build is timed.
 */
@ExtendWith(PostgresExtension.class)
class PreflightBench {
  @TempDir Path dir;

  @Test
  void confusionMatrixAndCheckTime(TestDatabase db) throws Exception {
    List<Long> millis = new ArrayList<>();
    List<CorpusIT.Outcome> outcomes = CorpusIT.outcomes(db, dir, millis);
    System.out.println(
        "[preflight] confusion matrix per class (found = blocker, or an unknowable-name warning)");
    System.out.println(CorpusIT.matrix(outcomes));
    printTimes("corpus", millis);

    // the largest schema, many times over, for the side-by-side timing
    int copies = Integer.getInteger("bench.preflight.copies", 12);
    db.exec(
        "drop schema public cascade; create schema public;"
            + " drop schema if exists viewswap cascade;");
    String ledger = CorpusIT.resource("ledger.sql");
    for (int i = 1; i <= copies; i++) {
      db.exec("drop schema if exists copy" + i + " cascade; create schema copy" + i);
      CorpusIT.execScript(db, "set search_path = copy" + i + ";\n" + ledger);
    }
    CorpusIT.execScript(db, ledger);
    Object functions =
        db.queryValue(
            "select count(*) from pg_proc where prolang = (select oid from pg_language where lanname = 'plpgsql')");
    Object tables =
        db.queryValue(
            "select count(*) from pg_class where relkind = 'r' and relnamespace <> 'pg_catalog'::regnamespace and relnamespace <> 'information_schema'::regnamespace");
    List<Path> specs = new ArrayList<>();
    int n = 0;
    for (String line : CorpusIT.lines(CorpusIT.resource("ledger.renames"))) {
      CorpusIT.Rename r = CorpusIT.Rename.parse(line);
      Path spec = dir.resolve("big-" + (++n) + ".yaml");
      Files.writeString(spec, r.yaml("big-" + n), StandardCharsets.UTF_8);
      specs.add(spec);
    }
    sideBySide(
        String.format(
            "ledger x%d (%s plpgsql functions, %s tables)", copies + 1, functions, tables),
        db.url(),
        specs);
  }

  /**
   * MusicBrainz's schema (the fetched corpus {@code musicbrainz}: 373 tables, 119 plpgsql
   * functions, 448 triggers, much of it dynamic SQL), the largest schema of the corpus: check of a
   * sample of its renames ({@code bench.preflight.sample}, every n-th line of its renames file),
   * this build and the baseline side by side, and the ratio.
   */
  @Test
  void musicBrainz(TestDatabase db) throws Exception {
    FetchedCorpusIT.load("musicbrainz", db.url());
    Object functions =
        db.queryValue(
            "select count(*) from pg_proc where prolang = (select oid from pg_language where lanname = 'plpgsql')");
    Object triggers = db.queryValue("select count(*) from pg_trigger where not tgisinternal");
    Object tables =
        db.queryValue(
            "select count(*) from pg_class where relkind = 'r' and relnamespace <> 'pg_catalog'::regnamespace and relnamespace <> 'information_schema'::regnamespace");
    int every = Integer.getInteger("bench.preflight.sample", 4);
    Path renames =
        Path.of(
            System.getProperty("viewswap.project.dir", "."),
            "itests/resources/corpus/fetched/musicbrainz/renames");
    List<Path> specs = new ArrayList<>();
    int n = 0;
    for (String line : CorpusIT.lines(Files.readString(renames, StandardCharsets.UTF_8))) {
      if (n++ % every != 0) {
        continue;
      }
      Path spec = dir.resolve("mb-" + n + ".yaml");
      Files.writeString(spec, CorpusIT.Rename.parse(line).yaml("mb-" + n), StandardCharsets.UTF_8);
      specs.add(spec);
    }
    sideBySide(
        String.format(
            "musicbrainz (%s tables, %s plpgsql functions, %s triggers), %d renames",
            tables, functions, triggers, specs.size()),
        db.url(),
        specs);
  }

  /**
   * The real corpus (RealCorpusIT: Debian's periods extension on Debian's PostgreSQL 15): its
   * confusion matrix per class, check's time per rename, and check on it side by side with the
   * baseline build.
   */
  @Test
  void realCorpus() throws Exception {
    RealCorpusIT.startDebianPostgres();
    try {
      List<Long> millis = new ArrayList<>();
      List<CorpusIT.Outcome> outcomes = RealCorpusIT.outcomes(dir, millis);
      System.out.println("[preflight] real corpus: confusion matrix per class");
      System.out.println(CorpusIT.matrix(outcomes));
      printTimes("real corpus", millis);
      List<Path> specs = new ArrayList<>();
      int n = 0;
      for (String line : CorpusIT.lines(CorpusIT.resource("real/periods.renames"))) {
        CorpusIT.Rename r = CorpusIT.Rename.parse(line);
        Path spec = dir.resolve("real-" + (++n) + ".yaml");
        Files.writeString(spec, r.yaml("real-" + n), StandardCharsets.UTF_8);
        specs.add(spec);
      }
      sideBySide("real corpus periods", RealCorpusIT.url("periods"), specs);
    } finally {
      RealCorpusIT.stop();
    }
  }

  private static void printTimes(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        "[preflight] %s: check per rename over %d renames: median %d ms, p90 %d ms, max %d ms%n",
        what,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() * 9 / 10),
        sorted.get(sorted.size() - 1));
  }

  /** check of every spec against the database, this build and the baseline's in turn. */
  private static void sideBySide(String label, String url, List<Path> specs) throws Exception {
    String baseline = System.getProperty("bench.preflight.baseline", "");
    Method old = baseline.isEmpty() ? null : baselineMain(Path.of(baseline));
    int rounds = Integer.getInteger("bench.preflight.rounds", 3);
    long ours = 0;
    long theirs = 0;
    for (int round = 0; round < rounds + 1; round++) {
      for (Path spec : specs) {
        String[] args = {"check", spec.toString(), "--format", "json", "--url", url};
        long t0 = System.nanoTime();
        int code =
            Main.run(
                args,
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of());
        long t1 = System.nanoTime();
        assertThat(code).isIn(0, 8);
        long t2 = t1;
        if (old != null) {
          old.invoke(
              null,
              args,
              new PrintWriter(new StringWriter()),
              new PrintWriter(new StringWriter()),
              Map.of());
          t2 = System.nanoTime();
        }
        if (round > 0) { // the first round warms both up
          ours += t1 - t0;
          theirs += t2 - t1;
        }
      }
    }
    long perOurs = ours / 1_000_000 / ((long) rounds * specs.size());
    System.out.printf("[preflight] %s: check %d ms per rename (this build)%n", label, perOurs);
    if (old != null) {
      long perTheirs = theirs / 1_000_000 / ((long) rounds * specs.size());
      System.out.printf(
          "[preflight] %s: baseline %s: %d ms per rename; ratio this/baseline %.2f%n",
          label, baseline, perTheirs, (double) ours / Math.max(1, theirs));
    }
  }

  /**
   * Main.run of another build, in a class loader of its own: that build's classes with this run's
   * libraries.
   */
  private static Method baselineMain(Path classes) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(classes.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("target" + File.separator + "classes")
          && !entry.contains("target" + File.separator + "test-classes")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Class<?> main = loader.loadClass("io.viewswap.cli.Main");
    return main.getMethod("run", String[].class, PrintWriter.class, PrintWriter.class, Map.class);
  }
}
