package io.viewswap.text;

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
   * The one "did you mean" rule, for spec keys and catalog names alike: the candidate closest to
   * {@code wrong} (case ignored), when no other candidate is as close, it is at most {@code max(2,
   * length / 3)} edits away, and fewer edits than {@code wrong} has characters (so that "x" does
   * not suggest "id").
   */
  public static Optional<String> suggest(String wrong, Collection<String> candidates) {
    String lower = wrong.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String c : candidates) {
      int d = between(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
        tie = false;
      } else if (d == bestDistance && !c.equals(best)) {
        tie = true;
      }
    }
    boolean close =
        bestDistance <= Math.max(2, wrong.length() / 3) && bestDistance < wrong.length();
    return best != null && !tie && close ? Optional.of(best) : Optional.empty();
  }
}
