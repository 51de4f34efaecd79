package io.viewswap.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rule for the spec's own SQL: exactly one statement, so that nothing can ride along behind a
 * {@code ;}. PostgreSQL's EXECUTE (which runs it) accepts several statements, so this reading is
 * the guard, and it is strict where a lenient tokenizer could disagree with the server: it knows
 * comments (nested block comments too), string literals ({@code '...'}, {@code E'...'}, {@code
 * U&'...'}), quoted identifiers and dollar quotes, and it refuses what it cannot read the way the
 * server would:
 *
 * <ul>
 *   <li>a {@code ;} anywhere but at the very end (comments and white space may follow it);
 *   <li>an unterminated string, identifier, dollar quote or comment;
 *   <li>a backslash in a plain {@code '...'} string, which means one thing under {@code
 *       standard_conforming_strings = on} and another under {@code off} (write {@code E'...'});
 *   <li>a backslash outside any quote: a psql meta-command, not SQL;
 *   <li>transaction control and session settings ({@code BEGIN}, {@code COMMIT}, {@code SET},
 *       {@code RESET}, ...), which would end the phase's transaction or change the session that
 *       viewswap pinned (its search_path and timeouts).
 * </ul>
 *
 * A {@code $} after a letter, digit or underscore continues the word (as PostgreSQL reads {@code
 * a$b$}); it never opens a dollar quote there.
 */
final class OneStatement {
  private OneStatement() {}

  /** Words a statement may not start with: they end the transaction or change the session. */
  static final Set<String> REFUSED_FIRST_WORDS =
      Set.of(
          "begin",
          "start",
          "commit",
          "end",
          "rollback",
          "abort",
          "savepoint",
          "release",
          "prepare",
          "set",
          "reset",
          "discard");

  enum Kind {
    WORD,
    QUOTED,
    STRING,
    SYMBOL
  }

  /** A token; for WORD its text folded to lower case, for QUOTED the identifier. */
  record Token(Kind kind, String text, int offset) {}

  /** What is wrong with a statement: the message and the character offset it points at. */
  record Problem(String message, int offset) {}

  /** Reads {@code sql}; the result's problem is empty when it is exactly one allowed statement. */
  record Reading(List<Token> tokens, Optional<Problem> problem) {}

  static Reading read(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    int end = -1; // the offset of the one ; allowed, at the end
    while (i < n) {
      char c = sql.charAt(i);
      if (end >= 0
          && !Character.isWhitespace(c)
          && !sql.startsWith("--", i)
          && !sql.startsWith("/*", i)) {
        return problem(
            out, "more than one statement: text follows the \";\" at character " + (end + 1), i);
      }
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (sql.startsWith("/*", i)) {
        int depth = 1;
        int j = i + 2;
        while (j < n && depth > 0) {
          if (sql.startsWith("/*", j)) {
            depth++;
            j += 2;
          } else if (sql.startsWith("*/", j)) {
            depth--;
            j += 2;
          } else {
            j++;
          }
        }
        if (depth > 0) {
          return problem(out, "a /* comment is not closed", i);
        }
        i = j;
      } else if (c == ';') {
        end = i;
        i++;
      } else if (c == '\'') {
        int j = quoted(sql, i + 1, '\'', false);
        if (j < 0) {
          return problem(out, "a string is not closed", i);
        }
        if (sql.substring(i, j).indexOf('\\') >= 0) {
          return problem(
              out,
              "a backslash in a plain '...' string reads differently under"
                  + " standard_conforming_strings on and off; write it as E'...' with \\\\ for each"
                  + " backslash",
              i);
        }
        out.add(new Token(Kind.STRING, sql.substring(i, j), i));
        i = j;
      } else if (c == '"') {
        int j = quoted(sql, i + 1, '"', false);
        if (j < 0) {
          return problem(out, "a quoted identifier is not closed", i);
        }
        out.add(new Token(Kind.QUOTED, sql.substring(i + 1, j - 1).replace("\"\"", "\""), i));
        i = j;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        if (close < 0) {
          return problem(out, "the dollar quote " + tag + " is not closed", i);
        }
        out.add(new Token(Kind.STRING, sql.substring(i, close + tag.length()), i));
        i = close + tag.length();
      } else if (c == '\\') {
        return problem(out, "a backslash outside a string is a psql meta-command, not SQL", i);
      } else if (isWordChar(c)) {
        int j = i;
        while (j < n && (isWordChar(sql.charAt(j)) || sql.charAt(j) == '$')) {
          j++;
        }
        String word = sql.substring(i, j);
        String lower = word.toLowerCase(Locale.ROOT);
        if (j < n && sql.charAt(j) == '\'' && (lower.equals("e") || isPrefixedString(lower))) {
          int k = quoted(sql, j + 1, '\'', lower.equals("e"));
          if (k < 0) {
            return problem(out, "a string is not closed", i);
          }
          out.add(new Token(Kind.STRING, sql.substring(i, k), i));
          i = k;
        } else if (lower.equals("u") && (sql.startsWith("&'", j) || sql.startsWith("&\"", j))) {
          char q = sql.charAt(j + 1);
          int k = quoted(sql, j + 2, q, false);
          if (k < 0) {
            return problem(out, "a Unicode-escaped string or identifier is not closed", i);
          }
          out.add(new Token(q == '"' ? Kind.QUOTED : Kind.STRING, sql.substring(i, k), i));
          i = k;
        } else {
          out.add(new Token(Kind.WORD, lower, i));
          i = j;
        }
      } else {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
        i++;
      }
    }
    if (out.isEmpty()) {
      return problem(out, "there is no statement", 0);
    }
    Token first = out.get(0);
    if (first.kind() == Kind.WORD && REFUSED_FIRST_WORDS.contains(first.text())) {
      return problem(
          out,
          first.text().toUpperCase(Locale.ROOT)
              + " would end the phase's transaction or change the session viewswap pinned",
          first.offset());
    }
    return new Reading(out, Optional.empty());
  }

