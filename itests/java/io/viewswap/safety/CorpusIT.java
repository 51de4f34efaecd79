package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precision and recall of {@code check} on the corpus in itests/resources/corpus: every rename
 * listed there is applied by hand (no viewswap) in a transaction, the schema's probes run, and what
 * broke is compared with what check said. The counts are those in docs/refusals.md; a change to
 * either must change both.
 */
@ExtendWith(PostgresExtension.class)
class CorpusIT {
  static final List<String> SCHEMAS = List.of("films", "shop", "blog", "inventory", "hr");

  /** The documented counts (docs/refusals.md, "Measured on a corpus"). */
  static final int RENAMES = 51;

  static final int FOUND = 41;
  static final int MISSED = 1;
  static final int FALSE_ALARMS = 1;

  @TempDir Path dir;
  final ObjectMapper json = new ObjectMapper();

  record Rename(String table, String column, String newName) {
    static Rename parse(String line) {
      String[] parts = line.split("->");
      String left = parts[0].strip();
      String to = parts[1].strip();
      int dot = left.indexOf('.');
      return dot < 0
          ? new Rename(left, null, to)
          : new Rename(left.substring(0, dot), left.substring(dot + 1), to);
    }

    String ddl() {
      return column == null
          ? "alter table public." + table + " rename to " + newName
          : "alter table public." + table + " rename column " + column + " to " + newName;
    }

    String yaml(String id) {
      return "id: "
          + id
          + "\nrenames:\n  - table: public."
          + table
          + "\n"
          + (column == null
              ? "    to: " + newName + "\n"
              : "    columns:\n      " + column + ": " + newName + "\n");
    }

    /** A probe with {table} and {table.column} resolved to the names after this rename. */
    String resolve(String probe) {
      Matcher m = Pattern.compile("\\{([a-z_]+)(?:\\.([a-z_]+))?}").matcher(probe);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String t = m.group(1);
        String c = m.group(2);
        String value;
        if (c == null) {
          value = column == null && t.equals(table) ? newName : t;
        } else {
          value = column != null && t.equals(table) && c.equals(column) ? newName : c;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return table + (column == null ? "" : "." + column) + " -> " + newName;
    }
  }

  record Outcome(String schema, Rename rename, TreeSet<String> blockers, List<String> broken) {
    boolean blocked() {
      return !blockers.isEmpty();
    }

    boolean broke() {
      return !broken.isEmpty();
    }

    String verdict() {
      return blocked() && broke()
          ? "found"
          : broke() ? "MISSED" : blocked() ? "FALSE ALARM" : "passed";
    }
  }

  static String resource(String name) throws IOException {
    try (InputStream in = CorpusIT.class.getClassLoader().getResourceAsStream("corpus/" + name)) {
      assertThat(in).as("test resource corpus/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** A whole script in one simple-protocol call: the server splits it, as psql -f would run it. */
  static void execScript(TestDatabase db, String sql) throws SQLException {
    String url = db.url() + (db.url().contains("?") ? "&" : "?") + "preferQueryMode=simple";
    try (Connection c = java.sql.DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Runs the DDL (or nothing) and then each probe in a savepoint; returns the failing probes with
   * their errors.
   */
  static List<String> probe(TestDatabase db, String ddl, Rename rename, List<String> probes)
      throws SQLException {
    List<String> failed = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      if (ddl != null) {
        s.execute(ddl);
      }
      for (String p : probes) {
        String sql = rename == null ? new Rename("", null, "").resolve(p) : rename.resolve(p);
        Savepoint sp = c.setSavepoint();
        try {
          s.execute(sql);
          c.releaseSavepoint(sp);
        } catch (SQLException e) {
          c.rollback(sp);
          failed.add(
              sql
                  + "  =>  "
                  + e.getSQLState()
                  + " "
                  + e.getMessage().lines().findFirst().orElse(""));
        }
      }
      c.rollback();
    }
    return failed;
  }

  @Test
  void checkBlocksWhatBreaksAndPassesWhatDoesNot(TestDatabase db) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    for (String schema : SCHEMAS) {
      db.exec(
          "drop schema public cascade; create schema public;"
              + " drop extension if exists moddatetime; drop schema if exists viewswap cascade;");
      execScript(db, resource(schema + ".sql"));
      List<String> probes = lines(resource(schema + ".probes"));
      assertThat(probe(db, null, null, probes))
          .as("every probe of %s works before any rename", schema)
          .isEmpty();
      int n = 0;
      for (String line : lines(resource(schema + ".renames"))) {
        Rename r = Rename.parse(line);
        Path spec = spec(dir, schema + "-" + (++n), r.yaml(schema + "-" + n));
        Run check = cli(db, "check", spec.toString(), "--format", "json");
        assertThat(check.code()).as("%s %s: %s", schema, r, check).isIn(0, 8);
        TreeSet<String> blockers = new TreeSet<>();
        for (JsonNode f : json.readTree(check.out()).get("findings")) {
          if (f.get("severity").asText().equals("blocker")) {
            blockers.add(f.get("code").asText() + ": " + f.get("message").asText());
          }
        }
        outcomes.add(new Outcome(schema, r, blockers, probe(db, r.ddl(), r, probes)));
      }
    }
    StringBuilder report =
        new StringBuilder(
            "| schema | rename | check | broke by hand | verdict |\n|---|---|---|---|---|\n");
    for (Outcome o : outcomes) {
      report
          .append("| ")
          .append(o.schema())
          .append(" | `")
          .append(o.rename())
          .append("` | ")
          .append(
              o.blocked()
                  ? String.join(
                      "<br>",
                      o.blockers().stream()
                          .map(b -> b.substring(0, b.indexOf(':')))
                          .distinct()
                          .toList())
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
    long found = outcomes.stream().filter(o -> o.blocked() && o.broke()).count();
    long missed = outcomes.stream().filter(o -> !o.blocked() && o.broke()).count();
    long falseAlarms = outcomes.stream().filter(o -> o.blocked() && !o.broke()).count();
    report
        .append("\nrenames ")
        .append(outcomes.size())
        .append(", found ")
        .append(found)
        .append(", missed ")
        .append(missed)
        .append(", false alarms ")
        .append(falseAlarms)
        .append('\n');
    Path out =
        Path.of(System.getProperty("viewswap.project.dir", "."), "target", "corpus-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
    assertThat(outcomes).as("renames tried").hasSize(RENAMES);
    assertThat(new long[] {found, missed, falseAlarms})
        .as("found, missed, false alarms:\n%s", report)
        .containsExactly(FOUND, MISSED, FALSE_ALARMS);
  }
}
