package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library example in docs/library.md is the code ReadmeExampleIT compiles and runs, character
 * for character.
 */
class ReadmeSnippetTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  @Test
  void docsSnippetEqualsTheTestedCode() throws Exception {
    String code =
        Files.readString(PROJECT.resolve("itests/java/io/viewswap/ecosystem/ReadmeExampleIT.java"));
    int start = code.indexOf("// readme:start\n");
    int end = code.indexOf("// readme:end");
    assertThat(start).as("ReadmeExampleIT has a readme:start marker").isPositive();
    assertThat(end).as("and a readme:end marker after it").isGreaterThan(start);
    String body =
        code.substring(start + "// readme:start\n".length(), code.lastIndexOf('\n', end) + 1);
    String tested =
        Arrays.stream(body.split("\n"))
            .map(l -> l.startsWith("    ") ? l.substring(4) : l)
            .collect(Collectors.joining("\n"))
            .stripTrailing();
    String doc = Files.readString(PROJECT.resolve("docs/library.md"));
    int open = doc.indexOf("```java\n");
    int close = doc.indexOf("\n```", open + 1);
    assertThat(open).as("docs/library.md has a java block").isPositive();
    assertThat(doc.substring(open + "```java\n".length(), close))
        .as(
            "docs/library.md's example must be ReadmeExampleIT's code between the markers; copy it over")
        .isEqualTo(tested);
  }
}
