package io.viewswap.check;

import static io.viewswap.check.FunctionBodies.better;
import static io.viewswap.check.FunctionBodies.rowTypeArgument;
import static io.viewswap.check.Statements.statements;

import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.ComputedText.Part;
import io.viewswap.check.ComputedText.Source;
import io.viewswap.check.ComputedText.Value;
import io.viewswap.check.FunctionBodies.Hit;
import io.viewswap.check.FunctionBodies.Kind2;
import io.viewswap.check.PlBody.Context;
import io.viewswap.check.PlBody.Dynamic;
import io.viewswap.check.PlBody.NameUse;
import io.viewswap.check.PlBody.Piece;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.check.Statements.Rel;
import io.viewswap.check.Statements.Statement;
import io.viewswap.spec.TableRename;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reading of one body for one rename. */
final class BodyReading {
  final PlBody body;
  final TableRename r;
  final List<Context> contexts;
  final List<Token> tokens;

  /** string tokens that a test of which table fired the trigger consumed */
  final Set<Integer> tested = new java.util.HashSet<>();

  /** The body's tests of which table fired the trigger, read once per reading. */
  private final TriggerBranches branches;

  BodyReading(PlBody body, TableRename r, List<Context> contexts) {
    this.body = body;
    this.r = r;
    this.contexts = contexts;
    this.tokens = body.tokens;
    this.branches = new TriggerBranches(this);
  }

  /**
   * Whether the function may fire as a trigger on the renamed table (or its triggers are not
   * known).
   */
  boolean triggerOnTable() {
    return body.function.triggers().stream().anyMatch(t -> t.table().equals(r.table()));
  }

  /**
   * Whether the triggers that call the function are not known (an older snapshot file): then its
   * NEW and OLD may be any table's rows. Read from the catalog, no trigger means none: a trigger
   * function no trigger calls cannot run.
   */
  boolean triggersUnknown() {
    return body.function.triggers().isEmpty() && !body.function.triggersRead();
  }

