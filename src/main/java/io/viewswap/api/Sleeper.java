package io.viewswap.api;

import java.time.Duration;

/** Waits; injected so that retry tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d);

  Sleeper REAL =
      d -> {
        try {
          Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting", e);
        }
      };
}
