package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.TriggerInfo;
import io.viewswap.check.PlBody.Context;
import io.viewswap.check.PlBody.Dynamic;
import io.viewswap.check.PlBody.NameUse;
import io.viewswap.check.PlBody.Part;
import io.viewswap.check.PlBody.Piece;
import io.viewswap.check.PlBody.Source;
import io.viewswap.check.PlBody.Value;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Identifiers;
import io.viewswap.spec.Position;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renamed names in function bodies stored as text (plpgsql, string-bodied SQL, other PLs), read as
 * code: a PL/pgSQL body is split into statements, each statement's relations (with their aliases)
 * are read, and a reference counts only where it resolves to the renamed object:
 *
 * <ul>
 *   <li>the table in a relation position ({@code FROM}, {@code JOIN}, {@code UPDATE}, {@code INSERT
 *       INTO}, {@code %ROWTYPE}, a declared row variable), or as a string used as a name ({@code
 *       'customer'::regclass}, {@code to_regclass('customer')}): blocker. A word that is the
 *       table's name elsewhere (a column, a field) does not count; the name only inside other text
 *       (a message, data) is a warning.
 *   <li>a column qualified by an alias of the table, by {@code NEW}/{@code OLD} of a trigger on it,
 *       by a row variable of its type, or unqualified in a statement that reads the table; or as an
 *       exact string ({@code to_jsonb(NEW) ->> 'full_name'}) in a function about the table.
 *   <li>names in SQL the body computes and runs ({@code EXECUTE}): constants, {@code ||}, {@code
 *       format()} with {@code %I}/{@code %s}/{@code %L}, {@code quote_ident}, variables, {@code
 *       TG_ARGV[n]} with the arguments of each trigger that calls the function, {@code
 *       TG_TABLE_NAME}/{@code TG_TABLE_SCHEMA}/{@code TG_RELID} of each trigger, parameters with
 *       the constant arguments of their calls in other bodies. A finding says how the name was
 *       computed. A name computed from what cannot be known (a value read from a table) that may be
 *       the renamed one is a warning naming the line.
 *   <li>a trigger function that tests which table fired it ({@code TG_TABLE_NAME = 'x'}, {@code
 *       LIKE}, {@code CASE TG_TABLE_NAME}) and would take another branch under the new name:
 *       blocker.
 * </ul>
 *
 * Other languages (plpython, plperl, ...) are searched as plain text.
 */
final class FunctionBodies {

  private static final Pattern REVIEWED =
      Pattern.compile(Pattern.quote(Checker.REVIEWED_MARK), Pattern.CASE_INSENSITIVE);

  /**
   * Words of SQL that a message rarely has in this combination: a string with one of them is read
   * as SQL.
   */
  static final Pattern SQL_LIKE =
      Pattern.compile(
          "(?is)\\b(select\\b.*\\bfrom|insert\\s+into|update\\b.*\\bset|delete\\s+from|truncate|copy\\b|alter\\s+table"
              + "|create\\b|drop\\b|returning|join\\b|where\\b|values\\s*\\(|from\\s+[\"%a-z_])");

  /** Words after which an alias cannot stand. */
  static final Set<String> NOT_ALIAS =
      Set.of(
          "where",
          "join",
          "on",
          "set",
          "left",
          "right",
          "inner",
          "full",
          "cross",
          "natural",
          "outer",
          "group",
          "order",
          "limit",
          "offset",
          "returning",
          "values",
          "select",
          "using",
          "lateral",
          "union",
          "for",
          "loop",
          "then",
          "and",
          "or",
          "into",
          "default",
          "having",
          "window",
          "except",
          "intersect",
          "fetch",
          "when",
          "as",
          "only",
          "tablesample",
          "with",
          "do",
          "execute",
          "strict",
          "not",
          "is",
          "in",
          "end",
          "else",
          "if");

  /** Functions whose FROM is no relation: extract(year from d), substring(s from 2). */
  private static final Set<String> FROM_IN_CALL =
      Set.of("extract", "substring", "trim", "overlay", "position", "btrim");

  /** How sure a reference is. */
  enum Kind2 {
    /** fails or reads NULL after the swap */
    BREAK,
    /** takes another branch after the swap */
    BRANCH,
    /** computed from something unknowable, may be the renamed name */
    UNKNOWN,
    /** the name inside text that is not used as a name */
    TEXT
  }

  /**
   * A reference found in a body.
   *
   * @param how for a computed name, how it was computed; empty for a name written in the body
   * @param argument the trigger whose argument the name was computed from, if any
   */
  record Hit(
      Kind2 kind,
      int line,
      String how,
      Optional<FunctionSource.Trigger> argument,
      int argumentNumber,
      String argumentText) {
    Hit(Kind2 kind, int line, String how, Optional<FunctionSource.Trigger> argument) {
      this(kind, line, how, argument, 0, "");
    }
  }

  private final Spec spec;
  private final CatalogSnapshot snap;
  private final Map<String, PlBody> bodies = new LinkedHashMap<>();

  FunctionBodies(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
    for (FunctionSource f : snap.functions()) {
      if (isParsed(f)) {
        try {
          bodies.put(f.signature(), new PlBody(withTriggers(f)));
        } catch (RuntimeException e) {
          // read as plain words instead (find() falls back for functions without a reading)
        }
      }
    }
  }

  /** Whether the function's body is read as code here (its trigger arguments are followed). */
  boolean reads(String signature) {
    return bodies.containsKey(signature);
  }

