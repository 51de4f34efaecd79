package io.viewswap.spec;

import java.math.BigInteger;

/**
 * The bounds and default of {@code retries} (how many times a phase is retried after a lock
 * timeout), in one place: the spec reader, the {@code --retries} override and a library caller's
 * {@link SpecOptions} all refuse the same counts with the same words, so an override can never pass
 * what the spec refuses. {@code specs/viewswap-spec.schema.json} repeats them for editors ({@code
 * SpecSchemaTest} holds the two together).
 */
public final class RetryCount {
  public static final int MIN = 0;

  /** A thousand retries of a 200ms lock_timeout already wait minutes; more is a typo. */
  public static final int MAX = 1000;

  public static final int DEFAULT = 30;

  /** The hint that goes with a refusal. */
  public static final String HINT = "attempts = retries + 1; the default is " + DEFAULT;

  private RetryCount() {}

  public static boolean allows(BigInteger n) {
    return n.compareTo(BigInteger.valueOf(MIN)) >= 0 && n.compareTo(BigInteger.valueOf(MAX)) <= 0;
  }

  public static boolean allows(long n) {
    return allows(BigInteger.valueOf(n));
  }

  /**
   * The refusal of a count, naming the option as the user wrote it ({@code "retries" in options},
   * {@code --retries}) and the count as written.
   */
  public static String refusal(String option, String found) {
    return option + " must be between " + MIN + " and " + MAX + ", found " + found;
  }

  /** For library callers: the count, or an {@link IllegalArgumentException} with the refusal. */
  public static int require(int n) {
    if (!allows(n)) {
      throw new IllegalArgumentException(refusal("retries", String.valueOf(n)) + "; " + HINT);
    }
    return n;
  }
}
