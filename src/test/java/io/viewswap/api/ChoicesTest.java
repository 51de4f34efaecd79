package io.viewswap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.spec.SpecSql;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choice lists in messages are made from the enums, so they name every constant and no other. */
class ChoicesTest {
  @Test
  void listsTheWordsAsASentenceDoes() {
    assertThat(Choices.either(List.of())).isEmpty();
    assertThat(Choices.either(List.of("a"))).isEqualTo("a");
    assertThat(Choices.either(List.of("a", "b"))).isEqualTo("a or b");
    assertThat(Choices.either(List.of("a", "b", "c"))).isEqualTo("a, b or c");
  }

  @Test
  void anUnknownPhaseNamesEveryPhase() {
    assertThatThrownBy(() -> Phase.parse("migrate"))
        .isInstanceOfSatisfying(
            ViewSwapException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
        .hasMessage("unknown phase \"migrate\"; expected expand, swap or contract");
  }

  /**
   * The spec package may not see {@link Phase} (it is below the vocabulary), so it keeps the phase
   * words of a spec's {@code sql:} map itself: the same words, in the same order.
   */
  @Test
  void theSpecsPhaseKeysAreThePhases() {
    assertThat(SpecSql.PHASES)
        .containsExactlyElementsOf(Arrays.stream(Phase.values()).map(Phase::label).toList());
  }
}
