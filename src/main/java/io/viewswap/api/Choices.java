package io.viewswap.api;

import java.util.List;

/**
 * How help and error texts list the words of a closed set ("expand, swap or contract"): made from
 * the enum's own labels, so that a new constant is listed without editing a message.
 */
public final class Choices {
  private Choices() {}

  /** {@code a}, {@code a or b}, {@code a, b or c}. */
  public static String either(List<String> words) {
    if (words.size() < 2) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }
}
