package io.viewswap.cli;

import io.viewswap.demo.Demo;
import io.viewswap.demo.DemoOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Starts an embedded PostgreSQL, loads the example schema and walks the example spec through every phase"
            + " while clients using the old and the new names keep reading and writing.",
    footer = {
      "",
      "Needs the PostgreSQL binaries jar the build copies: ./mvnw -q package -DskipTests (add -Dpg.major=N for",
      "another major), or VIEWSWAP_PG_BINARIES naming the jar or its directory.",
      "",
      "Example:",
      "  java -jar target/viewswap.jar demo --keep"
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(
      names = "--keep",
      description = "leave the server running afterwards (until Ctrl-C) and print its URL")
  boolean keep;

  @Option(
      names = "--pg-major",
      defaultValue = "" + DemoOptions.DEFAULT_PG_MAJOR,
      description = "PostgreSQL major to start (default: ${DEFAULT-VALUE})")
  int pgMajor;

  @Option(
      names = "--seconds-per-phase",
      defaultValue = "2",
      description = "how long the clients run between phases (default: ${DEFAULT-VALUE})")
  int secondsPerPhase;

  @Override
  public Integer call() throws Exception {
    DemoOptions options = new DemoOptions(keep, pgMajor, Duration.ofSeconds(secondsPerPhase));
    return new Demo(options, root.cli.out, root.cli.err, root.cli.env).run();
  }
}
