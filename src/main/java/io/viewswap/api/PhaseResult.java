package io.viewswap.api;

import java.util.List;

/**
 * What an apply or rollback did (or, with dry run, would do).
 *
 * @param spec the spec id
 * @param phase the phase
 * @param direction forward or rollback
 * @param previousState the state before the run
 * @param state the state after the run
 * @param alreadyDone the spec was already where the run would take it; nothing ran
 * @param dryRun nothing was changed; {@code statements} is what would run
 * @param attempts transactions tried (1 when the first committed)
 * @param lockWaitMs time lost to lock timeouts and backoff before the attempt that committed
 * @param lockHeldMs from the first exclusive lock to the end of COMMIT
 * @param statements the statements of the committed transaction
 * @param warnings check warnings
 * @param lockTimeouts each attempt that hit the lock timeout before the one that committed, with
 *     the sessions seen in the lock's way
 * @param lockHeldMicros {@code lockHeldMs} in microseconds: at one round trip the lock is held for
 *     about a millisecond, too short for whole milliseconds to compare runs by
 */
public record PhaseResult(
    String spec,
    Phase phase,
    Direction direction,
    State previousState,
    State state,
    boolean alreadyDone,
    boolean dryRun,
    int attempts,
    long lockWaitMs,
    long lockHeldMs,
    List<String> statements,
    List<Finding> warnings,
    List<LockTimeout> lockTimeouts,
    long lockHeldMicros) {
  public PhaseResult {
    statements = List.copyOf(statements);
    warnings = List.copyOf(warnings);
    lockTimeouts = List.copyOf(lockTimeouts);
  }
}
