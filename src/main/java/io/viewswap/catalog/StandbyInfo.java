package io.viewswap.catalog;

import java.util.Optional;

/**
 * A hot standby as read on the standby itself (the primary cannot read its settings): what a
 * phase's ACCESS EXCLUSIVE lock will meet when it is replayed there.
 *
 * @param label how the user named it (host:port/dbname, never a password)
 * @param inRecovery whether it is a standby at all (false: the user named a primary)
 * @param maxStandbyStreamingDelay the setting, as the server shows it ("30s", "-1" for forever)
 * @param hotStandbyFeedback the setting (on, off)
 * @param replayDelayMs how long ago the last replayed transaction committed on the primary; empty
 *     before any was replayed
 * @param holders sessions holding a lock on the spec's tables or views now
 * @param longestMs the longest of their transactions so far; empty when none, or hidden from this
 *     role
 * @param unreadable why it could not be read (empty when it was; the rest is then meaningless)
 */
public record StandbyInfo(
    String label,
    boolean inRecovery,
    String maxStandbyStreamingDelay,
    String hotStandbyFeedback,
    Optional<Long> replayDelayMs,
    long holders,
    Optional<Long> longestMs,
    String unreadable) {

  /** A standby that could not be reached or read. */
  public static StandbyInfo unreadable(String label, String why) {
    return new StandbyInfo(label, false, "", "", Optional.empty(), 0, Optional.empty(), why);
  }
}
