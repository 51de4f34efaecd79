package io.viewswap.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.PhasePlan;
import io.viewswap.api.Plan;
import io.viewswap.api.Step;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "Every forward step names its inverse" is only worth something if the name is right: each change
 * a phase makes names a step that its rollback really runs, and the other way round. Guards change
 * nothing and name none.
 */
class StepInverseTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  @ParameterizedTest
  @MethodSource("io.viewswap.plan.GoldenPlanTest#examples")
  void everyChangeNamesAStepOfTheOppositePlan(String example) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
    Plan plan =
        ViewSwap.planOffline(
            spec, Files.readString(PROJECT.resolve("specs/examples/" + example + ".catalog.json")));
    for (Phase phase : Phase.values()) {
      PhasePlan forward = plan.phase(phase, Direction.FORWARD);
      PhasePlan back = plan.phase(phase, Direction.ROLLBACK);
      assertInversesIn(forward, back);
      assertInversesIn(back, forward);
    }
  }

  private static void assertInversesIn(PhasePlan plan, PhasePlan opposite) {
    Set<String> oppositeIds = opposite.steps().stream().map(Step::id).collect(Collectors.toSet());
    for (Step s : plan.steps()) {
      if (s.isGuard()) {
        assertThat(s.inverse()).as("%s: guard %s names no inverse", plan.title(), s.id()).isEmpty();
      } else {
        assertThat(s.inverse())
            .as("%s: step %s names its inverse", plan.title(), s.id())
            .isNotEmpty();
        assertThat(oppositeIds)
            .as("%s: the inverse of %s is a step of %s", plan.title(), s.id(), opposite.title())
            .contains(s.inverse());
      }
    }
  }
}
