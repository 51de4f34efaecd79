package io.viewswap.cli;

import io.viewswap.api.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Moves the spec one state back: --phase swap goes from swapped to expanded.",
      "A rollback undoes what was applied: with a spec file changed since, it runs with the spec as"
          + " applied (stored with the state) and says so; without the file, --spec-id ID does the same."
    },
    footer = {
      "",
      "Examples:",
      "  viewswap rollback specs/customer-to-client.yaml --phase swap",
      "  viewswap rollback --spec-id 2026-11-customer-to-client --phase swap   # the file was lost"
    })
final class RollbackCommand extends PhaseCommand implements Callable<Integer> {
  @Option(
      names = "--spec-id",
      paramLabel = "ID",
      description =
          "roll back with the spec as applied, read from the state, instead of a SPEC file"
              + " (`viewswap status` lists the ids)")
  String specId;

  @Override
  String specId() {
    return specId;
  }

  @Override
  public Integer call() throws Exception {
    return run(Direction.ROLLBACK);
  }
}
