package io.viewswap.fleet;

import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.run.Readiness;

/**
 * What a fleet does with one target before anything runs, decided from what was read once per
 * database. Pure, so every branch is a unit test; whether the phase is done, runs or is refused is
 * {@link Readiness}, the rule the single path follows too.
 *
 * @param verdict the decision
 * @param why the sentence the user reads for anything but {@link Verdict#RUN}
 */
record Decision(Verdict verdict, String why) {
  /** The closed set of decisions. */
  enum Verdict {
    /** The target runs the phase. */
    RUN,
    /** It is already where the phase takes it, or beyond. */
    ALREADY_DONE,
    /**
     * Left out: its schema lacks a table ({@code skip_missing}) or it is not ready and --partial.
     */
    SKIPPED,
    /** Not ready for the phase: the fleet refuses, changing nothing (exit 4). */
    NOT_READY,
    /** Ready, but --limit is used up. */
    PAST_LIMIT
  }

  /**
   * @param state the target's state as its row says
   * @param changed whether the spec changed since an earlier phase there
   * @param missing whether its schema lacks a table the spec renames and skip_missing allows that
   * @param partial --partial: a target that is not ready is skipped instead of refusing the run
   * @param limitLeft how many more targets --limit lets start
   */
  static Decision decide(
      State state,
      boolean changed,
      boolean missing,
      Phase phase,
      Direction direction,
      boolean partial,
      int limitLeft) {
    if (missing) {
      return new Decision(Verdict.SKIPPED, "skip_missing: the schema lacks the table");
    }
    Readiness r = Readiness.of(state, changed, phase, direction);
    switch (r.verdict()) {
      case DONE -> {
        return new Decision(Verdict.ALREADY_DONE, r.why());
      }
      case CHANGED, OUT_OF_ORDER -> {
        return new Decision(partial ? Verdict.SKIPPED : Verdict.NOT_READY, r.why());
      }
      case RUN -> {
        // below: the limit
      }
    }
    if (limitLeft <= 0) {
      return new Decision(Verdict.PAST_LIMIT, "past --limit");
    }
    return new Decision(Verdict.RUN, "");
  }
}
