package io.viewswap.api;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One row of the phase history.
 *
 * @param runId increasing id
 * @param specId the spec
 * @param phase expand, swap or contract
 * @param direction forward or rollback
 * @param fromState state before
 * @param toState state after
 * @param runBy the database role that ran it
 * @param client {@code viewswap apply} or the exported script that ran it
 * @param finishedAt when it committed
 * @param attempts attempts needed (null for scripts)
 * @param lockWaitMs time lost to lock timeouts before the attempt that succeeded (null for scripts)
 * @param lockHeldMs time from the first DDL statement to the state row (null for scripts)
 * @param statements the DDL run
 */
public record PhaseRunRecord(
    long runId,
    String specId,
    String phase,
    String direction,
    String fromState,
    String toState,
    String runBy,
    String client,
    OffsetDateTime finishedAt,
    Integer attempts,
    Long lockWaitMs,
    Long lockHeldMs,
    List<String> statements) {
  public PhaseRunRecord {
    statements = List.copyOf(statements);
  }
}
