package io.viewswap.run;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;

/**
 * Whether a phase runs on a target, is already done there, or is refused: the one rule for {@code
 * apply}, {@code rollback} and every fleet target. Pure, so every (state, phase, direction) is a
 * unit test.
 *
 * <p>A target already where the phase takes it, or beyond it in the phase's direction, is done
 * (exit 0, nothing runs): {@code apply --phase expand} once swapped, and {@code rollback --phase
 * swap} once back at planned, report so, because a pipeline that re-runs a stage after later ones
 * ran must not fail. A spec changed since an earlier phase is never done nor run: what was applied
 * is no longer what the file says.
 *
 * @param verdict the decision
 * @param why the sentence the user reads for anything but {@link Verdict#RUN}
 */
public record Readiness(Verdict verdict, String why) {
  /** The closed set of decisions. */
  public enum Verdict {
    /** The phase runs. */
    RUN,
    /** The target is already where the phase takes it, or beyond. */
    DONE,
    /** The target is short of where the phase starts (swap while planned). */
    OUT_OF_ORDER,
    /** The spec's renames differ from the ones applied, in a state that is not planned. */
    CHANGED
  }

  /**
   * @param state where the target stands, as its row says (planned without a row)
   * @param changed whether the spec changed since an earlier phase there
   */
  public static Readiness of(State state, boolean changed, Phase phase, Direction direction) {
    State from = direction.from(phase);
    State to = direction.to(phase);
    String title = phase.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
    if (changed) {
      return new Readiness(
          Verdict.CHANGED,
          "the spec changed since " + lastPhase(state) + " (state " + state.label() + ")");
    }
    if (state == to || direction.past(state, to)) {
      return new Readiness(Verdict.DONE, "already " + state.label());
    }
    if (state != from) {
      return new Readiness(
          Verdict.OUT_OF_ORDER, "is " + state.label() + "; " + title + " needs " + from.label());
    }
    return new Readiness(Verdict.RUN, "");
  }

  /**
   * The states in which the phase is already done and runs nothing, by this rule itself: what an
   * exported script renders into its readiness check ({@code export/phase-gate.sql}), so a script
   * and {@code apply} decide alike.
   */
  public static java.util.List<State> doneStates(Phase phase, Direction direction) {
    return java.util.Arrays.stream(State.values())
        .filter(s -> of(s, false, phase, direction).verdict() == Verdict.DONE)
        .toList();
  }

  /** The phase whose forward run left a target in {@code state}: what the spec changed since. */
  static String lastPhase(State state) {
    for (Phase p : Phase.values()) {
      if (p.after() == state) {
        return p.label();
      }
    }
    return "planned";
  }
}
