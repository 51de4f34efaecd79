package io.viewswap.api;

import io.viewswap.spec.QualifiedName;
import java.util.List;

/**
 * What one phase (or its rollback) runs, in one transaction.
 *
 * @param phase the phase
 * @param direction forward or rollback
 * @param steps guards first, then the DDL, in order
 * @param relations the relations its DDL locks, under their names before it runs (the live tables
 *     and the views of the state it leaves): the runner opens them before the lock, so that the
 *     session's caches are filled outside the lock window
 */
public record PhasePlan(
    Phase phase, Direction direction, List<Step> steps, List<QualifiedName> relations) {
  public PhasePlan {
    steps = List.copyOf(steps);
    relations = List.copyOf(relations);
  }

  /** A plan that names no relation to open before the lock. */
  public PhasePlan(Phase phase, Direction direction, List<Step> steps) {
    this(phase, direction, steps, List.of());
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
