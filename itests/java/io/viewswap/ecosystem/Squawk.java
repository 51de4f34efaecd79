package io.viewswap.ecosystem;

import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the squawk linter (npm squawk-cli, pinned and installed by {@code .ci/ensure-squawk.sh},
 * whose binary the pom passes as {@code viewswap.squawk}) over exported scripts, with only its
 * rename rules excluded: renaming is what viewswap is for, and it makes renames safe by the views.
 */
public final class Squawk {
  /**
   * The one psql meta-command a psql export holds; squawk parses SQL only, so it reads the file
   * without it.
   */
  public static final String PSQL_META_LINE = "\\set ON_ERROR_STOP on";

  public static final List<String> EXCLUDED = List.of("renaming-column", "renaming-table");

  public record Result(int exitCode, String output) {}

  private Squawk() {}

  /**
   * Lints the files of one export. Flyway and Liquibase run each file (changeset) in a transaction
   * of their own, so those are linted with {@code --assume-in-transaction}; psql files open and
   * commit their own.
   */
  public static Result lint(List<ExportedFile> files, ExportFormat format, int pgMajor, Path dir)
      throws Exception {
    String squawk = System.getProperty("viewswap.squawk", "");
    if (squawk.isEmpty() || !Files.isExecutable(Path.of(squawk))) {
      throw new IllegalStateException(
          "squawk not found at \""
              + squawk
              + "\": run the tests through Maven, whose"
              + " pre-integration-test phase runs .ci/ensure-squawk.sh, or set -Dviewswap.squawk=PATH");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                squawk,
                "--reporter",
                "gcc",
                "--pg-version",
                pgMajor + ".0",
                "--exclude",
                String.join(",", EXCLUDED)));
    if (format != ExportFormat.PSQL) {
      command.add("--assume-in-transaction");
    }
    Files.createDirectories(dir);
    for (ExportedFile f : files) {
      String text = f.content();
      if (format == ExportFormat.PSQL) {
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
          if (line.startsWith("\\")) {
            if (!line.equals(PSQL_META_LINE)) {
              throw new AssertionError(
                  f.name() + " holds a psql meta-command viewswap did not write: " + line);
            }
            kept.add(""); // keeps line numbers in squawk's report equal to the file's
          } else {
            kept.add(line);
          }
        }
        text = String.join("\n", kept);
      }
      Path p = dir.resolve(f.name());
      Files.writeString(p, text, StandardCharsets.UTF_8);
      command.add(p.toString());
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("squawk did not finish in 60 s");
    }
    return new Result(p.exitValue(), output);
  }
}
