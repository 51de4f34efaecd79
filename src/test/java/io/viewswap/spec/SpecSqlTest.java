package io.viewswap.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec's own SQL: one statement per entry, each with its inverse, read strictly enough that
 * nothing rides along behind a {@code ;} however it is quoted.
 */
class SpecSqlTest {
  static final String HEAD =
      "id: s\nrenames:\n  - table: public.customer\n    columns:\n      full_name: display_name\n";

  static Spec read(String sqlYaml) throws SpecException {
    return new SpecReader().parse(HEAD + sqlYaml, "s.yaml");
  }

  static String refusal(String statement) {
    try {
      read("sql:\n  swap:\n    forward: " + yamlQuoted(statement) + "\n    inverse: select 1\n");
      return "";
    } catch (SpecException e) {
      return e.getMessage();
    }
  }

  static String yamlQuoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  @Test
  void aTriggerFunctionBodyWithItsInverseIsRead() throws Exception {
    Spec spec =
        read(
            String.join(
                "\n",
                "sql:",
                "  swap:",
                "    forward: |",
                "      CREATE OR REPLACE FUNCTION public.customer_touch() RETURNS trigger",
                "      LANGUAGE plpgsql AS $$",
                "      BEGIN",
                "        NEW.display_name := btrim(NEW.display_name); -- a comment; with a ;",
                "        RETURN NEW;",
                "      END $$;",
                "    inverse: |",
                "      CREATE OR REPLACE FUNCTION public.customer_touch() RETURNS trigger",
                "      LANGUAGE plpgsql AS $$ BEGIN NEW.full_name := btrim(NEW.full_name);"
                    + " RETURN NEW; END $$",
                ""));
    assertThat(spec.sql()).hasSize(1);
    SpecSql x = spec.sql("swap").get(0);
    assertThat(x.label()).isEqualTo("sql.swap[0]");
    assertThat(x.forward()).contains("NEW.display_name").endsWith("END $$;\n");
    assertThat(SpecSql.createdRoutine(x.forward()))
        .contains(new SpecSql.Routine("public.customer_touch", 0));
    assertThat(spec.checksum())
        .as("the SQL is part of what the spec changes")
        .isNotEqualTo(read("").checksum());
  }

  @Test
  void aListOfEntriesPerPhaseAndEveryPhase() throws Exception {
    Spec spec =
        read(
            "sql:\n  expand:\n    - {forward: \"select 1\", inverse: \"select 2\"}\n"
                + "    - {forward: \"select 3\", inverse: \"select 4\"}\n"
                + "  contract: {forward: \"select 5\", inverse: \"select 6\"}\n");
    assertThat(spec.sql("expand"))
        .extracting(SpecSql::label)
        .containsExactly("sql.expand[0]", "sql.expand[1]");
    assertThat(spec.sql("contract")).extracting(SpecSql::forward).containsExactly("select 5");
    assertThat(spec.sql("swap")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select 1; drop table public.customer",
        "select 1;; ",
        "select 1; -- fine\n; drop table public.customer",
        // A $ after a word continues it: PostgreSQL reads a$x$ as one name, not a dollar quote.
        "select a$x$; drop table public.customer; $x$",
        // Plain strings with a backslash read differently under standard_conforming_strings off.
        "select 'a\\', '; drop table public.customer; --'",
        "select 'unterminated; drop table public.customer",
        "select $q$ unterminated; drop table public.customer",
        "select 1 /* /* nested */ still a comment; */ ; drop table public.customer",
        "\\! touch /tmp/x",
        "set search_path = public",
        "SET LOCAL lock_timeout = 0",
        "commit",
        "reset all",
        "",
        "-- only a comment"
      })
  void anythingButOneStatementIsRefused(String statement) {
    assertThat(refusal(statement))
        .as("refused: %s", statement)
        .contains("sql.swap[0].forward is not one statement viewswap can run");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select 1;",
        "select ';', \"a;b\", $$;$$, $t$ $$ ; $t$, E'\\\\'';' -- ;\n",
        "select 1 /* ; /* ; */ ; */ ;  -- after",
        "comment on table public.customer is 'it''s; fine'",
        "select U&'\\0041;', x'1F', b'01'"
      })
  void oneStatementIsReadAsOne(String statement) {
    assertThat(refusal(statement)).as("accepted: %s", statement).isEmpty();
  }

  @Test
  void everyStatementNeedsItsInverseAndNoInvisibleCharacters() {
    assertThatThrownBy(() -> read("sql:\n  swap:\n    forward: select 1\n"))
        .hasMessageContaining("missing required key \"inverse\" in sql.swap[0]");
    assertThatThrownBy(
            () -> read("sql:\n  swap:\n    forward: \"select '\\u202E'\"\n    inverse: select 1\n"))
        .hasMessageContaining(
            "sql.swap[0].forward contains the control or invisible character U+202E");
    assertThatThrownBy(() -> read("sql:\n  swapp: {forward: select 1, inverse: select 1}\n"))
        .hasMessageContaining("unknown key \"swapp\" in sql");
  }

  @Test
  void theRoutineACreateStatementReplaces() {
    assertThat(
            SpecSql.createdRoutine(
                "create function \"Odd Schema\".f(a integer, out b text, inout c numeric(10,2))"
                    + " returns record language sql as 'select 1'"))
        .contains(new SpecSql.Routine("\"Odd Schema\".f", 2));
    assertThat(SpecSql.createdRoutine("create or replace function f() returns int as 'x'"))
        .as("unqualified: it would be created in pg_catalog under the pinned search_path")
        .isEqualTo(Optional.empty());
    assertThat(SpecSql.createdRoutine("create or replace view public.v as select 1")).isEmpty();
  }
}
