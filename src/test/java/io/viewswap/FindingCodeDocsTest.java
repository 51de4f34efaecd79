package io.viewswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.FindingCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A pipeline branches on finding codes: every one a run can report is explained in the README or
 * docs/.
 */
class FindingCodeDocsTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  @Test
  void everyFindingCodeIsDocumented() throws IOException {
    StringBuilder docs = new StringBuilder(Files.readString(PROJECT.resolve("README.md")));
    try (Stream<Path> files = Files.list(PROJECT.resolve("docs"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
        docs.append(Files.readString(f));
      }
    }
    for (FindingCode code : FindingCode.values()) {
      assertThat(docs.toString())
          .as("the finding code %s is explained in README.md or docs/", code.label())
          .contains("`" + code.label() + "`");
    }
  }
}
