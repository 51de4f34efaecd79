package io.viewswap.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Starts an embedded PostgreSQL, loads the example schema and walks the example spec through every phase"
            + " while clients using the old and the new names keep reading and writing.")
final class DemoCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--keep", description = "leave the server running and print its URL")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    root.cli.err.println("demo: not built yet");
    return 1;
  }
}
