package io.viewswap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.ViewSwapException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The framework formats without a server: names, numbering and chaining against what the directory
 * holds, the refusals a developer can meet (each a usage error naming what to do), and the SQL
 * being the runner-phase body Flyway runs, character for character once the literal is read back.
 */
class FrameworkExportTest {
  static final Instant NOW = Instant.parse("2026-12-07T03:30:00Z");

  static FrameworkSettings settings(List<String> names, Map<String, String> python, String app) {
    return new FrameworkSettings(
        new MigrationDirectory(names, python),
        NOW,
        new SplittableRandom(7),
        Optional.ofNullable(app),
        Map.of("customer", "Customer"));
  }

  static List<ExportedFile> export(ExportFormat f, FrameworkSettings s) throws Exception {
    ExportFormatsTest.Example e = ExportFormatsTest.example("customer-to-client");
    return new ScriptRenderer().export(e.spec(), e.plan(), f, "1", s);
  }

  @Test
  void djangoNumbersAfterTheLatestMigrationAndDependsOnIt() throws Exception {
    List<ExportedFile> files =
        export(
            ExportFormat.DJANGO,
            settings(
                List.of("__init__.py", "0001_initial.py", "0007_customer_note.py", "README"),
                Map.of(),
                "shop"));
    assertThat(files)
        .extracting(ExportedFile::name)
        .containsExactly(
            "0008_viewswap_2026_11_customer_to_client_expand.py",
            "0009_viewswap_2026_11_customer_to_client_swap.py",
            "0010_viewswap_2026_11_customer_to_client_contract.py");
    assertThat(files.get(0).content())
        .contains("dependencies = [('shop', '0007_customer_note')]")
        .as("customer is not shop_<model>: the mapped model's table changes")
        .contains("migrations.AlterModelTable('customer', 'client')")
        .contains("migrations.RenameField('customer', 'full_name', 'display_name')")
        .contains("python manage.py migrate shop 0007_customer_note")
        .contains("safe = Safe.before_deploy");
    assertThat(files.get(1).content())
        .contains("dependencies = [('shop', '0008_viewswap_2026_11_customer_to_client_expand')]")
        .contains("state_operations=[]")
        .contains("safe = Safe.after_deploy");
  }

  @Test
  void djangoRefusalsSayWhatToDo() {
    assertThatThrownBy(
            () -> export(ExportFormat.DJANGO, settings(List.of("0001_initial.py"), Map.of(), null)))
        .satisfies(e -> usage(e, "--django-app"));
    assertThatThrownBy(() -> export(ExportFormat.DJANGO, settings(List.of(), Map.of(), "shop")))
        .satisfies(e -> usage(e, "makemigrations"));
    assertThatThrownBy(
            () ->
                export(
                    ExportFormat.DJANGO,
                    settings(List.of("0002_a.py", "0002_b.py"), Map.of(), "shop")))
        .satisfies(e -> usage(e, "makemigrations --merge shop"));
    assertThatThrownBy(
            () ->
                export(
                    ExportFormat.DJANGO,
                    new FrameworkSettings(
                        new MigrationDirectory(List.of("0001_initial.py"), Map.of()),
                        NOW,
                        new SplittableRandom(1),
                        Optional.of("shop"),
                        Map.of())))
        .as("customer is neither shop_<model> nor mapped")
        .satisfies(e -> usage(e, "--django-model customer=ModelClass"));
    assertThatThrownBy(
            () ->
                export(ExportFormat.DJANGO, settings(List.of("0001_initial.py"), Map.of(), "x')")))
        .as("the app label becomes Python: only an identifier")
        .satisfies(e -> usage(e, "Python identifier"));
    assertThatThrownBy(
            () ->
                export(
                    ExportFormat.DJANGO,
                    settings(
                        List.of(
                            "0001_initial.py",
                            "0002_viewswap_2026_11_customer_to_client_expand.py"),
                        Map.of(),
                        "shop")))
        .as("exported twice into one app")
        .satisfies(e -> usage(e, "delete the earlier files"));
  }

  @Test
  void railsStampsAfterTheNewestMigrationOneSecondApart() throws Exception {
    List<ExportedFile> now = export(ExportFormat.RAILS, settings(List.of(), Map.of(), null));
    assertThat(now)
        .extracting(ExportedFile::name)
        .containsExactly(
            "20261207033000_viewswap_2026_11_customer_to_client_expand.rb",
            "20261207033001_viewswap_2026_11_customer_to_client_swap.rb",
            "20261207033002_viewswap_2026_11_customer_to_client_contract.rb");
    assertThat(now.get(0).content())
        .contains("class Viewswap202611CustomerToClientExpand < ActiveRecord::Migration[6.1]")
        .contains("bin/rails db:migrate:down VERSION=20261207033000")
        .contains("alias_attribute :full_name, :display_name");
    List<ExportedFile> later =
        export(ExportFormat.RAILS, settings(List.of("20261207033001_add_note.rb"), Map.of(), null));
    assertThat(later.get(0).name()).startsWith("20261207033002_");
  }

