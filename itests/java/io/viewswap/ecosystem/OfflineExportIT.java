package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DBA without live access gets the very scripts a live export writes: snapshot, then export
 * --catalog.
 */
@ExtendWith(PostgresExtension.class)
class OfflineExportIT {
  static int cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    assertThat(code).as("viewswap %s: %s%s", String.join(" ", args), out, err).isZero();
    return code;
  }

  static Map<String, String> contents(Path dir) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        m.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return m;
  }

  @Test
  void exportFromSnapshotEqualsLiveExportInEveryFormat(TestDatabase db, @TempDir Path tmp)
      throws Exception {
    Path project = Path.of(System.getProperty("viewswap.project.dir", "."));
    db.exec(Files.readString(project.resolve("specs/examples/customer-to-client.schema.sql")));
    String spec = project.resolve("specs/examples/customer-to-client.yaml").toString();
    Path catalog = tmp.resolve("catalog.json");
    cli("snapshot", spec, "--out", catalog.toString(), "--url", db.url());
    for (String format : new String[] {"psql", "flyway", "liquibase"}) {
      Path live = tmp.resolve("live-" + format);
      Path offline = tmp.resolve("offline-" + format);
      cli("export", spec, "--format", format, "--out", live.toString(), "--url", db.url());
      cli(
          "export",
          spec,
          "--format",
          format,
          "--out",
          offline.toString(),
          "--catalog",
          catalog.toString());
      assertThat(contents(offline))
          .as("%s scripts from the snapshot are byte for byte the live ones", format)
          .isNotEmpty()
          .isEqualTo(contents(live));
    }
  }
}
