package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.Plan;
import io.viewswap.api.SpecStatus;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The library example of docs/library.md (and the README), compiled and run: the code between the
 * readme markers is the snippet, character for character (ReadmeSnippetTest checks that).
 */
@ExtendWith(PostgresExtension.class)
class ReadmeExampleIT {
  @Test
  void libraryExampleRuns(TestDatabase db) throws Exception {
    Path project = ExportRunnersIT.PROJECT;
    db.exec(Files.readString(project.resolve("specs/examples/customer-to-client.schema.sql")));
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(db.url());
    Path specFile = project.resolve("specs/examples/customer-to-client.yaml");
    List<String> exported = example(pg, specFile);
    assertThat(exported).as("psql scripts for every phase and rollback").hasSize(6);
    assertThat(db.queryValue("select state from viewswap.spec_state"))
        .as("the example applied expand")
        .isEqualTo("expanded");
  }

  static List<String> example(DataSource dataSource, Path specFile) throws Exception {
    // readme:start
    ViewSwap viewswap = ViewSwap.configure().dataSource(dataSource).build();
    Spec spec = new SpecReader().read(specFile);

    if (viewswap.check(spec).report().hasBlockers()) {
      throw new IllegalStateException("blocked: run `viewswap check` for details");
    }
    Plan plan = viewswap.plan(spec); // every phase's SQL, changes nothing
    List<ExportedFile> scripts = // or hand the DBA scripts instead of applying
        new ScriptRenderer().export(spec, plan, ExportFormat.PSQL, "1");

    PhaseResult expand = viewswap.apply(spec, Phase.EXPAND, false);
    System.out.printf("%s: %s in %d attempt(s)%n", spec.id(), expand.state(), expand.attempts());
    // ... deploy the new release, wait for `viewswap drain` to exit 0, then apply Phase.SWAP and
    // Phase.CONTRACT; viewswap.rollback(spec, Phase.EXPAND, false) would go back to planned.

    SpecStatus status = viewswap.status(Optional.of(spec)).get(0);
    System.out.println(
        "next: " + status.nextPhase().map(Phase::label).orElse("nothing, the rename is done"));
    // readme:end
    return scripts.stream().map(ExportedFile::name).toList();
  }
}
