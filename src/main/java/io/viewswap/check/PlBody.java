package io.viewswap.check;

import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.ComputedText.Part;
import io.viewswap.check.ComputedText.Source;
import io.viewswap.check.ComputedText.Value;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PL/pgSQL or SQL body read as code: split into statements, its variables and what is assigned to
 * them, and the strings it computes for {@code EXECUTE} (constants, {@code ||}, {@code format()},
 * {@code quote_ident}, {@code TG_ARGV[n]}, {@code TG_TABLE_NAME}, parameters), each part of a
 * computed string keeping where it came from, so a finding can say how a name was computed.
 */
final class PlBody {

  /**
   * One way the function runs: fired by a trigger (its arguments and table known), or called with
   * constant arguments from another body, or neither.
   */
  record Context(Optional<FunctionSource.Trigger> trigger, Map<Integer, List<Value>> arguments) {
    static final Context NONE = new Context(Optional.empty(), Map.of());

    Context {
      arguments = Map.copyOf(arguments);
    }
  }

  /** A statement: a range of tokens; {@code declare} for a declaration in a DECLARE section. */
  record Piece(int from, int to, boolean declare) {}

  /** A string the body runs as SQL, at the offset of the statement that runs it. */
  record Dynamic(int offset, Value sql) {}

  /** A computed string used as a name ({@code x::regclass}, {@code to_jsonb(NEW) ->> x}). */
  record NameUse(int offset, Value name, boolean column) {}

  private static final Set<String> SPLIT_AT =
      Set.of("begin", "declare", "loop", "exception", "then", "else");

  static final int MAX_ALTERNATIVES = 16;
  static final int MAX_DEPTH = 8;

  final FunctionSource function;
  final String source;
  final List<Token> tokens;
  final List<Piece> pieces = new ArrayList<>();
  final boolean plpgsql;

  /** Variable (lower case) to the token ranges of the expressions assigned to it. */
  final Map<String, List<int[]>> assigned = new HashMap<>();

  /** Variables given a value read by a query (SELECT INTO, FOR IN, EXECUTE INTO). */
  final Map<String, Integer> readByQuery = new HashMap<>();

  /** Variables declared as a row of a relation: the relation's name (lower case, no schema). */
  final Map<String, String> rowOf = new HashMap<>();

  /** Record variables bound to the relations of the query that fills them (FOR r IN SELECT). */
  final Map<String, Piece> boundTo = new HashMap<>();

  /** Parameter names, lower case, in order (empty string when unnamed). */
  final List<String> params = new ArrayList<>();

  private final int[] lineStarts;

  private final PlEval evaluator;

  PlBody(FunctionSource function) {
    this.function = function;
    this.source = function.source();
    this.plpgsql = function.language().equals("plpgsql");
    this.tokens = SqlText.tokens(source);
    for (String p : function.argNames()) {
      params.add(p.toLowerCase(Locale.ROOT));
    }
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    split();
    if (plpgsql) {
      readVariables();
    }
    evaluator = new PlEval(this);
  }

  /** The variables PL/pgSQL defines in a DML trigger function only. */
  private static final Set<String> TRIGGER_VARIABLES =
      Set.of(
          "tg_op",
          "tg_when",
          "tg_level",
          "tg_name",
          "tg_relid",
          "tg_relname",
          "tg_table_name",
          "tg_table_schema",
          "tg_nargs",
          "tg_argv");

  /**
   * Whether the body reads what only a DML trigger has ({@code NEW.x}, {@code OLD.x}, {@code
   * TG_OP}, {@code TG_ARGV}, ...): a PL/pgSQL function that does is a trigger function, which
   * PostgreSQL runs only from a trigger.
   */
  boolean readsTriggerVariables() {
    if (!plpgsql) {
      return false;
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if ((t.isWord("new") || t.isWord("old"))
          && i + 1 < tokens.size()
          && tokens.get(i + 1).isSymbol(".")) {
        return true;
      }
      if (t.kind() == Kind.WORD && TRIGGER_VARIABLES.contains(t.text())) {
        return true;
      }
    }
    return false;
  }

