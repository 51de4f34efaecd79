package io.viewswap.check;

import static io.viewswap.check.FunctionBodies.better;

import io.viewswap.check.FunctionBodies.Hit;
import io.viewswap.check.FunctionBodies.Kind2;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Tests of which table fired a trigger. */
final class TriggerBranches {
  private final BodyReading reading;
  private final PlBody body;
  private final TableRename r;
  private final List<Token> tokens;

  /** Every test of which table fired the trigger, read once (see {@link #readTests}). */
  private final List<int[]> tests;

  /** The string tokens those tests compare with. */
  private final Set<Integer> testedStrings = new HashSet<>();

  TriggerBranches(BodyReading reading) {
    this.reading = reading;
    this.body = reading.body;
    this.r = reading.r;
    this.tokens = reading.tokens;
    this.tests = readTests();
    for (int[] test : tests) {
      testedStrings.add(test[1]);
    }
  }

  /** Tests of which table fired the trigger that give another answer under the new name. */
  Hit branches() {
    if (!r.renamesTable() || !(reading.triggerOnTable() || reading.triggersUnknown())) {
      return null;
    }
    String oldName = r.table().name();
    String newName = r.newName().get();
    Hit best = null;
    for (int[] test : tests) {
      if (test[2] < 0) {
        continue; // TG_TABLE_SCHEMA
      }
      Token t = tokens.get(test[0]);
      Token s = tokens.get(test[1]);
      reading.tested.add(test[1]);
      String value = testedName(test);
      boolean before = holds(test[2], value, oldName);
      boolean after = holds(test[2], value, newName);
      if (before != after) {
        String expr =
            t.text().toUpperCase(Locale.ROOT)
                + " "
                + opName(test[2])
                + " '"
                + NameText.printable(s.text(), 60)
                + "'";
        best =
            better(
                best,
                new Hit(
                    Kind2.BRANCH,
                    body.lineOf(s.offset()),
                    expr + " is " + before + " for " + oldName + " but " + after + " for "
                        + newName,
                    Optional.empty()));
      }
    }
    return best;
  }

  /**
   * The string tokens a test of which table (or schema) fired the trigger compares with: they hold
   * a relation's name (or a pattern of names), never a column's.
   */
  Set<Integer> testedStrings() {
    return testedStrings;
  }

  /**
   * The table name a test compares with: its string, or for {@code TG_RELID = 'x'::regclass} the
   * last part of the qualified name.
   */
  private String testedName(int[] test) {
    String value = tokens.get(test[1]).text();
    if (tokens.get(test[0]).isWord("tg_relid")) {
      Optional<List<String>> parts = NameText.parts(value);
      value = parts.map(l -> l.get(l.size() - 1)).orElse(value);
    }
    return value;
  }

