package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22 items 2 and 5, with the real runners driven by their default commands: a plain {@code
 * flyway migrate} (what Spring Boot runs at start-up) or {@code liquibase update} without labels
 * takes one phase per run, so the old release keeps working until the next deploy; and an exported
 * script run for a phase already done succeeds and changes nothing, as {@code apply} does.
 */
@ExtendWith(PostgresExtension.class)
class OnePhasePerRunIT {
  static final String EXAMPLE = "customer-to-client";

  /** What the old release writes: the old table and column names. */
  static final String OLD_WRITE =
      "insert into public.customer (full_name, email_addr) values ('old release', null)";

  /** What the new release reads. */
  static final String NEW_READ = "select display_name, email from public.client limit 1";

  private static String state(TestDatabase db) throws SQLException {
    return String.valueOf(
        db.queryValue(
            "select state from viewswap.spec_state where spec_id = '2026-11-" + EXAMPLE + "'"));
  }

  private static List<ExportedFile> export(TestDatabase db, ExportFormat format) throws Exception {
    Spec spec = ExportRunnersIT.load(db, EXAMPLE);
    Plan plan = ExportRunnersIT.viewSwap(db).plan(spec);
    return new ScriptRenderer().export(spec, plan, format, ExportRunnersIT.FLYWAY_BASE);
  }

  /**
   * The break, shown with the gate's session rule taken out by hand (the mark it compares against
   * can never match): one plain migrate runs expand, swap and contract in a row and the old
   * release's write fails.
   */
  @Test
  void withoutTheRuleAPlainFlywayMigrateRunsEveryPhaseAndBreaksTheOldRelease(
      TestDatabase db, @TempDir Path dir) throws Exception {
    List<ExportedFile> ungated =
        export(db, ExportFormat.FLYWAY).stream()
            .map(f -> new ExportedFile(f.name(), f.content().replace(") 'forward:", ") 'never:")))
            .toList();
    db.exec(OLD_WRITE);
    Runners.flywayMigrateAll(db, ExportRunnersIT.write(ungated, dir));
    assertThat(state(db)).as("one plain migrate ran all three phases").isEqualTo("contracted");
    assertThatThrownBy(() -> db.exec(OLD_WRITE))
        .as("the old release, still running, can no longer write")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("customer");
  }

  @Test
  void aPlainFlywayMigrateTakesOnePhasePerRun(TestDatabase db, @TempDir Path dir) throws Exception {
    Path out = ExportRunnersIT.write(export(db, ExportFormat.FLYWAY), dir);
    assertThatThrownBy(() -> Runners.flywayMigrateAll(db, out))
        .as("the first deploy's migrate: expand runs, swap refuses in the same run")
        .hasMessageContaining("VS428")
        .hasMessageContaining("expand of spec 2026-11-customer-to-client ran in this session");
    assertThat(state(db)).isEqualTo("expanded");
    db.exec(OLD_WRITE);
    db.query(NEW_READ);

    assertThatThrownBy(() -> Runners.flywayMigrateAll(db, out))
        .as("the next deploy's migrate: swap runs, contract refuses in the same run")
        .hasMessageContaining("VS428");
    assertThat(state(db)).isEqualTo("swapped");
    db.exec(OLD_WRITE); // through the compat view
    db.query(NEW_READ);

    Runners.flywayMigrateAll(db, out);
    assertThat(state(db)).as("the deploy after that: contract").isEqualTo("contracted");
    assertThat(
            db.queryValue(
                "select count(*) from flyway.flyway_schema_history where success and version like '7.%'"))
        .as("Flyway recorded each phase once, and no failed migration to repair")
        .isEqualTo(3L);
    assertThat(db.queryValue("select count(*) from flyway.flyway_schema_history where not success"))
        .isEqualTo(0L);
  }

