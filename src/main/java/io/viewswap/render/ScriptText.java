package io.viewswap.render;

import io.viewswap.spec.Identifiers;
import java.util.Locale;

/**
 * How text that viewswap does not control (names and comments read from the catalog, which any role
 * that can create an object or comment on one chooses) is written into SQL and into scripts, so
 * that no runner reads it as anything but the name or string it is.
 *
 * <p>The rules (docs/script-text.md explains why each exists):
 *
 * <ul>
 *   <li>No raw {@linkplain Identifiers#isUnsafe unsafe character} (newline, carriage return, other
 *       control and format characters) anywhere: every line of a script starts with text viewswap
 *       wrote, so none can start a psql meta-command ({@code \!}), a Liquibase directive ({@code
 *       --changeset}, {@code --rollback}, {@code --preconditions}, ...) or end a comment early.
 *   <li>Never the two characters {@code $&#123;}: Flyway and Liquibase replace placeholders in the
 *       whole file.
 *   <li>A string literal with such text is an escape string, {@code E'...'} with {@code \n}, {@code
 *       \}{@code u0024} (for the {@code $} of a placeholder opening) and doubled quotes (never
 *       {@code \'}), so a runner's tokenizer that knows backslash escapes and one that does not
 *       both find the same end of the string; a literal holding a backslash is written the same
 *       way.
 *   <li>An identifier with such text (or a backslash) is a Unicode-escaped identifier, {@code
 *       U&"..."}.
 *   <li>Text in a {@code --} comment or a message is made {@linkplain #printable printable} on one
 *       line.
 * </ul>
 */
public final class ScriptText {
  private ScriptText() {}

  /** True when text must be escaped: an unsafe character, a backslash, or a placeholder opening. */
  private static boolean needsEscape(String text) {
    return Identifiers.firstUnsafe(text) >= 0 || text.indexOf('\\') >= 0 || text.contains("${");
  }

  /**
   * A string literal: {@code 'text'} when harmless, else {@code E'...'} with every risky character
   * escaped.
   */
  public static String literal(String value) {
    if (!needsEscape(value)) {
      return "'" + value.replace("'", "''") + "'";
    }
    return escaped("E'", value, '\'', Style.ESCAPE_STRING);
  }

  /**
   * A quoted identifier: {@code "name"} when harmless, else {@code U&"..."} with every unsafe
   * character and the {@code $} of a placeholder opening as a Unicode escape and the backslash
   * doubled (so a tokenizer that reads {@code \"} as an escaped quote still finds the same end).
   */
  public static String identifier(String name) {
    if (!needsEscape(name)) {
      return '"' + name.replace("\"", "\"\"") + '"';
    }
    return escaped("U&\"", name, '"', Style.UNICODE_IDENTIFIER);
  }

  /**
   * Text for a {@code --} comment, a log line or a terminal: one line, with backslash, unsafe
   * characters and the {@code $} of a placeholder opening written as backslash escapes ({@code \n},
   * {@code \}{@code u0009}, {@code \\}), as in an escape string.
   */
  public static String printable(String text) {
    return needsEscape(text) ? escaped("", text, -1, Style.ESCAPE_STRING) : text;
  }

  /**
   * How a character is escaped: as in {@code E'...'} ({@code \n}, {@code \}{@code u0007}) or in
   * {@code U&"..."}.
   */
  private enum Style {
    ESCAPE_STRING("\\u%04X", "\\U%08X"),
    UNICODE_IDENTIFIER("\\%04X", "\\+%06X");

    private final String bmp;
    private final String astral;

    Style(String bmp, String astral) {
      this.bmp = bmp;
      this.astral = astral;
    }

    String unicode(int cp) {
      return String.format(Locale.ROOT, cp > 0xFFFF ? astral : bmp, cp);
    }
  }

  /**
   * {@code open}, the text with quote doubled (when {@code quote} is not -1), backslash doubled,
   * the {@code $} of {@code $&#123;} and unsafe characters escaped in the given style, then the
   * closing quote.
   */
  private static String escaped(String open, String text, int quote, Style style) {
    StringBuilder b = new StringBuilder(open);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote) {
        b.appendCodePoint(cp).appendCodePoint(cp);
      } else if (cp == '\\') {
        b.append("\\\\");
      } else if (cp == '$' && i < text.length() && text.charAt(i) == '{') {
        b.append(style.unicode(cp));
      } else if (style == Style.ESCAPE_STRING && (cp == '\n' || cp == '\r' || cp == '\t')) {
        b.append(cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t");
      } else if (Identifiers.isUnsafe(cp)) {
        b.append(style.unicode(cp));
      } else {
        b.appendCodePoint(cp);
      }
    }
    if (quote != -1) {
      b.appendCodePoint(quote);
    }
    return b.toString();
  }

  /**
   * Rewrites the quoted tokens of a statement jOOQ rendered (standard {@code '...'} literals and
   * {@code "..."} identifiers, quotes doubled) with {@link #literal} and {@link #identifier};
   * everything else is jOOQ's own text and stays as it is.
   */
  static String rewrite(String sql) {
    if (!needsEscape(sql)) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        StringBuilder token = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= sql.length()) {
            throw new IllegalStateException("unterminated " + c + " in rendered SQL");
          }
          char d = sql.charAt(j);
          if (d == c) {
            if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
              token.append(c);
              j += 2;
              continue;
            }
            break;
          }
          token.append(d);
          j++;
        }
        out.append(c == '\'' ? literal(token.toString()) : identifier(token.toString()));
        i = j + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Refuses a finished script that still holds a raw unsafe character (other than the newlines
   * between its lines) or a placeholder opening: the last line of defence, so a rendering mistake
   * fails the export instead of writing a file a runner would misread.
   */
  public static String requireSafe(String fileName, String script) {
    int dollar = script.indexOf("${");
    if (dollar >= 0) {
      throw new IllegalStateException(
          fileName
              + " would contain \"${\" at offset "
              + dollar
              + ", which Flyway and Liquibase replace (this is a bug in viewswap; please report it)");
    }
    for (int i = 0; i < script.length(); ) {
      int cp = script.codePointAt(i);
      if (cp != '\n' && Identifiers.isUnsafe(cp)) {
        throw new IllegalStateException(
            fileName
                + " would contain the raw character U+"
                + String.format(Locale.ROOT, "%04X", cp)
                + " at offset "
                + i
                + " (this is a bug in viewswap; please report it)");
      }
      i += Character.charCount(cp);
    }
    return script;
  }
}
