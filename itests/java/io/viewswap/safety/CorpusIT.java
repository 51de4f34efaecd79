package io.viewswap.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.Set;
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
public class CorpusIT {
  static final List<String> SCHEMAS = List.of("films", "shop", "blog", "inventory", "hr", "ledger");

  /** The documented counts (docs/refusals.md, "Measured on a corpus"). */
  static final int RENAMES = 80;

  /** At most this share of the renames that break nothing may be blocked. */
  static final double FALSE_ALARM_RATE = 0.05;

  @TempDir Path dir;

  /**
   * One rename of a corpus, written {@code [schema:]table[.column] -> new_name} in its renames file
   * (the schema defaults to public).
   */
  public record Rename(String schema, String table, String column, String newName) {
    public Rename(String table, String column, String newName) {
      this("public", table, column, newName);
    }

    public static Rename parse(String line) {
      String[] parts = line.split("->");
      String left = parts[0].strip();
      String to = parts[1].strip();
      String schema = "public";
      int colon = left.indexOf(':');
      if (colon >= 0) {
        schema = left.substring(0, colon);
        left = left.substring(colon + 1);
      }
      int dot = left.indexOf('.');
      return dot < 0
          ? new Rename(schema, left, null, to)
          : new Rename(schema, left.substring(0, dot), left.substring(dot + 1), to);
    }

    String ddl() {
      return column == null
          ? "alter table " + schema + "." + table + " rename to " + newName
          : "alter table " + schema + "." + table + " rename column " + column + " to " + newName;
    }

    public String yaml(String id) {
      return "id: "
          + id
          + "\nrenames:\n  - table: "
          + schema
          + "."
          + table
          + "\n"
          + (column == null
              ? "    to: " + newName + "\n"
              : "    columns:\n      " + column + ": " + newName + "\n");
    }

    /**
     * A probe with {table} and {table.column} resolved to the names after this rename. Names may
     * hold digits after their first letter (supabase-storage's {@code s3_multipart_uploads}); a
     * placeholder that names nothing renamed stands for itself. {@code {schema:table}} names the
     * table of that schema only (two schemas may each have a table of the same name), a bare
     * {table} the table of that name in any schema.
     */
    String resolve(String probe) {
      Matcher m =
          Pattern.compile(
                  "\\{(?:([a-z_][a-z0-9_]*):)?([a-z_][a-z0-9_]*)(?:\\.([a-z_][a-z0-9_]*))?}")
              .matcher(probe);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String s = m.group(1);
        String t = m.group(2);
        String c = m.group(3);
        boolean ours = t.equals(table) && (s == null || s.equals(schema));
        String value;
        if (c == null) {
          value = column == null && ours ? newName : t;
        } else {
          value = column != null && ours && c.equals(column) ? newName : c;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return (schema.equals("public") ? "" : schema + ":")
          + table
          + (column == null ? "" : "." + column)
          + " -> "
          + newName;
    }
  }

  /**
   * A check's JSON findings sorted as the corpus tests count them: blockers, and the warnings that
   * say a name is unknowable (a finding for a rename that breaks, never a false alarm for a safe
   * one).
   */
  static void sortFindings(JsonNode report, Set<String> blockers, Set<String> unknown) {
    for (JsonNode f : report.get("findings")) {
      if (f.get("severity").asText().equals("blocker")) {
        blockers.add(f.get("code").asText() + ": " + f.get("message").asText());
      } else if (f.get("code").asText().equals("function-body-unknown")) {
        unknown.add(f.get("code").asText() + ": " + f.get("message").asText());
      }
    }
  }

