package io.viewswap.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.fleet.Decision.Verdict;
import org.junit.jupiter.api.Test;

/** What a fleet does with each target before anything runs. */
class DecisionTest {
  static Decision forward(State s, boolean changed, boolean missing, boolean partial, int left) {
    return Decision.decide(s, changed, missing, Phase.SWAP, Direction.FORWARD, partial, left);
  }

  @Test
  void aReadyTargetRunsWhileTheLimitLasts() {
    assertThat(forward(State.EXPANDED, false, false, false, 1).verdict()).isEqualTo(Verdict.RUN);
    Decision past = forward(State.EXPANDED, false, false, false, 0);
    assertThat(past.verdict()).isEqualTo(Verdict.PAST_LIMIT);
    assertThat(past.why()).isEqualTo("past --limit");
  }

  @Test
  void aTargetAtOrBeyondThePhaseIsAlreadyDoneInEitherDirection() {
    assertThat(forward(State.SWAPPED, false, false, false, 0).verdict())
        .isEqualTo(Verdict.ALREADY_DONE);
    assertThat(forward(State.CONTRACTED, false, false, false, 0).why())
        .isEqualTo("already contracted");
    assertThat(
            Decision.decide(State.PLANNED, false, false, Phase.SWAP, Direction.ROLLBACK, false, 5)
                .verdict())
        .isEqualTo(Verdict.ALREADY_DONE);
    assertThat(
            Decision.decide(State.SWAPPED, false, false, Phase.SWAP, Direction.ROLLBACK, false, 5)
                .verdict())
        .isEqualTo(Verdict.RUN);
  }

  @Test
  void aTargetNotReadyRefusesTheRunUnlessPartial() {
    Decision early = forward(State.PLANNED, false, false, false, 5);
    assertThat(early.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(early.why()).isEqualTo("is planned; swap needs expanded");
    assertThat(forward(State.PLANNED, false, false, true, 5).verdict()).isEqualTo(Verdict.SKIPPED);
  }

  @Test
  void aChangedSpecIsNeverDoneNorRun() {
    Decision changed = forward(State.SWAPPED, true, false, false, 5);
    assertThat(changed.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(changed.why()).isEqualTo("the spec changed since swap (state swapped)");
    assertThat(forward(State.EXPANDED, true, false, true, 5).verdict()).isEqualTo(Verdict.SKIPPED);
  }

  @Test
  void aMissingTableIsSkippedBeforeAnythingElse() {
    Decision missing = forward(State.PLANNED, false, true, false, 0);
    assertThat(missing.verdict()).isEqualTo(Verdict.SKIPPED);
    assertThat(missing.why()).startsWith("skip_missing");
  }
}
