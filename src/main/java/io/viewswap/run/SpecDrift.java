package io.viewswap.run;

import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.State;
import io.viewswap.api.ViewSwapException;
import io.viewswap.geometry.RenameGeometry;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecText;
import io.viewswap.state.SpecStateRecord;
import io.viewswap.text.VisibleText;
import java.util.Optional;

/**
 * A spec compared with the one its state row says was applied: whether it changed, the applied spec
 * read back, and what a run that may not start is told (exit 4), for the single path and the fleet
 * alike.
 */
public final class SpecDrift {
  private SpecDrift() {}

  /**
   * Whether the spec changed since an earlier phase ran: its renames no longer match the row's
   * checksum. A planned row (rolled all the way back) may change freely.
   */
  public static boolean drifted(Optional<SpecStateRecord> row, Spec spec) {
    return row.isPresent()
        && row.get().state() != State.PLANNED
        && !row.get().checksum().equals(spec.checksum());
  }

  /**
   * The spec the row says was applied, read by the spec reader from the trusted state schema; empty
   * when an older viewswap wrote the row, or the text is not a spec of this id.
   */
  public static Optional<Spec> applied(SpecStateRecord row) {
    if (row.appliedSpec().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SpecText.stored(row.appliedSpec().get(), row.specId()));
    } catch (io.viewswap.spec.SpecException e) {
      return Optional.empty();
    }
  }

  /**
   * Exit 4: the spec's renames are not the ones applied, and a forward phase would mix them. Says
   * what changed when the applied spec is stored.
   */
  static ViewSwapException changed(Spec spec, SpecStateRecord row, Optional<Spec> applied) {
    Readiness r = Readiness.of(row.state(), true, Phase.EXPAND, Direction.FORWARD);
    String diff =
        applied
            .map(a -> SpecText.diff(a, spec))
            .filter(d -> !d.isEmpty())
            .map(d -> ":\n" + VisibleText.lines(d))
            .orElse(": its renames no longer match the ones applied");
    return ViewSwapException.of(
        ErrorCode.STATE_CONFLICT,
        "spec " + spec.id() + " " + r.why() + diff,
        applied.isPresent()
            ? "restore it (`viewswap status --show-spec "
                + spec.id()
                + " > spec.yaml`), or roll back to planned with the applied spec first (`viewswap"
                + " rollback --spec-id "
                + spec.id()
                + " --phase ...`) and then apply the new one"
            : "restore the spec as it was when expand ran, or roll back to planned before changing"
                + " it");
  }

  /** The runs that may start from {@code current}, as the lifecycle has them. */
  static String nextStepHint(State current) {
    Optional<Phase> next = RenameGeometry.phase(current, Direction.FORWARD);
    Optional<Phase> back = RenameGeometry.phase(current, Direction.ROLLBACK);
    if (back.isEmpty()) {
      return "run `viewswap apply SPEC --phase " + next.orElseThrow().label() + "` first";
    }
    if (next.isEmpty()) {
      return "the rename is complete; only `rollback --phase " + back.get().label() + "` moves it";
    }
    return "next is `apply --phase "
        + next.get().label()
        + "`, or `rollback --phase "
        + back.get().label()
        + "`";
  }
}
