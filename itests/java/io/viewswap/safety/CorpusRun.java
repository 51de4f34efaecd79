package io.viewswap.safety;

import static io.viewswap.safety.CorpusIT.lines;
import static io.viewswap.safety.Harness.cliAt;
import static io.viewswap.safety.Harness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.safety.CorpusIT.Connect;
import io.viewswap.safety.CorpusIT.Outcome;
import io.viewswap.safety.CorpusIT.Rename;
import io.viewswap.safety.Harness.Run;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The ground-truth loop every corpus test shares (written, real-extension and fetched corpora): for
 * each rename of a corpus, {@code viewswap check} on its spec, then the rename by hand in a
 * transaction that is rolled back, with the corpus's probes after it. One loop, so the three tests
 * count found, missed and false alarms the same way.
 */
final class CorpusRun {
  private CorpusRun() {}

  /**
   * The class of a rename the server itself refuses: nothing breaks because it never happens, and a
   * blocker on it is no false alarm (it saves a swap that would fail and roll back).
   */
  static final String REFUSED = "refused by the server";

  /**
   * Runs every rename of a corpus loaded in the database at {@code url}.
   *
   * @param renames the text of the corpus's renames file ({@code # class} lines name the class of
   *     the renames below them)
   * @param refused when not null, renames the server itself refuses are added here and kept out of
   *     the breaks (their class becomes "refused by the server")
   * @param checkMillis when not null, receives check's time for each rename
   */
  static List<Outcome> renames(
      String corpus,
      String url,
      List<String> probes,
      String renames,
      Path dir,
      List<String> refused,
      List<Long> checkMillis)
      throws Exception {
    Connect connect = () -> DriverManager.getConnection(url);
    assertThat(CorpusIT.probe(connect, null, null, probes, null))
        .as("every probe of %s works before any rename", corpus)
        .isEmpty();
    List<String> before = CorpusIT.BASELINE.get();
    ObjectMapper json = new ObjectMapper();
    List<Outcome> outcomes = new ArrayList<>();
    int n = 0;
    String kind = "";
    for (String line : renames.lines().map(String::strip).toList()) {
      if (line.startsWith("#")) {
        kind = line.substring(1).strip();
        continue;
      }
      if (line.isEmpty()) {
        continue;
      }
      Rename r = Rename.parse(line);
      Path spec = spec(dir, corpus + "-" + (++n), r.yaml(corpus + "-" + n));
      long t0 = System.nanoTime();
      Run check = cliAt(url, "check", spec.toString(), "--format", "json");
      if (checkMillis != null) {
        checkMillis.add((System.nanoTime() - t0) / 1_000_000);
      }
      assertThat(check.code()).as("%s %s: %s", corpus, r, check).isIn(0, 8);
      TreeSet<String> blockers = new TreeSet<>();
      TreeSet<String> unknown = new TreeSet<>();
      CorpusIT.sortFindings(json.readTree(check.out()), blockers, unknown);
      String refusal = refused == null ? null : refusal(url, r.ddl());
      if (refusal != null) {
        // The server refuses the rename itself (periods' event trigger guards the columns its
        // keys use): the swap would fail and roll back, nothing is left broken. Kept apart.
        refused.add(corpus + " `" + r + "`: " + refusal);
      }
      outcomes.add(
          new Outcome(
              corpus,
              refusal != null ? REFUSED : kind,
              r,
              blockers,
              unknown,
              refusal != null ? List.of() : CorpusIT.probe(connect, r.ddl(), r, probes, before)));
    }
    return outcomes;
  }

  /**
   * The server's error when it refuses the DDL itself (in a transaction rolled back); else null.
   */
  static String refusal(String url, String ddl) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      // an event trigger the DDL fires may take ids (pgMemento's DDL log): put them back too
      List<String> restore = CorpusIT.sequenceRestore(s);
      c.setAutoCommit(false);
      try {
        s.execute(ddl);
        return null;
      } catch (SQLException e) {
        return e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse("");
      } finally {
        c.rollback();
        c.setAutoCommit(true);
        for (String r : restore) {
          s.execute(r);
        }
      }
    }
  }

  /** The renames listed in a known-misses or known-false-alarms file, as {@code corpus rename}. */
  static List<String> listed(String corpus, String text) {
    return lines(text).stream().map(l -> corpus + " " + Rename.parse(l)).toList();
  }

  /** One row per rename: what check said, what broke by hand, the verdict. */
  static String table(List<Outcome> outcomes) {
    StringBuilder report =
        new StringBuilder(
            "| corpus | rename | check | broke by hand | verdict |\n|---|---|---|---|---|\n");
    for (Outcome o : outcomes) {
      report
          .append("| ")
          .append(o.schema())
          .append(" | `")
          .append(o.rename())
          .append("` | ")
          .append(
              o.blocked()
                  ? String.join("<br>", o.blockers()).replace("|", "\\|")
                      + (o.broke() && !o.unknown().isEmpty()
                          ? " (unknowable warning: "
                              + String.join("<br>", o.unknown()).replace("|", "\\|")
                              + ")"
                          : "")
                  : "passes")
          .append(" | ")
          .append(
              o.broke()
                  ? o.broken().size() + " probe(s): " + o.broken().get(0).replace("|", "\\|")
                  : "nothing")
          .append(" | ")
          .append(o.verdict())
          .append(" |\n");
    }
    long safe = outcomes.stream().filter(o -> !o.broke() && !o.kind().equals(REFUSED)).count();
    report
        .append("\nrenames ")
        .append(outcomes.size())
        .append(", broke ")
        .append(outcomes.stream().filter(Outcome::broke).count())
        .append(", missed ")
        .append(outcomes.stream().filter(o -> !o.blocked() && o.broke()).count())
        .append(", false alarms ")
        .append(
            outcomes.stream()
                .filter(o -> o.blocked() && !o.broke() && !o.kind().equals(REFUSED))
                .count())
        .append(" of ")
        .append(safe)
        .append(" safe\n\n")
        .append(CorpusIT.matrix(outcomes));
    return report.toString();
  }

  /**
   * Fails on a missed break or a false alarm not listed as known (each listed one is reported in
   * the table), and when false alarms, listed or not, exceed {@link CorpusIT#FALSE_ALARM_RATE} of
   * the safe renames.
   */
  static void verify(
      List<Outcome> outcomes,
      List<String> knownMisses,
      List<String> knownFalseAlarms,
      String report) {
    List<String> missed =
        outcomes.stream()
            .filter(o -> !o.blocked() && o.broke())
            .filter(o -> !knownMisses.contains(o.schema() + " " + o.rename()))
            .map(o -> o.schema() + " " + o.rename() + ": " + o.broken().get(0))
            .toList();
    assertThat(missed).as("missed breaks not listed as known:\n%s", report).isEmpty();
    List<Outcome> alarms =
        outcomes.stream()
            .filter(o -> o.blocked() && !o.broke() && !o.kind().equals(REFUSED))
            .toList();
    assertThat(
            alarms.stream()
                .filter(o -> !knownFalseAlarms.contains(o.schema() + " " + o.rename()))
                .map(o -> o.schema() + " " + o.rename() + ": " + o.blockers())
                .toList())
        .as("false alarms not listed as known:\n%s", report)
        .isEmpty();
    long safe = outcomes.stream().filter(o -> !o.broke() && !o.kind().equals(REFUSED)).count();
    assertThat((double) alarms.size())
        .as("false alarms on %d safe renames:\n%s", safe, report)
        .isLessThanOrEqualTo(CorpusIT.FALSE_ALARM_RATE * safe);
  }
}
