package io.viewswap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.ViewSwap;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the SQL of every phase and rollback of every example spec, planned from the catalog snapshot taken on a
 * real server ({@code specs/examples/NAME.catalog.json}). Regenerate after an intended change with
 * {@code ./mvnw test -Dtest=GoldenPlanTest -Dviewswap.golden.update=true} and review the diff.
 */
class GoldenPlanTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final boolean UPDATE = Boolean.getBoolean("viewswap.golden.update");

  static Stream<String> examples() {
    return Stream.of("customer-to-client", "columns-only", "table-only", "multi-table", "quoted", "rename-dependents");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPhaseMatchesItsGoldenScript(String example) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    CatalogSnapshot snapshot = SnapshotJson.read(PROJECT.resolve("specs/examples/" + example + ".catalog.json"));
    Plan plan = ViewSwap.planOffline(spec, snapshot);
    Plan again = ViewSwap.planOffline(spec, snapshot);
    assertThat(again).as("planning is a pure function of spec and snapshot").isEqualTo(plan);
    assertThat(plan.phases()).hasSize(6);
    ScriptRenderer scripts = new ScriptRenderer();
    Path dir = PROJECT.resolve("specs/golden/" + example);
    for (PhasePlan p : plan.phases()) {
      String rendered = scripts.render(spec, plan, p);
      assertThat(scripts.render(spec, plan, p)).as("rendering twice gives the same text").isEqualTo(rendered);
      Path golden = dir.resolve(ScriptRenderer.fileName(p));
      if (UPDATE) {
        Files.createDirectories(dir);
        Files.writeString(golden, rendered, StandardCharsets.UTF_8);
      }
      assertThat(golden).as("golden file for %s %s", example, p.title()).exists();
      assertThat(rendered)
          .as("%s: %s (regenerate with -Dviewswap.golden.update=true and review the diff)", example, golden)
          .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
  }
}
