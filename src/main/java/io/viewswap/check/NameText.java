package io.viewswap.check;

import io.viewswap.spec.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How PostgreSQL reads a name written as text ({@code 'public.customer'}, {@code
 * '"Sales"."Order"'}): the rules of {@code to_regclass} and {@code ::regclass}, which fold unquoted
 * parts to lower case.
 */
final class NameText {
  private NameText() {}

  /**
   * The parts of a possibly qualified name, folded as PostgreSQL folds them; empty if it does not
   * parse.
   */
  static Optional<List<String>> parts(String text) {
    List<String> parts = new ArrayList<>();
    String s = text.strip();
    int i = 0;
    while (true) {
      if (i >= s.length()) {
        return Optional.empty();
      }
      StringBuilder part = new StringBuilder();
      if (s.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= s.length()) {
            return Optional.empty();
          }
          char ch = s.charAt(i);
          if (ch == '"') {
            if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
              part.append('"');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          part.append(ch);
          i++;
        }
      } else {
        while (i < s.length() && s.charAt(i) != '.' && s.charAt(i) != '"') {
          part.append(s.charAt(i));
          i++;
        }
        String raw = part.toString().strip();
        if (raw.isEmpty() || raw.chars().anyMatch(Character::isWhitespace)) {
          return Optional.empty();
        }
        part = new StringBuilder(raw.toLowerCase(Locale.ROOT));
      }
      parts.add(part.toString());
      if (i >= s.length()) {
        return Optional.of(parts);
      }
      if (s.charAt(i) != '.') {
        return Optional.empty();
      }
      i++;
    }
  }

  /**
   * The elements of a one-dimensional array literal ({@code '{note,"Due Date"}'}, what {@code
   * TG_ARGV[1]::text[]} makes of a trigger argument), as PostgreSQL reads them: empty if the text
   * is not such a literal.
   */
  static List<String> arrayElements(String text) {
    String s = text.strip();
    if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 1; i < s.length() - 1; i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length() - 1) {
        cur.append(s.charAt(++i));
      } else if (ch == '"') {
        quoted = !quoted;
        wasQuoted = true;
      } else if (ch == ',' && !quoted) {
        out.add(wasQuoted ? cur.toString() : cur.toString().strip());
        cur.setLength(0);
        wasQuoted = false;
      } else if (ch == '{' && !quoted) {
        return List.of(); // a nested array: not a list of names
      } else {
        cur.append(ch);
      }
    }
    out.add(wasQuoted ? cur.toString() : cur.toString().strip());
    return out;
  }

  /**
   * Whether the text, read as a relation name, is the table (bare, or qualified with its schema).
   */
  static boolean namesTable(String text, QualifiedName table) {
    Optional<List<String>> p = parts(text);
    if (p.isEmpty()) {
      return false;
    }
    List<String> parts = p.get();
    String last = parts.get(parts.size() - 1);
    if (!last.equals(table.name()) && !text.strip().equals(table.name())) {
      return false;
    }
    return parts.size() == 1
        || (parts.size() == 2 && parts.get(0).equals(table.schema()))
        || (parts.size() == 1 && text.strip().equals(table.name()));
  }

  /**
   * Text read from the catalog (a trigger argument, a job's command), made safe to print in a
   * message: control characters (terminal escapes, line breaks) become {@code ?}, and it is cut to
   * {@code max} characters.
   */
  static String printable(String text, int max) {
    String oneLine = text.strip().replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }

  /**
   * Whether the text is exactly the column's name: trigger functions look arguments up with case
   * kept.
   */
  static boolean namesColumn(String text, String column) {
    return text.equals(column);
  }
}
