package io.viewswap.cli;

import picocli.CommandLine.Option;

/** The {@code --format text|json} option of the commands that print results. */
final class TextOrJson {
  @Option(
      names = "--format",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  OutputFormat format;

  boolean json() {
    return format == OutputFormat.json;
  }
}
