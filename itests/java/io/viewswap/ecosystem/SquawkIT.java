package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Plan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every export format of every example passes the squawk migration linter with only its rename
 * rules excluded (planned offline from the example's catalog snapshot, as {@code export --catalog}
 * does; no server needed).
 */
class SquawkIT {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> all = new ArrayList<>();
    try (Stream<Path> specs = Files.list(PROJECT.resolve("specs/examples"))) {
      for (Path spec : specs.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        // the framework formats carry the runner-phase body Flyway's scripts carry, linted here
        for (ExportFormat f :
            Stream.of(ExportFormat.values()).filter(f -> !f.isFramework()).toList()) {
          all.add(Arguments.of(spec.getFileName().toString().replace(".yaml", ""), f));
        }
      }
    }
    assertThat(all).as("examples found").hasSizeGreaterThanOrEqualTo(15);
    return all.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void exportPassesSquawk(String example, ExportFormat format, @TempDir Path dir) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    String snapshot =
        Files.readString(PROJECT.resolve("specs/examples/" + example + ".catalog.json"));
    Plan plan = ViewSwap.planOffline(spec, snapshot);
    List<ExportedFile> files = new ScriptRenderer().export(spec, plan, format, "42");
    Squawk.Result r = Squawk.lint(files, format, plan.serverMajor(), dir);
    assertThat(r.exitCode())
        .as("squawk on %s as %s:%n%s", example, format.label(), r.output())
        .isZero();
  }

  /**
   * The linter is really looking: the same run flags what it should, so a pass above means
   * something.
   */
  @Test
  void squawkFlagsWhatItShould(@TempDir Path dir) throws Exception {
    Squawk.Result r =
        Squawk.lint(
            List.of(
                new ExportedFile(
                    "bad.sql",
                    "create table t (n integer);\nalter table t add column m text not null;\n")),
            ExportFormat.FLYWAY,
            18,
            dir);
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("prefer-bigint-over-int");
  }
}