  Optional<Hit> table() {
    Hit best = null;
    // tests of which table fired the trigger
    best = better(best, branches.branches());
    for (Piece p : body.pieces) {
      Statement st = new Statement(tokens, p.from(), p.to(), p.declare(), true);
      for (Rel rel : st.rels) {
        Match m = matchesTable(rel, null, 0);
        if (m == Match.YES || m == Match.SCHEMA) {
          int line = body.lineOf(tokens.get(rel.token).offset());
          best =
              better(
                  best,
                  m == Match.YES
                      ? new Hit(Kind2.BREAK, line, "", Optional.empty())
                      : new Hit(Kind2.SCHEMA_UNKNOWN, line, unqualified(rel), Optional.empty()));
        }
      }
      for (int i = p.from(); i < p.to(); i++) {
        Token t = tokens.get(i);
        if (t.kind() != Kind.STRING
            || tested.contains(i)
            || !NameText.namesTable(t.text(), r.table())) {
          continue;
        }
        boolean usedAsName = usedAsRelation(i, p.to());
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
              && !Statements.SQL_LIKE.matcher(t.text()).find()
              && m.reset(t.text()).find()) {
            best =
                better(
                    best,
                    new Hit(Kind2.TEXT, body.lineOf(t.offset() + m.start()), "", Optional.empty()));
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
            // a qualified name is shown whole: 'history.price' (trigger ..., argument 2), not
            // 'price'
            int from = t.offset();
            if (rel.schema != null && rel.token >= 2 && dt.get(rel.token - 1).isSymbol(".")) {
              from = dt.get(rel.token - 2).offset();
            }
            int to = t.offset() + width(t);
            String how =
                m == Match.SCHEMA && rel.schema == null
                    ? unqualified(rel)
                    : d.sql().known() && d.sql().parts().size() == 1 ? "" : d.sql().how(from, to);
            best = better(best, hit(m, body.lineOf(d.offset()), how, d.sql().partsIn(from, to)));
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
        } else if (!v.known()
            && body.function.extensionMember()
            && lastPart(text).equals(r.table().name())) {
          // the table's own name after a schema computed at run time
          best = better(best, hit(Match.SCHEMA, body.lineOf(u.offset()), how, v, null));
        } else if (!v.known() && mayBe(lastPart(text), r.table().name())) {
          best =
              better(best, new Hit(Kind2.UNKNOWN, body.lineOf(u.offset()), how, Optional.empty()));
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Whether the string token at i is used as a relation name: {@code 'x'::regclass}, {@code
   * to_regclass('x')}, {@code quote_ident('x')}.
   */
  private boolean usedAsRelation(int i, int limit) {
    return (i + 2 < limit
            && tokens.get(i + 1).isSymbol("::")
            && tokens.get(i + 2).isWord("regclass"))
        || (i > 1
            && tokens.get(i - 1).isSymbol("(")
            && (tokens.get(i - 2).isWord("to_regclass")
                || tokens.get(i - 2).isWord("quote_ident")));
  }

  private String lastPart(String text) {
    int dot = text.lastIndexOf('.');
    return (dot >= 0 ? text.substring(dot + 1) : text).replace("\"", "");
  }

  /** A hit for a matching relation: from a trigger argument, the trigger's table, or otherwise. */
  private Hit hit(Match m, int line, String how, Value v, Token t) {
    return hit(m, line, how, t == null ? v.parts() : v.partsIn(t.offset(), t.offset() + width(t)));
  }

  /** As above, for the parts the name was computed from. */
  private Hit hit(Match m, int line, String how, List<Part> parts) {
    if (m == Match.MAYBE) {
      return new Hit(Kind2.UNKNOWN, line, how, Optional.empty());
    }
    if (m == Match.SCHEMA) {
      return new Hit(Kind2.SCHEMA_UNKNOWN, line, how, Optional.empty());
    }
    Optional<FunctionSource.Trigger> arg = Optional.empty();
    for (Part p : parts) {
      if (p.source() == Source.TRIGGER_ARGUMENT) {
        for (FunctionSource.Trigger tr : body.function.triggers()) {
          if (p.origin().startsWith("trigger " + tr.name() + " on " + tr.table() + ",")) {
            arg = Optional.of(tr);
            String n = p.origin().substring(p.origin().lastIndexOf(' ') + 1);
            return new Hit(
                Kind2.BREAK, line, how, arg, n.matches("\\d+") ? Integer.parseInt(n) : 0, p.text());
          }
        }
      }
    }
    return new Hit(Kind2.BREAK, line, how, arg);
  }

  enum Match {
    YES,
    /**
     * the table's name, in an extension's function, in a schema it finds at run time: computed
     * ({@code quote_ident(atopology) || '.edge_data'}) or unqualified (the search_path it sets)
     */
    SCHEMA,
    MAYBE,
    NO
  }

  /** How an unqualified name finds its schema, for a finding's message. */
  private static String unqualified(Rel rel) {
    return rel.name + ", unqualified (the schema is the search_path's when it runs)";
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
        boolean ours = body.function.triggers().stream().anyMatch(t -> t.table().equals(r.table()));
        if (whole) {
          return Match.NO; // TG_TABLE_NAME itself: the new name after the rename
        }
        if (ours
            && parts.stream()
                .anyMatch(
                    p -> p.source() == Source.TRIGGER_TABLE && p.text().equals(r.table().name()))) {
          return Match.YES; // built from the renamed table's name: it changes with it
        }
      }
    }
    if (!name.equals(r.table().name())) {
      return Match.NO;
    }
    // An extension's own function finds the tables it manages in schemas it is told at run time
    // (PostGIS topology: the topology's name, read from topology.topology): a table of that name
    // in any other schema is not its (a user's public.node), so neither is a blocker.
    boolean schemaAtRunTime = rel.schema == null || rel.schema.indexOf(SqlText.HOLE) >= 0;
    return schemaAtRunTime && body.function.extensionMember() ? Match.SCHEMA : Match.YES;
  }

  Optional<Hit> column(String column) {
    Hit best = null;
    boolean related = relatedToTable();
    Set<Integer> relationNames = branches.testedStrings();
    for (Piece p : body.pieces) {
      Statement st = new Statement(tokens, p.from(), p.to(), p.declare(), true);
      for (int i = p.from(); i < p.to(); i++) {
        Token t = tokens.get(i);
        if (t.kind() == Kind.STRING) {
          // TG_TABLE_NAME LIKE 'url' on table url names the table, not its column url
          if (t.text().equals(column) && related && !relationNames.contains(i)) {
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
          best = better(best, new Hit(Kind2.BREAK, body.lineOf(t.offset()), "", Optional.empty()));
        } else if (m == Match.SCHEMA) {
          best =
              better(
                  best,
                  new Hit(
                      Kind2.SCHEMA_UNKNOWN,
                      body.lineOf(t.offset()),
                      t.text() + " of " + r.table().name() + " in a schema found when it runs",
                      Optional.empty()));
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
            int onFrom = 0;
            for (Rel rel : st.visibleAt(i)) {
              Token rt = dt.get(rel.token);
              Match onMatch = on == null ? matchesTable(rel, d.sql(), rt.offset()) : Match.NO;
              if (onMatch != Match.NO) {
                on = rt;
                // a schema computed at run time: say how (quote_ident(atopology) || '.node')
                onFrom =
                    onMatch == Match.SCHEMA && rel.schema != null && rel.token >= 2
                        ? dt.get(rel.token - 2).offset()
                        : rt.offset();
              }
            }
            if (on != null && !(d.sql().known() && d.sql().parts().size() == 1)) {
              how += " on " + d.sql().how(onFrom, on.offset() + width(on)) + " = " + on.text();
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
        // the name itself, or one element of a list of names ('{note,total}' as TG_ARGV[1]::text[],
        // subtracted from hstore(NEW.*) as the columns to leave out)
        boolean names =
            v.text().equals(column) || NameText.arrayElements(v.text()).contains(column);
        if (v.known() && names && onTable) {
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
    // a string counts only where it is used as the table's name: the word may be data or a column
    // elsewhere (temporal_tables' COALESCE(TG_ARGV[7], 'version') is a column name, not the table
    // version)
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Kind.STRING
          && NameText.namesTable(t.text(), r.table())
          && usedAsRelation(i, tokens.size())) {
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
        if (ctx == null) {
          if (triggerOnTable() && neverRunsOnTable(i)) {
            return Match.NO;
          }
          return triggerOnTable() || triggersUnknown() ? Match.YES : Match.NO;
        }
        // In SQL a function that fires as no trigger builds, NEW and OLD are the rows of the rule
        // or trigger that SQL defines (PostGIS's CreateTopology: CREATE RULE ... DO INSTEAD
        // INSERT INTO edge_data VALUES (NEW.geom, ...)): its relations say whose, as for an
        // unqualified column below.
        return visibleColumn(st, i, ctx);
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
        Match m = matchesTable(rel, null, 0);
        return m == Match.YES || m == Match.SCHEMA ? m : Match.NO;
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
        List<Match> ms = bound.rels.stream().map(x -> matchesTable(x, null, 0)).toList();
        return ms.contains(Match.YES)
            ? Match.YES
            : ms.contains(Match.SCHEMA) ? Match.SCHEMA : Match.NO;
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
    return visibleColumn(st, i, ctx);
  }

  /**
   * An unqualified column: one of a relation visible where it stands (its subquery or an enclosing
   * one).
   */
  private Match visibleColumn(Statement st, int i, Context ctx) {
    boolean maybe = false;
    boolean schema = false;
    for (Rel rel : st.visibleAt(i)) {
      Match m = matchesTable(rel, null, 0);
      if (m == Match.YES) {
        return Match.YES;
      }
      schema |= m == Match.SCHEMA;
      if (rel.name.indexOf(SqlText.HOLE) >= 0) {
        maybe = true;
      }
    }
    if (schema) {
      return Match.SCHEMA;
    }
    if (ctx != null && maybe) {
      return Match.MAYBE;
    }
    return Match.NO;
  }

  /** Per name the table has (now, and after the rename), the body's ranges it never runs. */
  private List<List<int[]>> neverRun;

  /**
   * Whether the body's token stands in a branch a trigger on the renamed table never takes, under
   * its name now and after the rename.
   */
  private boolean neverRunsOnTable(int token) {
    if (neverRun == null) {
      neverRun = new java.util.ArrayList<>();
      neverRun.add(branches.deadFor(r.table().name()));
      r.newName().ifPresent(n -> neverRun.add(branches.deadFor(n)));
    }
    for (List<int[]> ranges : neverRun) {
      if (ranges.stream().noneMatch(x -> x[0] <= token && token < x[1])) {
        return false;
      }
    }
    return true;
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
}