  @Test
  void aLiquibaseUpdateWithoutLabelsTakesOnePhasePerRun(TestDatabase db, @TempDir Path dir)
      throws Exception {
    List<ExportedFile> files = export(db, ExportFormat.LIQUIBASE);
    Path changelog = ExportRunnersIT.write(files, dir).resolve(files.get(0).name());
    assertThatThrownBy(() -> Runners.liquibaseUpdateAll(db, changelog))
        .hasStackTraceContaining("VS428");
    assertThat(state(db)).isEqualTo("expanded");
    db.exec(OLD_WRITE);
    assertThatThrownBy(() -> Runners.liquibaseUpdateAll(db, changelog))
        .hasStackTraceContaining("VS428");
    assertThat(state(db)).isEqualTo("swapped");
    db.exec(OLD_WRITE);
    Runners.liquibaseUpdateAll(db, changelog);
    assertThat(state(db)).isEqualTo("contracted");
  }

  /**
   * Without the state schema at the version the script was made for, a script after expand refuses
   * and says to run the expand script again, which installs it and changes nothing else.
   */
  @Test
  void aScriptAfterExpandChecksTheStateSchemaAndExpandInstallsIt(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path out = ExportRunnersIT.write(export(db, ExportFormat.PSQL), dir);
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    Spec spec =
        new io.viewswap.spec.SpecReader()
            .read(ExportRunnersIT.PROJECT.resolve("specs/examples/" + EXAMPLE + ".yaml"));
    vs.apply(spec, Phase.EXPAND, false);
    db.exec("comment on schema viewswap is 'viewswap state v1'");
    Runners.PsqlRun swap = Runners.psql(db, out.resolve("02-swap.sql"));
    assertThat(swap.exitCode()).as(swap.output()).isEqualTo(3);
    assertThat(swap.output()).contains("missing or not the version").contains("expand script");
    assertThat(state(db)).isEqualTo("expanded");
    Runners.PsqlRun expand = Runners.psql(db, out.resolve("01-expand.sql"));
    assertThat(expand.exitCode()).as(expand.output()).isZero();
    assertThat(expand.output()).contains("already expanded");
    Runners.PsqlRun again = Runners.psql(db, out.resolve("02-swap.sql"));
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(state(db)).isEqualTo("swapped");
  }

  /**
   * Item 5: a phase already done (by apply) run again from its exported script, by psql and by
   * Flyway, succeeds and changes nothing: no catalog change, no state row, as apply reports done.
   */
  @Test
  void aScriptForAPhaseAlreadyDoneSucceedsAndChangesNothing(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Spec spec = ExportRunnersIT.load(db, EXAMPLE);
    ViewSwap vs = ExportRunnersIT.viewSwap(db);
    Plan plan = vs.plan(spec);
    Path psql =
        ExportRunnersIT.write(
            new ScriptRenderer().export(spec, plan, ExportFormat.PSQL, "7"),
            java.nio.file.Files.createDirectories(dir.resolve("psql")));
    Path flyway =
        ExportRunnersIT.write(
            new ScriptRenderer().export(spec, plan, ExportFormat.FLYWAY, "7"),
            java.nio.file.Files.createDirectories(dir.resolve("flyway")));
    vs.apply(spec, Phase.EXPAND, false);
    vs.apply(spec, Phase.SWAP, false);
    List<String> swapped = Fingerprint.of(db);
    Object runs = db.queryValue("select count(*) from viewswap.phase_run");

    for (String file : List.of("01-expand.sql", "02-swap.sql")) {
      Runners.PsqlRun run = Runners.psql(db, psql.resolve(file));
      assertThat(run.exitCode()).as("%s once swapped: %s", file, run.output()).isZero();
      assertThat(run.output()).contains("is already swapped").contains("changes nothing");
    }
    Runners.flywayMigrate(db, flyway, "7.2");
    assertThat(Fingerprint.of(db)).as("nothing changed").isEqualTo(swapped);
    assertThat(db.queryValue("select count(*) from viewswap.phase_run"))
        .as("no phase run recorded")
        .isEqualTo(runs);
    assertThat(
            db.queryValue(
                "select count(*) from flyway.flyway_schema_history where success and version like '7.%'"))
        .as("Flyway records the done phases as applied, so it will not run them again")
        .isEqualTo(2L);

    Runners.PsqlRun contract = Runners.psql(db, psql.resolve("03-contract.sql"));
    assertThat(contract.exitCode()).as(contract.output()).isZero();
    assertThat(state(db)).isEqualTo("contracted");
  }
}
