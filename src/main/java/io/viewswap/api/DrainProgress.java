package io.viewswap.api;

import java.time.Duration;

/**
 * Told after each look, so a person watching sees the window pass; the CLI prints a line to stderr.
 */
@FunctionalInterface
public interface DrainProgress {
  void watched(Duration elapsed, Duration window, int oldTrafficSeen);

  DrainProgress NONE = (elapsed, window, seen) -> {};
}
