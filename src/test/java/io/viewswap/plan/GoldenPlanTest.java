package io.viewswap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the SQL of every phase and rollback of every example spec, planned from the catalog snapshot
 * taken on a real server ({@code specs/examples/NAME.catalog.json}). Regenerate after an intended
 * change with {@code ./mvnw test -Dtest=GoldenPlanTest -Dviewswap.golden.update=true} and review
 * the diff.
 */
class GoldenPlanTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final boolean UPDATE = Boolean.getBoolean("viewswap.golden.update");

  static Stream<String> examples() {
    return Stream.of(
        "customer-to-client",
        "columns-only",
        "table-only",
        "multi-table",
        "quoted",
        "columns-release-role",
        "rename-dependents");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPhaseMatchesItsGoldenScript(String example) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    String snapshot =
        Files.readString(PROJECT.resolve("specs/examples/" + example + ".catalog.json"));
    Plan plan = ViewSwap.planOffline(spec, snapshot);
    Plan again = ViewSwap.planOffline(spec, snapshot);
    assertThat(again).as("planning is a pure function of spec and snapshot").isEqualTo(plan);
    assertThat(plan.phases()).hasSize(6);
    ScriptRenderer scripts = new ScriptRenderer();
    Path dir = PROJECT.resolve("specs/golden/" + example);
    for (PhasePlan p : plan.phases()) {
      String rendered = scripts.render(spec, plan, p);
      assertThat(scripts.render(spec, plan, p))
          .as("rendering twice gives the same text")
          .isEqualTo(rendered);
      Path golden = dir.resolve(ScriptRenderer.fileName(p));
      if (UPDATE) {
        Files.createDirectories(dir);
        Files.writeString(golden, rendered, StandardCharsets.UTF_8);
      }
      assertThat(golden).as("golden file for %s %s", example, p.title()).exists();
      assertThat(rendered)
          .as(
              "%s: %s (regenerate with -Dviewswap.golden.update=true and review the diff)",
              example, golden)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
  }

  /**
   * Case changes and number formatting must not follow the JVM's locale: under Turkish rules {@code
   * "INSERT"} lower-cases to {@code "ınsert"} (dotless i), which PostgreSQL rejects. Every format
   * of every example, rendered under {@code tr-TR}, is byte-identical to the same rendering under
   * the root locale.
   */
  @ParameterizedTest
  @MethodSource("examples")
  void aTurkishLocaleChangesNoByte(String example) throws Exception {
    Locale before = Locale.getDefault();
    List<String> root = renderEveryFormat(example);
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertThat("INSERT".toLowerCase())
          .as("the JVM really uses Turkish case rules now")
          .isEqualTo("\u0131nsert");
      assertThat(renderEveryFormat(example)).isEqualTo(root);
    } finally {
      Locale.setDefault(before);
    }
  }

  private static List<String> renderEveryFormat(String example) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    String snapshot =
        Files.readString(PROJECT.resolve("specs/examples/" + example + ".catalog.json"));
    Plan plan = ViewSwap.planOffline(spec, snapshot);
    ScriptRenderer scripts = new ScriptRenderer();
    // Django needs the app's models named; Rails and Alembic stand for the framework formats
    io.viewswap.export.FrameworkSettings framework =
        new io.viewswap.export.FrameworkSettings(
            io.viewswap.export.MigrationDirectory.EMPTY,
            java.time.Instant.parse("2026-11-02T10:15:30Z"),
            new java.util.SplittableRandom(20),
            java.util.Optional.empty(),
            java.util.Map.of());
    return Stream.of(ExportFormat.values())
        .filter(f -> f != ExportFormat.DJANGO)
        .flatMap(f -> scripts.export(spec, plan, f, "2026.11", framework).stream())
        .map(f -> f.name() + "\n" + f.content())
        .toList();
  }
}
