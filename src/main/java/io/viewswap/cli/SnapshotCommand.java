package io.viewswap.cli;

import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.files.OutputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description =
        "Saves the catalog facts a spec needs as JSON (read-only; a replica will do), so that plan and export can"
            + " run where there is no access to the database (--catalog).",
    footer = {
      "",
      "Example:",
      "  viewswap snapshot specs/customer-to-client.yaml --out catalog.json --url jdbc:postgresql://replica/app",
      "  viewswap export specs/customer-to-client.yaml --catalog catalog.json --out scripts/"
    })
final class SnapshotCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "where to write the JSON")
  Path out;

  @Option(names = "--force", description = "replace FILE if it exists (never through a link)")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    var snapshot = cli.viewSwap(connection.url).snapshot(cli.readSpec(spec));
    Path absolute = out.toAbsolutePath().normalize();
    OutputFiles files = OutputFiles.in(absolute.getParent(), force);
    String name = absolute.getFileName().toString();
    files.requireWritable(List.of(name));
    files.write(name, snapshot);
    CatalogSnapshot written = SnapshotJson.read(snapshot);
    cli.out.println(
        "wrote "
            + out
            + " ("
            + written.tables().size()
            + " tables, PostgreSQL "
            + written.serverMajor()
            + ")");
    return 0;
  }
}
