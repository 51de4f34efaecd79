package io.viewswap.check;

import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

  /** Where a part of a computed string comes from. */
  enum Source {
    /** a literal in the body */
    CONSTANT,
    /** an argument of the trigger that fired the function ({@code TG_ARGV[n]}) */
    TRIGGER_ARGUMENT,
    /** the table (or schema) of the trigger that fired the function ({@code TG_TABLE_NAME}) */
    TRIGGER_TABLE,
    /** a constant argument of a call of the function in another body */
    CALLER,
    /** a parameter no known call passes a constant to */
    PARAMETER,
    /** a value read from a table, a row or a query: unknowable before it runs */
    DATA,
    /** anything else the reading does not follow (a function call, an operator) */
    OTHER
  }

  /**
   * A part of a computed string.
   *
   * @param text the value when known, else what it is ({@code parameter entity})
   * @param origin for a known part not written in the body, where it came from ({@code trigger t on
   *     x, argument 1})
   * @param table for a {@link Source#TRIGGER_TABLE} part, the trigger's table as written
   */
  record Part(String text, Source source, String origin) {
    boolean known() {
      return source == Source.CONSTANT
          || source == Source.TRIGGER_ARGUMENT
          || source == Source.TRIGGER_TABLE
          || source == Source.CALLER;
    }
  }

  /** A computed string: its parts in order. */
  record Value(List<Part> parts) {
    Value {
      parts = List.copyOf(parts);
    }

    static Value of(Part p) {
      return new Value(List.of(p));
    }

    static Value constant(String s) {
      return of(new Part(s, Source.CONSTANT, ""));
    }

    static Value hole(Source s, String what) {
      return of(new Part(what, s, ""));
    }

    boolean known() {
      return parts.stream().allMatch(Part::known);
    }

    /** The text, with {@link SqlText#HOLE} for each unknown part. */
    String text() {
      StringBuilder sb = new StringBuilder();
      for (Part p : parts) {
        sb.append(p.known() ? p.text() : String.valueOf(SqlText.HOLE));
      }
      return sb.toString();
    }

    Value concat(Value other) {
      List<Part> all = new ArrayList<>(parts);
      all.addAll(other.parts);
      return new Value(all);
    }

    /** The parts that make up text()[from, to), with the bit of each that falls inside. */
    List<Part> partsIn(int from, int to) {
      List<Part> out = new ArrayList<>();
      int at = 0;
      for (Part p : parts) {
        int len = p.known() ? p.text().length() : 1;
        int s = Math.max(from, at);
        int e = Math.min(to, at + len);
        if (s < e) {
          out.add(
              p.known() ? new Part(p.text().substring(s - at, e - at), p.source(), p.origin()) : p);
        }
        at += len;
      }
      return out;
    }

    /** How text()[from, to) was computed, e.g. {@code 'thing' (trigger t ...) || '_history'}. */
    String how(int from, int to) {
      List<String> out = new ArrayList<>();
      for (Part p : partsIn(from, to)) {
        out.add(
            switch (p.source()) {
              case CONSTANT -> "'" + p.text() + "'";
              case TRIGGER_ARGUMENT, TRIGGER_TABLE, CALLER ->
                  "'" + p.text() + "' (" + p.origin() + ")";
              default -> p.text();
            });
      }
      return String.join(" || ", out);
    }
  }

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

  private static final int MAX_ALTERNATIVES = 16;
  private static final int MAX_DEPTH = 8;

  final FunctionSource function;
  final String source;
  final List<Token> tokens;
  final List<Piece> pieces = new ArrayList<>();
  final boolean plpgsql;

  /** Variable (lower case) to the token ranges of the expressions assigned to it. */
  private final Map<String, List<int[]>> assigned = new HashMap<>();

  /** Variables given a value read by a query (SELECT INTO, FOR IN, EXECUTE INTO). */
  private final Map<String, Integer> readByQuery = new HashMap<>();

  /** Variables declared as a row of a relation: the relation's name (lower case, no schema). */
  final Map<String, String> rowOf = new HashMap<>();

  /** Record variables bound to the relations of the query that fills them (FOR r IN SELECT). */
  final Map<String, Piece> boundTo = new HashMap<>();

  /** Parameter names, lower case, in order (empty string when unnamed). */
  final List<String> params = new ArrayList<>();

  private final int[] lineStarts;

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
        } else if (t.kind() == Kind.STRING && FunctionBodies.SQL_LIKE.matcher(t.text()).find()) {
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
        if ((t.isWord("new") || t.isWord("old"))
            && !(i + 1 < p.to() && tokens.get(i + 1).isSymbol("."))) {
          wholeRow = true;
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

  private int closing(int open, int limit) {
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
    return eval(from, to, ctx, depth, new HashSet<>());
  }

  private List<Value> eval(int from, int to, Context ctx, int depth, Set<String> open) {
    if (from >= to) {
      return List.of(Value.hole(Source.OTHER, "an empty expression"));
    }
    if (depth > MAX_DEPTH) {
      return List.of(Value.hole(Source.OTHER, "an expression too deep to follow"));
    }
    List<int[]> operands = splitTop(from, to, "||");
    List<Value> acc = List.of(new Value(List.of()));
    for (int[] o : operands) {
      List<Value> next = new ArrayList<>();
      for (Value left : acc) {
        for (Value right : operand(o[0], o[1], ctx, depth, open)) {
          if (next.size() < MAX_ALTERNATIVES) {
            next.add(left.concat(right));
          }
        }
      }
      acc = next;
    }
    return acc;
  }

  /** Ranges between top-level occurrences of the two-symbol operator (|| or ,). */
  private List<int[]> splitTop(int from, int to, String op) {
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isSymbol("(") || t.isSymbol("[")) {
        depth++;
      } else if (t.isSymbol(")") || t.isSymbol("]")) {
        depth--;
      } else if (depth == 0) {
        if (op.equals("||") && t.isSymbol("|") && i + 1 < to && tokens.get(i + 1).isSymbol("|")) {
          out.add(new int[] {start, i});
          start = i + 2;
          i++;
        } else if (op.equals(",") && t.isSymbol(",")) {
          out.add(new int[] {start, i});
          start = i + 1;
        }
      }
    }
    out.add(new int[] {start, to});
    return out;
  }

  private List<Value> operand(int from, int to, Context ctx, int depth, Set<String> open) {
    // strip trailing casts: x::text, x::regclass::text, x::varchar(63)
    int end = to;
    for (int i = from; i < end; i++) {
      if (tokens.get(i).isSymbol("::") && depthAt(from, i) == 0) {
        end = i;
        break;
      }
    }
    if (from >= end) {
      return List.of(Value.hole(Source.OTHER, "an expression"));
    }
    Token t = tokens.get(from);
    int n = end - from;
    if (n == 1 && t.kind() == Kind.STRING) {
      return List.of(Value.constant(t.text()));
    }
    if (t.isSymbol("(") && closing(from, end) == end - 1) {
      return eval(from + 1, end - 1, ctx, depth + 1, open);
    }
    if (t.isWord("tg_argv") && n == 4 && tokens.get(from + 1).isSymbol("[")) {
      String index = tokens.get(from + 2).text();
      if (ctx.trigger().isPresent() && index.matches("\\d+")) {
        FunctionSource.Trigger tr = ctx.trigger().get();
        int k = Integer.parseInt(index);
        if (k < tr.arguments().size()) {
          return List.of(
              Value.of(
                  new Part(
                      tr.arguments().get(k),
                      Source.TRIGGER_ARGUMENT,
                      "trigger " + tr.name() + " on " + tr.table() + ", argument " + (k + 1))));
        }
        return List.of(Value.hole(Source.OTHER, "TG_ARGV[" + index + "] (no such argument)"));
      }
      return List.of(Value.hole(Source.PARAMETER, "TG_ARGV[" + index + "]"));
    }
    if (n == 1 && (t.isWord("tg_table_name") || t.isWord("tg_relname"))) {
      return triggerTable(ctx, "TG_TABLE_NAME", tr -> tr.table().name());
    }
    if (n == 1 && t.isWord("tg_table_schema")) {
      return triggerTable(ctx, "TG_TABLE_SCHEMA", tr -> tr.table().schema());
    }
    if (n == 1 && t.isWord("tg_relid")) {
      return triggerTable(
          ctx,
          "TG_RELID",
          tr ->
              tr.table().schema().equals("public")
                  ? tr.table().name()
                  : tr.table().schema() + "." + tr.table().name());
    }
    if (n == 2 && t.isSymbol("$") && tokens.get(from + 1).text().matches("\\d+")) {
      return parameter(
          Integer.parseInt(tokens.get(from + 1).text()) - 1,
          "$" + tokens.get(from + 1).text(),
          ctx);
    }
    if (t.kind() == Kind.WORD
        && n > 2
        && tokens.get(from + 1).isSymbol("(")
        && closing(from + 1, end) == end - 1) {
      return call(t.text(), from + 2, end - 1, ctx, depth, open);
    }
    if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) && n == 1) {
      String name = t.text();
      int param = params.indexOf(name);
      if (assigned.containsKey(name) && !open.contains(name)) {
        open.add(name);
        List<Value> out = new ArrayList<>();
        for (int[] r : assigned.get(name)) {
          for (Value v : eval(r[0], r[1], ctx, depth + 1, open)) {
            if (out.size() < MAX_ALTERNATIVES) {
              out.add(v);
            }
          }
        }
        open.remove(name);
        if (readByQuery.containsKey(name)) {
          out.add(dataHole(name));
        }
        return out;
      }
      if (readByQuery.containsKey(name)) {
        return List.of(dataHole(name));
      }
      if (param >= 0) {
        return parameter(param, name, ctx);
      }
      return List.of(Value.hole(Source.OTHER, name));
    }
    if (n == 3
        && tokens.get(from + 1).isSymbol(".")
        && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED)) {
      return List.of(
          Value.hole(
              Source.DATA,
              t.text()
                  + "."
                  + tokens.get(from + 2).text()
                  + " (a value of a row, line "
                  + lineOf(t.offset())
                  + ")"));
    }
    return List.of(Value.hole(Source.OTHER, "an expression at line " + lineOf(t.offset())));
  }

  /** TG_TABLE_NAME and its kin: the trigger's table in the context, or unknown without one. */
  private static List<Value> triggerTable(
      Context ctx, String what, java.util.function.Function<FunctionSource.Trigger, String> value) {
    return ctx.trigger()
        .map(
            tr ->
                List.of(
                    Value.of(
                        new Part(
                            value.apply(tr),
                            Source.TRIGGER_TABLE,
                            what + " of trigger " + tr.name() + " on " + tr.table()))))
        .orElse(List.of(Value.hole(Source.PARAMETER, what)));
  }

  private Value dataHole(String name) {
    return Value.hole(
        Source.DATA, name + " (read by a query at line " + lineOf(readByQuery.get(name)) + ")");
  }

  private int depthAt(int from, int i) {
    int depth = 0;
    for (int j = from; j < i; j++) {
      if (tokens.get(j).isSymbol("(") || tokens.get(j).isSymbol("[")) {
        depth++;
      } else if (tokens.get(j).isSymbol(")") || tokens.get(j).isSymbol("]")) {
        depth--;
      }
    }
    return depth;
  }

  private List<Value> parameter(int index, String name, Context ctx) {
    List<Value> given = ctx.arguments().get(index);
    if (given != null && !given.isEmpty()) {
      return given;
    }
    return List.of(Value.hole(Source.PARAMETER, "parameter " + name));
  }

  private List<Value> call(String fn, int from, int to, Context ctx, int depth, Set<String> open) {
    List<int[]> args = splitTop(from, to, ",");
    switch (fn) {
      case "quote_ident" -> {
        List<Value> out = new ArrayList<>();
        for (Value v : eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open)) {
          out.add(quoteIdent(v));
        }
        return out;
      }
      case "quote_literal", "quote_nullable" -> {
        List<Value> out = new ArrayList<>();
        for (Value v : eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open)) {
          out.add(Value.constant("'").concat(v).concat(Value.constant("'")));
        }
        return out;
      }
      case "lower", "upper", "btrim", "trim" -> {
        List<Value> out = new ArrayList<>();
        for (Value v : eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open)) {
          if (v.known() && !fn.equals("btrim") && !fn.equals("trim")) {
            List<Part> parts = new ArrayList<>();
            for (Part p : v.parts()) {
              parts.add(
                  new Part(
                      fn.equals("lower")
                          ? p.text().toLowerCase(Locale.ROOT)
                          : p.text().toUpperCase(Locale.ROOT),
                      p.source(),
                      p.origin()));
            }
            out.add(new Value(parts));
          } else {
            out.add(v);
          }
        }
        return out;
      }
      case "concat", "coalesce" -> {
        if (fn.equals("coalesce")) {
          return eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open);
        }
        List<Value> acc = List.of(new Value(List.of()));
        for (int[] a : args) {
          List<Value> next = new ArrayList<>();
          for (Value l : acc) {
            for (Value r : eval(a[0], a[1], ctx, depth + 1, open)) {
              if (next.size() < MAX_ALTERNATIVES) {
                next.add(l.concat(r));
              }
            }
          }
          acc = next;
        }
        return acc;
      }
      case "format" -> {
        return format(args, ctx, depth, open);
      }
      default -> {
        return List.of(
            Value.hole(
                Source.OTHER, fn + "(...) at line " + lineOf(tokens.get(from - 2).offset())));
      }
    }
  }

  private static Value quoteIdent(Value v) {
    if (v.known() && Identifier.needsQuotes(v.text())) {
      List<Part> parts = new ArrayList<>();
      parts.add(new Part("\"", Source.CONSTANT, ""));
      for (Part p : v.parts()) {
        parts.add(new Part(p.text().replace("\"", "\"\""), p.source(), p.origin()));
      }
      parts.add(new Part("\"", Source.CONSTANT, ""));
      return new Value(parts);
    }
    return v;
  }

  /** format(template, args...): %s, %I, %L, %%, positional %n$ and widths. */
  private List<Value> format(List<int[]> args, Context ctx, int depth, Set<String> open) {
    List<Value> out = new ArrayList<>();
    List<List<Value>> values = new ArrayList<>();
    for (int k = 1; k < args.size(); k++) {
      values.add(eval(args.get(k)[0], args.get(k)[1], ctx, depth + 1, open));
    }
    for (Value template : eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open)) {
      if (!template.known()) {
        out.add(Value.hole(Source.OTHER, "format() with a template not known"));
        continue;
      }
      String tpl = template.text();
      out.add(formatOne(tpl, values));
      // alternatives of the arguments: one more value per further alternative of each argument
      for (int k = 0; k < values.size() && out.size() < MAX_ALTERNATIVES; k++) {
        for (int a = 1; a < values.get(k).size() && out.size() < MAX_ALTERNATIVES; a++) {
          List<List<Value>> swapped = new ArrayList<>(values);
          swapped.set(k, List.of(values.get(k).get(a)));
          out.add(formatOne(tpl, swapped));
        }
      }
    }
    return out;
  }

  private Value formatOne(String tpl, List<List<Value>> values) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int next = 0;
    for (int i = 0; i < tpl.length(); i++) {
      char c = tpl.charAt(i);
      if (c != '%' || i + 1 >= tpl.length()) {
        lit.append(c);
        continue;
      }
      if (tpl.charAt(i + 1) == '%') {
        lit.append('%');
        i++;
        continue;
      }
      int j = i + 1;
      int position = -1;
      int digits = j;
      while (digits < tpl.length() && Character.isDigit(tpl.charAt(digits))) {
        digits++;
      }
      if (digits > j && digits < tpl.length() && tpl.charAt(digits) == '$') {
        position = Integer.parseInt(tpl.substring(j, digits)) - 1;
        j = digits + 1;
      }
      while (j < tpl.length()
          && (tpl.charAt(j) == '-' || Character.isDigit(tpl.charAt(j)) || tpl.charAt(j) == '*')) {
        j++;
      }
      if (j >= tpl.length()) {
        lit.append(tpl, i, tpl.length());
        break;
      }
      char kind = tpl.charAt(j);
      int arg = position >= 0 ? position : next;
      next = arg + 1;
      if (lit.length() > 0) {
        parts.add(new Part(lit.toString(), Source.CONSTANT, ""));
        lit.setLength(0);
      }
      Value v =
          arg < values.size() && !values.get(arg).isEmpty()
              ? values.get(arg).get(0)
              : Value.hole(Source.OTHER, "a missing format() argument");
      switch (kind) {
        case 'I' -> parts.addAll(quoteIdent(v).parts());
        case 'L' -> {
          parts.add(new Part("'", Source.CONSTANT, ""));
          parts.addAll(v.parts());
          parts.add(new Part("'", Source.CONSTANT, ""));
        }
        default -> parts.addAll(v.parts());
      }
      i = j;
    }
    if (lit.length() > 0) {
      parts.add(new Part(lit.toString(), Source.CONSTANT, ""));
    }
    return new Value(parts);
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
      for (int[] a : splitTop(i + 2, close, ",")) {
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
