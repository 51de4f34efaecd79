package io.viewswap.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" support for spec keys and catalog names: Levenshtein distance, case ignored by
 * callers.
 */
public final class EditDistance {
  private EditDistance() {}

  public static int between(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The candidate closest to {@code wrong} (case ignored), if it is at most {@code maxDistance}
   * away.
   */
  public static Optional<String> closest(
      String wrong, Collection<String> candidates, int maxDistance) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = between(wrong.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best != null && bestDistance <= maxDistance ? Optional.of(best) : Optional.empty();
  }
}
