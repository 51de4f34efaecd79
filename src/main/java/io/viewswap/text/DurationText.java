package io.viewswap.text;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them, in the spec and on the command line: {@code 200ms}, {@code 5s},
 * {@code 1m}. One reader for both, so an override can never pass what the spec refuses: a zero
 * lock_timeout means no timeout at all in PostgreSQL, and more than {@link #MAX_MS} is refused by
 * the server.
 */
public final class DurationText {
  public static final Pattern FORMAT = Pattern.compile("([0-9]+)(ms|s|m)");

  /** PostgreSQL's cap for lock_timeout and statement_timeout (about 24 days). */
  public static final long MAX_MS = Integer.MAX_VALUE;

  /** Why a text is not a usable duration. */
  public enum Problem {
    NOT_A_DURATION,
    ZERO,
    TOO_LONG
  }

  private DurationText() {}

  /** A text that is not a usable duration, and why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    Invalid(Problem problem, String text) {
      super(problem + ": " + text);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  public static Duration parse(String text) throws Invalid {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new Invalid(Problem.NOT_A_DURATION, text);
    }
    BigInteger n = new BigInteger(m.group(1));
    BigInteger ms =
        switch (m.group(2)) {
          case "ms" -> n;
          case "s" -> n.multiply(BigInteger.valueOf(1000));
          default -> n.multiply(BigInteger.valueOf(60_000));
        };
    Problem problem = problem(ms);
    if (problem != null) {
      throw new Invalid(problem, text);
    }
    return Duration.ofMillis(ms.longValueExact());
  }

  /**
   * For library callers, which hand over a {@link Duration} rather than text: the same bounds as
   * {@link #parse}, refused with an {@link IllegalArgumentException} naming the option.
   */
  public static Duration require(Duration d, String option) {
    if (d == null) {
      throw new NullPointerException(option);
    }
    BigInteger ms =
        BigInteger.valueOf(d.getSeconds())
            .multiply(BigInteger.valueOf(1000))
            .add(BigInteger.valueOf(d.getNano() / 1_000_000));
    Problem problem = problem(ms);
    if (problem == Problem.ZERO) {
      throw new IllegalArgumentException(
          option + " must be at least 1ms, found " + d + " (PostgreSQL reads 0 as no timeout)");
    }
    if (problem == Problem.TOO_LONG) {
      throw new IllegalArgumentException(
          option + " must be at most " + MAX_MS + "ms (about 24 days), found " + d);
    }
    return d;
  }

  /** Null for a usable number of milliseconds. */
  private static Problem problem(BigInteger ms) {
    if (ms.signum() <= 0) {
      return Problem.ZERO;
    }
    if (ms.compareTo(BigInteger.valueOf(MAX_MS)) > 0) {
      return Problem.TOO_LONG;
    }
    return null;
  }
}
