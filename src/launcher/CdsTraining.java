import io.viewswap.cli.Main;
import io.viewswap.pg.BinariesJar;
import io.viewswap.pg.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the class-data-sharing archive of {@code target/viewswap}: the build runs
 * this file with {@code java -XX:ArchiveClassesAtExit=... -cp target/viewswap.jar}, so that the
 * archive holds the classes (and lambda forms) of the commands a pipeline starts most: help, plan,
 * check, export, and the connection path up to the socket. When the build has copied PostgreSQL's
 * embedded binaries (target/pg-binaries, as for the tests), it also starts a server and runs the
 * commands that talk to one (check, plan, apply, status, rollback): the driver's query path, the
 * catalog reads and the phase runner are then in the archive too, which a cold {@code plan} against
 * a database needs. It runs the CLI in-process, so several commands train one archive. Output is
 * discarded; only the loaded classes matter.
 *
 * <p>Arguments: the examples directory (specs/examples), optionally the directory of the binaries
 * jars (target/pg-binaries).
 */
public class CdsTraining {
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Path examples = Path.of(args[0]);
    Path tmp = Files.createTempDirectory("viewswap-cds-training");
    try {
      offline(examples, tmp);
      if (args.length > 1) {
        online(examples, Path.of(args[1]));
      }
    } finally {
      deleteTree(tmp);
    }
  }

  private static void offline(Path examples, Path tmp) {
    for (String example : new String[] {"customer-to-client", "columns-only"}) {
      String spec = examples.resolve(example + ".yaml").toString();
      String catalog = examples.resolve(example + ".catalog.json").toString();
      run("plan", spec, "--catalog", catalog);
      run("plan", spec, "--catalog", catalog, "--format", "json");
      run("plan", spec, "--catalog", catalog, "--format", "sql", "--phase", "swap");
      run("check", spec, "--catalog", catalog, "--format", "json");
      run("check", spec, "--catalog", catalog);
      run("export", spec, "--catalog", catalog, "--out", tmp.resolve(example).toString());
    }
    String spec = examples.resolve("customer-to-client.yaml").toString();
    run("--version");
    run("--help");
    run("apply", "--help");
    // The connection path up to the socket: port 1 refuses at once.
    run(
        "plan",
        spec,
        "--url",
        "jdbc:postgresql://127.0.0.1:1/viewswap_cds_training?connectTimeout=1");
    run(
        "status",
        spec,
        "--format",
        "json",
        "--url",
        "jdbc:postgresql://127.0.0.1:1/viewswap_cds_training");
  }

  /** Against a real server: best effort, the archive still serves the offline paths without it. */
  private static void online(Path examples, Path binariesDir) {
    Path jar;
    try {
      jar = BinariesJar.find(binariesDir, BinariesJar.BUILD_DEFAULT_MAJOR);
    } catch (IOException | RuntimeException e) {
      return;
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(jar, null)) {
      pg.createDatabase("viewswap_cds_training");
      String url = pg.jdbcUrl("viewswap_cds_training");
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        st.execute(Files.readString(examples.resolve("customer-to-client.schema.sql")));
      }
      String spec = examples.resolve("customer-to-client.yaml").toString();
      run("check", spec, "--url", url);
      run("plan", spec, "--url", url);
      run("plan", spec, "--url", url, "--format", "json");
      run("apply", spec, "--phase", "expand", "--url", url);
      run("status", spec, "--url", url);
      run("apply", spec, "--phase", "swap", "--url", url, "--format", "json");
      run("status", spec, "--url", url, "--format", "json");
      run("rollback", spec, "--phase", "swap", "--url", url);
      run("rollback", spec, "--phase", "expand", "--url", url);
    } catch (Exception e) {
      // no server here (a platform without the binaries, no setpriv as root): offline paths only
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void run(String... args) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    Main.run(args, nowhere, nowhere, Map.of());
  }
}
