package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A library caller builds SpecOptions without the reader; the same bounds hold (issue 21), so a run
 * cannot start with what the spec and the command line refuse.
 */
class SpecOptionsTest {
  @Test
  void retriesOutOfBoundsAreRefusedWithTheSpecsWords() {
    assertThatThrownBy(() -> SpecOptions.DEFAULTS.withRetries(5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "retries must be between 0 and 1000, found 5000; attempts = retries + 1; the default"
                + " is 30");
    assertThatThrownBy(() -> SpecOptions.DEFAULTS.withRetries(-1))
        .hasMessageStartingWith("retries must be between 0 and 1000, found -1");
    assertThat(SpecOptions.DEFAULTS.withRetries(0).retries()).isZero();
    assertThat(SpecOptions.DEFAULTS.withRetries(1000).retries()).isEqualTo(1000);
  }

  @Test
  void aZeroOrHugeTimeoutIsRefusedAsTheSpecRefusesIt() {
    // PostgreSQL reads lock_timeout = 0 as "wait forever": the swap would queue every client
    // behind it.
    assertThatThrownBy(() -> SpecOptions.DEFAULTS.withLockTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lockTimeout must be at least 1ms");
    assertThatThrownBy(() -> SpecOptions.DEFAULTS.withStatementTimeout(Duration.ofMillis(-5)))
        .hasMessageContaining("statementTimeout must be at least 1ms");
    assertThatThrownBy(() -> SpecOptions.DEFAULTS.withLockTimeout(Duration.ofDays(30)))
        .hasMessageContaining("lockTimeout must be at most 2147483647ms");
    assertThat(SpecOptions.DEFAULTS.withLockTimeout(Duration.ofMillis(1)).lockTimeout())
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aBackoffWhoseMinimumIsAboveItsMaximumIsRefused() {
    assertThatThrownBy(
            () -> SpecOptions.DEFAULTS.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backoffMin PT5S is above backoffMax PT1S");
  }
}
