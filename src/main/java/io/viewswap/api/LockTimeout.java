package io.viewswap.api;

import java.util.List;

/**
 * One attempt that was not granted its lock in time (SQLSTATE 55P03).
 *
 * @param attempt 1 for the first
 * @param message the server's message
 * @param step the id of the plan step that waited, empty when not known (the catalog read, or the
 *     driver did not say)
 * @param retryInMs the backoff before the next attempt, or -1 when it was the last one allowed
 * @param blockers who held or queued for the lock while the attempt waited; empty when none was
 *     seen
 */
public record LockTimeout(
    int attempt, String message, String step, long retryInMs, List<Blocker> blockers) {
  public LockTimeout {
    blockers = List.copyOf(blockers);
  }

  /** The sessions last seen in the lock's way: of the latest attempt that saw any. */
  public static List<Blocker> lastSeen(List<LockTimeout> timeouts) {
    for (int i = timeouts.size() - 1; i >= 0; i--) {
      if (!timeouts.get(i).blockers().isEmpty()) {
        return timeouts.get(i).blockers();
      }
    }
    return List.of();
  }
}
