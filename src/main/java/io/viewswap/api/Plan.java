package io.viewswap.api;

import java.util.List;

/**
 * Every phase of a spec and its rollback.
 *
 * @param specId the spec's id
 * @param checksum the spec's checksum, stored with the state
 * @param serverMajor the PostgreSQL major the plan was made for (security_invoker needs 15+)
 * @param phases expand, its rollback, swap, its rollback, contract, its rollback
 */
public record Plan(String specId, String checksum, int serverMajor, List<PhasePlan> phases) {
  public Plan {
    phases = List.copyOf(phases);
  }

  public PhasePlan phase(Phase phase, Direction direction) {
    return phases.stream()
        .filter(p -> p.phase() == phase && p.direction() == direction)
        .findFirst()
        .orElseThrow();
  }
}
