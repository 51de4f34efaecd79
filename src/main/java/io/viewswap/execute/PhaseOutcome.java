package io.viewswap.execute;

import io.viewswap.api.LockTimeout;
import java.util.List;

/**
 * What a committed phase transaction took.
 *
 * @param attempts 1 when the first attempt committed
 * @param lockWaitMs time spent in attempts that hit the lock timeout, backoff included
 * @param lockHeldMs time from the first DDL statement (the first exclusive lock) to the end of
 *     COMMIT
 * @param statements every statement run in the committed attempt, guards and state call included
 * @param lockTimeouts the attempts before it that hit the lock timeout, with who was in the way
 * @param lockHeldMicros the same as {@code lockHeldMs}, in microseconds
 */
public record PhaseOutcome(
    int attempts,
    long lockWaitMs,
    long lockHeldMs,
    List<String> statements,
    List<LockTimeout> lockTimeouts,
    long lockHeldMicros) {
  public PhaseOutcome {
    statements = List.copyOf(statements);
    lockTimeouts = List.copyOf(lockTimeouts);
  }
}
