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