  @Test
  void alembicChainsFromTheHeadWithFreshIds() throws Exception {
    Map<String, String> python =
        Map.of(
            "aaa_first.py", "revision = 'aaa'\ndown_revision = None\n",
            "bbb_second.py",
                "revision: str = \"bbb\"\ndown_revision: Union[str, None] = \"aaa\"\n");
    List<ExportedFile> files =
        export(ExportFormat.ALEMBIC, settings(List.copyOf(python.keySet()), python, null));
    List<String> ids = files.stream().map(f -> f.name().substring(0, 12)).toList();
    assertThat(ids).doesNotHaveDuplicates().allMatch(i -> i.matches("[0-9a-f]{12}"));
    assertThat(files.get(0).content()).contains("down_revision = 'bbb'");
    assertThat(files.get(1).content()).contains("down_revision = '" + ids.get(0) + "'");
    assertThat(files.get(2).content())
        .contains("down_revision = '" + ids.get(1) + "'")
        .contains("alembic downgrade " + ids.get(1));
    Map<String, String> twoHeads =
        Map.of("a.py", "revision = 'a'\ndown_revision = None\n", "b.py", "revision = 'b'\n");
    assertThatThrownBy(
            () ->
                export(
                    ExportFormat.ALEMBIC, settings(List.copyOf(twoHeads.keySet()), twoHeads, null)))
        .satisfies(e -> usage(e, "alembic merge heads"));
  }

  /**
   * Read back as Python and Ruby would read them, the literals are the Flyway body of the phase
   * (the runner-phase body), so every framework runs exactly what the SQL formats run.
   */
  @Test
  void theLiteralsHoldTheRunnerPhaseBody() throws Exception {
    ExportFormatsTest.Example e = ExportFormatsTest.example("customer-to-client");
    ScriptRenderer r = new ScriptRenderer();
    String expand =
        r.runnerBody(e.spec(), e.plan(), e.plan().phase(Phase.EXPAND, Direction.FORWARD), "x", "y");
    String py = SourceText.python(expand, "");
    String rb = SourceText.ruby(expand, "  ");
    assertThat(unPython(py)).isEqualTo(expand);
    assertThat(unRuby(rb)).isEqualTo(expand);
    for (ExportFormat f : List.of(ExportFormat.DJANGO, ExportFormat.RAILS, ExportFormat.ALEMBIC)) {
      for (ExportedFile file : export(f, settings(List.of("0001_initial.py"), Map.of(), "shop"))) {
        assertThat(file.content().chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)))
            .as("%s is printable ASCII", file.name())
            .isTrue();
      }
    }
  }

  @Test
  void everyCharacterThatCouldEndALiteralIsEscaped() {
    String hostile = "a'b\"c\\d#{e}\n\u2028\u0085\u202E\uD83D\uDE00";
    assertThat(SourceText.pythonString(hostile))
        .isEqualTo("'a\\'b\"c\\\\d#{e}\\n\\u2028\\u0085\\u202E\\U0001F600'");
    assertThat(SourceText.pythonString("it's"))
        .as("a single quote and no double: double quotes, which read better")
        .isEqualTo("\"it's\"");
    assertThat(SourceText.ruby(hostile, ""))
        .isEqualTo(
            "[\n  \"a'b\\\"c\\\\d\\#{e}\\n\",\n  \"\\u{2028}\\u{85}\\u{202E}\\u{1F600}\",\n].join");
    assertThat(SourceText.comment("x\ny\u2028")).isEqualTo("x\\ny\\u2028");
    assertThatThrownBy(() -> SourceText.requireAscii("m.py", "ok\n\u2028"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("U+2028");
  }

  @Test
  void formatsAreListedFromTheEnum() {
    assertThat(ExportFormat.choices())
        .isEqualTo("psql, flyway, liquibase, django, rails or alembic");
    assertThat(ExportFormat.parse(" Django ")).contains(ExportFormat.DJANGO);
    assertThat(ExportFormat.parse("sqitch")).isEmpty();
  }

  private static void usage(Throwable e, String hintOrMessage) {
    assertThat(e).isInstanceOf(ViewSwapException.class);
    ViewSwapException v = (ViewSwapException) e;
    assertThat(v.code()).isEqualTo(ErrorCode.USAGE);
    assertThat(v.getMessage() + " " + v.hint()).contains(hintOrMessage);
  }

  /** Python's reading of the parenthesised literals SourceText.python writes. */
  private static String unPython(String expr) {
    return readLiterals(expr, "(", ")", 1);
  }

  /** Ruby's reading of the joined array SourceText.ruby writes. */
  private static String unRuby(String expr) {
    return readLiterals(expr, "[", "].join", 2);
  }

  /** One literal a line between the opening and closing lines; {@code tail} quote (and comma). */
  private static String readLiterals(String expr, String open, String close, int tail) {
    StringBuilder out = new StringBuilder();
    for (String line : expr.split("\n")) {
      String t = line.strip();
      if (!t.equals(open) && !t.equals(close)) {
        out.append(unescape(t.substring(1, t.length() - tail)));
      }
    }
    return out.toString();
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 'u' -> {
          if (s.charAt(i + 1) == '{') {
            int end = s.indexOf('}', i);
            out.appendCodePoint(Integer.parseInt(s.substring(i + 2, end), 16));
            i = end;
          } else {
            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }
}
