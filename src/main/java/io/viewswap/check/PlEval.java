package io.viewswap.check;

import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.ComputedText.Part;
import io.viewswap.check.ComputedText.Source;
import io.viewswap.check.ComputedText.Value;
import io.viewswap.check.PlBody.Context;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The values an expression of a body may take in one context: constants, {@code ||}, {@code
 * format()}, {@code quote_ident}, {@code TG_ARGV[n]}, {@code TG_TABLE_NAME}, parameters, variables
 * and what is body.assigned to them, each part keeping where it came from.
 */
final class PlEval {
  private final PlBody body;
  private final List<Token> tokens;
  private final FunctionSource function;

  PlEval(PlBody body) {
    this.body = body;
    this.tokens = body.tokens;
    this.function = body.function;
  }

  /** The values the expression in tokens[from, to) may take in the context. */
  List<Value> eval(int from, int to, Context ctx, int depth) {
    return eval(from, to, ctx, depth, new HashSet<>());
  }

  private List<Value> eval(int from, int to, Context ctx, int depth, Set<String> open) {
    if (from >= to) {
      return List.of(Value.hole(Source.OTHER, "an empty expression"));
    }
    if (depth > PlBody.MAX_DEPTH) {
      return List.of(Value.hole(Source.OTHER, "an expression too deep to follow"));
    }
    List<int[]> operands = splitTop(from, to, "||");
    List<Value> acc = List.of(new Value(List.of()));
    for (int[] o : operands) {
      List<Value> next = new ArrayList<>();
      for (Value left : acc) {
        for (Value right : operand(o[0], o[1], ctx, depth, open)) {
          if (next.size() < PlBody.MAX_ALTERNATIVES) {
            next.add(left.concat(right));
          }
        }
      }
      acc = next;
    }
    return acc;
  }

  /** Ranges between top-level occurrences of the two-symbol operator (|| or ,). */
  List<int[]> splitTop(int from, int to, String op) {
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
    if (t.isSymbol("(") && body.closing(from, end) == end - 1) {
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
        && body.closing(from + 1, end) == end - 1) {
      return call(t.text(), from + 2, end - 1, ctx, depth, open);
    }
    if ((t.kind() == Kind.WORD || t.kind() == Kind.QUOTED) && n == 1) {
      String name = t.text();
      int param = body.params.indexOf(name);
      if (body.assigned.containsKey(name) && !open.contains(name)) {
        open.add(name);
        List<Value> out = new ArrayList<>();
        for (int[] r : body.assigned.get(name)) {
          for (Value v : eval(r[0], r[1], ctx, depth + 1, open)) {
            if (out.size() < PlBody.MAX_ALTERNATIVES) {
              out.add(v);
            }
          }
        }
        open.remove(name);
        if (body.readByQuery.containsKey(name)) {
          out.add(dataHole(name));
        }
        return out;
      }
      if (body.readByQuery.containsKey(name)) {
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
                  + body.lineOf(t.offset())
                  + ")"));
    }
    return List.of(Value.hole(Source.OTHER, "an expression at line " + body.lineOf(t.offset())));
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
        Source.DATA,
        name + " (read by a query at line " + body.lineOf(body.readByQuery.get(name)) + ")");
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
              if (next.size() < PlBody.MAX_ALTERNATIVES) {
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
      case "array_to_string",
          "array_remove",
          "array_append",
          "array_prepend",
          "array_cat",
          "string_agg" -> {
        // a list of names: read at run time (commonColumns read from pg_attribute, spliced in
        // as 'INSERT INTO h (' || array_to_string(commonColumns, ',') || ')'), it may hold any
        // column; say so, never take it for an expression that names nothing
        List<Value> out = new ArrayList<>();
        for (Value v : eval(args.get(0)[0], args.get(0)[1], ctx, depth + 1, open)) {
          Optional<Part> data =
              v.parts().stream().filter(x -> x.source() == Source.DATA).findFirst();
          if (data.isPresent() && out.size() < PlBody.MAX_ALTERNATIVES) {
            out.add(Value.hole(Source.DATA, fn + "() of " + data.get().text()));
          }
        }
        if (out.isEmpty()) {
          out.add(
              Value.hole(
                  Source.OTHER,
                  fn + "(...) at line " + body.lineOf(tokens.get(from - 2).offset())));
        }
        return out;
      }
      default -> {
        return List.of(
            Value.hole(
                Source.OTHER, fn + "(...) at line " + body.lineOf(tokens.get(from - 2).offset())));
      }
    }
  }

  private static Value quoteIdent(Value v) {
    if (v.known() && PlBody.Identifier.needsQuotes(v.text())) {
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
      for (int k = 0; k < values.size() && out.size() < PlBody.MAX_ALTERNATIVES; k++) {
        for (int a = 1; a < values.get(k).size() && out.size() < PlBody.MAX_ALTERNATIVES; a++) {
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
}
