package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.cli.Main;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: {@code export --format django|rails|alembic} run by the frameworks' own runners
 * (Debian's Django 3.2, ActiveRecord 6.1, Alembic 1.8): {@code manage.py migrate}, ActiveRecord's
 * migrator ({@code db:migrate:up/down}), {@code alembic upgrade/downgrade}, one phase at a time
 * forward and back, while an old and a new release of the application work through the same
 * framework. After every phase and every rollback the catalog and the state row equal what {@code
 * apply} and {@code rollback} leave, and every unit of work of both releases succeeded. For Django
 * the edited model leaves {@code makemigrations --check} with nothing to do, where without the
 * export's state operations it wants a migration of its own.
 */
@ExtendWith(PostgresExtension.class)
class FrameworkMigrationsIT {
  static final Path PROJECT = FrameworksIT.PROJECT;
  static final Path RESOURCES = FrameworksIT.SCRIPTS;
  static final String PYTHON = "/usr/bin/python3";
  static final String RUBY = "/usr/bin/ruby";

  static final String SHOP_SPEC =
      String.join(
          "\n",
          "id: shop-customer-to-client",
          "renames:",
          "  - table: public.shop_customer",
          "    to: shop_client",
          "    columns:",
          "      full_name: display_name",
          "      email_addr: email",
          "options:",
          "  lock_timeout: 2s",
          "  compat_view: true",
          "");

  static final String OLD_MODEL =
      String.join(
          "\n",
          "from django.db import models",
          "",
          "",
          "class Customer(models.Model):",
          "    full_name = models.TextField()",
          "    email_addr = models.TextField(null=True)",
          "");

  /** The model as the new release has it: what the exported state operations record. */
  static final String NEW_MODEL =
      String.join(
          "\n",
          "from django.db import models",
          "",
          "",
          "class Client(models.Model):",
          "    display_name = models.TextField()",
          "    email = models.TextField(null=True)",
          "");

  /** One command's exit code and its output (stdout and stderr). */
  record Run(int exitCode, String output) {}

  /** Runs a framework's command in {@code dir} against the test database, as the superuser. */
  static Run run(TestDatabase db, Path dir, String... command) throws Exception {
    if (!Files.isExecutable(Path.of(command[0]))) {
      throw new AssertionError(
          command[0]
              + " is missing: the build installs it as root (.ci/ensure-app-clients.sh); otherwise"
              + " apt-get install python3-django python3-alembic python3-psycopg2 ruby-activerecord"
              + " ruby-pg");
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("PYTHON") || k.equals("RUBYOPT"));
    env.putAll(Runners.libpq(db));
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
    }
    return new Run(p.exitValue(), out);
  }

  static Run ok(TestDatabase db, Path dir, String... command) throws Exception {
    Run r = run(db, dir, command);
    assertThat(r.exitCode()).as("%s:%n%s", String.join(" ", command), r.output()).isZero();
    return r;
  }

  /** {@code viewswap export}, through the CLI as a developer types it. */
  static List<String> export(TestDatabase db, Path spec, Path out, String... more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("export", spec.toString(), "--url", db.url(), "--out", out.toString()));
    args.addAll(List.of(more));
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code =
        Main.run(
            args.toArray(String[]::new),
            new PrintWriter(stdout),
            new PrintWriter(stderr),
            Map.of());
    assertThat(code).as("export: %s", stderr).isZero();
    List<String> written = new ArrayList<>();
    Matcher m = Pattern.compile("wrote (.*)").matcher(stdout.toString());
    while (m.find()) {
      written.add(Path.of(m.group(1).strip()).getFileName().toString());
    }
    assertThat(written).as("one migration per phase").hasSize(3);
    return written;
  }

  /**
   * What {@code apply} and {@code rollback} leave after each phase, keyed {@code expand} ... {@code
   * expand rollback}; the state schema is dropped again afterwards, so the framework starts from
   * the same catalog.
   */
  static Map<String, List<String>> byApply(TestDatabase db, Spec spec) throws Exception {
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    List<String> untouched = Fingerprint.of(db);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      vs.apply(spec, p, false);
      out.put(p.label(), Fingerprint.of(db));
    }
    for (Phase p : List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND)) {
      vs.rollback(spec, p, false);
      out.put(p.label() + " rollback", Fingerprint.of(db));
    }
    db.exec("drop schema viewswap cascade");
    assertThat(Fingerprint.of(db))
        .as("apply's round trip restores the catalog")
        .isEqualTo(untouched);
    return out;
  }

  /** One framework's way to run a phase of the export forward or back. */
  interface PhaseRunner {
    void forward(Phase phase) throws Exception;

    void back(Phase phase) throws Exception;
  }

  /**
   * Expand, swap and contract through the framework's runner, then each rollback, with both
   * releases working in between as the lifecycle promises (the old one until contract, the new one
   * from expand); the catalog and state row compared with apply's after each step.
   */
  static void lifecycle(
      TestDatabase db,
      Map<String, List<String>> byApply,
      PhaseRunner runner,
      FrameworksIT.Framework f,
      Map<String, Object> oldCfg,
      Map<String, Object> newCfg,
      Path dir)
      throws Exception {
    List<String> log = new ArrayList<>();
    try (FrameworksIT.Release old = FrameworksIT.Release.start(f, "old", oldCfg, dir, log)) {
      old.work("planned");
      step(db, byApply, runner, Phase.EXPAND, true);
      old.work("expanded");
      try (FrameworksIT.Release next = FrameworksIT.Release.start(f, "new", newCfg, dir, log)) {
        next.work("expanded");
        step(db, byApply, runner, Phase.SWAP, true);
        next.work("swapped");
        old.work("swapped (compat view)");
        old.close();
        step(db, byApply, runner, Phase.CONTRACT, true);
        next.work("contracted");
        step(db, byApply, runner, Phase.CONTRACT, false);
        next.work("contract rolled back");
        step(db, byApply, runner, Phase.SWAP, false);
        next.work("swap rolled back (view)");
      }
      step(db, byApply, runner, Phase.EXPAND, false);
    } finally {
      log.forEach(l -> System.out.println("  " + f.label + " migrations: " + l));
    }
    try (FrameworksIT.Release old = FrameworksIT.Release.start(f, "old-again", oldCfg, dir, log)) {
      old.work("planned again");
    }
    assertThat(log).hasSize(FrameworksIT.RUNS * 9);
    assertThat(log)
        .as("every unit of work of both releases succeeded")
        .allMatch(l -> l.endsWith(": ok"));
  }

  static void step(
      TestDatabase db,
      Map<String, List<String>> byApply,
      PhaseRunner runner,
      Phase phase,
      boolean forward)
      throws Exception {
    if (forward) {
      runner.forward(phase);
    } else {
      runner.back(phase);
    }
    String key = phase.label() + (forward ? "" : " rollback");
    assertThat(Fingerprint.of(db))
        .as("%s through the framework: the catalog and state row apply leaves", key)
        .isEqualTo(byApply.get(key));
  }

  static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }

  static Map<String, Object> djangoRelease(
      TestDatabase db, String table, String nameColumn, String emailColumn) {
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).isTrue();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("host", m.group(1));
    c.put("port", Integer.parseInt(m.group(2)));
    c.put("database", db.name());
    c.put("username", "app_rw");
    c.put("password", "app_rw");
    c.put("rows", 1000);
    c.put("update", "full_name");
    c.put("update_value", "Customer renamed");
    c.put("create", Map.of("full_name", "new {n}", "email_addr", "f{n}@example.com"));
    c.put("where", "full_name");
    c.put("disable_server_side_cursors", false);
    c.put("table_name", table);
    Map<String, Object> id = FrameworksIT.field("id", "bigint");
    id.put("column", "id");
    id.put("pk", true);
    Map<String, Object> name = FrameworksIT.field("full_name", "text");
    name.put("column", nameColumn);
    name.put("pk", false);
    Map<String, Object> email = FrameworksIT.field("email_addr", "text");
    email.put("column", emailColumn);
    email.put("pk", false);
    c.put("fields", List.of(id, name, email));
    return c;
  }

  @Test
  void djangoMigrateRunsEachPhaseAndWalksItBack(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path project = copy(RESOURCES.resolve("django_project"), dir.resolve("project"));
    Path models = project.resolve("shop/models.py");
    Files.writeString(models, OLD_MODEL);
    ok(db, project, PYTHON, "manage.py", "makemigrations", "shop");
    ok(db, project, PYTHON, "manage.py", "migrate", "shop");
    db.exec(
        "do $$ begin if not exists (select from pg_roles where rolname = 'app_rw') then create role app_rw; end if;"
            + " end $$;"
            + " alter role app_rw login password 'app_rw';"
            + " insert into public.shop_customer (full_name, email_addr)"
            + "   select 'Customer ' || g, 'c' || g || '@example.com' from generate_series(1, 1000) g;"
            + " grant select, insert, update, delete on public.shop_customer to app_rw;"
            + " grant usage on sequence public.shop_customer_id_seq to app_rw");

    // The control: the developer edits the model and makemigrations wants a migration, whose SQL
    // is a plain rename that breaks the old release at once.
    Files.writeString(models, NEW_MODEL);
    Run control =
        run(
            db,
            project,
            PYTHON,
            "manage.py",
            "makemigrations",
            "--check",
            "--dry-run",
            "--noinput",
            "shop");
    assertThat(control.exitCode()).as("without the export: %s", control.output()).isEqualTo(1);
    Files.writeString(models, OLD_MODEL);

    Path specFile = Files.writeString(dir.resolve("shop.yaml"), SHOP_SPEC);
    Spec spec = new SpecReader().read(specFile);
    Path migrations = project.resolve("shop/migrations");
    List<String> files =
        export(db, specFile, migrations, "--format", "django", "--django-app", "shop");
    assertThat(files)
        .containsExactly(
            "0002_viewswap_shop_customer_to_client_expand.py",
            "0003_viewswap_shop_customer_to_client_swap.py",
            "0004_viewswap_shop_customer_to_client_contract.py");
    String expand = Files.readString(migrations.resolve(files.get(0)));
    assertThat(expand)
        .contains("dependencies = [('shop', '0001_initial')]")
        .contains("migrations.RenameModel('Customer', 'Client')")
        .contains("migrations.RenameField('client', 'full_name', 'display_name')")
        .contains("safe = Safe.before_deploy");
    assertThat(Files.readString(migrations.resolve(files.get(1))))
        .contains("safe = Safe.after_deploy");

    // The new release's model: nothing left for makemigrations, the exported state recorded it.
    Files.writeString(models, NEW_MODEL);
    Run check =
        run(
            db,
            project,
            PYTHON,
            "manage.py",
            "makemigrations",
            "--check",
            "--dry-run",
            "--noinput",
            "shop");
    assertThat(check.exitCode()).as("with the export: %s", check.output()).isZero();
    assertThat(check.output()).contains("No changes detected");

    Map<String, List<String>> byApply = byApply(db, spec);
    Map<Phase, String> names =
        Map.of(
            Phase.EXPAND, "0002_viewswap_shop_customer_to_client_expand",
            Phase.SWAP, "0003_viewswap_shop_customer_to_client_swap",
            Phase.CONTRACT, "0004_viewswap_shop_customer_to_client_contract");
    Map<Phase, String> before =
        Map.of(
            Phase.EXPAND, "0001_initial",
            Phase.SWAP, names.get(Phase.EXPAND),
            Phase.CONTRACT, names.get(Phase.SWAP));
    lifecycle(
        db,
        byApply,
        new PhaseRunner() {
          @Override
          public void forward(Phase phase) throws Exception {
            ok(db, project, PYTHON, "manage.py", "migrate", "--noinput", "shop", names.get(phase));
          }

          @Override
          public void back(Phase phase) throws Exception {
            ok(db, project, PYTHON, "manage.py", "migrate", "--noinput", "shop", before.get(phase));
          }
        },
        FrameworksIT.Framework.DJANGO,
        djangoRelease(db, "shop_customer", "full_name", "email_addr"),
        djangoRelease(db, "shop_client", "display_name", "email"),
        dir);
  }

  @Test
  void alembicUpgradesEachRevisionAndDowngradesIt(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path project = copy(RESOURCES.resolve("alembic_project"), dir.resolve("project"));
    Spec spec = ExportRunnersIT.load(db, FrameworksIT.CUSTOMER.example());
    db.exec("alter role app_rw login password 'app_rw'");
    String base = "5e1f0c2a9b31";
    ok(db, project, PYTHON, "-m", "alembic", "upgrade", base);
    Path versions = project.resolve("alembic/versions");
    List<String> files =
        export(
            db,
            PROJECT.resolve("specs/examples/customer-to-client.yaml"),
            versions,
            "--format",
            "alembic");
    List<String> revisions = files.stream().map(f -> f.substring(0, f.indexOf('_'))).toList();
    assertThat(revisions).doesNotHaveDuplicates().allMatch(r -> r.matches("[0-9a-f]{12}"));
    assertThat(Files.readString(versions.resolve(files.get(0))))
        .as("the first phase follows the head that was there")
        .contains("down_revision = '" + base + "'");
    Map<String, List<String>> byApply = byApply(db, spec);
    Map<Phase, String> before =
        Map.of(
            Phase.EXPAND, base,
            Phase.SWAP, revisions.get(0),
            Phase.CONTRACT, revisions.get(1));
    JsonNode advice =
        FrameworksIT.repoint(
            FrameworksIT.CUSTOMER.example(), FrameworksIT.Framework.SQLALCHEMY, false);
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).isTrue();
    int port = Integer.parseInt(m.group(2));
    lifecycle(
        db,
        byApply,
        new PhaseRunner() {
          @Override
          public void forward(Phase phase) throws Exception {
            ok(db, project, PYTHON, "-m", "alembic", "upgrade", revisions.get(phase.ordinal()));
          }

          @Override
          public void back(Phase phase) throws Exception {
            ok(db, project, PYTHON, "-m", "alembic", "downgrade", before.get(phase));
          }
        },
        FrameworksIT.Framework.SQLALCHEMY,
        FrameworksIT.oldConfig(db, FrameworksIT.CUSTOMER, advice, m.group(1), port),
        FrameworksIT.newConfig(
            db, FrameworksIT.CUSTOMER, FrameworksIT.Framework.SQLALCHEMY, advice, m.group(1), port),
        dir);
  }

  @Test
  void activeRecordMigratesEachPhaseUpAndDown(TestDatabase db, @TempDir Path dir) throws Exception {
    Path migrate = Files.createDirectories(dir.resolve("db/migrate"));
    Files.writeString(
        migrate.resolve("20991231235959_create_widgets.rb"),
        "class CreateWidgets < ActiveRecord::Migration[6.1]\n  def change\n  end\nend\n");
    Spec spec = ExportRunnersIT.load(db, FrameworksIT.CUSTOMER.example());
    db.exec("alter role app_rw login password 'app_rw'");
    String script = RESOURCES.resolve("rails_migrate.rb").toString();
    ok(db, dir, RUBY, script, migrate.toString(), "up", "20991231235959");
    List<String> files =
        export(
            db,
            PROJECT.resolve("specs/examples/customer-to-client.yaml"),
            migrate,
            "--format",
            "rails");
    List<String> versions = files.stream().map(f -> f.substring(0, f.indexOf('_'))).toList();
    assertThat(versions)
        .as("after the newest migration there, one apart")
        .containsExactly("20991231235960", "20991231235961", "20991231235962");
    assertThat(files.get(0)).endsWith("_viewswap_2026_11_customer_to_client_expand.rb");
    assertThat(Files.readString(migrate.resolve(files.get(0))))
        .contains("class Viewswap202611CustomerToClientExpand < ActiveRecord::Migration[6.1]")
        .as("the model lines repoint --for rails gives")
        .contains("self.primary_key = \"id\"");
    Map<String, List<String>> byApply = byApply(db, spec);
    JsonNode advice =
        FrameworksIT.repoint(FrameworksIT.CUSTOMER.example(), FrameworksIT.Framework.RAILS, false);
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).isTrue();
    int port = Integer.parseInt(m.group(2));
    lifecycle(
        db,
        byApply,
        new PhaseRunner() {
          @Override
          public void forward(Phase phase) throws Exception {
            ok(db, dir, RUBY, script, migrate.toString(), "up", versions.get(phase.ordinal()));
          }

          @Override
          public void back(Phase phase) throws Exception {
            ok(db, dir, RUBY, script, migrate.toString(), "down", versions.get(phase.ordinal()));
          }
        },
        FrameworksIT.Framework.RAILS,
        FrameworksIT.oldConfig(db, FrameworksIT.CUSTOMER, advice, m.group(1), port),
        FrameworksIT.newConfig(
            db, FrameworksIT.CUSTOMER, FrameworksIT.Framework.RAILS, advice, m.group(1), port),
        dir);
  }
}
