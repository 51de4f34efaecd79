package io.viewswap.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every template (of every directory) stands alone: no built-in in them is looked up on the
 * session's search_path (the rule is in the package-info of io.viewswap.catalog). Comments, string
 * literals, quoted identifiers and the bodies of functions declared with {@code set search_path =
 * pg_catalog, pg_temp} are not checked; a DO block's body is.
 */
class TemplateQualificationTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));

  /** Every directory of sql-templates: a new one is covered the day it is made. */
  static List<String> directories() throws IOException {
    try (Stream<Path> dirs = Files.list(PROJECT.resolve("sql-templates"))) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  /** Built-ins called without {@code pg_catalog.}; every {@code pg_*} name is also caught. */
  private static final Pattern UNQUALIFIED_CALL =
      Pattern.compile(
          "(?<![.\\w$])(format_type|quote_ident|quote_literal|quote_nullable|format|array_agg"
              + "|string_agg|array_to_string|string_to_array|has_\\w+_privilege|col_description"
              + "|obj_description|shobj_description|current_setting|set_config|to_regclass"
              + "|to_regnamespace|to_regproc\\w*|to_regtype|to_regrole|aclexplode|acldefault|unnest"
              + "|count|sum|min|max|avg|bool_or|bool_and|every|lower|upper|length|strpos|substr"
              + "|replace|concat\\w*|convert_to|convert_from|to_json\\w*|jsonb?_\\w+|row_to_json"
              + "|regexp_\\w+|now|clock_timestamp|statement_timestamp|current_database"
              + "|current_schemas?|host|hashtext\\w*|nullif|generate_series|array_length"
              + "|cardinality|txid_\\w+)\\s*\\(",
          Pattern.CASE_INSENSITIVE);

  /** A {@code pg_} name (function or catalog relation) not after a dot. */
  private static final Pattern UNQUALIFIED_PG_NAME =
      Pattern.compile("(?<![.\\w$])pg_(?!catalog\\b|temp\\b)\\w+", Pattern.CASE_INSENSITIVE);

  /** A qualified operator, blanked before bare operator characters are looked for. */
  private static final Pattern QUALIFIED_OPERATOR =
      Pattern.compile("operator\\s*\\(\\s*pg_catalog\\s*\\.\\s*[^)\\s]+\\s*\\)");

  /** Operator characters; what is left once the allowed uses below are blanked. */
  private static final Pattern BARE_OPERATOR = Pattern.compile("[=<>!~|&@#%^+\\-/*]+");

  /**
   * Uses of operator characters that are not operators: PL/pgSQL assignment, {@code set search_path
   * = ...} in a function header, {@code RAISE ... USING option = ...}, a named argument, {@code
   * select *}, {@code count(*)} and {@code alias.*}.
   */
  private static final Pattern NOT_AN_OPERATOR =
      Pattern.compile(
          ":=|=>|\\bset\\s+((local|session)\\s+)?(\\w+|\\{\\d+})\\s*="
              + "|\\bwith\\s*\\(\\s*\\w+\\s*=|\\b(errcode|hint|message|detail)\\s*="
              + "|\\bselect\\s+\\*|\\(\\s*\\*\\s*\\)|\\.\\*",
          Pattern.CASE_INSENSITIVE);

  /** SQL syntax that looks its operator up on the search_path. */
  private static final Pattern IMPLIED_OPERATOR =
      Pattern.compile(
          "\\bin\\s*\\(|\\bnot\\s+in\\b|\\bis\\s+(not\\s+)?distinct\\s+from\\b|\\bi?like\\b"
              + "|\\bbetween\\b|\\bsimilar\\s+to\\b|\\bcase\\s+(?!when\\b)\\S",
          Pattern.CASE_INSENSITIVE);

  /** A cast to a type name the grammar does not map to pg_catalog by itself. */
  private static final Pattern UNQUALIFIED_CAST =
      Pattern.compile(
          "::\\s*(?!pg_catalog\\s*\\.|(int|integer|bigint|smallint|boolean|real|numeric|decimal"
              + "|float|double\\s+precision|varchar|character|timestamp|interval)\\b)\\S+",
          Pattern.CASE_INSENSITIVE);

  /** A regclass literal that does not name the schema: read through the search_path. */
  private static final Pattern REGCLASS_LITERAL =
      Pattern.compile("'([^'.]*)'\\s*::\\s*(pg_catalog\\s*\\.\\s*)?regclass\\b");

  static List<Path> templates() throws IOException {
    List<Path> out = new ArrayList<>();
    for (String dir : directories()) {
      try (Stream<Path> files = Files.list(PROJECT.resolve("sql-templates").resolve(dir))) {
        files.filter(f -> f.toString().endsWith(".sql")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void everyBuiltInInEveryTemplateIsQualified() throws IOException {
    assertThat(directories())
        .contains("catalog", "ddl", "execute", "export", "fleet", "state", "drain");
    List<Path> files = templates();
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains("columns.sql", "relations.sql", "untrusted.sql", "ensure.sql", "install.sql")
        .contains("blockers.sql", "warm-relations.sql");
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      String name = PROJECT.resolve("sql-templates").relativize(f).toString();
      problems.addAll(problems(name, Files.readString(f, StandardCharsets.UTF_8)));
    }
    assertThat(problems)
        .as("unqualified built-ins (see io.viewswap.catalog's package-info)")
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a",
        "select 1 from pg_class",
        "select pg_get_userbyid(1)",
        "select 1 where 1 = 1",
        "select 1 where 1 <> 2",
        "select 'a' || 'b'",
        "select 1 from pg_catalog.pg_class c where c.relkind in ('r', 'p')",
        "select 1 from pg_catalog.pg_class c where c.relkind not in ('r')",
        "select case c.relkind when 'r' then 1 end from pg_catalog.pg_class c",
        "select 1 where 'a' is distinct from 'b'",
        "select count(*) from pg_catalog.pg_class",
        "select array_agg(1)",
        "select 'x'::text",
        "select 'pg_class'::pg_catalog.regclass",
        "select 1 from unnest(?::pg_catalog.text[], ?::pg_catalog.text[]) u(a, b)",
        "do $d$ begin perform pg_catalog.now() where 1 = 1; end $d$",
        "create function f() returns pg_catalog.void language sql as $$ select now() $$",
      })
  void aPlantedUnqualifiedBuiltInIsCaught(String sql) {
    assertThat(problems("planted.sql", sql)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select pg_catalog.format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a"
            + " where a.attnum operator(pg_catalog.>) 0 and not exists (select 1)",
        "select 1 from pg_catalog.pg_class c -- where c.relname = 'x' or format_type(1)\n",
        "select 'a = b || count(x)', \"weird = name\"",
        "select c.relkind operator(pg_catalog.=) any ('{r,p}'::pg_catalog.\"char\"[]), 1::bigint",
        "select 'pg_catalog.pg_class'::pg_catalog.regclass, coalesce(null, 1), array(select 1)",
        "create function viewswap.f() returns pg_catalog.void language sql"
            + " set search_path = pg_catalog, pg_temp as $$ select now() where 1 = 1 $$",
        "do $d$ declare x pg_catalog.int4 := 1; begin raise exception 'x' using errcode = 'VS403';"
            + " end $d$",
        "select r.* from pg_catalog.pg_roles r where r.rolname operator(pg_catalog.=) current_user",
      })
  void qualifiedSqlPasses(String sql) {
    assertThat(problems("fine.sql", sql)).isEmpty();
  }

  /** What is wrong in one template: one line per finding, with its line number. */
  static List<String> problems(String name, String text) {
    String code = codeOnly(text);
    List<String> out = new ArrayList<>();
    find(out, name, code, UNQUALIFIED_CALL, "unqualified call");
    find(out, name, code, UNQUALIFIED_PG_NAME, "unqualified pg_ name");
    find(out, name, code, IMPLIED_OPERATOR, "syntax that looks up an operator");
    find(out, name, code, UNQUALIFIED_CAST, "cast to an unqualified type");
    String operators = blank(blank(code, QUALIFIED_OPERATOR), NOT_AN_OPERATOR);
    find(out, name, operators, BARE_OPERATOR, "bare operator");
    // Literals are blanked in the code; a regclass literal is read in the text itself.
    find(out, name, blankComments(text), REGCLASS_LITERAL, "regclass literal without schema");
    return out;
  }

  private static void find(List<String> out, String name, String code, Pattern p, String what) {
    Matcher m = p.matcher(code);
    while (m.find()) {
      int line = 1 + (int) code.substring(0, m.start()).chars().filter(ch -> ch == '\n').count();
      out.add(name + ":" + line + ": " + what + ": " + m.group().strip());
    }
  }

  private static String blank(String code, Pattern p) {
    Matcher m = p.matcher(code);
    StringBuilder out = new StringBuilder(code);
    while (m.find()) {
      for (int i = m.start(); i < m.end(); i++) {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }

  private static String blankComments(String text) {
    return Pattern.compile("--[^\\n]*").matcher(text).replaceAll("");
  }

  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_]\\w*)?\\$");
  private static final Pattern PINNED_FUNCTION =
      Pattern.compile(
          "\\bcreate\\s+(or\\s+replace\\s+)?function\\b[\\s\\S]*\\bset\\s+search_path\\s*="
              + "\\s*pg_catalog\\s*,\\s*pg_temp\\b[\\s\\S]*\\bas\\s*$",
          Pattern.CASE_INSENSITIVE);

  /**
   * The text with comments, string literals, quoted identifiers (contents) and the bodies of
   * functions that pin their search_path replaced by spaces, newlines kept. The body of any other
   * dollar-quoted string (a DO block) stays: it runs under the session's search_path.
   */
  static String codeOnly(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int statementStart = 0;
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      int end;
      if (text.startsWith("--", i)) {
        end = text.indexOf('\n', i);
        end = end < 0 ? text.length() : end;
        blankInto(out, text, i, end);
      } else if (text.startsWith("/*", i)) {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
        blankInto(out, text, i, end);
      } else if (ch == '\'') {
        boolean escapes = i > 0 && Character.toLowerCase(text.charAt(i - 1)) == 'e';
        end = i + 1;
        while (end < text.length()) {
          char c = text.charAt(end);
          if (escapes && c == '\\') {
            end += 2;
          } else if (c == '\'' && end + 1 < text.length() && text.charAt(end + 1) == '\'') {
            end += 2;
          } else if (c == '\'') {
            end++;
            break;
          } else {
            end++;
          }
        }
        out.append('\'');
        blankInto(out, text, i + 1, end - 1);
        out.append('\'');
      } else if (ch == '"') {
        end = i + 1;
        while (end < text.length()) {
          if (text.charAt(end) == '"' && end + 1 < text.length() && text.charAt(end + 1) == '"') {
            end += 2;
          } else if (text.charAt(end) == '"') {
            end++;
            break;
          } else {
            end++;
          }
        }
        out.append('"');
        blankInto(out, text, i + 1, end - 1);
        out.append('"');
      } else if (ch == '$' && DOLLAR_TAG.matcher(text).region(i, text.length()).lookingAt()) {
        Matcher tag = DOLLAR_TAG.matcher(text).region(i, text.length());
        tag.lookingAt();
        String delimiter = tag.group();
        int close = text.indexOf(delimiter, tag.end());
        close = close < 0 ? text.length() : close;
        end = Math.min(text.length(), close + delimiter.length());
        String header = text.substring(statementStart, i).toLowerCase(Locale.ROOT);
        blankInto(out, text, i, tag.end());
        if (PINNED_FUNCTION.matcher(codeOnly(header)).find()) {
          blankInto(out, text, tag.end(), close);
        } else {
          out.append(codeOnly(text.substring(tag.end(), close)));
        }
        blankInto(out, text, close, end);
      } else {
        if (ch == ';') {
          statementStart = i + 1;
        }
        out.append(ch);
        end = i + 1;
      }
      i = end;
    }
    return out.toString();
  }

  private static void blankInto(StringBuilder out, String text, int from, int to) {
    for (int k = from; k < Math.min(to, text.length()); k++) {
      out.append(text.charAt(k) == '\n' ? '\n' : ' ');
    }
  }
}
