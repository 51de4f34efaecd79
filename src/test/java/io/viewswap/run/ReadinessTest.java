package io.viewswap.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.run.Readiness.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for whether a phase runs, is done or is refused, over every case there is. */
class ReadinessTest {

  /** Every (state, phase, direction), as a table a reviewer can check line by line. */
  @Test
  void everyStatePhaseAndDirection() {
    List<String> table = new ArrayList<>();
    for (Direction d : Direction.values()) {
      for (Phase p : Phase.values()) {
        for (State s : State.values()) {
          Readiness r = Readiness.of(s, false, p, d);
          table.add(d.label() + " " + p.label() + " from " + s.label() + ": " + r.verdict());
        }
      }
    }
    assertThat(table)
        .containsExactly(
            "forward expand from planned: RUN",
            "forward expand from expanded: DONE",
            "forward expand from swapped: DONE",
            "forward expand from contracted: DONE",
            "forward swap from planned: OUT_OF_ORDER",
            "forward swap from expanded: RUN",
            "forward swap from swapped: DONE",
            "forward swap from contracted: DONE",
            "forward contract from planned: OUT_OF_ORDER",
            "forward contract from expanded: OUT_OF_ORDER",
            "forward contract from swapped: RUN",
            "forward contract from contracted: DONE",
            "rollback expand from planned: DONE",
            "rollback expand from expanded: RUN",
            "rollback expand from swapped: OUT_OF_ORDER",
            "rollback expand from contracted: OUT_OF_ORDER",
            "rollback swap from planned: DONE",
            "rollback swap from expanded: DONE",
            "rollback swap from swapped: RUN",
            "rollback swap from contracted: OUT_OF_ORDER",
            "rollback contract from planned: DONE",
            "rollback contract from expanded: DONE",
            "rollback contract from swapped: DONE",
            "rollback contract from contracted: RUN");
  }

  @Test
  void aChangedSpecIsNeitherDoneNorRunInAnyStateItCanBeChangedIn() {
    for (Direction d : Direction.values()) {
      for (Phase p : Phase.values()) {
        for (State s : List.of(State.EXPANDED, State.SWAPPED, State.CONTRACTED)) {
          assertThat(Readiness.of(s, true, p, d).verdict())
              .as("%s %s from %s", d, p, s)
              .isEqualTo(Verdict.CHANGED);
        }
      }
    }
    assertThat(Readiness.of(State.SWAPPED, true, Phase.CONTRACT, Direction.FORWARD).why())
        .isEqualTo("the spec changed since swap (state swapped)");
    assertThat(Readiness.of(State.EXPANDED, true, Phase.SWAP, Direction.FORWARD).why())
        .isEqualTo("the spec changed since expand (state expanded)");
  }

  @Test
  void theSentencesSayWhereTheTargetStandsAndWhatThePhaseNeeds() {
    assertThat(Readiness.of(State.SWAPPED, false, Phase.EXPAND, Direction.FORWARD).why())
        .isEqualTo("already swapped");
    assertThat(Readiness.of(State.PLANNED, false, Phase.SWAP, Direction.FORWARD).why())
        .isEqualTo("is planned; swap needs expanded");
    assertThat(Readiness.of(State.CONTRACTED, false, Phase.SWAP, Direction.ROLLBACK).why())
        .isEqualTo("is contracted; swap rollback needs swapped");
  }

  /** What an exported script renders into its gate is the rule's own DONE set, nothing else. */
  @Test
  void theDoneStatesAScriptRendersAreTheRulesOwn() {
    for (Direction d : Direction.values()) {
      for (Phase p : Phase.values()) {
        for (State s : State.values()) {
          assertThat(Readiness.doneStates(p, d).contains(s))
              .as("%s %s from %s", d.label(), p.label(), s.label())
              .isEqualTo(Readiness.of(s, false, p, d).verdict() == Readiness.Verdict.DONE);
        }
      }
    }
    assertThat(Readiness.doneStates(Phase.SWAP, Direction.FORWARD))
        .containsExactly(State.SWAPPED, State.CONTRACTED);
    assertThat(Readiness.doneStates(Phase.SWAP, Direction.ROLLBACK))
        .containsExactly(State.PLANNED, State.EXPANDED);
  }
}
