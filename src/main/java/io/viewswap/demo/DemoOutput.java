package io.viewswap.demo;

import io.viewswap.api.CheckResult;
import io.viewswap.api.Finding;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.SpecException;
import io.viewswap.text.VisibleText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What the demo prints: its walk on {@code out}, silent once the demo is interrupted (what fails
 * then is only the shutdown's doing), and errors with their hints on {@code err}.
 */
final class DemoOutput {
  private final PrintWriter out;
  private final PrintWriter err;
  private final BooleanSupplier interrupted;

  DemoOutput(PrintWriter out, PrintWriter err, BooleanSupplier interrupted) {
    this.out = out;
    this.err = err;
    this.interrupted = interrupted;
  }

  /** The walk's output; silent once interrupted, when what fails is only the shutdown's doing. */
  void say(String format, Object... args) {
    if (!interrupted.getAsBoolean()) {
      print(format, args);
    }
  }

  void print(String format, Object... args) {
    synchronized (out) {
      out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }

  /** A writer for progress lines of someone else's (the embedded server's), indented under ours. */
  PrintWriter indented(String indent) {
    return new PrintWriter(new IndentingWriter(out, indent), true);
  }

  /** Why the demo failed, once its walk is over. */
  void failed(List<String> failures) {
    err.println("demo FAILED:");
    failures.forEach(f -> err.println("  " + f));
    err.flush();
  }

  void fail(Exception e) {
    err.println("error: " + VisibleText.lines(e.getMessage() == null ? "" : e.getMessage()));
    if (e instanceof ViewSwapException v && !v.hint().isEmpty()) {
      err.println("hint: " + v.hint());
    }
    if (e instanceof NoServer n) {
      err.println("hint: " + n.hint());
    }
    if (e instanceof SpecException s) {
      s.diagnostics().forEach(d -> err.println("  " + d.format()));
    }
    err.flush();
  }

  void printCheck(CheckResult r) {
    say(
        "check (state %s): %s, %s, %s",
        r.state().label(),
        count(r.report().of(Severity.ERROR).size(), "error"),
        count(r.report().of(Severity.BLOCKER).size(), "blocker"),
        count(r.report().of(Severity.WARNING).size(), "warning"));
    for (Finding f : r.report().findings()) {
      Diagnostic d = f.diagnostic();
      say("  %s: %s", f.severity().name().toLowerCase(Locale.ROOT), d.message());
    }
  }

  void printStatus(List<SpecStatus> all) {
    for (SpecStatus s : all) {
      say("  status: %s is %s", s.spec(), s.state().label());
      for (PhaseRunRecord r : s.history()) {
        // No lock figure here: the state row measures up to its own insert, before COMMIT, so it
        // reads lower than the lock_held_ms printed above and would only confuse.
        say(
            "    %-8s %-7s %s -> %s at %s",
            r.phase(),
            r.direction(),
            r.fromState(),
            r.toState(),
            r.finishedAt().toLocalTime().truncatedTo(ChronoUnit.MILLIS));
      }
    }
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Lock retries and other waits, as they happen. */
  ProgressListener progress() {
    return new PrintingProgress();
  }

  private final class PrintingProgress implements ProgressListener {
    @Override
    public void retrying(int attempt, int maxAttempts, String message, Duration delay) {
      say(
          "  lock not granted (attempt %d of %d: %s); retrying in %d ms",
          attempt, maxAttempts, message, delay.toMillis());
    }

    @Override
    public void info(String message) {
      say("  %s", message);
    }
  }
}
