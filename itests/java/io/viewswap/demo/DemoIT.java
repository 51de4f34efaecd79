package io.viewswap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's first command, run in-process as {@code viewswap demo} would run it: its own
 * embedded server (from the binaries failsafe names in {@code viewswap.pg.binaries}), every phase,
 * both clients error-free.
 */
class DemoIT {
  private static final Pattern SUMMARY_ROW =
      Pattern.compile("(?m)^\\s+(old-name|new-name)\\s+(\\d+)\\s+(\\d+)$");
  private static final Pattern DATA_DIR = Pattern.compile("data in (\\S+)\\)");

  @Test
  @Timeout(60)
  void everyPhaseRunsWhileBothReleasesKeepWorkingWithoutErrors() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String major =
        System.getProperty("viewswap.pg.major", String.valueOf(DemoOptions.DEFAULT_PG_MAJOR));

    int code =
        Main.run(
            new String[] {"demo", "--seconds-per-phase", "1", "--pg-major", major},
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of());

    String printed = out + "\n--- stderr ---\n" + err;
    assertThat(code).as("exit code; the demo printed:%n%s", printed).isZero();
    assertThat(out.toString())
        .as("each phase reports its state change")
        .contains("expand: planned -> expanded")
        .contains("swap: expanded -> swapped")
        .contains("contract: swapped -> contracted")
        .contains("is contracted");

    Map<String, long[]> clients = new LinkedHashMap<>();
    Matcher row = SUMMARY_ROW.matcher(out.toString());
    while (row.find()) {
      clients.put(
          row.group(1), new long[] {Long.parseLong(row.group(2)), Long.parseLong(row.group(3))});
    }
    assertThat(clients)
        .as("summary rows for both clients in:%n%s", printed)
        .containsOnlyKeys("old-name", "new-name");
    clients.forEach(
        (label, counts) -> {
          assertThat(counts[0]).as("%s transactions", label).isPositive();
          assertThat(counts[1]).as("%s errors", label).isZero();
        });

    Matcher dataDir = DATA_DIR.matcher(out.toString());
    assertThat(dataDir.find()).as("the demo names its data directory").isTrue();
    assertThat(Path.of(dataDir.group(1)).getParent())
        .as("the server's run directory is deleted when the demo ends")
        .satisfies(dir -> assertThat(Files.exists(dir)).isFalse());
  }
}
