package io.viewswap.ecosystem;

import static io.viewswap.ecosystem.FrameworkRunners.PYTHON;
import static io.viewswap.ecosystem.FrameworkRunners.ok;
import static io.viewswap.ecosystem.FrameworkRunners.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.viewswap.api.Phase;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * Expand, swap and contract through the framework's runner, then each rollback, with both
   * releases working in between as the lifecycle promises (the old one until contract, the new one
   * from expand); the catalog and state row compared with apply's after each step.
   */
  static void lifecycle(
      TestDatabase db,
      Map<String, List<String>> byApply,
      FrameworkRunners.PhaseRunner runner,
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
      FrameworkRunners.PhaseRunner runner,
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

  static FrameworkRunners.Run makemigrationsCheck(TestDatabase db, Path project) throws Exception {
    return run(
        db,
        project,
        PYTHON,
        "manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        "--noinput",
        "shop");
  }

  @Test
  void djangoMigrateRunsEachPhaseAndWalksItBack(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path project = FrameworkRunners.project("django_project", dir.resolve("project"));
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

    // The control: the developer edits the model and makemigrations wants a migration of its own
    // (the plain rename, or a drop and create), which the next deploy would run.
    Files.writeString(models, NEW_MODEL);
    FrameworkRunners.Run control = makemigrationsCheck(db, project);
    assertThat(control.exitCode()).as("without the export: %s", control.output()).isEqualTo(1);
    Files.writeString(models, OLD_MODEL);

    Path specFile = Files.writeString(dir.resolve("shop.yaml"), SHOP_SPEC);
    Spec spec = new SpecReader().read(specFile);
    Path migrations = project.resolve("shop/migrations");
    List<String> files =
        FrameworkRunners.export(
            db, specFile, migrations, "--format", "django", "--django-app", "shop");
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
    FrameworkRunners.Run check = makemigrationsCheck(db, project);
    assertThat(check.exitCode()).as("with the export: %s", check.output()).isZero();
    assertThat(check.output()).contains("No changes detected");

    Map<String, List<String>> byApply = FrameworkRunners.byApply(db, spec);
    lifecycle(
        db,
        byApply,
        FrameworkRunners.django(db, project, "shop", files, "0001_initial"),
        FrameworksIT.Framework.DJANGO,
        djangoRelease(db, "shop_customer", "full_name", "email_addr"),
        djangoRelease(db, "shop_client", "display_name", "email"),
        dir);
  }

  @Test
  void alembicUpgradesEachRevisionAndDowngradesIt(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Spec spec = ExportRunnersIT.load(db, FrameworksIT.CUSTOMER.example());
    db.exec("alter role app_rw login password 'app_rw'");
    String base = FrameworkRunners.ALEMBIC_BASE;
    Path project = FrameworkRunners.alembicProject(db, dir);
    Path versions = project.resolve("alembic/versions");
    List<String> files =
        FrameworkRunners.export(
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
    customerLifecycle(
        db,
        spec,
        FrameworkRunners.alembic(db, project, files),
        FrameworksIT.Framework.SQLALCHEMY,
        dir);
  }

  @Test
  void activeRecordMigratesEachPhaseUpAndDown(TestDatabase db, @TempDir Path dir) throws Exception {
    Spec spec = ExportRunnersIT.load(db, FrameworksIT.CUSTOMER.example());
    db.exec("alter role app_rw login password 'app_rw'");
    Path migrate = FrameworkRunners.railsProject(db, dir);
    List<String> files =
        FrameworkRunners.export(
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
    customerLifecycle(
        db, spec, FrameworkRunners.rails(db, migrate, files), FrameworksIT.Framework.RAILS, dir);
  }

  /**
   * The lifecycle of the customer-to-client example, with the releases FrameworksIT configures from
   * {@code repoint --for F}.
   */
  static void customerLifecycle(
      TestDatabase db,
      Spec spec,
      FrameworkRunners.PhaseRunner runner,
      FrameworksIT.Framework f,
      Path dir)
      throws Exception {
    Map<String, List<String>> byApply = FrameworkRunners.byApply(db, spec);
    JsonNode advice = FrameworksIT.repoint(FrameworksIT.CUSTOMER.example(), f, false);
    Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).isTrue();
    int port = Integer.parseInt(m.group(2));
    lifecycle(
        db,
        byApply,
        runner,
        f,
        FrameworksIT.oldConfig(db, FrameworksIT.CUSTOMER, advice, m.group(1), port),
        FrameworksIT.newConfig(db, FrameworksIT.CUSTOMER, f, advice, m.group(1), port),
        dir);
  }
}
