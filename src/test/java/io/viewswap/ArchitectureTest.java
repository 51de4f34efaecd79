package io.viewswap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the main code, read from the sources: which package refers to which (imports
 * and fully qualified names alike). Layering is what keeps a change local, so it is a test, not a
 * convention.
 */
class ArchitectureTest {
  static final Path MAIN =
      Path.of(System.getProperty("viewswap.project.dir", "."), "src/main/java/io/viewswap");
  static final Pattern REFERENCE = Pattern.compile("\\bio\\.viewswap\\.(?:([a-z]\\w*)\\.)?[A-Z]");
  static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");

  /** Package (relative to io.viewswap, "" for the root) to the packages its code refers to. */
  static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
        Set<String> targets = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
        String code = COMMENT.matcher(Files.readString(f)).replaceAll("");
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
          String target = m.group(1) == null ? "" : m.group(1);
          if (!target.equals(pkg)) {
            targets.add(target);
          }
        }
      }
    }
    return graph;
  }

  @Test
  void theVocabularyDependsOnNothingButTheSpecModel() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).containsKeys("", "api", "spec");
    assertThat(graph.get("api")).as("io.viewswap.api refers to").isSubsetOf(Set.of("spec", "text"));
    assertThat(graph.get("spec")).as("io.viewswap.spec refers to").isSubsetOf(Set.of("text"));
    assertThat(graph.get("text")).as("io.viewswap.text refers to").isEmpty();
  }

  @Test
  void noInternalPackageReachesBackToTheFacade() throws IOException {
    Map<String, Set<String>> graph = graph();
    graph.forEach(
        (pkg, targets) -> {
          if (!Set.of("", "cli", "demo").contains(pkg)) {
            assertThat(targets).as("io.viewswap.%s refers to", pkg).doesNotContain("");
          }
        });
  }

  @Test
  void thePackageGraphHasNoCycle() throws IOException {
    Map<String, Set<String>> graph = graph();
    List<List<String>> cycles = new ArrayList<>();
    for (String start : graph.keySet()) {
      Deque<List<String>> paths = new ArrayDeque<>();
      paths.push(List.of(start));
      Set<String> seen = new TreeSet<>();
      while (!paths.isEmpty()) {
        List<String> path = paths.pop();
        String last = path.get(path.size() - 1);
        for (String next : graph.getOrDefault(last, Set.of())) {
          if (next.equals(start)) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(start);
            cycles.add(cycle);
          } else if (seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            paths.push(longer);
          }
        }
      }
    }
    assertThat(cycles).as("package cycles (\"\" is io.viewswap)").isEmpty();
  }

  @Test
  void everyPackageSaysWhatItOwns() throws IOException {
    for (String pkg : graph().keySet()) {
      Path info = MAIN.resolve(pkg.replace('.', '/')).resolve("package-info.java");
      assertThat(info).as("package-info of io.viewswap.%s", pkg).exists();
      if (!Set.of("", "api", "spec", "repoint").contains(pkg)) {
        assertThat(Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " "))
            .as("internal package io.viewswap.%s says it promises nothing", pkg)
            .contains("Internal: no compatibility promise");
      }
    }
  }

  /**
   * One executor: the phase runner, the run lock and opening a session (where the search_path is
   * pinned) belong to io.viewswap.run alone, so that no second front door (the fleet, a new
   * command) can run a phase, skip the wait for the run lock or open an unpinned session of its
   * own. The embedded server and the demo's load client open the server's and the application's
   * connections, not viewswap's.
   */
  @Test
  void onlyTheExecutorRunsPhasesTakesTheRunLockAndOpensSessions() throws IOException {
    Pattern owned =
        Pattern.compile("\\b(PhaseRunner|RunLock)\\b|\\.getConnection\\s*\\(|::getConnection\\b");
    Pattern opens = Pattern.compile("\\.getConnection\\s*\\(|::getConnection\\b");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        if (rel.startsWith("run/") || rel.startsWith("pg/") || rel.startsWith("demo/")) {
          continue;
        }
        // The packages that define the runner and the lock name them; they open nothing.
        boolean defines = rel.startsWith("execute/") || rel.startsWith("state/");
        String code = COMMENT.matcher(Files.readString(f)).replaceAll("");
        Matcher m = (defines ? opens : owned).matcher(code);
        while (m.find()) {
          offenders.add(rel + ": " + m.group());
        }
      }
    }
    assertThat(offenders).as("refer to what only io.viewswap.run may").isEmpty();
  }

  /**
   * A statement's text in a string literal: one that starts like SQL sent to the server, or a
   * literal handed straight to a JDBC call. Messages and hints ("set another transition_schema") do
   * not start so.
   */
  static final Pattern SQL_LITERAL =
      Pattern.compile(
          "\"(?:select|with recursive|show|set search_path|savepoint|rollback to savepoint"
              + "|release savepoint|insert into|delete from|truncate) [^\"]*\""
              + "|(?:prepareStatement|prepareCall|executeQuery|executeUpdate|execute|addBatch)"
              + "\\s*\\(\\s*\"");

  /**
   * Files that still hold statement text: none since the state store's reads moved to
   * sql-templates/state/. The list only shrinks; a file put back on it fails the test below unless
   * it really holds statement text.
   */
  static final Set<String> SQL_LITERALS_LEFT = Set.of();

  /**
   * All SQL text lives in sql-templates/ (where TemplateQualificationTest checks every built-in is
   * qualified), rendered by io.viewswap.render; the embedded server's own set-up and the demo's
   * application are not viewswap's statements.
   */
  @Test
  void noStatementTextLivesInMainCodeOutsideTheRenderer() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        if (rel.startsWith("render/")
            || rel.startsWith("pg/")
            || rel.startsWith("demo/")
            || SQL_LITERALS_LEFT.contains(rel)) {
          continue;
        }
        String code = COMMENT.matcher(Files.readString(f)).replaceAll("");
        Matcher m = SQL_LITERAL.matcher(code);
        while (m.find()) {
          offenders.add(rel + ": " + m.group());
        }
      }
    }
    assertThat(offenders).as("statement text outside sql-templates/").isEmpty();
    for (String left : SQL_LITERALS_LEFT) {
      String code = COMMENT.matcher(Files.readString(MAIN.resolve(left))).replaceAll("");
      assertThat(SQL_LITERAL.matcher(code).find())
          .as("%s holds no statement text any more: take it off SQL_LITERALS_LEFT", left)
          .isTrue();
    }
  }
}
