package io.viewswap.text;

import java.util.Locale;

/**
 * Text for a terminal that came from somewhere else: catalog names and comments, query texts of
 * other sessions, role and application names. The characters {@link #isUnsafe} names (control
 * characters, the escape that starts a terminal sequence among them; format characters such as bidi
 * overrides and zero-width joiners; line and paragraph separators; lone surrogates) are written as
 * {@code \}{@code uXXXX}, so nothing such a text holds can move the cursor, recolour, retitle or
 * rewrite the screen, or make a line look like another.
 */
public final class VisibleText {
  private VisibleText() {}

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

  /** One line: every such character escaped, line breaks included. */
  public static String oneLine(String text) {
    return escape(text, false);
  }

  /** Keeps line breaks ({@code \n}; {@code \r\n} becomes {@code \n}) and escapes the rest. */
  public static String lines(String text) {
    return escape(text.replace("\r\n", "\n"), true);
  }

  private static String escape(String text, boolean keepNewlines) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      boolean risky = isUnsafe(cp) && !(keepNewlines && cp == '\n');
      if (risky && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (risky) {
          out.append(String.format(Locale.ROOT, cp > 0xFFFF ? "\\U%08x" : "\\u%04x", cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
      i += n;
    }
    return out == null ? text : out.toString();
  }
}
