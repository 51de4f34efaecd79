package io.viewswap.execute;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th wait is drawn from [d/2, d] with d = min(max,
 * min * 2^(n-1)), so competing runs spread out instead of retrying in step.
 *
 * @param retries how many retries after the first attempt
 * @param min first delay
 * @param max cap
 */
public record RetryPolicy(int retries, Duration min, Duration max) {
  /** The spec's retries and backoff. */
  public static RetryPolicy of(io.viewswap.spec.SpecOptions o) {
    return new RetryPolicy(o.retries(), o.backoffMin(), o.backoffMax());
  }

  public Duration delay(int retry, DoubleSupplier random) {
    long base = min.toMillis();
    long cap = Math.max(base, max.toMillis());
    long d = base;
    for (int i = 1; i < retry && d < cap; i++) {
      d = Math.min(cap, d * 2);
    }
    long half = d / 2;
    return Duration.ofMillis(half + Math.round(random.getAsDouble() * (d - half)));
  }
}
