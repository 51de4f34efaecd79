package io.viewswap.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(30, Duration.ofMillis(50), Duration.ofSeconds(5));

  @Test
  void delaysDoubleFromTheFirstAndStopAtTheCap() {
    assertThat(policy.delay(1, () -> 1.0))
        .as("first retry: the minimum")
        .isEqualTo(Duration.ofMillis(50));
    assertThat(policy.delay(2, () -> 1.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delay(5, () -> 1.0)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.delay(30, () -> 1.0)).as("capped").isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void jitterKeepsEachDelayBetweenHalfAndFull() {
    assertThat(policy.delay(4, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delay(4, () -> 0.5)).isEqualTo(Duration.ofMillis(300));
    assertThat(policy.delay(30, () -> 0.0)).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void aCapBelowTheMinimumNeverShortensTheMinimum() {
    RetryPolicy odd = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(10));
    assertThat(odd.delay(3, () -> 1.0)).isEqualTo(Duration.ofMillis(100));
  }
}
