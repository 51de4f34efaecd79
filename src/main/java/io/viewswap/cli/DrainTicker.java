package io.viewswap.cli;

import io.viewswap.api.DrainProgress;
import io.viewswap.api.Sleeper;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Drain's progress on stderr, at the first look and then about every {@link #EVERY} whatever {@code
 * --interval} is: drain reports after each look (4 times a second by default, too many lines), and
 * sleeps a whole interval between looks (a 30s interval would leave a person watching a silent
 * terminal). So the ticker thins the reports and slices the sleeps. One instance per drain run; it
 * is the only thing that reads or writes its fields.
 */
final class DrainTicker implements DrainProgress, Sleeper {
  static final Duration EVERY = Duration.ofSeconds(5);

  private final Sleeper sleeper;
  private final PrintWriter err;
  private final Duration window;
  private Duration elapsed = Duration.ZERO;
  private int seen;

  /** When the last line was printed; null before the first, which comes at the first look. */
  private Duration printedAt;

  DrainTicker(Sleeper sleeper, PrintWriter err, Duration window) {
    this.sleeper = sleeper;
    this.err = err;
    this.window = window;
  }

  @Override
  public void watched(Duration elapsed, Duration window, int oldTrafficSeen) {
    this.elapsed = elapsed;
    this.seen = oldTrafficSeen;
    printIfDue();
  }

  @Override
  public void sleep(Duration d) {
    Duration left = d;
    while (left.compareTo(Duration.ZERO) > 0) {
      Duration slice = left.compareTo(EVERY) < 0 ? left : EVERY;
      sleeper.sleep(slice);
      left = left.minus(slice);
      elapsed = elapsed.plus(slice);
      printIfDue();
    }
  }

  private void printIfDue() {
    boolean due = printedAt == null || elapsed.minus(printedAt).compareTo(EVERY) >= 0;
    if (!due || (printedAt != null && elapsed.compareTo(window) >= 0)) {
      return; // the result line follows at the end of the window
    }
    printedAt = elapsed;
    // With pg_stat_statements nothing is counted until the window ends, so a zero says nothing:
    // leave it out.
    err.printf(
        Locale.ROOT,
        "  drain: watched %.1fs of %.1fs%s%n",
        elapsed.toMillis() / 1000.0,
        window.toMillis() / 1000.0,
        seen == 0
            ? ""
            : ", " + seen + " old-name " + (seen == 1 ? "session" : "sessions") + " so far");
    err.flush();
  }
}
