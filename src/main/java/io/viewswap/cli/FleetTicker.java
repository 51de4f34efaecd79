package io.viewswap.cli;

import io.viewswap.api.FleetProgress;
import java.io.PrintWriter;

/**
 * The fleet progress line on stderr: done / failed / left, rate and ETA. On a terminal it redraws
 * one line with a bar; otherwise (a CI log) it prints a plain line at most every {@link
 * #LOG_EVERY_MS} and at the end.
 */
final class FleetTicker implements FleetProgress {
  static final long LOG_EVERY_MS = 10_000;
  static final long REDRAW_EVERY_MS = 200;
  private static final int BAR = 24;
  private final PrintWriter err;
  private final boolean terminal;
  private long lastPrinted = -1;
  private boolean drew;

  FleetTicker(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(int done, int failed, int left, long elapsedMs) {
    boolean last = left == 0;
    long every = terminal ? REDRAW_EVERY_MS : LOG_EVERY_MS;
    if (!last && lastPrinted >= 0 && elapsedMs - lastPrinted < every) {
      return;
    }
    if (elapsedMs == 0 && !last && !terminal) {
      return;
    }
    lastPrinted = elapsedMs;
    String text = line(done, failed, left, elapsedMs);
    if (terminal) {
      err.print("\r" + bar(done + failed, done + failed + left) + " " + text + "\u001b[K");
      drew = true;
      if (last) {
        err.println();
        drew = false;
      }
    } else {
      err.println(text);
    }
    err.flush();
  }

  /** Ends a redrawn line before other output follows. */
  synchronized void finish() {
    if (drew) {
      err.println();
      err.flush();
      drew = false;
    }
  }

  static String line(int done, int failed, int left, long elapsedMs) {
    int finished = done + failed;
    double rate = elapsedMs <= 0 ? 0 : finished * 1000.0 / elapsedMs;
    String eta = rate <= 0 ? "?" : seconds((long) (left / rate * 1000));
    return String.format(
        java.util.Locale.ROOT,
        "%d done, %d failed, %d left; %.1f targets/s, ETA %s",
        done,
        failed,
        left,
        rate,
        left == 0 ? "0s" : eta);
  }

  static String bar(int finished, int total) {
    int filled = total == 0 ? BAR : (int) ((long) finished * BAR / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }

  private static String seconds(long ms) {
    long s = Math.round(ms / 1000.0);
    return s >= 120 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
