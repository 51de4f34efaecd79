package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.customerToClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot taken mid-rename holds viewswap's own views. Checked offline as if nothing were
 * applied, the transitional view {@code public.client} looked like someone else's relation in the
 * way, and the hint said to drop it, which breaks the new release that reads through it. The
 * snapshot now records the spec's state, and offline check and plan start from it.
 */
@ExtendWith(PostgresExtension.class)
class SnapshotMidRenameIT {

  @Test
  void aSnapshotTakenWhileExpandedIsCheckedAsExpanded(TestDatabase db, @TempDir Path dir)
      throws Exception {
    Path spec = customerToClient(db);
    assertThat(cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();
    Path snapshot = dir.resolve("catalog.json");
    Run taken = cli(db, "snapshot", spec.toString(), "--out", snapshot.toString());
    assertThat(taken.code()).as("%s", taken).isZero();
    String json = Files.readString(snapshot);
    assertThat(json)
        .as("the snapshot records where the spec stands")
        .contains("\"2026-11-customer-to-client\" : \"expanded\"");

    // The breakage: the same snapshot without the state (as snapshots were written before) is
    // checked as planned, and the view viewswap made is "in the way".
    Path stateless = dir.resolve("stateless.json");
    Files.writeString(stateless, json.replaceAll("(?s),\\s*\"specStates\" : \\{[^}]*\\}", ""));
    assertThat(Files.readString(stateless)).doesNotContain("specStates");
    Run old = offlineCheck(spec, stateless);
    assertThat(old.code()).as("%s", old).isEqualTo(3);
    assertThat(old.out() + old.err())
        .as("the view viewswap made reads as a name taken: %s", old)
        .contains("a view public.client already exists")
        .as("and the hint no longer leads with dropping it")
        .contains("if it is viewswap's own view from an earlier phase of this spec")
        .contains("do not drop it");

    Run check = offlineCheck(spec, snapshot);
    assertThat(check.code()).as("checked as expanded: the swap is next: %s", check).isZero();
    assertThat(check.out() + check.err())
        .doesNotContain("already exists")
        .doesNotContain("drop or rename");

    Run plan =
        cli(db, "plan", spec.toString(), "--catalog", snapshot.toString(), "--phase", "swap");
    assertThat(plan.code()).as("the swap plans from the snapshot: %s", plan).isZero();
    assertThat(plan.out()).contains("drop view \"public\".\"client\";");
  }

  private static Run offlineCheck(Path spec, Path catalog) {
    // No --url: offline.
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        io.viewswap.cli.Main.run(
            new String[] {"check", spec.toString(), "--catalog", catalog.toString()},
            new java.io.PrintWriter(out),
            new java.io.PrintWriter(err),
            java.util.Map.of());
    return new Run(code, out.toString(), err.toString());
  }
}