  int lineOf(int offset) {
    int lo = 0;
    int hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  private void split() {
    int depth = 0;
    int cases = 0;
    int start = 0;
    boolean declare = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol("]")) {
        depth = Math.max(0, depth - 1);
      } else if (t.isWord("case")) {
        cases++;
      } else if (t.isWord("end") && cases > 0 && depth == 0) {
        cases--;
      }
      boolean cut = t.isSymbol(";") && depth == 0;
      boolean keyword =
          plpgsql
              && depth == 0
              && t.kind() == Kind.WORD
              && SPLIT_AT.contains(t.text())
              && (cases == 0 || !(t.isWord("then") || t.isWord("else")));
      if (cut) {
        cases = 0;
      }
      if (cut || keyword) {
        if (i > start) {
          pieces.add(new Piece(start, i, declare));
        }
        start = i + 1;
        if (t.isWord("declare")) {
          declare = true;
        } else if (t.isWord("begin")) {
          declare = false;
        }
      }
    }
    if (start < tokens.size()) {
      pieces.add(new Piece(start, tokens.size(), declare));
    }
  }

  private void readVariables() {
    for (Piece p : pieces) {
      int i = p.from();
      if (p.to() - i < 2) {
        continue;
      }
      Token first = tokens.get(i);
      if (p.declare()) {
        if (first.kind() != Kind.WORD && first.kind() != Kind.QUOTED) {
          continue;
        }
        String var = first.text();
        for (int j = i + 1; j < p.to(); j++) {
          Token t = tokens.get(j);
          if (t.isSymbol(":=") || t.isSymbol("=") || t.isWord("default")) {
            assign(var, j + 1, p.to());
            break;
          }
          if (t.isSymbol("%")
              && j + 1 < p.to()
              && tokens.get(j + 1).isWord("rowtype")
              && j > i + 1) {
            rowOf.put(var, tokens.get(j - 1).text());
          }
          if (t.isWord("alias") && j + 3 < p.to() && tokens.get(j + 1).isWord("for")) {
            Token target = tokens.get(j + 3);
            if (tokens.get(j + 2).isSymbol("$") && target.kind() == Kind.SYMBOL) {
              assigned.computeIfAbsent(var, k -> new ArrayList<>()).add(new int[] {j + 2, j + 4});
            }
          }
        }
        if (!rowOf.containsKey(var) && i + 1 < p.to()) {
          // a variable of a table's row type: "c customer;"
          Token type = tokens.get(i + 1);
          int k = i + 2;
          if (k + 1 < p.to() && tokens.get(k).isSymbol(".")) {
            type = tokens.get(k + 1);
            k += 2;
          }
          if ((type.kind() == Kind.WORD || type.kind() == Kind.QUOTED)
              && (k >= p.to() || !tokens.get(k).isSymbol("%"))) {
            rowOf.put(var, type.text());
          }
        }
        continue;
      }
      if ((first.kind() == Kind.WORD || first.kind() == Kind.QUOTED)
          && (tokens.get(i + 1).isSymbol(":=") || tokens.get(i + 1).isSymbol("="))) {
        assign(first.text(), i + 2, p.to());
        continue;
      }
      if (first.isWord("for") && i + 2 < p.to() && tokens.get(i + 2).isWord("in")) {
        String var = tokens.get(i + 1).text();
        readByQuery.put(var, first.offset());
        boundTo.put(var, new Piece(i + 3, p.to(), false));
        continue;
      }
      // SELECT ... INTO var [, var] ... / EXECUTE ... INTO var
      boolean select = false;
      for (int j = i; j < p.to(); j++) {
        Token t = tokens.get(j);
        if (t.isWord("select") || t.isWord("execute") || t.isWord("returning")) {
          select = true;
        }
        if (select && t.isWord("into") && (j == i || !tokens.get(j - 1).isWord("insert"))) {
          int k = j + 1;
          if (k < p.to() && tokens.get(k).isWord("strict")) {
            k++;
          }
          while (k < p.to()) {
            Token v = tokens.get(k);
            if (v.kind() != Kind.WORD && v.kind() != Kind.QUOTED) {
              break;
            }
            readByQuery.put(v.text(), t.offset());
            boundTo.putIfAbsent(v.text(), p);
            if (k + 1 < p.to() && tokens.get(k + 1).isSymbol(",")) {
              k += 2;
            } else {
              break;
            }
          }
          break;
        }
      }
    }
  }

  private void assign(String var, int from, int to) {
    assigned.computeIfAbsent(var, k -> new ArrayList<>()).add(new int[] {from, to});
  }

  /** The strings the body runs as SQL, in the context. */
  List<Dynamic> dynamics(Context ctx) {
    List<Dynamic> out = new ArrayList<>();
    for (Piece p : pieces) {
      for (int i = p.from(); i < p.to(); i++) {
        Token t = tokens.get(i);
        if (plpgsql && t.isWord("execute")) {
          int end = i + 1;
          int depth = 0;
          while (end < p.to()) {
            Token e = tokens.get(end);
            if (e.isSymbol("(")) {
              depth++;
            } else if (e.isSymbol(")")) {
              depth--;
            } else if (depth == 0 && (e.isWord("into") || e.isWord("using"))) {
              break;
            }
            end++;
          }
          for (Value v : eval(i + 1, end, ctx, 0)) {
            out.add(new Dynamic(t.offset(), v));
          }
          i = end - 1;
        } else if (t.kind() == Kind.STRING && Statements.SQL_LIKE.matcher(t.text()).find()) {
          out.add(new Dynamic(t.offset(), Value.constant(t.text())));
        }
      }
    }
    return out;
  }

  /**
   * Computed strings used as a relation name ({@code v::regclass}, {@code to_regclass(v)}) or as a
   * column of the row ({@code hstore(NEW) -> v}, {@code to_jsonb(NEW) ->> v}); only those with a
   * part not written in the body itself (a trigger argument, a parameter, a variable).
   */
  List<NameUse> nameUses(Context ctx) {
    List<NameUse> out = new ArrayList<>();
    for (Piece p : pieces) {
      // a statement using the whole row (to_jsonb(NEW), jsonb_populate_record(NEW, ...),
      // hstore(OLD))
      // reads the row's fields by the names computed in it
      boolean wholeRow = false;
      for (int i = p.from(); i < p.to(); i++) {
        Token t = tokens.get(i);
        boolean field = i + 1 < p.to() && tokens.get(i + 1).isSymbol(".");
        boolean star = field && i + 2 < p.to() && tokens.get(i + 2).isSymbol("*");
        if ((t.isWord("new") || t.isWord("old")) && (!field || star)) {
          wholeRow = true; // NEW, or NEW.* (hstore(NEW.*), row_to_json(NEW.*))
        }
      }
      if (wholeRow) {
        for (int i = p.from(); i < p.to(); i++) {
          Token t = tokens.get(i);
          int end = -1;
          if (t.isWord("tg_argv") && i + 3 < p.to() && tokens.get(i + 1).isSymbol("[")) {
            end = i + 4;
          } else if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED)
              && (assigned.containsKey(t.text()) || params.contains(t.text()))
              && !(i + 1 < p.to() && (tokens.get(i + 1).isSymbol(":=")))
              && !(i > p.from() && tokens.get(i - 1).isSymbol("."))) {
            end = i + 1;
          }
          if (end > 0) {
            for (Value v : eval(i, end, ctx, 0)) {
              if (v.parts().stream().anyMatch(x -> x.source() != Source.CONSTANT && x.known())) {
                out.add(new NameUse(t.offset(), v, true));
              }
            }
            i = end - 1;
          }
        }
      }
      for (int i = p.from(); i < p.to(); i++) {
        Token t = tokens.get(i);
        if (t.isSymbol("::") && i + 1 < p.to() && tokens.get(i + 1).isWord("regclass")) {
          int start = operandStart(i, p.from());
          if (start >= 0 && !(start == i - 1 && tokens.get(start).kind() == Kind.STRING)) {
            for (Value v : eval(start, i, ctx, 0)) {
              out.add(new NameUse(t.offset(), v, false));
            }
          }
        } else if ((t.isWord("to_regclass") || t.isWord("quote_ident"))
            && i + 1 < p.to()
            && tokens.get(i + 1).isSymbol("(")) {
          int close = closing(i + 1, p.to());
          if (t.isWord("to_regclass")) {
            for (Value v : eval(i + 2, close, ctx, 0)) {
              out.add(new NameUse(t.offset(), v, false));
            }
          }
        } else if ((t.isSymbol("-") || t.isSymbol("#"))
            && i + 2 < p.to()
            && tokens.get(i + 1).isSymbol(">")) {
          int from = i + 2;
          if (from < p.to() && tokens.get(from).isSymbol(">")) {
            from++;
          }
          int end = from + 1;
          if (from < p.to() && tokens.get(from).isWord("tg_argv")) {
            end = Math.min(p.to(), from + 4);
          }
          if (from < p.to() && tokens.get(from).kind() != Kind.STRING) {
            for (Value v : eval(from, Math.min(end, p.to()), ctx, 0)) {
              out.add(new NameUse(t.offset(), v, true));
            }
          }
        }
      }
    }
    return out;
  }

  /** Start of the operand ending just before index {@code end} (a word, TG_ARGV[n], (...)). */
  private int operandStart(int end, int floor) {
    int i = end - 1;
    if (i < floor) {
      return -1;
    }
    Token t = tokens.get(i);
    if (t.isSymbol(")")) {
      int depth = 0;
      for (int j = i; j >= floor; j--) {
        if (tokens.get(j).isSymbol(")")) {
          depth++;
        } else if (tokens.get(j).isSymbol("(")) {
          depth--;
          if (depth == 0) {
            return j > floor && tokens.get(j - 1).kind() == Kind.WORD ? j - 1 : j;
          }
        }
      }
      return -1;
    }
    if (t.isSymbol("]") && i - 3 >= floor && tokens.get(i - 3).isWord("tg_argv")) {
      return i - 3;
    }
    if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED || t.kind() == Kind.STRING) {
      return i;
    }
    return -1;
  }

  int closing(int open, int limit) {
    int depth = 0;
    for (int j = open; j < limit; j++) {
      if (tokens.get(j).isSymbol("(")) {
        depth++;
      } else if (tokens.get(j).isSymbol(")")) {
        depth--;
        if (depth == 0) {
          return j;
        }
      }
    }
    return limit;
  }

  /** The values the expression in tokens[from, to) may take in the context. */
  List<Value> eval(int from, int to, Context ctx, int depth) {
    return evaluator.eval(from, to, ctx, depth);
  }

  /**
   * The calls of {@code name(...)} in this body, each with the values of its arguments in the
   * context: what another function's parameters get.
   */
  List<Map<Integer, List<Value>>> callsOf(String name, Context ctx, String caller) {
    List<Map<Integer, List<Value>>> out = new ArrayList<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (!t.names(name) || !tokens.get(i + 1).isSymbol("(")) {
        continue;
      }
      if (i > 0
          && (tokens.get(i - 1).isWord("function") || tokens.get(i - 1).isWord("procedure"))) {
        continue;
      }
      int close = closing(i + 1, tokens.size());
      Map<Integer, List<Value>> args = new LinkedHashMap<>();
      int k = 0;
      for (int[] a : evaluator.splitTop(i + 2, close, ",")) {
        List<Value> vs = new ArrayList<>();
        for (Value v : eval(a[0], a[1], ctx, 0)) {
          List<Part> parts = new ArrayList<>();
          for (Part p : v.parts()) {
            parts.add(
                p.source() == Source.CONSTANT
                    ? new Part(
                        p.text(),
                        Source.CALLER,
                        "argument "
                            + (k + 1)
                            + " of the call at line "
                            + lineOf(t.offset())
                            + " of "
                            + caller)
                    : p);
          }
          vs.add(new Value(parts));
        }
        args.put(k++, vs);
      }
      out.add(args);
    }
    return out;
  }

  /** Names in SQL that need double quotes to keep their case and characters. */
  static final class Identifier {
    private Identifier() {}

    static boolean needsQuotes(String s) {
      if (s.isEmpty() || !(Character.isLowerCase(s.charAt(0)) || s.charAt(0) == '_')) {
        return !s.isEmpty();
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!(Character.isLowerCase(c)
            || Character.isDigit(c)
            || c == '_'
            || c == '$'
            || c == SqlText.HOLE)) {
          return true;
        }
      }
      return false;
    }
  }
}
