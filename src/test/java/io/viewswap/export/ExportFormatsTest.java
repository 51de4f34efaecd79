package io.viewswap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.ViewSwap;
import io.viewswap.api.Plan;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape every runner relies on. psql scripts are pinned byte for byte by GoldenPlanTest; here
 * the Flyway and Liquibase renderings are checked for what must hold in them: the runner owns the
 * transaction, timeouts come before any statement that takes a lock, and the guards, statements and
 * state row are the psql script's.
 */
class ExportFormatsTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final Pattern TRANSACTION_CONTROL =
      Pattern.compile("(?im)^(begin;|commit;|rollback;|\\\\set )");

  record Example(Spec spec, Plan plan) {}

  static Example example(String name) throws Exception {
    Spec spec = new SpecReader().read(PROJECT.resolve("specs/examples/" + name + ".yaml"));
    return new Example(
        spec,
        ViewSwap.planOffline(
            spec, Files.readString(PROJECT.resolve("specs/examples/" + name + ".catalog.json"))));
  }

  /**
   * The psql body between the timeouts and commit, with its client name, which differs per runner.
   */
  static String body(String script) {
    assertThat(script)
        .as("the search_path is pinned before the timeouts, as apply pins it")
        .contains("set local search_path = pg_catalog, pg_temp;\nset local lock_timeout");
    int from = script.indexOf("set local lock_timeout");
    int to = script.lastIndexOf("commit;");
    if (to < 0) {
      // a runner's body ends by giving the runner its search_path back, for its own bookkeeping
      to = script.lastIndexOf("select pg_catalog.set_config('search_path'");
    }
    return (to < 0 ? script.substring(from) : script.substring(from, to))
        .replaceAll("'(psql|flyway|liquibase) [^']*'", "'CLIENT'")
        // the one-phase-per-run hint names the runner's own command
        .replaceAll("hint = 'one phase per run[^']*'", "hint = 'HINT'")
        .strip();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"customer-to-client", "columns-only", "multi-table", "quoted", "table-only"})
  void flywayMigrationsCarryThePsqlScriptsBodyWithoutTransactionControl(String name)
      throws Exception {
    Example e = example(name);
    ScriptRenderer r = new ScriptRenderer();
    List<ExportedFile> files = r.export(e.spec(), e.plan(), ExportFormat.FLYWAY, "2026.11");
    assertThat(files).as("a migration and an undo script per phase").hasSize(6);
    for (int i = 0; i < 6; i++) {
      var phase = e.plan().phases().get(i);
      ExportedFile f = files.get(i);
      assertThat(f.name())
          .as("Flyway's naming: V/U, version, two underscores, description")
          .matches("[VU]2026\\.11\\.[123]__[A-Za-z0-9_-]+_(expand|swap|contract)\\.sql");
      assertThat(TRANSACTION_CONTROL.matcher(f.content()).find())
          .as("%s: Flyway owns the transaction, so no begin/commit/\\set", f.name())
          .isFalse();
      assertThat(body(f.content()))
          .as(
              "%s: same timeouts, state schema, guards, statements and state row as the psql script",
              f.name())
          .isEqualTo(body(r.render(e.spec(), e.plan(), phase)));
      assertThat(f.content())
          .as("the header names the spec, its checksum and how to run it")
          .contains(e.spec().id())
          .contains(e.plan().checksum())
          .contains("flyway ");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer-to-client", "columns-only", "quoted"})
  void liquibaseChangelogHasAChangesetPerPhaseWithItsRollback(String name) throws Exception {
    Example e = example(name);
    List<ExportedFile> files =
        new ScriptRenderer().export(e.spec(), e.plan(), ExportFormat.LIQUIBASE, "1");
    assertThat(files).hasSize(1);
    String log = files.get(0).content();
    assertThat(log)
        .as("the formatted-SQL marker comes first")
        .startsWith("--liquibase formatted sql\n");
    assertThat(log.lines().filter(l -> l.startsWith("--changeset ")).toList())
        .as("one changeset per phase, labelled with it, never split (dollar-quoted bodies)")
        .hasSize(3)
        .allMatch(
            l -> l.contains("splitStatements:false") && l.contains("rollbackSplitStatements:false"))
        .anyMatch(l -> l.contains("labels:swap"));
    assertThat(TRANSACTION_CONTROL.matcher(log).find())
        .as("Liquibase owns the transaction")
        .isFalse();
    long rollbackTimeouts =
        log.lines().filter(l -> l.startsWith("--rollback set local lock_timeout")).count();
    assertThat(rollbackTimeouts).as("every rollback sets its own timeouts").isEqualTo(3);
  }

  @Test
  void timeoutsComeBeforeAnyStatementInEveryFormat() throws Exception {
    Example e = example("customer-to-client");
    for (ExportFormat format : ExportFormat.values()) {
      if (format.isFramework()) {
        continue; // FrameworkExportTest: the same bodies inside Python and Ruby literals
      }
      for (ExportedFile f : new ScriptRenderer().export(e.spec(), e.plan(), format, "1")) {
        String sql = f.content();
        int lock = sql.indexOf("set local lock_timeout");
        int statement = sql.indexOf("set local statement_timeout");
        // the first statement after the settings: the state schema's install (expand) or check
        int firstDdl = sql.indexOf("do $viewswap_");
        assertThat(lock).as("%s %s: lock_timeout is set", format, f.name()).isPositive();
        assertThat(statement).as("%s %s: statement_timeout is set", format, f.name()).isPositive();
        assertThat(firstDdl)
            .as("%s %s: both timeouts precede the first statement", format, f.name())
            .isGreaterThan(Math.max(lock, statement));
      }
    }
  }

  /**
   * One writer class per format, each format's own (issue 21): the switch in {@link
   * ExportFormat#exporter} is exhaustive, and here no two formats share a class and no class of the
   * sealed set is left without a format. A new format fails to compile until it has a writer, and
   * this test until that writer is its own.
   */
  @Test
  void everyFormatHasAWriterOfItsOwn() {
    FrameworkSettings framework =
        new FrameworkSettings(
            MigrationDirectory.EMPTY,
            java.time.Instant.parse("2026-11-02T10:15:30Z"),
            new java.util.SplittableRandom(1),
            java.util.Optional.of("shop"),
            java.util.Map.of());
    java.util.Set<Class<?>> writers = new java.util.HashSet<>();
    for (ExportFormat f : ExportFormat.values()) {
      FormatExport w = f.exporter("1", framework);
      assertThat(writers.add(w.getClass())).as("%s has a class of its own", f).isTrue();
      assertThat(w instanceof FrameworkMigrations)
          .as("%s is a framework format exactly when its writer is one", f)
          .isEqualTo(f.isFramework());
    }
    java.util.Set<Class<?>> permitted = new java.util.HashSet<>();
    for (Class<?> c : FormatExport.class.getPermittedSubclasses()) {
      if (c.isInterface()) {
        permitted.addAll(java.util.List.of(c.getPermittedSubclasses()));
      } else {
        permitted.add(c);
      }
    }
    assertThat(writers).as("every writer serves a format").isEqualTo(permitted);
  }

  @Test
  void flywayVersionMustBeNumeric() {
    assertThatThrownBy(() -> ScriptRenderer.flywayVersion("v1", io.viewswap.api.Phase.EXPAND))
        .as("Flyway would not read V<v1>")
        .isInstanceOf(io.viewswap.api.ViewSwapException.class)
        .hasMessageContaining("numbers separated by dots")
        .extracting(e -> ((io.viewswap.api.ViewSwapException) e).code())
        .as("a usage error: exit 2")
        .isEqualTo(io.viewswap.api.ErrorCode.USAGE);
  }
}
