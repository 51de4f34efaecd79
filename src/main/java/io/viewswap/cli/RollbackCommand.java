package io.viewswap.cli;

import io.viewswap.api.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Moves the spec one state back: --phase swap goes from swapped to expanded.",
    footer = {"", "Example:", "  viewswap rollback specs/customer-to-client.yaml --phase swap"})
final class RollbackCommand extends PhaseCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return run(Direction.ROLLBACK);
  }
}
