package io.viewswap.check;

import io.viewswap.api.Finding;
import io.viewswap.api.FindingCode;
import io.viewswap.api.Severity;
import io.viewswap.catalog.CatalogReader;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.spec.ColumnRename;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Position;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.TableRename;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renamed names in function bodies stored as text (plpgsql, string-bodied SQL, other PLs). A
 * finding must be about the renamed table or column:
 *
 * <ul>
 *   <li>the table is named in code (not in a comment, not as a column of something else), in a
 *       string that is SQL (an {@code EXECUTE} string, a {@code format()} template) or in a string
 *       that is exactly its name ({@code 'customer'::regclass}): blocker. Named only inside other
 *       text (a message): warning.
 *   <li>a column is named in code, in dynamic SQL or as an exact string ({@code
 *       to_jsonb(NEW)->>'full_name'}), and the function is about its table: it names the table,
 *       fires as a trigger on it, or (when that is not known) uses NEW/OLD. A mention qualified by
 *       an alias of another table ({@code f.title} with {@code film f}), NEW/OLD in a trigger
 *       function of other tables, and function calls of the same name are not about it.
 * </ul>
 *
 * PL/pgSQL and SQL bodies are tokenized; other languages (plpython, plperl, ...) are searched as
 * plain text.
 */
final class FunctionBodies {

  private static final Pattern REVIEWED =
      Pattern.compile(Pattern.quote(Checker.REVIEWED_MARK), Pattern.CASE_INSENSITIVE);

  /**
   * Words of SQL that a message rarely has in this combination: a string with one of them is read
   * as SQL.
   */
  private static final Pattern SQL_LIKE =
      Pattern.compile(
          "(?is)\\b(select\\b.*\\bfrom|insert\\s+into|update\\b.*\\bset|delete\\s+from|truncate|copy\\b|alter\\s+table"
              + "|create\\b|drop\\b|returning|join\\b|where\\b|values\\s*\\(|from\\s+[\"%a-z_])");

  /** Words after which an alias cannot stand. */
  private static final Set<String> NOT_ALIAS =
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

  private final Spec spec;
  private final CatalogSnapshot snap;

  FunctionBodies(Spec spec, CatalogSnapshot snap) {
    this.spec = spec;
    this.snap = snap;
  }

  List<Finding> find(TableRename r) {
    List<Finding> found = new ArrayList<>();
    for (FunctionSource f : snap.functions()) {
      boolean reviewed = REVIEWED.matcher(f.source()).find();
      Body body = isParsed(f) ? Body.parsed(f.source()) : Body.plain(f.source());
      boolean triggerOnTable = f.triggerTables().contains(r.table());
      boolean triggerElsewhere = !f.triggerTables().isEmpty() && !triggerOnTable;
      Optional<Integer> tableAt = body.tableInCode(r.table());
      boolean related = tableAt.isPresent() || triggerOnTable || rowTypeArgument(f, r.table());
      if (r.renamesTable()) {
        if (tableAt.isPresent()) {
          found.add(
              finding(f, r.table().name(), body.lineOf(tableAt.get()), reviewed, r.position()));
        } else {
          body.tableInText(r.table())
              .ifPresent(
                  at ->
                      found.add(
                          new Finding(
                              Severity.WARNING,
                              FindingCode.FUNCTION_BODY_TEXT,
                              new Diagnostic(
                                  spec.file(),
                                  r.position(),
                                  "function "
                                      + f.signature()
                                      + " ("
                                      + f.language()
                                      + ") names \""
                                      + r.table().name()
                                      + "\" at line "
                                      + body.lineOf(at)
                                      + " of its body, inside a string that is not SQL",
                                  "if it is a message, nothing breaks; if the string is used as a name, change it at the swap"))));
        }
      }
      for (ColumnRename c : r.columns()) {
        Optional<Integer> at = body.column(c.from(), r.table(), triggerElsewhere);
        if (at.isEmpty()) {
          continue;
        }
        boolean usesRow = body.usesNewOrOld() && f.triggerTables().isEmpty();
        if (related || usesRow) {
          found.add(finding(f, c.from(), body.lineOf(at.get()), reviewed, r.position()));
        }
      }
    }
    return found;
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

  private Finding finding(FunctionSource f, String name, int line, boolean reviewed, Position at) {
    String what =
        "function "
            + f.signature()
            + " ("
            + f.language()
            + ") names \""
            + name
            + "\" at line "
            + line
            + " of its body";
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
