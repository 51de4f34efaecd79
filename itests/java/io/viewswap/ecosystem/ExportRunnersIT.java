package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Export equals execution: each format's scripts, run by its own runner on a fresh database, leave
 * the same catalog and the same state row after every phase and every rollback as {@code apply} and
 * {@code rollback} do.
 */
@ExtendWith(PostgresExtension.class)
class ExportRunnersIT {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final String FLYWAY_BASE = "7";

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String example :
        List.of("customer-to-client", "columns-only", "quoted", "columns-release-role")) {
      // the framework formats: FrameworkMigrationsIT, with the frameworks' own runners
      for (ExportFormat f :
          Stream.of(ExportFormat.values()).filter(f -> !f.isFramework()).toList()) {
        all.add(Arguments.of(example, f));
      }
    }
    return all.stream();
  }

  static ViewSwap viewSwap(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    return ViewSwap.configure().dataSource(ds).build();
  }

  static Spec load(TestDatabase db, String example) throws Exception {
    db.exec(Files.readString(PROJECT.resolve("specs/examples/" + example + ".schema.sql")));
    return new SpecReader().read(PROJECT.resolve("specs/examples/" + example + ".yaml"));
  }

  static Path write(List<ExportedFile> files, Path dir) throws Exception {
    for (ExportedFile f : files) {
      Files.writeString(dir.resolve(f.name()), f.content(), StandardCharsets.UTF_8);
    }
    return dir;
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("cases")
  void runnerLeavesWhatApplyLeaves(
      String example, ExportFormat format, TestDatabase db, @TempDir Path dir) throws Exception {
    Spec spec = load(db, example);
    ViewSwap vs = viewSwap(db);
    List<String> untouched = Fingerprint.of(db);
    Plan plan = vs.plan(spec);
    write(new ScriptRenderer().export(spec, plan, format, FLYWAY_BASE), dir);

    Map<String, List<String>> byApply = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      vs.apply(spec, p, false);
      byApply.put(p.label(), Fingerprint.of(db));
    }
    for (Phase p : reversed()) {
      vs.rollback(spec, p, false);
      byApply.put(p.label() + " rollback", Fingerprint.of(db));
    }
    db.exec("drop schema viewswap cascade");
    assertThat(Fingerprint.of(db))
        .as(
            "rolling every phase back through apply restores the catalog exactly (state schema aside)")
        .isEqualTo(untouched);

    for (Phase p : Phase.values()) {
      run(db, spec, format, dir, p, Direction.FORWARD);
      assertThat(Fingerprint.of(db))
          .as(
              "%s %s via %s: same catalog and state row as apply",
              example, p.label(), format.label())
          .isEqualTo(byApply.get(p.label()));
    }
    for (Phase p : reversed()) {
      run(db, spec, format, dir, p, Direction.ROLLBACK);
      assertThat(Fingerprint.of(db))
          .as(
              "%s %s rollback via %s: same catalog and state row as rollback",
              example, p.label(), format.label())
          .isEqualTo(byApply.get(p.label() + " rollback"));
    }
    assertThat(vs.status(java.util.Optional.of(spec)).get(0).state().label())
        .as("status reads the state the scripts wrote")
        .isEqualTo("planned");
  }

  @Test
  void psqlScriptRefusesATableThatChangedAndChangesNothing(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Spec spec = load(db, "customer-to-client");
    Plan plan = viewSwap(db).plan(spec);
    write(new ScriptRenderer().export(spec, plan, ExportFormat.PSQL, FLYWAY_BASE), dir);
    db.exec("alter table public.customer add column note text");
    List<String> before = Fingerprint.of(db);
    Runners.PsqlRun run = Runners.psql(db, dir.resolve("01-expand.sql"));
    assertThat(run.exitCode())
        .as("psql stops on the guard's error (ON_ERROR_STOP): %s", run.output())
        .isEqualTo(3);
    assertThat(run.output())
        .as("the guard names the table and its columns")
        .contains("has columns");
    assertThat(Fingerprint.of(db))
        .as("the transaction rolled back: nothing changed")
        .isEqualTo(before);
  }

  private static List<Phase> reversed() {
    return List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND);
  }

  private static void run(
      TestDatabase db, Spec spec, ExportFormat format, Path dir, Phase phase, Direction d)
      throws Exception {
    Runners.runPhase(
        db, spec, viewSwap(db).plan(spec).phase(phase, d), format, dir, FLYWAY_BASE, false);
  }
}
