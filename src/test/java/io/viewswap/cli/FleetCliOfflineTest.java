package io.viewswap.cli;

import static io.viewswap.cli.CliOfflineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.CliOfflineTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet options without a database: refusals a user sees before anything connects, and the
 * help.
 */
class FleetCliOfflineTest {
  @TempDir Path dir;

  Path spec() throws Exception {
    Path s = dir.resolve("t.yaml");
    Files.writeString(
        s, "id: t\nschemas: [\"tenant_*\"]\nrenames: [{table: customer, to: client}]\n");
    return s;
  }

  @Test
  void badShardParallelAndLimitAreUsageErrors() throws Exception {
    String s = spec().toString();
    String url = "jdbc:postgresql://127.0.0.1:1/none";
    assertThat(run("apply", s, "--phase", "expand", "--shard", "4/4", "--url", url).err())
        .contains("--shard must be I/N with 0 <= I < N, found '4/4'");
    assertThat(run("apply", s, "--phase", "expand", "--shard", "x", "--url", url).exit())
        .isEqualTo(2);
    assertThat(run("apply", s, "--phase", "expand", "--parallel", "0", "--url", url).exit())
        .isEqualTo(2);
    assertThat(run("apply", s, "--phase", "expand", "--limit", "0", "--url", url).exit())
        .isEqualTo(2);
  }

  @Test
  void fleetOptionsOnASpecThatIsNoFleetAreRefused() throws Exception {
    Path single = dir.resolve("single.yaml");
    Files.writeString(single, "id: single\nrenames: [{table: customer, to: client}]\n");
    Run r =
        run(
            "apply",
            single.toString(),
            "--phase",
            "expand",
            "--shard",
            "1/4",
            "--parallel",
            "2",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/none");
    assertThat(r.exit()).as("%s", r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("--parallel, --shard apply to a fleet only, and spec single selects no schemas")
        .contains("drop --parallel and --shard");
  }

  @Test
  void targetsAndUrlTogetherAreRefused() throws Exception {
    Path targets = dir.resolve("fleet.txt");
    Files.writeString(targets, "host=db1 dbname=app\n");
    Run r =
        run(
            "apply",
            spec().toString(),
            "--phase",
            "expand",
            "--targets",
            targets.toString(),
            "--url",
            "jdbc:postgresql://db1/app");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--targets and --url cannot be combined");
  }

  @Test
  void helpShowsTheFleetOptionsAndExitCodeNine() {
    assertThat(run("apply", "--help").out())
        .contains("--targets")
        .contains("--parallel")
        .contains("--shard")
        .contains("--partial")
        .contains("--fail-fast")
        .contains("--only")
        .contains("--limit");
    assertThat(run("--help").out()).contains("9 fleet: some targets failed");
  }

  @Test
  void repointSaysSchemaForEachTenant() throws Exception {
    Run r = run("repoint", spec().toString());
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.out())
        .contains("{schema} stands for each selected schema: tenant_*")
        .contains("{schema}");
  }
}
