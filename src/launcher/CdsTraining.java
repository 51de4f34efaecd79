import io.viewswap.cli.Main;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run behind the class-data-sharing archive of {@code target/viewswap}: the build runs
 * this file with {@code java -XX:ArchiveClassesAtExit=... -cp target/viewswap.jar}, so that the
 * archive holds the classes (and lambda forms) of the commands a pipeline starts most: help, plan,
 * check, export, and the connection path up to the socket (no server is needed at build time: the
 * connect fails, as in `status` without a server). It runs the CLI in-process, so several commands
 * train one archive. Output is discarded; only the loaded classes matter.
 *
 * <p>Arguments: the examples directory (specs/examples).
 */
public class CdsTraining {
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    Path examples = Path.of(args[0]);
    Path tmp = Files.createTempDirectory("viewswap-cds-training");
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

  private static void run(String... args) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    Main.run(args, nowhere, nowhere, Map.of());
  }
}
