package io.viewswap.check;

import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.check.Statements.Rel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The statements of a SQL text and the relations each reads or writes, with their aliases. */
final class Statements {
  private Statements() {}

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
  static final Set<String> FROM_IN_CALL =
      Set.of("extract", "substring", "trim", "overlay", "position", "btrim");

  /** Statement ranges of a computed SQL text: split at top-level semicolons. */
  static List<int[]> statements(List<Token> ts) {
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
}