  /**
   * @param kind the comment line above the rename in the .renames file: the class of case it tries
   * @param unknown warnings that a name computed from what cannot be known may be the renamed one
   */
  public record Outcome(
      String schema,
      String kind,
      Rename rename,
      TreeSet<String> blockers,
      TreeSet<String> unknown,
      List<String> broken) {
    /** Reported: a blocker, or a warning that says check it by hand (never silence). */
    boolean blocked() {
      return !blockers.isEmpty() || (broke() && !unknown.isEmpty());
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

  public static String resource(String name) throws IOException {
    try (InputStream in = CorpusIT.class.getClassLoader().getResourceAsStream("corpus/" + name)) {
      assertThat(in).as("test resource corpus/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static List<String> lines(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** A whole script in one simple-protocol call: the server splits it, as psql -f would run it. */
  public static void execScript(TestDatabase db, String sql) throws SQLException {
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
    return probe(db, ddl, rename, probes, null);
  }

  /**
   * As above; with {@code before} (the rows each probe returned before any rename), a probe that
   * returns other rows also counts as broken: a trigger that silently took another branch.
   */
  static List<String> probe(
      TestDatabase db, String ddl, Rename rename, List<String> probes, List<String> before)
      throws SQLException {
    return probe(db::connect, ddl, rename, probes, before);
  }

  /** Opens a connection to the database the probes run in. */
  @FunctionalInterface
  public interface Connect {
    Connection open() throws SQLException;
  }

  /** As above, on a database of any server (RealCorpusIT's Debian server). */
  static List<String> probe(
      Connect db, String ddl, Rename rename, List<String> probes, List<String> before)
      throws SQLException {
    List<String> failed = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    try (Connection c = db.open();
        Statement s = c.createStatement()) {
      // sequences are not rolled back: put them back after each run, so every run sees the same ids
      List<String> restore = sequenceRestore(s);
      c.setAutoCommit(false);
      if (ddl != null) {
        s.execute(ddl);
      }
      for (String p : probes) {
        String sql = rename == null ? new Rename("", null, "").resolve(p) : rename.resolve(p);
        Savepoint sp = c.setSavepoint();
        try {
          StringBuilder got = new StringBuilder();
          if (s.execute(sql)) {
            try (java.sql.ResultSet rs = s.getResultSet()) {
              int n = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                for (int k = 1; k <= n; k++) {
                  got.append(rs.getString(k)).append(k < n ? "|" : "\n");
                }
              }
            }
          }
          c.releaseSavepoint(sp);
          int at = rows.size();
          rows.add(got.toString());
          if (before != null && at < before.size() && !before.get(at).equals(got.toString())) {
            failed.add(
                sql
                    + "  =>  returned other rows: "
                    + got.toString().strip().replace('\n', ';')
                    + " instead of "
                    + before.get(at).strip().replace('\n', ';'));
          }
        } catch (SQLException e) {
          rows.add("error");
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
      c.setAutoCommit(true);
      for (String r : restore) {
        s.execute(r);
      }
    }
    if (ddl == null && before == null) {
      BASELINE.set(rows);
    }
    return failed;
  }

  /**
   * The statements that put every sequence back where it is now (sequences are not rolled back, and
   * a trigger's nextval in a rolled-back run would shift the ids every later run sees).
   */
  static List<String> sequenceRestore(Statement s) throws SQLException {
    List<String> restore = new ArrayList<>();
    try (java.sql.ResultSet rs =
        s.executeQuery(
            "select pg_catalog.format('select pg_catalog.setval(%L, %s, %L)',"
                + " pg_catalog.quote_ident(schemaname) || '.' || pg_catalog.quote_ident(sequencename),"
                + " coalesce(last_value, start_value), last_value is not null) from pg_catalog.pg_sequences")) {
      while (rs.next()) {
        restore.add(rs.getString(1));
      }
    }
    return restore;
  }

  /** The rows of the last run without a rename (one test thread). */
  static final ThreadLocal<List<String>> BASELINE = new ThreadLocal<>();

  @Test
  void checkBlocksWhatBreaksAndPassesWhatDoesNot(TestDatabase db) throws Exception {
    List<Outcome> outcomes = outcomes(db, dir, null);
    report(outcomes);
  }

  /**
   * Every rename of the corpus: what check said and what broke by hand.
   *
   * @param checkMillis when not null, receives check's time for each rename
   */
  public static List<Outcome> outcomes(TestDatabase db, Path dir, List<Long> checkMillis)
      throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    for (String schema : SCHEMAS) {
      db.exec(
          "drop schema public cascade; create schema public;"
              + " drop extension if exists moddatetime; drop schema if exists viewswap cascade;");
      execScript(db, resource(schema + ".sql"));
      outcomes.addAll(
          CorpusRun.renames(
              schema,
              db.url(),
              lines(resource(schema + ".probes")),
              resource(schema + ".renames"),
              dir,
              null,
              checkMillis));
    }
    return outcomes;
  }

  /**
   * Per class of case (the comment above the renames in the .renames files): true and false
   * positives and negatives.
   */
  public static String matrix(List<Outcome> outcomes) {
    Map<String, long[]> byKind = new java.util.TreeMap<>();
    for (Outcome o : outcomes) {
      long[] m =
          byKind.computeIfAbsent(
              o.schema() + ": " + (o.kind().isEmpty() ? "(general)" : o.kind()), k -> new long[4]);
      m[o.broke() ? (o.blocked() ? 0 : 2) : (o.blocked() ? 1 : 3)]++;
    }
    StringBuilder sb =
        new StringBuilder(
            "| class | found (TP) | false alarm (FP) | missed (FN) | passed (TN) |\n|---|---|---|---|---|\n");
    for (Map.Entry<String, long[]> e : byKind.entrySet()) {
      long[] m = e.getValue();
      sb.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(m[0])
          .append(" | ")
          .append(m[1])
          .append(" | ")
          .append(m[2])
          .append(" | ")
          .append(m[3])
          .append(" |\n");
    }
    return sb.toString();
  }

  private static void report(List<Outcome> outcomes) throws IOException {
    String report = CorpusRun.table(outcomes);
    Path out =
        Path.of(System.getProperty("viewswap.project.dir", "."), "target", "corpus-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    assertThat(outcomes).as("renames tried").hasSize(RENAMES);
    assertThat(outcomes.stream().filter(o -> o.blocked() && o.broke()))
        .as("the corpus has breaks to find")
        .isNotEmpty();
    CorpusRun.verify(outcomes, List.of(), List.of(), report);
  }
}