  /**
   * The function with its triggers: from the snapshot's functions, or (older snapshot files) from
   * the trigger arguments read for the spec's tables.
   */
  private FunctionSource withTriggers(FunctionSource f) {
    if (!f.triggers().isEmpty()) {
      return f;
    }
    List<FunctionSource.Trigger> found = new ArrayList<>();
    for (TriggerInfo t : snap.textReferences().triggers()) {
      if (t.function().equals(f.signature())) {
        found.add(new FunctionSource.Trigger(t.name(), t.table(), t.arguments()));
      }
    }
    for (QualifiedName table : f.triggerTables()) {
      if (found.stream().noneMatch(t -> t.table().equals(table))) {
        found.add(new FunctionSource.Trigger("?", table, List.of()));
      }
    }
    return new FunctionSource(
        f.signature(),
        f.language(),
        f.source(),
        f.triggerTables(),
        f.argNames(),
        found,
        f.extensionMember());
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (FunctionSource f : snap.functions()) {
      boolean reviewed = REVIEWED.matcher(f.source()).find();
      PlBody body = bodies.get(f.signature());
      if (body == null) {
        plain(f, r, reviewed, found);
        continue;
      }
      Map<String, Hit> hits = new LinkedHashMap<>();
      try {
        List<Context> contexts = contexts(body);
        Reading reading = new Reading(body, r, contexts);
        if (r.renamesTable()) {
          reading.table().ifPresent(h -> hits.put(r.table().name(), h));
        }
        for (ColumnRename c : r.columns()) {
          reading.column(c.from()).ifPresent(h -> hits.put(c.from(), h));
        }
      } catch (RuntimeException e) {
        // a body this reading cannot follow: fall back to its words, never to silence
        plain(f, r, reviewed, found);
        continue;
      }
      for (Map.Entry<String, Hit> e : hits.entrySet()) {
        // An extension's own functions compute names from their configuration tables for every
        // table they manage (pg_partman's partman.*): that they cannot be followed says nothing
        // about this rename. What an extension keeps as text is checked by its own rule
        // (partman-config, cron-job), and a name such a function writes out is still a finding.
        if (e.getValue().kind() == Kind2.UNKNOWN && f.extensionMember()) {
          continue;
        }
        found.add(finding(f, r, e.getKey(), e.getValue(), reviewed));
      }
    }
    return found;
  }

  /** Other languages: the names as words of the text. */
  private void plain(FunctionSource f, TableRename r, boolean reviewed, List<Finding> found) {
    Body body = Body.plain(f.source());
    Optional<Integer> tableAt = body.tableInCode(r.table());
    boolean related =
        tableAt.isPresent()
            || f.triggerTables().contains(r.table())
            || rowTypeArgument(f, r.table());
    if (r.renamesTable() && tableAt.isPresent()) {
      found.add(
          finding(
              f,
              r,
              r.table().name(),
              new Hit(Kind2.BREAK, body.lineOf(tableAt.get()), "", Optional.empty()),
              reviewed));
    }
    for (ColumnRename c : r.columns()) {
      Optional<Integer> at = body.column(c.from(), r.table(), false);
      if (at.isPresent() && (related || (body.usesNewOrOld() && f.triggerTables().isEmpty()))) {
        found.add(
            finding(
                f,
                r,
                c.from(),
                new Hit(Kind2.BREAK, body.lineOf(at.get()), "", Optional.empty()),
                reviewed));
      }
    }
  }

