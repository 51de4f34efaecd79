package io.viewswap.export;

import java.util.Locale;

/**
 * How text reaches Python and Ruby source: every generated migration is printable ASCII and
 * newlines, and every text that did not come from viewswap itself is inside a string literal in
 * which each character other than printable ASCII, and each quote, backslash and (Ruby) {@code #},
 * is an escape. So no name or comment can end the literal, start a line of code, open a Ruby
 * interpolation ({@code #{...}}), end a heredoc or the script ({@code __END__}), or be read
 * differently by an editor than by the interpreter (bidirectional overrides, U+2028). A literal is
 * written one line per line of its text, so a reviewer still reads the SQL.
 */
final class SourceText {
  private SourceText() {}

  /**
   * A Python expression for the text: adjacent single-quoted literals, one per line, in
   * parentheses.
   */
  static String python(String text, String indent) {
    StringBuilder out = new StringBuilder("(\n");
    for (String line : lines(text)) {
      out.append(indent).append("    ").append(pythonString(line)).append('\n');
    }
    return out.append(indent).append(')').toString();
  }

  /** A Ruby expression for the text: double-quoted literals, one per line, joined. */
  static String ruby(String text, String indent) {
    StringBuilder out = new StringBuilder("[\n");
    for (String line : lines(text)) {
      out.append(indent).append("  \"");
      escape(line, out, Language.RUBY);
      out.append("\",\n");
    }
    return out.append(indent).append("].join").toString();
  }

  /**
   * A single Python string literal: in double quotes when the text holds a single quote and no
   * double quote (SQL reads better so), else in single quotes; the delimiter is escaped either way.
   */
  static String pythonString(String text) {
    boolean dq = text.indexOf('\'') >= 0 && text.indexOf('"') < 0;
    char quote = dq ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    escape(text, out, dq ? Language.PYTHON_DOUBLE : Language.PYTHON);
    return out.append(quote).toString();
  }

  /** Text for a {@code #} comment: one line, printable ASCII, escapes as in a literal. */
  static String comment(String text) {
    StringBuilder out = new StringBuilder();
    escape(text, out, Language.COMMENT);
    return out.toString();
  }

  /** Splits keeping each line's newline, so joining the parts gives the text back. */
  private static java.util.List<String> lines(String text) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      out.add(text.substring(start, i + 1));
      start = i + 1;
    }
    if (start < text.length() || out.isEmpty()) {
      out.add(text.substring(start));
    }
    return out;
  }

  private enum Language {
    PYTHON,
    PYTHON_DOUBLE,
    RUBY,
    COMMENT
  }

  private static void escape(String text, StringBuilder out, Language lang) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\') {
        out.append("\\\\");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\'' && lang == Language.PYTHON) {
        out.append("\\'");
      } else if (cp == '"' && (lang == Language.PYTHON_DOUBLE || lang == Language.RUBY)) {
        out.append("\\\"");
      } else if (cp == '#' && lang == Language.RUBY) {
        out.append("\\#");
      } else if (cp >= 0x20 && cp <= 0x7E) {
        out.appendCodePoint(cp);
      } else if (lang == Language.RUBY) {
        out.append(String.format(Locale.ROOT, "\\u{%X}", cp));
      } else if (cp <= 0xFFFF) {
        out.append(String.format(Locale.ROOT, "\\u%04X", cp));
      } else {
        out.append(String.format(Locale.ROOT, "\\U%08X", cp));
      }
    }
  }

  /**
   * Refuses a finished migration holding anything but printable ASCII and newlines: the last line
   * of defence, so a rendering mistake fails the export instead of writing code.
   */
  static String requireAscii(String fileName, String source) {
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c != '\n' && (c < 0x20 || c > 0x7E)) {
        throw new IllegalStateException(
            fileName
                + " would contain the character U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + " at offset "
                + i
                + " outside a string literal's escapes (this is a bug in viewswap; please report it)");
      }
    }
    return source;
  }
}