  /**
   * The token ranges a trigger fired on {@code table} never runs: the block of an {@code IF} (or
   * {@code ELSIF}) whose whole condition is one test of which table fired it that is false for
   * {@code table} ({@code IF TG_TABLE_NAME LIKE 'l_url_%' THEN ... OLD.entity0 ...} on {@code
   * l_artist_url}), or, when it is true, the branches after that block. PL/pgSQL resolves {@code
   * NEW.x} only when it runs the statement, so what such a block names breaks nothing.
   */
  List<int[]> deadFor(String table) {
    List<int[]> dead = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      boolean opens = ifStatement(i) || t.isWord("elsif") || t.isWord("elseif");
      if (!opens) {
        continue;
      }
      int then = -1;
      int depth = 0;
      for (int k = i + 1; k < tokens.size(); k++) {
        Token w = tokens.get(k);
        if (w.isSymbol("(")) {
          depth++;
        } else if (w.isSymbol(")")) {
          depth--;
        } else if (w.isSymbol(";")) {
          break;
        } else if (depth == 0 && w.isWord("then")) {
          then = k;
          break;
        }
      }
      if (then < 0) {
        continue;
      }
      int from = i + 1;
      int to = then;
      while (to - from >= 2
          && tokens.get(from).isSymbol("(")
          && tokens.get(to - 1).isSymbol(")")
          && closing(from) == to - 1) {
        from++;
        to--;
      }
      int[] only = null;
      int found = 0;
      for (int[] test : tests) {
        if (test[2] > 0 && test[0] >= from && test[0] < to) {
          only = test;
          found++;
        }
      }
      if (found != 1
          || Math.min(only[0], only[1]) != from
          || Math.max(only[0], only[1]) + 1 != to) {
        continue; // not one test alone: another part of the condition may decide
      }
      String value = testedName(only);
      int end = blockEnd(then + 1, true);
      if (end < 0) {
        continue;
      }
      if (!holds(only[2], value, table)) {
        dead.add(new int[] {then + 1, end});
      } else if (!tokens.get(end).isWord("end")) {
        int close = blockEnd(end + 1, false);
        if (close > end) {
          dead.add(new int[] {end, close});
        }
      }
    }
    return dead;
  }

  /**
   * Whether the word at {@code k} opens an IF statement: not {@code END IF}, nor the {@code IF} of
   * {@code DROP TABLE IF EXISTS} or {@code CREATE TABLE IF NOT EXISTS} inside a statement.
   */
  private boolean ifStatement(int k) {
    if (!tokens.get(k).isWord("if")) {
      return false;
    }
    if (k == 0) {
      return true;
    }
    Token before = tokens.get(k - 1);
    return before.isSymbol(";")
        || before.isSymbol(">")
        || before.isWord("then")
        || before.isWord("else")
        || before.isWord("loop")
        || before.isWord("begin");
  }

  /** The token of the parenthesis that closes the one at {@code open}. */
  private int closing(int open) {
    int depth = 0;
    for (int k = open; k < tokens.size(); k++) {
      if (tokens.get(k).isSymbol("(")) {
        depth++;
      } else if (tokens.get(k).isSymbol(")") && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Where the block that starts at {@code from} ends: its {@code ELSIF}, {@code ELSE} (when {@code
   * atElse}) or {@code END IF}, nested IFs, CASEs and blocks skipped; -1 when not found.
   */
  private int blockEnd(int from, boolean atElse) {
    int ifs = 0;
    int cases = 0;
    int blocks = 0;
    for (int k = from; k < tokens.size(); k++) {
      Token w = tokens.get(k);
      Token next = k + 1 < tokens.size() ? tokens.get(k + 1) : w;
      if (w.isWord("end")) {
        if (next.isWord("if")) {
          if (ifs == 0) {
            return k;
          }
          ifs--;
          k++;
        } else if (next.isWord("case")) {
          cases = Math.max(0, cases - 1);
          k++;
        } else if (next.isWord("loop")) {
          k++;
        } else if (cases > 0) {
          cases--;
        } else if (blocks > 0) {
          blocks--;
        } else {
          return -1; // the function's own END: not an IF this reading understands
        }
      } else if (ifStatement(k)) {
        ifs++;
      } else if (w.isWord("case")) {
        cases++;
      } else if (w.isWord("begin")) {
        blocks++;
      } else if (atElse
          && ifs == 0
          && cases == 0
          && blocks == 0
          && (w.isWord("elsif") || w.isWord("elseif") || w.isWord("else"))) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Every test of which table fired the trigger in the body: {TG_ token, string token, operator}.
   */
  private List<int[]> readTests() {
    List<int[]> tests = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (!(t.isWord("tg_table_name")
          || t.isWord("tg_relname")
          || t.isWord("tg_relid")
          || t.isWord("tg_table_schema"))) {
        continue;
      }
      // a schema's name is never the table's: only the table's tests take part in branches()
      int kind = t.isWord("tg_table_schema") ? -1 : 1;
      int j = i + 1;
      while (j + 1 < tokens.size() && tokens.get(j).isSymbol("::")) {
        j += 2;
      }
      // TG_TABLE_NAME op 'x'
      if (j < tokens.size()) {
        int op = operator(j);
        if (op != 0) {
          int s = j + opWidth(j);
          if (s < tokens.size() && tokens.get(s).isSymbol("(") && op == 1) {
            for (int k = s + 1; k < tokens.size() && !tokens.get(k).isSymbol(")"); k++) {
              if (tokens.get(k).kind() == Kind.STRING) {
                tests.add(new int[] {i, k, op * kind});
              }
            }
          } else if (s < tokens.size() && tokens.get(s).kind() == Kind.STRING) {
            tests.add(new int[] {i, s, op * kind});
          }
        }
      }
      // 'x' = TG_TABLE_NAME
      if (i > 1 && tokens.get(i - 1).isSymbol("=") && tokens.get(i - 2).kind() == Kind.STRING) {
        tests.add(new int[] {i, i - 2, kind});
      }
      // CASE TG_TABLE_NAME WHEN 'x'
      if (i > 0 && tokens.get(i - 1).isWord("case")) {
        int depth = 0;
        for (int k = i + 1; k < tokens.size() && k < i + 2000; k++) {
          Token w = tokens.get(k);
          if (w.isWord("case")) {
            depth++;
          } else if (w.isWord("end") && k + 1 < tokens.size() && tokens.get(k + 1).isWord("case")) {
            if (depth == 0) {
              break;
            }
            depth--;
          } else if (depth == 0 && w.isWord("when")) {
            for (int s = k + 1; s < tokens.size() && !tokens.get(s).isWord("then"); s++) {
              if (tokens.get(s).kind() == Kind.STRING) {
                tests.add(new int[] {i, s, kind});
              }
            }
          }
        }
      }
    }
    return tests;
  }

  /** A LIKE pattern as a regex: % any run, _ any character, backslash escapes. */
  private static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
  }

  /** 1 =, 2 <> or !=, 3 LIKE, 4 ILIKE, 5 NOT LIKE, 6 ~, 7 ~*, 8 SIMILAR TO, 9 IN; 0 none. */
  private int operator(int j) {
    Token a = tokens.get(j);
    Token b = j + 1 < tokens.size() ? tokens.get(j + 1) : a;
    if (a.isSymbol("=")) {
      return 1;
    }
    if ((a.isSymbol("<") && b.isSymbol(">")) || (a.isSymbol("!") && b.isSymbol("="))) {
      return 2;
    }
    if (a.isWord("like")) {
      return 3;
    }
    if (a.isWord("ilike")) {
      return 4;
    }
    if (a.isWord("not") && (b.isWord("like") || b.isWord("ilike"))) {
      return 5;
    }
    if (a.isSymbol("~") && b.isSymbol("*")) {
      return 7;
    }
    if (a.isSymbol("~")) {
      return 6;
    }
    if (a.isWord("similar") && b.isWord("to")) {
      return 8;
    }
    if (a.isWord("in")) {
      return 1;
    }
    return 0;
  }

  private int opWidth(int j) {
    int op = operator(j);
    return op == 2 || op == 5 || op == 7 || op == 8 ? 2 : 1;
  }

  private String opName(int op) {
    return switch (op) {
      case 1 -> "=";
      case 2 -> "<>";
      case 3 -> "LIKE";
      case 4 -> "ILIKE";
      case 5 -> "NOT LIKE";
      case 6 -> "~";
      case 7 -> "~*";
      default -> "SIMILAR TO";
    };
  }

  private boolean holds(int op, String pattern, String name) {
    try {
      return switch (op) {
        case 1 -> name.equals(pattern);
        case 2 -> !name.equals(pattern);
        case 3, 5 -> like(pattern, false).matcher(name).matches() != (op == 5);
        case 4 -> like(pattern, true).matcher(name).matches();
        case 6 -> Pattern.compile(pattern).matcher(name).find();
        case 7 -> Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(name).find();
        default ->
            Pattern.compile(pattern.replace("%", ".*").replace("_", ".")).matcher(name).matches();
      };
    } catch (java.util.regex.PatternSyntaxException e) {
      return name.equals(pattern);
    }
  }
}
