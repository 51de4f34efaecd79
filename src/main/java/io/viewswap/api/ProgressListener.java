package io.viewswap.api;

import java.time.Duration;

/** Progress of long waits, for people watching a run; the CLI prints these to stderr. */
public interface ProgressListener {
  /** A phase attempt hit a lock timeout and will run again after {@code delay}. */
  default void retrying(int attempt, int maxAttempts, String message, Duration delay) {}

  /**
   * The same, with the sessions that were in the lock's way while the attempt waited ({@code
   * timeout.blockers()}, empty when none was seen). By default it reports to {@link #retrying(int,
   * int, String, Duration)}.
   */
  default void retrying(int maxAttempts, LockTimeout timeout, Duration delay) {
    retrying(timeout.attempt(), maxAttempts, timeout.message(), delay);
  }

  /** Anything else worth a line (waiting for the run lock, installing the state schema). */
  default void info(String message) {}

  /**
   * The listener for one target of a fleet, whose lines name it; by default this one (lines from
   * several targets then interleave unnamed).
   *
   * @param target {@code database/schema}, as {@link TargetResult#target()} says it
   */
  default ProgressListener forTarget(String target) {
    return this;
  }

  ProgressListener NONE = new ProgressListener() {};
}
