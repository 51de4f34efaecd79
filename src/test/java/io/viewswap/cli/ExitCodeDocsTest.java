package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.ErrorCode;
import io.viewswap.cli.CliOfflineTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pipeline branches on exit codes, so the help, README.md and docs/threat-model.md list the same
 * ones as {@link ErrorCode}, each with its summary: a code added, renumbered or reworded in the
 * enum and not in a document (or the other way round) fails here.
 */
class ExitCodeDocsTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.+) \\|$");

  /** Exit code to summary, 0 first, as every list must say it. */
  static Map<Integer, String> expected() {
    Map<Integer, String> m = new LinkedHashMap<>();
    m.put(0, ErrorCode.OK);
    for (ErrorCode e : ErrorCode.values()) {
      m.put(e.exitCode(), e.summary());
    }
    return m;
  }

  /** The rows of the document's {@code | exit | meaning |} table, in order. */
  static Map<Integer, String> table(String document) throws IOException {
    List<String> lines = Files.readAllLines(PROJECT.resolve(document));
    int header = lines.indexOf("| exit | meaning |");
    assertThat(header).as("%s has a `| exit | meaning |` table", document).isNotNegative();
    Map<Integer, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      Matcher m = ROW.matcher(line);
      if (!m.matches()) {
        break;
      }
      assertThat(rows.put(Integer.valueOf(m.group(1)), m.group(2)))
          .as("%s lists exit %s once", document, m.group(1))
          .isNull();
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "docs/threat-model.md"})
  void theDocumentListsEveryExitCodeWithItsSummary(String document) throws IOException {
    Map<Integer, String> rows = table(document);
    assertThat(new ArrayList<>(rows.keySet()))
        .as("the exit codes %s lists, in order", document)
        .containsExactlyElementsOf(expected().keySet());
    expected()
        .forEach(
            (code, summary) ->
                assertThat(rows.get(code))
                    .as("%s: exit %d starts with ErrorCode's summary", document, code)
                    .startsWith(summary));
  }

  @Test
  void theHelpListsEveryExitCodeWithItsSummary() {
    Run r = CliOfflineTest.run("--help");
    assertThat(r.exit()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    expected()
        .forEach(
            (code, summary) ->
                assertThat(help)
                    .as("--help lists exit %d", code)
                    .contains("Exit codes:")
                    .contains(" " + code + " " + summary));
  }

  @Test
  void noOtherDocumentUnderDocsHasAnExitCodeTableOfItsOwn() throws IOException {
    try (Stream<Path> files = Files.list(PROJECT.resolve("docs"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
        if (f.getFileName().toString().equals("threat-model.md")) {
          continue;
        }
        assertThat(Files.readAllLines(f))
            .as("%s: a second exit-code table would drift; point to the README instead", f)
            .doesNotContain("| exit | meaning |");
      }
    }
  }
}
