package io.viewswap.api;

import java.util.List;

/**
 * What one fleet command did on every target it selected, in target order.
 *
 * @param spec the spec id
 * @param phase the phase
 * @param direction forward or rollback
 * @param dryRun nothing was changed
 * @param targets one entry per target (a database that could not be reached is one failed entry)
 * @param elapsedMs wall time of the run
 */
public record FleetResult(
    String spec,
    Phase phase,
    Direction direction,
    boolean dryRun,
    List<TargetResult> targets,
    long elapsedMs) {
  public FleetResult {
    targets = List.copyOf(targets);
  }

  public long count(TargetOutcome outcome) {
    return targets.stream().filter(t -> t.outcome() == outcome).count();
  }

  public List<TargetResult> failures() {
    return targets.stream().filter(t -> t.outcome() == TargetOutcome.FAILED).toList();
  }

  /** 0 when no target failed, else 9 ({@link ErrorCode#TARGETS_FAILED}): the others finished. */
  public int exitCode() {
    return failures().isEmpty() ? 0 : ErrorCode.TARGETS_FAILED.exitCode();
  }
}
