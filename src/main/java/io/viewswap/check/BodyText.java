package io.viewswap.check;

import io.viewswap.catalog.CatalogReader;
import io.viewswap.check.SqlText.Kind;
import io.viewswap.check.SqlText.Token;
import io.viewswap.spec.QualifiedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A body split into code tokens (dynamic SQL included), exact-name strings and other text. */
final class BodyText {
  final String source;
  final List<Token> code = new ArrayList<>();
  final List<Token> texts = new ArrayList<>();
  final boolean plain;

  private BodyText(String source, boolean plain) {
    this.source = source;
    this.plain = plain;
  }

  static BodyText parsed(String source) {
    BodyText b = new BodyText(source, false);
    b.add(SqlText.tokens(source), 0);
    return b;
  }

  static BodyText plain(String source) {
    return new BodyText(source, true);
  }

  private void add(List<Token> tokens, int depth) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.STRING) {
        code.add(t);
      } else if (depth < 3
          && (Statements.SQL_LIKE.matcher(t.text()).find() || afterExecute(tokens, i))) {
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
        } else if (aliases.containsKey(qualifier) && !aliases.get(qualifier).equals(table.name())) {
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
      if (Statements.NOT_ALIAS.contains(relation) && code.get(j).kind() == Kind.WORD) {
        continue;
      }
      out.putIfAbsent(relation, relation);
      j++;
      if (j < code.size() && code.get(j).isWord("as")) {
        j++;
      }
      if (j < code.size()
          && (code.get(j).kind() == Kind.QUOTED
              || (code.get(j).kind() == Kind.WORD
                  && !Statements.NOT_ALIAS.contains(code.get(j).text())))) {
        out.put(code.get(j).text(), relation);
      }
    }
    return out;
  }
}
