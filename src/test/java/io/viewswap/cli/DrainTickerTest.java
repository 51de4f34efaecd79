package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drain's progress lines come about every 5 s, however often or seldom drain looks. */
class DrainTickerTest {
  final List<Duration> slept = new ArrayList<>();
  final StringWriter err = new StringWriter();

  DrainTicker ticker(Duration window) {
    return new DrainTicker(slept::add, new PrintWriter(err), window);
  }

  List<String> lines() {
    return err.toString().lines().toList();
  }

  @Test
  void frequentLooksAreThinnedToOneLineEveryFiveSeconds() {
    Duration window = Duration.ofSeconds(12);
    DrainTicker t = ticker(window);
    for (Duration e = Duration.ZERO; e.compareTo(window) <= 0; e = e.plusMillis(250)) {
      t.watched(e, window, 0);
      t.sleep(Duration.ofMillis(250));
    }
    assertThat(lines())
        .as(
            "49 looks in 12 s give the first and then one every 5 s, none at the end (the result follows)")
        .containsExactly(
            "  drain: watched 0.0s of 12.0s",
            "  drain: watched 5.0s of 12.0s",
            "  drain: watched 10.0s of 12.0s");
  }

  @Test
  void aShortWindowStillShowsOneLine() {
    Duration window = Duration.ofSeconds(2);
    DrainTicker t = ticker(window);
    t.watched(Duration.ofMillis(3), window, 1);
    t.sleep(Duration.ofMillis(200));
    t.watched(Duration.ofMillis(205), window, 1);
    assertThat(lines())
        .as("the first look is shown at once")
        .containsExactly("  drain: watched 0.0s of 2.0s, 1 old-name session so far");
  }

  @Test
  void aLongSleepIsSlicedSoThatProgressStillShows() {
    Duration window = Duration.ofSeconds(60);
    DrainTicker t = ticker(window);
    t.sleep(Duration.ofSeconds(30));
    t.watched(Duration.ofSeconds(30), window, 2);
    t.sleep(Duration.ofSeconds(30));
    assertThat(slept)
        .as("no single wait longer than 5 s")
        .allMatch(d -> d.compareTo(Duration.ofSeconds(5)) <= 0);
    assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus))
        .as("the slices add up to what drain asked for")
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(lines()).as("a line every 5 s until the window ends").hasSize(11);
    assertThat(lines().get(0))
        .as("the first slice already shows")
        .isEqualTo("  drain: watched 5.0s of 60.0s");
    assertThat(lines().get(6))
        .as("sessions seen are counted once there are some")
        .isEqualTo("  drain: watched 35.0s of 60.0s, 2 old-name sessions so far");
  }
}