  private static Reading problem(List<Token> tokens, String message, int offset) {
    return new Reading(tokens, Optional.of(new Problem(message, offset)));
  }

  /** B'...', X'...', N'...': plain quoting rules. */
  private static boolean isPrefixedString(String lower) {
    return lower.equals("b") || lower.equals("x") || lower.equals("n");
  }

  /**
   * The offset just after the closing {@code q} of a quoted text whose content starts at {@code
   * from} (a doubled {@code q} is one; with {@code escapes}, a backslash takes the next character),
   * or -1 when it is not closed.
   */
  private static int quoted(String s, int from, char q, boolean escapes) {
    int j = from;
    while (j < s.length()) {
      char d = s.charAt(j);
      if (escapes && d == '\\') {
        j += 2;
      } else if (d == q) {
        if (j + 1 < s.length() && s.charAt(j + 1) == q) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    return -1;
  }

  /** {@code $$} or {@code $tag$} at i, or null ({@code $1} is a parameter). */
  private static String dollarTag(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == '$') {
      return "$$";
    }
    if (j >= s.length() || !(Character.isLetter(s.charAt(j)) || s.charAt(j) == '_')) {
      return null;
    }
    while (j < s.length() && isWordChar(s.charAt(j))) {
      j++;
    }
    return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c >= 0x80;
  }

  /** See {@link SpecSql#createdRoutine}. */
  static Optional<SpecSql.Routine> createdRoutine(String statement) {
    Reading r = read(statement);
    List<Token> t = r.tokens();
    if (r.problem().isPresent() || t.size() < 6 || !isWord(t.get(0), "create")) {
      return Optional.empty();
    }
    int i = 1;
    if (isWord(t.get(i), "or") && i + 1 < t.size() && isWord(t.get(i + 1), "replace")) {
      i += 2;
    }
    if (!(isWord(t.get(i), "function") || isWord(t.get(i), "procedure"))) {
      return Optional.empty();
    }
    i++;
    if (i + 3 >= t.size()
        || !isName(t.get(i))
        || !isSymbol(t.get(i + 1), ".")
        || !isName(t.get(i + 2))
        || !isSymbol(t.get(i + 3), "(")) {
      return Optional.empty();
    }
    String name =
        Identifiers.display(nameOf(t.get(i))) + "." + Identifiers.display(nameOf(t.get(i + 2)));
    // The arguments: count those that are not OUT, at depth 1 of the parentheses.
    int depth = 0;
    int inputs = 0;
    boolean empty = true;
    boolean out = false;
    boolean argStart = true;
    for (int j = i + 3; j < t.size(); j++) {
      Token k = t.get(j);
      if (isSymbol(k, "(")) {
        depth++;
        continue;
      }
      if (isSymbol(k, ")")) {
        depth--;
        if (depth == 0) {
          if (!empty && !out) {
            inputs++;
          }
          return Optional.of(new SpecSql.Routine(name, inputs));
        }
        continue;
      }
      if (depth == 1 && isSymbol(k, ",")) {
        if (!out) {
          inputs++;
        }
        out = false;
        argStart = true;
        continue;
      }
      if (depth == 1 && argStart) {
        out = isWord(k, "out");
        argStart = false;
      }
      empty = false;
    }
    return Optional.empty();
  }

  private static boolean isWord(Token t, String lower) {
    return t.kind() == Kind.WORD && t.text().equals(lower);
  }

  private static boolean isSymbol(Token t, String s) {
    return t.kind() == Kind.SYMBOL && t.text().equals(s);
  }

  private static boolean isName(Token t) {
    return t.kind() == Kind.WORD || (t.kind() == Kind.QUOTED && !t.text().startsWith("U&"));
  }

  private static String nameOf(Token t) {
    return t.text();
  }
}
