package io.viewswap.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tokenizer for SQL and PL/pgSQL text, enough to tell code from comments and string literals:
 * what the name scan in function bodies needs to be precise. Not a parser: it knows quoting rules,
 * not grammar.
 */
final class SqlText {
  private SqlText() {}

  /**
   * Stands for a part of a computed SQL text that cannot be known (a value read from a table): a
   * word with it in is a name only partly known ({@code \uE000_history}).
   */
  static final char HOLE = '\uE000';

  enum Kind {
    /** an unquoted word; {@link Token#text} is folded to lower case, as PostgreSQL folds it */
    WORD,
    /** a double-quoted identifier, case kept */
    QUOTED,
    /** a string literal ('...', E'...', $tag$...$tag$); {@link Token#text} is its content */
    STRING,
    /** any other character (operators, punctuation, digits) */
    SYMBOL
  }

  /**
   * @param offset where the token starts in the text that was tokenized (for a token from inside a
   *     string, in the outer text: where that string's content starts, plus the offset inside it)
   */
  record Token(Kind kind, String text, int offset) {
    boolean isWord(String lower) {
      return kind == Kind.WORD && text.equals(lower);
    }

    boolean isSymbol(String s) {
      return kind == Kind.SYMBOL && text.equals(s);
    }

    /**
     * Whether this token names the identifier (exact name): a quoted identifier, or a word that
     * folds to it.
     */
    boolean names(String identifier) {
      return (kind == Kind.QUOTED && text.equals(identifier))
          || (kind == Kind.WORD
              && text.equals(identifier)
              && identifier.equals(identifier.toLowerCase(Locale.ROOT)));
    }
  }

  static List<Token> tokens(String s) {
    return tokens(s, 0);
  }

  static List<Token> tokens(String s, int base) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (s.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (s.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else if (c == '\''
          || ((c == 'e' || c == 'E')
              && i + 1 < n
              && s.charAt(i + 1) == '\''
              && (i == 0 || !isWordChar(s.charAt(i - 1))))) {
        boolean escapes = c != '\'';
        int start = escapes ? i + 2 : i + 1;
        int j = start;
        StringBuilder content = new StringBuilder();
        while (j < n) {
          char d = s.charAt(j);
          if (escapes && d == '\\' && j + 1 < n) {
            content.append(s.charAt(j + 1));
            j += 2;
          } else if (d == '\'') {
            if (j + 1 < n && s.charAt(j + 1) == '\'') {
              content.append('\'');
              j += 2;
            } else {
              break;
            }
          } else {
            content.append(d);
            j++;
          }
        }
        out.add(new Token(Kind.STRING, content.toString(), base + start));
        i = j + 1;
      } else if (c == '"') {
        int j = i + 1;
        StringBuilder content = new StringBuilder();
        while (j < n) {
          if (s.charAt(j) == '"') {
            if (j + 1 < n && s.charAt(j + 1) == '"') {
              content.append('"');
              j += 2;
              continue;
            }
            break;
          }
          content.append(s.charAt(j));
          j++;
        }
        out.add(new Token(Kind.QUOTED, content.toString(), base + i));
        i = j + 1;
      } else if (c == '$' && dollarTag(s, i) != null) {
        String tag = dollarTag(s, i);
        int start = i + tag.length();
        int end = s.indexOf(tag, start);
        if (end < 0) {
          end = n;
        }
        out.add(new Token(Kind.STRING, s.substring(start, end), base + start));
        i = Math.min(n, end + tag.length());
      } else if (isWordStart(c)) {
        int j = i;
        while (j < n && isWordChar(s.charAt(j))) {
          j++;
        }
        out.add(new Token(Kind.WORD, s.substring(i, j).toLowerCase(Locale.ROOT), base + i));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        while (j < n
            && (Character.isDigit(s.charAt(j))
                || s.charAt(j) == '_'
                || (s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1))))) {
          j++;
        }
        out.add(new Token(Kind.SYMBOL, s.substring(i, j), base + i));
        i = j;
      } else if (c == ':' && i + 1 < n && (s.charAt(i + 1) == ':' || s.charAt(i + 1) == '=')) {
        out.add(new Token(Kind.SYMBOL, s.substring(i, i + 2), base + i));
        i += 2;
      } else {
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), base + i));
        i++;
      }
    }
    return out;
  }

  /** {@code $$} or {@code $tag$} starting at i, or null ({@code $1} is a parameter, not a tag). */
  private static String dollarTag(String s, int i) {
    int j = i + 1;
    if (j < s.length() && s.charAt(j) == '$') {
      return "$$";
    }
    if (j >= s.length() || !isWordStart(s.charAt(j))) {
      return null;
    }
    while (j < s.length() && isWordChar(s.charAt(j)) && s.charAt(j) != '$') {
      j++;
    }
    return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == HOLE;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == HOLE;
  }
}
