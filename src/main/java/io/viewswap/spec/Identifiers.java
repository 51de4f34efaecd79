package io.viewswap.spec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Facts about PostgreSQL identifiers that the spec and its checks need. */
public final class Identifiers {
  /**
   * NAMEDATALEN - 1: longer names are silently truncated by PostgreSQL, so the spec refuses them.
   */
  public static final int MAX_BYTES = 63;

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

  private Identifiers() {}

  /**
   * True for a character that no script viewswap writes may carry raw: control characters (a
   * newline ends a comment or starts a psql meta-command line), format characters (invisible
   * bidirectional overrides and zero-width marks that make text read differently from how it runs),
   * line and paragraph separators, and lone surrogates. Names holding one are refused in a spec and
   * escaped when they come from the catalog.
   */
  public static boolean isUnsafe(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /** The index of the first {@link #isUnsafe unsafe} character, or -1. */
  public static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isUnsafe(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  public static int byteLength(String identifier) {
    return identifier.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The identifier as a user would type it in SQL: bare when lower-case and simple, else
   * double-quoted.
   */
  public static String display(String identifier) {
    return PLAIN.matcher(identifier).matches()
        ? identifier
        : '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