  /**
   * The ways the function runs: once per trigger that calls it; else once per call with constant
   * arguments in another body; else with nothing known.
   */
  private List<Context> contexts(PlBody body) {
    List<Context> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (FunctionSource.Trigger t : body.function.triggers()) {
      if (seen.add(t.table() + "\u0000" + t.arguments())) {
        out.add(new Context(Optional.of(t), Map.of()));
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    if (!body.params.isEmpty()) {
      String name = body.function.bareName();
      for (PlBody caller : bodies.values()) {
        if (caller == body || !caller.source.toLowerCase(Locale.ROOT).contains(name)) {
          continue;
        }
        List<Context> callerContexts = new ArrayList<>();
        for (FunctionSource.Trigger t : caller.function.triggers()) {
          callerContexts.add(new Context(Optional.of(t), Map.of()));
        }
        if (callerContexts.isEmpty()) {
          callerContexts.add(Context.NONE);
        }
        for (Context cc : callerContexts) {
          for (Map<Integer, List<Value>> args :
              caller.callsOf(name, cc, caller.function.signature())) {
            boolean any =
                args.values().stream()
                    .flatMap(List::stream)
                    .anyMatch(v -> v.parts().stream().anyMatch(Part::known));
            if (any && out.size() < 32) {
              out.add(new Context(Optional.empty(), args));
            }
          }
        }
      }
    }
    if (out.isEmpty()) {
      out.add(Context.NONE);
    }
    return out;
  }

  /** The reading of one body for one rename. */
  private final class Reading {
    final PlBody body;
    final TableRename r;
    final List<Context> contexts;
    final List<Token> tokens;

    /** string tokens that a test of which table fired the trigger consumed */
    final Set<Integer> tested = new java.util.HashSet<>();

    Reading(PlBody body, TableRename r, List<Context> contexts) {
      this.body = body;
      this.r = r;
      this.contexts = contexts;
      this.tokens = body.tokens;
    }

    /**
     * Whether the function may fire as a trigger on the renamed table (or its triggers are not
     * known).
     */
    boolean triggerOnTable() {
      return body.function.triggers().stream().anyMatch(t -> t.table().equals(r.table()));
    }

    boolean triggersUnknown() {
      return body.function.triggers().isEmpty();
    }

    Optional<Hit> table() {
      Hit best = null;
      // tests of which table fired the trigger
      best = better(best, branches());
      for (Piece p : body.pieces) {
        Statement st = new Statement(tokens, p.from(), p.to(), p.declare(), true);
        for (Rel rel : st.rels) {
          Match m = matchesTable(rel, null, 0);
          if (m == Match.YES) {
            best =
                better(
                    best,
                    new Hit(
                        Kind2.BREAK,
                        body.lineOf(tokens.get(rel.token).offset()),
                        "",
                        Optional.empty()));
          }
        }
        for (int i = p.from(); i < p.to(); i++) {
          Token t = tokens.get(i);
          if (t.kind() != Kind.STRING
              || tested.contains(i)
              || !NameText.namesTable(t.text(), r.table())) {
            continue;
          }
          boolean usedAsName =
              (i + 2 < p.to()
                      && tokens.get(i + 1).isSymbol("::")
                      && tokens.get(i + 2).isWord("regclass"))
                  || (i > 1
                      && tokens.get(i - 1).isSymbol("(")
                      && (tokens.get(i - 2).isWord("to_regclass")
                          || tokens.get(i - 2).isWord("quote_ident")));
          best =
              better(
                  best,
                  new Hit(
                      usedAsName ? Kind2.BREAK : Kind2.TEXT,
                      body.lineOf(t.offset()),
                      "",
                      Optional.empty()));
        }
        if (best == null || best.kind() != Kind2.BREAK) {
          Matcher m = CatalogReader.javaWordPattern(r.table().name()).matcher("");
          for (int i = p.from(); i < p.to(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.STRING
                && !SQL_LIKE.matcher(t.text()).find()
                && m.reset(t.text()).find()) {
              best =
                  better(
                      best,
                      new Hit(
                          Kind2.TEXT, body.lineOf(t.offset() + m.start()), "", Optional.empty()));
            }
          }
        }
      }
      for (Context ctx : contexts) {
        for (Dynamic d : body.dynamics(ctx)) {
          List<Token> dt = SqlText.tokens(d.sql().text());
          for (int[] range : statements(dt)) {
            Statement st = new Statement(dt, range[0], range[1], false, false);
            for (Rel rel : st.rels) {
              Token t = dt.get(rel.token);
              Match m = matchesTable(rel, d.sql(), t.offset());
              if (m == Match.NO) {
                continue;
              }
              String how = how(d.sql(), t);
              best = better(best, hit(m, body.lineOf(d.offset()), how, d.sql(), t));
            }
          }
        }
        for (NameUse u : body.nameUses(ctx)) {
          if (u.column()) {
            continue;
          }
          Value v = u.name();
          String text = v.text();
          String how = v.how(0, text.length());
          if (v.known() && NameText.namesTable(text, r.table())) {
            best = better(best, hit(Match.YES, body.lineOf(u.offset()), how, v, null));
          } else if (!v.known() && mayBe(lastPart(text), r.table().name())) {
            best =
                better(
                    best, new Hit(Kind2.UNKNOWN, body.lineOf(u.offset()), how, Optional.empty()));
          }
        }
      }
      return Optional.ofNullable(best);
    }

    private String lastPart(String text) {
      int dot = text.lastIndexOf('.');
      return (dot >= 0 ? text.substring(dot + 1) : text).replace("\"", "");
    }

    /**
     * A hit for a matching relation: from a trigger argument, the trigger's table, or otherwise.
     */
    private Hit hit(Match m, int line, String how, Value v, Token t) {
      if (m == Match.MAYBE) {
        return new Hit(Kind2.UNKNOWN, line, how, Optional.empty());
      }
      Optional<FunctionSource.Trigger> arg = Optional.empty();
      List<Part> parts = t == null ? v.parts() : v.partsIn(t.offset(), t.offset() + width(t));
      for (Part p : parts) {
        if (p.source() == Source.TRIGGER_ARGUMENT) {
          for (FunctionSource.Trigger tr : body.function.triggers()) {
            if (p.origin().startsWith("trigger " + tr.name() + " on " + tr.table() + ",")) {
              arg = Optional.of(tr);
              String n = p.origin().substring(p.origin().lastIndexOf(' ') + 1);
              return new Hit(
                  Kind2.BREAK,
                  line,
                  how,
                  arg,
                  n.matches("\\d+") ? Integer.parseInt(n) : 0,
                  p.text());
            }
          }
        }
      }
      return new Hit(Kind2.BREAK, line, how, arg);
    }

    enum Match {
      YES,
      MAYBE,
      NO
    }

    /**
     * Whether the relation is the renamed table. A name that is the trigger's own table through
     * TG_TABLE_NAME follows the rename; a name built from it changes with it.
     */
    private Match matchesTable(Rel rel, Value v, int offset) {
      String name = rel.name;
      if (rel.schema != null
          && !rel.schema.equals(r.table().schema())
          && rel.schema.indexOf(SqlText.HOLE) < 0) {
        return Match.NO;
      }
      if (name.indexOf(SqlText.HOLE) >= 0) {
        if (v == null) {
          return Match.NO;
        }
        boolean data =
            v.partsIn(offset, offset + name.length()).stream()
                .anyMatch(p -> p.source() == Source.DATA);
        boolean partial = !name.equals(String.valueOf(SqlText.HOLE));
        return (partial || data) && mayBe(name, r.table().name()) ? Match.MAYBE : Match.NO;
      }
      if (v != null) {
        Token tok = null;
        List<Part> parts = v.partsIn(offset, offset + name.length() + (rel.quoted ? 2 : 0));
        boolean fromTriggerTable = parts.stream().anyMatch(p -> p.source() == Source.TRIGGER_TABLE);
        if (fromTriggerTable) {
          boolean whole =
              parts.size() == 1
                  || parts.stream()
                      .allMatch(p -> p.source() == Source.TRIGGER_TABLE || p.text().equals("\""));
          boolean ours =
              body.function.triggers().stream().anyMatch(t -> t.table().equals(r.table()));
          if (whole) {
            return Match.NO; // TG_TABLE_NAME itself: the new name after the rename
          }
          if (ours
              && parts.stream()
                  .anyMatch(
                      p ->
                          p.source() == Source.TRIGGER_TABLE
                              && p.text().equals(r.table().name()))) {
            return Match.YES; // built from the renamed table's name: it changes with it
          }
        }
      }
      return name.equals(r.table().name()) ? Match.YES : Match.NO;
    }

    /** Tests of which table fired the trigger that give another answer under the new name. */
    private Hit branches() {
      if (!r.renamesTable() || !(triggerOnTable() || triggersUnknown())) {
        return null;
      }
      String oldName = r.table().name();
      String newName = r.newName().get();
      Hit best = null;
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (!(t.isWord("tg_table_name") || t.isWord("tg_relname") || t.isWord("tg_relid"))) {
          continue;
        }
        List<int[]> tests = new ArrayList<>(); // {string token, operator kind}
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
                  tests.add(new int[] {k, 1});
                }
              }
            } else if (s < tokens.size() && tokens.get(s).kind() == Kind.STRING) {
              tests.add(new int[] {s, op});
            }
          }
        }
        // 'x' = TG_TABLE_NAME
        if (i > 1 && tokens.get(i - 1).isSymbol("=") && tokens.get(i - 2).kind() == Kind.STRING) {
          tests.add(new int[] {i - 2, 1});
        }
        // CASE TG_TABLE_NAME WHEN 'x'
        if (i > 0 && tokens.get(i - 1).isWord("case")) {
          int depth = 0;
          for (int k = i + 1; k < tokens.size() && k < i + 2000; k++) {
            Token w = tokens.get(k);
            if (w.isWord("case")) {
              depth++;
            } else if (w.isWord("end")
                && k + 1 < tokens.size()
                && tokens.get(k + 1).isWord("case")) {
              if (depth == 0) {
                break;
              }
              depth--;
            } else if (depth == 0 && w.isWord("when")) {
              for (int s = k + 1; s < tokens.size() && !tokens.get(s).isWord("then"); s++) {
                if (tokens.get(s).kind() == Kind.STRING) {
                  tests.add(new int[] {s, 1});
                }
              }
            }
          }
        }
        for (int[] test : tests) {
          Token s = tokens.get(test[0]);
          tested.add(test[0]);
          String value = s.text();
          if (t.isWord("tg_relid")) {
            Optional<List<String>> parts = NameText.parts(value);
            value = parts.map(l -> l.get(l.size() - 1)).orElse(value);
          }
          boolean before = holds(test[1], value, oldName);
          boolean after = holds(test[1], value, newName);
          if (before != after) {
            String expr =
                t.text().toUpperCase(Locale.ROOT)
                    + " "
                    + opName(test[1])
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
      }
      return best;
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

    Optional<Hit> column(String column) {
      Hit best = null;
      boolean related = relatedToTable();
      for (Piece p : body.pieces) {
        Statement st = new Statement(tokens, p.from(), p.to(), p.declare(), true);
        for (int i = p.from(); i < p.to(); i++) {
          Token t = tokens.get(i);
          if (t.kind() == Kind.STRING) {
            if (t.text().equals(column) && related) {
              best =
                  better(best, new Hit(Kind2.BREAK, body.lineOf(t.offset()), "", Optional.empty()));
            }
            continue;
          }
          if (!t.names(column) || st.isRelationToken(i)) {
            continue;
          }
          Match m = columnRef(st, tokens, i, null);
          if (m == Match.YES) {
            best =
                better(best, new Hit(Kind2.BREAK, body.lineOf(t.offset()), "", Optional.empty()));
          }
        }
      }
      for (Context ctx : contexts) {
        for (Dynamic d : body.dynamics(ctx)) {
          List<Token> dt = SqlText.tokens(d.sql().text());
          for (int[] range : statements(dt)) {
            Statement st = new Statement(dt, range[0], range[1], false, false);
            for (int i = range[0]; i < range[1]; i++) {
              Token t = dt.get(i);
              boolean exact = t.names(column);
              boolean partial =
                  !exact
                      && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED)
                      && t.text().indexOf(SqlText.HOLE) >= 0
                      && (!t.text().equals(String.valueOf(SqlText.HOLE))
                          || d.sql().partsIn(t.offset(), t.offset() + 1).stream()
                              .anyMatch(x -> x.source() == Source.DATA))
                      && mayBe(t.text(), column);
              if (!(exact || partial) || st.isRelationToken(i)) {
                continue;
              }
              Match m = columnRef(st, dt, i, ctx);
              if (m == Match.NO) {
                continue;
              }
              String how = how(d.sql(), t);
              Token on = null;
              for (Rel rel : st.visibleAt(i)) {
                Token rt = dt.get(rel.token);
                if (on == null && matchesTable(rel, d.sql(), rt.offset()) != Match.NO) {
                  on = rt;
                }
              }
              if (on != null && !(d.sql().known() && d.sql().parts().size() == 1)) {
                how +=
                    " on " + d.sql().how(on.offset(), on.offset() + width(on)) + " = " + on.text();
              }
              Hit h =
                  partial
                      ? new Hit(Kind2.UNKNOWN, body.lineOf(d.offset()), how, Optional.empty())
                      : hit(m, body.lineOf(d.offset()), how, d.sql(), t);
              if (on != null && !partial && h.argument().isEmpty()) {
                Hit viaTable = hit(m, body.lineOf(d.offset()), how, d.sql(), on);
                h = viaTable.argument().isPresent() ? viaTable : h;
              }
              best = better(best, h);
            }
          }
        }
        for (NameUse u : body.nameUses(ctx)) {
          if (!u.column()) {
            continue;
          }
          Value v = u.name();
          boolean onTable = ctx.trigger().map(tr -> tr.table().equals(r.table())).orElse(related);
          if (v.known() && v.text().equals(column) && onTable) {
            best =
                better(
                    best,
                    hit(Match.YES, body.lineOf(u.offset()), v.how(0, v.text().length()), v, null));
          }
        }
      }
      return Optional.ofNullable(best);
    }

    /** The function is about the table: names it, fires on it, takes its row type. */
    private boolean relatedToTable() {
      if (triggerOnTable() || rowTypeArgument(body.function, r.table())) {
        return true;
      }
      for (Piece p : body.pieces) {
        Statement st = new Statement(tokens, p.from(), p.to(), p.declare(), true);
        for (Rel rel : st.rels) {
          if (matchesTable(rel, null, 0) == Match.YES) {
            return true;
          }
        }
      }
      for (Token t : tokens) {
        if (t.kind() == Kind.STRING && NameText.namesTable(t.text(), r.table())) {
          return true;
        }
      }
      return triggersUnknown() && usesRow();
    }

    private boolean usesRow() {
      for (int i = 0; i + 1 < tokens.size(); i++) {
        if ((tokens.get(i).isWord("new") || tokens.get(i).isWord("old"))
            && tokens.get(i + 1).isSymbol(".")) {
          return true;
        }
      }
      return false;
    }

    /** Whether the word at i is the renamed table's column. */
    private Match columnRef(Statement st, List<Token> ts, int i, Context ctx) {
      if (i + 1 < st.to && ts.get(i + 1).isSymbol("(")) {
        return Match.NO; // a function call
      }
      if (i + 1 < st.to && ts.get(i + 1).isSymbol(".")) {
        return Match.NO; // a qualifier itself
      }
      if (i - 2 >= st.from && ts.get(i - 1).isSymbol(".")) {
        Token q = ts.get(i - 2);
        String qualifier = q.text();
        if (q.kind() == Kind.WORD && (qualifier.equals("new") || qualifier.equals("old"))) {
          if (ctx != null && ctx.trigger().isPresent()) {
            return ctx.trigger().get().table().equals(r.table()) ? Match.YES : Match.NO;
          }
          return triggerOnTable() || triggersUnknown() ? Match.YES : Match.NO;
        }
        if (q.isSymbol(")")
            || (q.kind() == Kind.SYMBOL && i - 3 >= st.from && ts.get(i - 3).isSymbol("$"))) {
          // ($1).col, $1.col: a row passed in (NEW with USING, or a row-type argument)
          boolean trigger =
              ctx != null
                  ? ctx.trigger().map(tr -> tr.table().equals(r.table())).orElse(false)
                  : triggerOnTable();
          return trigger || rowTypeArgument(body.function, r.table()) ? Match.YES : Match.NO;
        }
        Rel rel = st.byAlias.get(qualifier);
        if (rel != null) {
          return matchesTable(rel, null, 0) == Match.YES ? Match.YES : Match.NO;
        }
        if (body.rowOf.containsKey(qualifier)) {
          return body.rowOf.get(qualifier).equals(r.table().name()) ? Match.YES : Match.NO;
        }
        if (body.boundTo.containsKey(qualifier)) {
          Piece b = body.boundTo.get(qualifier);
          Statement bound = new Statement(body.tokens, b.from(), b.to(), false, true);
          if (bound.rels.isEmpty()) {
            return relatedToTable() ? Match.YES : Match.NO;
          }
          return bound.rels.stream().anyMatch(x -> matchesTable(x, null, 0) == Match.YES)
              ? Match.YES
              : Match.NO;
        }
        if (q.names(r.table().name())) {
          return Match.YES; // customer.full_name%TYPE, or the table's own name as qualifier
        }
        int param = body.params.indexOf(qualifier);
        if (param >= 0) {
          return rowTypeArgument(body.function, r.table()) ? Match.YES : Match.NO;
        }
        return Match.NO;
      }
      // unqualified: a column of a relation visible where it stands (its subquery or an enclosing
      // one)
      boolean maybe = false;
      for (Rel rel : st.visibleAt(i)) {
        Match m = matchesTable(rel, null, 0);
        if (m == Match.YES) {
          return Match.YES;
        }
        if (rel.name.indexOf(SqlText.HOLE) >= 0) {
          maybe = true;
        }
      }
      if (ctx != null && maybe) {
        return Match.MAYBE;
      }
      return Match.NO;
    }
  }

  /** How the token was computed; empty for SQL written whole in the body. */
  private static String how(Value sql, Token t) {
    return sql.known() && sql.parts().size() == 1 ? "" : sql.how(t.offset(), t.offset() + width(t));
  }

  /** The width of a token in the text it was read from. */
  private static int width(Token t) {
    return t.kind() == Kind.QUOTED ? t.text().length() + 2 : t.text().length();
  }

  /** Whether a name with holes ({@code \uE000_history}) may be the name. */
  static boolean mayBe(String pattern, String name) {
    StringBuilder re = new StringBuilder();
    for (String piece : pattern.split(String.valueOf(SqlText.HOLE), -1)) {
      if (re.length() > 0 || pattern.startsWith(String.valueOf(SqlText.HOLE))) {
        re.append(".*");
      }
      re.append(Pattern.quote(piece));
    }
    if (pattern.startsWith(String.valueOf(SqlText.HOLE)) && re.toString().startsWith(".*.*")) {
      re.delete(0, 2);
    }
    return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(name).matches();
  }

  private static Hit better(Hit a, Hit b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.kind().ordinal() < a.kind().ordinal() ? b : a;
  }

  /** Statement ranges of a computed SQL text: split at top-level semicolons. */
  private static List<int[]> statements(List<Token> ts) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int depth = 0;
    for (int i = 0; i < ts.size(); i++) {
      Token t = ts.get(i);
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        depth--;
      } else if (t.isSymbol(";") && depth <= 0) {
        out.add(new int[] {start, i});
        start = i + 1;
      }
    }
    out.add(new int[] {start, ts.size()});
    return out;
  }

  /** A relation of a statement: its name, its schema if written, its alias. */
  static final class Rel {
    final String schema;
    final String name;
    final boolean quoted;
    final int token;

    Rel(String schema, String name, boolean quoted, int token) {
      this.schema = schema;
      this.name = name;
      this.quoted = quoted;
      this.token = token;
    }
  }

  /** The relations one statement reads or writes, and the names it calls them by. */
  static final class Statement {
    final int from;
    final int to;
    final List<Rel> rels = new ArrayList<>();
    final Map<String, Rel> byAlias = new HashMap<>();
    private final Set<Integer> relationTokens = new java.util.HashSet<>();

    /** For each token, the index of the innermost parenthesis open around it (-1: none). */
    private final int[] group;

    /** For each opening parenthesis, the one around it (-1: none). */
    private final Map<Integer, Integer> parent = new HashMap<>();

    Statement(List<Token> ts, int from, int to, boolean declare, boolean pl) {
      this.from = from;
      this.to = to;
      this.group = new int[Math.max(0, to - from)];
      java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
      for (int i = from; i < to; i++) {
        Token t = ts.get(i);
        if (t.isSymbol(")") && !open.isEmpty()) {
          open.pop();
        }
        group[i - from] = open.isEmpty() ? -1 : open.peek();
        if (t.isSymbol("(")) {
          parent.put(i, open.isEmpty() ? -1 : open.peek());
          open.push(i);
        }
      }
      if (from >= to) {
        return;
      }
      Token first = ts.get(from);
      if (first.isWord("fetch")
          || first.isWord("move")
          || first.isWord("close")
          || first.isWord("raise")) {
        return;
      }
      boolean ddl =
          first.isWord("create")
              || first.isWord("drop")
              || first.isWord("alter")
              || first.isWord("comment")
              || first.isWord("grant")
              || first.isWord("revoke");
      if (declare && pl && from + 1 < to) {
        // name [constant] type: the type may be a table's row type
        int k = from + 1;
        if (ts.get(k).isWord("constant")) {
          k++;
        }
        boolean typeRef = false;
        for (int j = k; j < to; j++) {
          typeRef |= ts.get(j).isSymbol("%");
        }
        if (k < to && !typeRef && !ts.get(k).isWord("alias") && !ts.get(k).isWord("cursor")) {
          relation(ts, k, false);
        }
      }
      for (int i = from; i < to; i++) {
        Token t = ts.get(i);
        if (t.isSymbol("%")
            && i + 1 < to
            && (ts.get(i + 1).isWord("rowtype") || ts.get(i + 1).isWord("type"))) {
          // t%ROWTYPE, t.col%TYPE, s.t.col%TYPE
          int k = i - 1;
          List<Integer> names = new ArrayList<>();
          while (k >= from && (ts.get(k).kind() == Kind.WORD || ts.get(k).kind() == Kind.QUOTED)) {
            names.add(0, k);
            if (k - 1 >= from && ts.get(k - 1).isSymbol(".")) {
              k -= 2;
            } else {
              break;
            }
          }
          boolean rowtype = ts.get(i + 1).isWord("rowtype");
          int relIndex = rowtype ? names.size() - 1 : names.size() - 2;
          if (relIndex >= 0) {
            int at = names.get(relIndex);
            String schema = relIndex > 0 ? ts.get(names.get(relIndex - 1)).text() : null;
            add(new Rel(schema, ts.get(at).text(), ts.get(at).kind() == Kind.QUOTED, at), null);
          }
          continue;
        }
        if (t.isSymbol("::")
            && i + 1 < to
            && (ts.get(i + 1).kind() == Kind.WORD || ts.get(i + 1).kind() == Kind.QUOTED)) {
          // a cast to a table's row type
          relation(ts, i + 1, false);
          continue;
        }
        if (t.kind() != Kind.WORD) {
          continue;
        }
        Token prev = i > from ? ts.get(i - 1) : null;
        boolean opens;
        boolean list = false;
        switch (t.text()) {
          case "from" -> {
            opens = !(prev != null && prev.isWord("distinct")) && !inCall(ts, from, i);
            list = true;
          }
          case "join" -> opens = true;
          case "update" ->
              opens =
                  !(prev != null
                      && (prev.isWord("for")
                          || prev.isWord("on")
                          || prev.isWord("do")
                          || prev.isWord("key")
                          || prev.isWord("no")));
          case "into" -> opens = prev != null && (prev.isWord("insert") || prev.isWord("merge"));
          case "table" ->
              opens =
                  prev != null
                      && (prev.isWord("create")
                          || prev.isWord("alter")
                          || prev.isWord("lock")
                          || prev.isWord("truncate")
                          || prev.isWord("drop")
                          || prev.isWord("temp")
                          || prev.isWord("temporary")
                          || prev.isWord("unlogged")
                          || prev.isWord("on"));
          case "truncate", "lock", "references", "copy" ->
              opens = i + 1 < to && !ts.get(i + 1).isWord("table");
          case "on" -> opens = ddl && !(prev != null && prev.isWord("grant"));
          default -> opens = false;
        }
        if (!opens) {
          continue;
        }
        int k = i + 1;
        do {
          while (k < to
              && (ts.get(k).isWord("only")
                  || ts.get(k).isWord("lateral")
                  || ts.get(k).isWord("if")
                  || ts.get(k).isWord("not")
                  || ts.get(k).isWord("exists"))) {
            k++;
          }
          k = relation(ts, k, t.isWord("from") || t.isWord("join"));
          if (k < 0) {
            break;
          }
          if (list && k < to && ts.get(k).isSymbol(",")) {
            k++;
          } else {
            break;
          }
        } while (k < to);
      }
    }

    /** FROM inside extract(...), substring(...): no relation. */
    private static boolean inCall(List<Token> ts, int from, int i) {
      int depth = 0;
      for (int j = i - 1; j >= from; j--) {
        if (ts.get(j).isSymbol(")")) {
          depth++;
        } else if (ts.get(j).isSymbol("(")) {
          if (depth == 0) {
            return j > from
                && ts.get(j - 1).kind() == Kind.WORD
                && FROM_IN_CALL.contains(ts.get(j - 1).text());
          }
          depth--;
        }
      }
      return false;
    }

    /** Reads [schema.]name [[AS] alias] at k; returns the index after it, or -1. */
    private int relation(List<Token> ts, int k, boolean callable) {
      if (k >= to || !(ts.get(k).kind() == Kind.WORD || ts.get(k).kind() == Kind.QUOTED)) {
        return -1;
      }
      if (ts.get(k).kind() == Kind.WORD && NOT_ALIAS.contains(ts.get(k).text())) {
        return -1;
      }
      String schema = null;
      int at = k;
      while (at + 2 < to
          && ts.get(at + 1).isSymbol(".")
          && (ts.get(at + 2).kind() == Kind.WORD || ts.get(at + 2).kind() == Kind.QUOTED)) {
        schema = ts.get(at).text();
        at += 2;
      }
      int next = at + 1;
      if (callable && next < to && ts.get(next).isSymbol("(")) {
        return -1; // a set-returning function
      }
      Rel rel = new Rel(schema, ts.get(at).text(), ts.get(at).kind() == Kind.QUOTED, at);
      String alias = null;
      if (next < to && ts.get(next).isWord("as")) {
        next++;
      }
      if (next < to
          && (ts.get(next).kind() == Kind.QUOTED
              || (ts.get(next).kind() == Kind.WORD
                  && !NOT_ALIAS.contains(ts.get(next).text())
                  && !ts.get(next).text().equals("natural")))) {
        alias = ts.get(next).text();
        relationTokens.add(next);
        next++;
      }
      add(rel, alias);
      return next;
    }

    private void add(Rel rel, String alias) {
      rels.add(rel);
      relationTokens.add(rel.token);
      byAlias.put(rel.name, rel);
      if (alias != null) {
        byAlias.put(alias, rel);
      }
    }

    boolean isRelationToken(int i) {
      return relationTokens.contains(i);
    }

    /** The relations whose FROM clause encloses token i: its own subquery's and the outer ones. */
    List<Rel> visibleAt(int i) {
      Set<Integer> chain = new java.util.HashSet<>();
      int g = group[i - from];
      chain.add(g);
      while (g >= 0) {
        g = parent.getOrDefault(g, -1);
        chain.add(g);
      }
      List<Rel> out = new ArrayList<>();
      for (Rel rel : rels) {
        if (chain.contains(group[rel.token - from])) {
          out.add(rel);
        }
      }
      return out;
    }
  }

  private static boolean isParsed(FunctionSource f) {
    return f.language().equals("plpgsql") || f.language().equals("sql");
  }

  /**
   * A function taking or returning the table's row type ({@code f(c customer)}) reads its columns
   * by name.
   */
  private static boolean rowTypeArgument(FunctionSource f, QualifiedName table) {
    int paren = f.signature().indexOf('(');
    return paren >= 0
        && CatalogReader.javaWordPattern(table.name())
            .matcher(f.signature().substring(paren))
            .find();
  }

  private Finding finding(FunctionSource f, TableRename r, String name, Hit hit, boolean reviewed) {
    Position at = r.position();
    for (ColumnRename c : r.columns()) {
      if (c.from().equals(name) && !(r.renamesTable() && name.equals(r.table().name()))) {
        at = r.position();
      }
    }
    String what =
        "function "
            + f.signature()
            + " ("
            + f.language()
            + ") names \""
            + name
            + "\" at line "
            + hit.line()
            + " of its body"
            + (hit.how().isEmpty()
                ? ""
                : ", in SQL it computes: " + NameText.printable(hit.how(), 300) + " = " + name);
    switch (hit.kind()) {
      case TEXT -> {
        return new Finding(
            Severity.WARNING,
            FindingCode.FUNCTION_BODY_TEXT,
            new Diagnostic(
                spec.file(),
                at,
                what + ", inside a string that is not SQL nor used as a name",
                "if it is a message, nothing breaks; if the string is used as a name, change it at the swap"));
      }
      case UNKNOWN -> {
        return new Finding(
            Severity.WARNING,
            FindingCode.FUNCTION_BODY_UNKNOWN,
            new Diagnostic(
                spec.file(),
                at,
                "function "
                    + f.signature()
                    + " ("
                    + f.language()
                    + ") computes a name at line "
                    + hit.line()
                    + " of its body from "
                    + NameText.printable(hit.how(), 300)
                    + ": viewswap cannot know its value before it runs, and it may be \""
                    + name
                    + "\"",
                "if it can be, make the function work under both names and add the comment `"
                    + Checker.REVIEWED_MARK
                    + "` to its body, or change what it reads at the swap"));
      }
      case BRANCH -> {
        String m =
            "function "
                + f.signature()
                + " ("
                + f.language()
                + ") tests which table fired it at line "
                + hit.line()
                + " of its body: "
                + hit.how()
                + ", so after the swap it silently takes another branch (no error, other rows)";
        return reviewed
            ? new Finding(
                Severity.WARNING,
                FindingCode.FUNCTION_BODY_REVIEWED,
                new Diagnostic(
                    spec.file(),
                    at,
                    m + "; it is marked " + Checker.REVIEWED_MARK + ", so it is not a blocker",
                    "make sure it works under both names, since it runs before and after the swap"))
            : new Finding(
                Severity.BLOCKER,
                FindingCode.FUNCTION_BODY,
                new Diagnostic(
                    spec.file(),
                    at,
                    m,
                    "test both names (TG_TABLE_NAME IN ('old', 'new')) before the swap, or add the comment `"
                        + Checker.REVIEWED_MARK
                        + "` to its body once it does"));
      }
      default -> {
        // BREAK
      }
    }
    if (hit.argument().isPresent()) {
      FunctionSource.Trigger t = hit.argument().get();
      String m =
          "trigger "
              + Identifiers.display(t.name())
              + " on "
              + t.table()
              + " passes '"
              + NameText.printable(hit.argumentText(), 80)
              + "' as argument "
              + hit.argumentNumber()
              + " (TG_ARGV["
              + (hit.argumentNumber() - 1)
              + "]) to "
              + f.signature()
              + ", which makes a name of it at line "
              + hit.line()
              + " of its body: "
              + NameText.printable(hit.how(), 300)
              + " = "
              + name
              + (name.equals(r.table().name()) && r.renamesTable()
                  ? ", the table "
                      + r.table()
                      + ", renamed to "
                      + Identifiers.display(r.newName().get())
                  : ", the column \"" + name + "\" of " + r.table());
      String hint =
          "trigger arguments are text a rename does not update; drop the trigger and create it with the new name in"
              + " the swap's transaction (edit the exported 02-swap.sql and its rollback)";
      return reviewed
          ? new Finding(
              Severity.WARNING,
              FindingCode.TRIGGER_ARGUMENT_REVIEWED,
              new Diagnostic(
                  spec.file(),
                  at,
                  m
                      + "; its function is marked "
                      + Checker.REVIEWED_MARK
                      + ", so it is not a blocker",
                  "make sure it works under both names, since it runs before and after the swap"))
          : new Finding(
              Severity.BLOCKER,
              FindingCode.TRIGGER_ARGUMENT,
              new Diagnostic(
                  spec.file(),
                  at,
                  m
                      + "; after the swap the trigger fails (every write to the table that fires it fails with it)",
                  hint));
    }
    if (reviewed) {
      return new Finding(
          Severity.WARNING,
          FindingCode.FUNCTION_BODY_REVIEWED,
          new Diagnostic(
              spec.file(),
              at,
              what + "; it is marked " + Checker.REVIEWED_MARK + ", so it is not a blocker",
              "make sure it works under both names, since it runs before and after the swap"));
    }
    return new Finding(
        Severity.BLOCKER,
        FindingCode.FUNCTION_BODY,
        new Diagnostic(
            spec.file(),
            at,
            what
                + "; its text is not updated by a rename, so it fails (or silently reads NULL) after the swap",
            fixHint(f)));
  }

  /**
   * A hint that can be followed: only a LANGUAGE sql function can become BEGIN ATOMIC (whose names
   * then follow the rename); any function, a plpgsql trigger function above all, can be replaced at
   * the swap by the spec's own SQL, in the swap's transaction, and put back by its rollback.
   */
  static String fixHint(FunctionSource f) {
    String replace =
        "replace it at the swap with the spec's own SQL, e.g. sql: {swap: {forward: \"CREATE OR"
            + " REPLACE FUNCTION "
            + f.signature()
            + " ... (its body with the new names)\", inverse: \"CREATE OR REPLACE FUNCTION "
            + f.signature()
            + " ... (its body as it is now)\"}}";
    String reviewed =
        "or make it work under both names and add the comment `"
            + Checker.REVIEWED_MARK
            + "` to its body";
    return f.language().equals("sql")
        ? "rewrite it in BEGIN ATOMIC form (its names then follow the rename), "
            + replace
            + ", "
            + reviewed
        : replace + "; " + reviewed;
  }

  /** A body split into code tokens (dynamic SQL included), exact-name strings and other text. */
  static final class Body {
    final String source;
    final List<Token> code = new ArrayList<>();
    final List<Token> texts = new ArrayList<>();
    final boolean plain;

    private Body(String source, boolean plain) {
      this.source = source;
      this.plain = plain;
    }

    static Body parsed(String source) {
      Body b = new Body(source, false);
      b.add(SqlText.tokens(source), 0);
      return b;
    }

    static Body plain(String source) {
      return new Body(source, true);
    }

    private void add(List<Token> tokens, int depth) {
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (t.kind() != Kind.STRING) {
          code.add(t);
        } else if (depth < 3 && (SQL_LIKE.matcher(t.text()).find() || afterExecute(tokens, i))) {
          add(SqlText.tokens(t.text(), t.offset()), depth + 1);
        } else {
          texts.add(t);
        }
      }
    }

    private static boolean afterExecute(List<Token> tokens, int i) {
      return i > 0 && tokens.get(i - 1).isWord("execute")
          || i > 1 && tokens.get(i - 1).isSymbol("(") && tokens.get(i - 2).isWord("format");
    }

    int lineOf(int offset) {
      int line = 1;
      for (int i = 0; i < offset && i < source.length(); i++) {
        if (source.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }

    boolean usesNewOrOld() {
      if (plain) {
        return Pattern.compile("(?i)\\b(new|old|TD)\\b").matcher(source).find();
      }
      for (int i = 0; i + 1 < code.size(); i++) {
        if ((code.get(i).isWord("new") || code.get(i).isWord("old"))
            && code.get(i + 1).isSymbol(".")) {
          return true;
        }
      }
      return false;
    }

    /** Where the table is named as a table in code or in an exact-name string. */
    Optional<Integer> tableInCode(QualifiedName table) {
      if (plain) {
        Matcher m = CatalogReader.javaWordPattern(table.name()).matcher(source);
        return m.find() ? Optional.of(m.start()) : Optional.empty();
      }
      for (int i = 0; i < code.size(); i++) {
        Token t = code.get(i);
        if (!t.names(table.name())) {
          continue;
        }
        if (i > 1 && code.get(i - 1).isSymbol(".") && !code.get(i - 2).names(table.schema())) {
          continue; // x.customer: a column or a field of something else
        }
        if (i + 1 < code.size() && code.get(i + 1).isSymbol("(") && !afterRelationKeyword(i)) {
          continue; // customer(...): a function call, but INSERT INTO customer (a, b) is the table
        }
        return Optional.of(t.offset());
      }
      for (Token t : texts) {
        if (NameText.namesTable(t.text(), table)) {
          return Optional.of(t.offset());
        }
      }
      return Optional.empty();
    }

    private boolean afterRelationKeyword(int i) {
      if (i == 0) {
        return false;
      }
      Token before = code.get(i - 1);
      if (before.isSymbol(".") && i > 1) {
        before = i > 2 ? code.get(i - 3) : before; // schema.table: look before the schema
      }
      return before.isWord("into")
          || before.isWord("from")
          || before.isWord("join")
          || before.isWord("update")
          || before.isWord("table")
          || before.isWord("only");
    }

    /** Where the table's name stands in a string that is not SQL (a message, a label). */
    Optional<Integer> tableInText(QualifiedName table) {
      Pattern word = CatalogReader.javaWordPattern(table.name());
      for (Token t : texts) {
        Matcher m = word.matcher(t.text());
        if (m.find()) {
          return Optional.of(t.offset() + m.start());
        }
      }
      return Optional.empty();
    }

    /**
     * Where the column is named in a way that may be about the table.
     *
     * @param triggerElsewhere the function fires as a trigger only on other tables: NEW.x and OLD.x
     *     are theirs
     */
    Optional<Integer> column(String column, QualifiedName table, boolean triggerElsewhere) {
      if (plain) {
        Matcher m = CatalogReader.javaWordPattern(column).matcher(source);
        return m.find() ? Optional.of(m.start()) : Optional.empty();
      }
      Map<String, String> aliases = aliases();
      for (int i = 0; i < code.size(); i++) {
        Token t = code.get(i);
        if (!t.names(column)) {
          continue;
        }
        if (i + 1 < code.size() && code.get(i + 1).isSymbol("(")) {
          continue;
        }
        if (i > 1 && code.get(i - 1).isSymbol(".")) {
          Token q = code.get(i - 2);
          String qualifier = q.kind() == Kind.WORD || q.kind() == Kind.QUOTED ? q.text() : "";
          if ((qualifier.equals("new") || qualifier.equals("old")) && q.kind() == Kind.WORD) {
            if (triggerElsewhere) {
              continue;
            }
          } else if (aliases.containsKey(qualifier)
              && !aliases.get(qualifier).equals(table.name())) {
            continue; // f.title, with film f: another table's column
          }
        }
        return Optional.of(t.offset());
      }
      for (Token t : texts) {
        if (t.text().equals(column)) {
          return Optional.of(t.offset());
        }
      }
      return Optional.empty();
    }

    /**
     * Names and aliases of the relations after FROM, JOIN, UPDATE and INSERT INTO, mapped to the
     * relation.
     */
    private Map<String, String> aliases() {
      Map<String, String> out = new HashMap<>();
      for (int i = 0; i < code.size(); i++) {
        Token k = code.get(i);
        boolean opens =
            k.isWord("from")
                || k.isWord("join")
                || k.isWord("update")
                || (k.isWord("into") && i > 0 && code.get(i - 1).isWord("insert"));
        if (!opens) {
          continue;
        }
        int j = i + 1;
        if (j < code.size() && code.get(j).isWord("only")) {
          j++;
        }
        if (j >= code.size()
            || !(code.get(j).kind() == Kind.WORD || code.get(j).kind() == Kind.QUOTED)) {
          continue;
        }
        String relation = code.get(j).text();
        while (j + 2 < code.size()
            && code.get(j + 1).isSymbol(".")
            && (code.get(j + 2).kind() == Kind.WORD || code.get(j + 2).kind() == Kind.QUOTED)) {
          j += 2;
          relation = code.get(j).text();
        }
        if (NOT_ALIAS.contains(relation) && code.get(j).kind() == Kind.WORD) {
          continue;
        }
        out.putIfAbsent(relation, relation);
        j++;
        if (j < code.size() && code.get(j).isWord("as")) {
          j++;
        }
        if (j < code.size()
            && (code.get(j).kind() == Kind.QUOTED
                || (code.get(j).kind() == Kind.WORD && !NOT_ALIAS.contains(code.get(j).text())))) {
          out.put(code.get(j).text(), relation);
        }
      }
      return out;
    }
  }
}
