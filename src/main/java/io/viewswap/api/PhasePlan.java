package io.viewswap.api;

import java.util.List;

/**
 * What one phase (or its rollback) runs, in one transaction.
 *
 * @param phase the phase
 * @param direction forward or rollback
 * @param steps guards first, then the DDL, in order
 */
public record PhasePlan(Phase phase, Direction direction, List<Step> steps) {
  public PhasePlan {
    steps = List.copyOf(steps);
  }

  public State from() {
    return direction.from(phase);
  }

  public State to() {
    return direction.to(phase);
  }

  /** The statements that change the schema (guards left out): what the state row records as run. */
  public List<String> ddl() {
    return steps.stream().filter(s -> !s.isGuard()).map(Step::sql).toList();
  }

  /** e.g. {@code expand} or {@code expand rollback}. */
  public String title() {
    return phase.label() + (direction == Direction.ROLLBACK ? " rollback" : "");
  }
}
