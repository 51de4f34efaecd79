package io.viewswap.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.spec.QualifiedName;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How names and comments from the catalog are written into SQL (the real runners are in
 * ExportInjectionIT).
 */
class ScriptTextTest {
  private final Sql sql = new Sql();
  private static final String EVIL = "evil\n\\! touch /tmp/x\n-- ";

  @Test
  void harmlessTextIsWrittenAsBefore() {
    assertThat(sql.literal("it's")).isEqualTo("'it''s'");
    assertThat(sql.identifier("public", "Cust omer")).isEqualTo("\"public\".\"Cust omer\"");
    assertThat(sql.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
  }

  @Test
  void controlCharactersBecomeEscapesOnOneLine() {
    assertThat(sql.literal("a\nb\r\tc\u0007'\\")).isEqualTo("E'a\\nb\\r\\tc\\u0007''\\\\'");
    assertThat(sql.identifier(EVIL)).isEqualTo("U&\"evil\\000A\\\\! touch /tmp/x\\000A-- \"");
    assertThat(sql.grant(new QualifiedName("public", "v"), List.of("SELECT"), EVIL, false))
        .isEqualTo(
            "grant select on \"public\".\"v\" to U&\"evil\\000A\\\\! touch /tmp/x\\000A-- \"")
        .doesNotContain("\n");
    assertThat(sql.commentOnView(new QualifiedName("public", "v"), "x\n--changeset evil:1\n"))
        .isEqualTo("comment on view \"public\".\"v\" is E'x\\n--changeset evil:1\\n'");
  }

  @Test
  void invisibleAndSeparatorCharactersAreEscapedToo() {
    assertThat(sql.identifier("a\u202Eb\u2028c\u0085")).isEqualTo("U&\"a\\202Eb\\2028c\\0085\"");
    assertThat(sql.literal("a\u200Bb")).isEqualTo("E'a\\u200Bb'");
  }

  @Test
  void placeholderOpeningsNeverAppear() {
    assertThat(sql.literal("${env.HOME}")).isEqualTo("E'\\u0024{env.HOME}'");
    assertThat(sql.identifier("${flyway:user}")).isEqualTo("U&\"\\0024{flyway:user}\"");
    assertThat(sql.commentOnColumn(new QualifiedName("p", "v${x}"), "c${y}", "${z}"))
        .doesNotContain("${");
    assertThat(sql.literal("costs $5")).isEqualTo("'costs $5'");
  }

  @Test
  void viewColumnsAndTheColumnGuardUseTheSameRules() {
    String view =
        sql.createView(
            new QualifiedName("public", "v"),
            new QualifiedName("public", "t"),
            Map.of("a\nb", "c${d}"),
            false);
    assertThat(view)
        .isEqualTo(
            "create view \"public\".\"v\" as select U&\"a\\000Ab\" as U&\"c\\0024{d}\" from \"public\".\"t\"");
    // to_regclass reads plain quoted names, so the guard passes the name itself in an escape string
    assertThat(sql.expectColumns(new QualifiedName("public", "t\n"), List.of("x\n")))
        .contains("E'\"public\".\"t\\n\"'", "E'x\\n'");
  }

  @Test
  void printableTextIsOneLineAndNamesItsCharacters() {
    assertThat(ScriptText.printable("plain text")).isEqualTo("plain text");
    assertThat(ScriptText.printable(EVIL)).isEqualTo("evil\\n\\\\! touch /tmp/x\\n-- ");
    assertThat(ScriptText.printable("${HOME} $x \u001B[31m"))
        .isEqualTo("\\u0024{HOME} $x \\u001B[31m");
  }

  @Test
  void aFinishedScriptWithRawTextIsRefused() {
    assertThat(ScriptText.requireSafe("f.sql", "select 1;\nselect 2;\n"))
        .isEqualTo("select 1;\nselect 2;\n");
    assertThatThrownBy(() -> ScriptText.requireSafe("f.sql", "select '${x}';"))
        .hasMessageContaining("f.sql")
        .hasMessageContaining("${");
    assertThatThrownBy(() -> ScriptText.requireSafe("f.sql", "select 1;\r\n"))
        .hasMessageContaining("U+000D");
  }
}
