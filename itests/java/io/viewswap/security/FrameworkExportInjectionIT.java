package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Phase;
import io.viewswap.ecosystem.Fingerprint;
import io.viewswap.ecosystem.FrameworkRunners;
import io.viewswap.export.ExportFormat;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 20: the text a less-privileged role chose (ExportInjectionIT's roles, column and comments,
 * plus text aimed at Python and Ruby: quote runs, {@code """}, {@code '''}, {@code #{...}}
 * interpolation and backticks, backslashes, heredoc terminators, {@code __END__}, {@code =begin},
 * U+2028/U+2029/U+0085, CR) reaches the migrations {@code export --format django|rails|alembic}
 * writes. Each is run by its framework's own runner through every phase and back, and after each
 * step: no marker file exists (no injected shell or Python/Ruby code ran), the attacker holds
 * nothing, the text arrived in the catalog byte for byte, and catalog and state row equal what
 * {@code apply} leaves. {@link #naiveEmbeddingsWouldHaveRun} first shows the interpreters running
 * the same text embedded the obvious ways.
 */
@ExtendWith(PostgresExtension.class)
class FrameworkExportInjectionIT {
  static final String INITIAL_MIGRATION =
      String.join(
          "\n",
          "from django.db import migrations, models",
          "",
          "",
          "class Migration(migrations.Migration):",
          "    initial = True",
          "    dependencies = []",
          "    operations = [",
          "        migrations.CreateModel(",
          "            name='Customer',",
          "            fields=[",
          "                ('id', models.BigIntegerField(primary_key=True)),",
          "                ('full_name', models.TextField()),",
          "            ],",
          "            options={'db_table': 'customer'},",
          "        ),",
          "    ]",
          "");

  /** Text that ends a Python or Ruby literal or comment in every usual way, then runs a command. */
  static String codePayload(List<Path> m) {
    return String.join(
        "\n",
        "a'''b\"\"\"c",
        "'''",
        "import os; os.system('touch " + m.get(0) + "')",
        "'''",
        "\"\"\"",
        "import os; os.system(\"touch " + m.get(1) + "\")",
        "\"\"\"",
        "#{system('touch " + m.get(2) + "')}#{`touch " + m.get(3) + "`}",
        "\\",
        "EOS",
        "SQL",
        "__END__",
        "=begin",
        "\u2028__import__('os').system('touch "
            + m.get(4)
            + "')\u2029\u0085\r\n\\'); __import__('os').system('touch "
            + m.get(5)
            + "') #",
        "'); system('touch " + m.get(5) + "') #",
        "end");
  }

  /**
   * ExportInjectionIT's planted text, plus the Python/Ruby payload as a column comment and a role.
   */
  static ExportInjectionIT.Hostile plant(TestDatabase db) throws Exception {
    ExportInjectionIT.Hostile h = ExportInjectionIT.plant(db);
    Path dir = h.markers().get(0).getParent();
    List<Path> code = new ArrayList<>();
    for (String n : List.of("p1", "p2", "r1", "r2", "p3", "p4")) {
      code.add(dir.resolve(n));
    }
    String role = "q" + db.name() + "'''\"\"\"#{`id`}\\\n";
    try (Connection c = db.connect()) {
      ExportInjectionIT.exec(c, "comment on column public.customer.id is %L", codePayload(code));
      ExportInjectionIT.exec(c, "create role %I", role);
      ExportInjectionIT.exec(c, "grant select on public.customer to %I", role);
    }
    List<String> roles = new ArrayList<>(h.roles());
    roles.add(role);
    List<Path> markers = new ArrayList<>(h.markers());
    markers.addAll(code);
    return new ExportInjectionIT.Hostile(
        h.attacker(),
        roles,
        h.column(),
        h.tableComment(),
        h.columnComment(),
        h.liquibaseExploit(),
        markers);
  }

  @ParameterizedTest(name = "via {0}")
  @EnumSource(
      value = ExportFormat.class,
      names = {"DJANGO", "RAILS", "ALEMBIC"})
  void hostileTextRunsAsDataInEveryFramework(
      ExportFormat format, TestDatabase db, @TempDir Path dir) throws Exception {
    ExportInjectionIT.Hostile h = plant(db);
    try {
      renameThrough(format, db, dir, h);
    } finally {
      ExportInjectionIT.cleanUp(db, h);
    }
  }

  private static void renameThrough(
      ExportFormat format, TestDatabase db, Path dir, ExportInjectionIT.Hostile h)
      throws Exception {
    Path specFile = Files.writeString(dir.resolve("spec.yaml"), ExportInjectionIT.SPEC);
    Spec spec = new SpecReader().read(specFile);
    Path out;
    FrameworkRunners.PhaseRunner runner;
    List<String> files;
    switch (format) {
      case DJANGO -> {
        Path project = FrameworkRunners.project("django_project", dir.resolve("project"));
        out = project.resolve("shop/migrations");
        Files.writeString(out.resolve("0001_initial.py"), INITIAL_MIGRATION);
        FrameworkRunners.ok(
            db, project, FrameworkRunners.PYTHON, "manage.py", "migrate", "--fake", "shop");
        files =
            FrameworkRunners.export(
                db,
                specFile,
                out,
                "--format",
                "django",
                "--django-app",
                "shop",
                "--django-model",
                "customer=Customer");
        runner = FrameworkRunners.django(db, project, "shop", files, "0001_initial");
      }
      case ALEMBIC -> {
        Path project = FrameworkRunners.alembicProject(db, dir);
        out = project.resolve("alembic/versions");
        files = FrameworkRunners.export(db, specFile, out, "--format", "alembic");
        runner = FrameworkRunners.alembic(db, project, files);
      }
      case RAILS -> {
        out = FrameworkRunners.railsProject(db, dir);
        files = FrameworkRunners.export(db, specFile, out, "--format", "rails");
        runner = FrameworkRunners.rails(db, out, files);
      }
      default -> throw new IllegalArgumentException(format.label());
    }
    StringBuilder all = new StringBuilder();
    for (String f : files) {
      String text = Files.readString(out.resolve(f), StandardCharsets.UTF_8);
      assertThat(text.chars().allMatch(ch -> ch == '\n' || (ch >= 0x20 && ch <= 0x7e)))
          .as("%s is printable ASCII and newlines only", f)
          .isTrue();
      all.append(text);
    }
    assertThat(all.toString())
        .as("the hostile text is in the migrations, escaped, so the interpreters do meet it")
        .contains("\\u2028", "touch " + h.markers().get(4))
        .contains(format == ExportFormat.RAILS ? "\\#{system(" : "#{system(");

    Map<String, List<String>> byApply = FrameworkRunners.byApply(db, spec);
    for (Phase p : Phase.values()) {
      runner.forward(p);
      String what = p.label() + " via " + format.label();
      ExportInjectionIT.assertUnharmed(db, h, what);
      assertThat(Fingerprint.of(db))
          .as("%s: same catalog and state row as apply", what)
          .isEqualTo(byApply.get(p.label()));
      if (p == Phase.EXPAND) {
        ExportInjectionIT.assertTextArrivedExactly(db, h, "public", "client");
        assertThat(
                db.queryValue(
                    "select col_description('public.client'::regclass, 1) = "
                        + "col_description('public.customer'::regclass, 1)"))
            .as("the Python/Ruby payload arrived on the view byte for byte")
            .isEqualTo(true);
      }
    }
    for (Phase p : List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND)) {
      runner.back(p);
      String what = p.label() + " rollback via " + format.label();
      ExportInjectionIT.assertUnharmed(db, h, what);
      assertThat(Fingerprint.of(db))
          .as("%s: same catalog and state row as rollback", what)
          .isEqualTo(byApply.get(p.label() + " rollback"));
    }
  }

  /**
   * The breakage the escaping prevents: the same text in a Python triple-quoted string, a Ruby
   * single-quoted heredoc and a Ruby double-quoted string runs the attacker's command.
   */
  @Test
  void naiveEmbeddingsWouldHaveRun(TestDatabase db, @TempDir Path dir) throws Exception {
    List<Path> m = new ArrayList<>();
    for (String n : List.of("p1", "p2", "r1", "r2", "p3", "p4")) {
      m.add(dir.resolve(n));
    }
    String payload = codePayload(m);
    // the part of the payload aimed at a triple-quoted literal, as a comment would carry it
    String triple = "a\n'''\nimport os; os.system('touch " + m.get(0) + "')\n'''";
    assertThat(payload).contains(triple.substring(2));
    Path py = Files.writeString(dir.resolve("naive.py"), "SQL = '''" + triple + "'''\n");
    FrameworkRunners.run(db, dir, FrameworkRunners.PYTHON, py.toString());
    assertThat(m.get(0)).as("python ran the command after the ''' that ended the literal").exists();
    Path heredoc =
        Files.writeString(
            dir.resolve("heredoc.rb"),
            "SQL = <<~'SQL'\n"
                + payload.replace("\nSQL\n", "\nSQL\nsystem('touch " + m.get(3) + "')\n")
                + "\nSQL\n");
    FrameworkRunners.run(db, dir, FrameworkRunners.RUBY, heredoc.toString());
    assertThat(m.get(3)).as("ruby ran the line after the heredoc's terminator").exists();
    Path interpolated =
        Files.writeString(
            dir.resolve("dq.rb"), "SQL = \"" + payload.replace("\"", "\\\"") + "\"\n");
    FrameworkRunners.run(db, dir, FrameworkRunners.RUBY, interpolated.toString());
    assertThat(m.get(2)).as("ruby ran the #{...} in a double-quoted string").exists();
  }
}
