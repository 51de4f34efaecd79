package io.viewswap.cli;

import io.viewswap.api.Direction;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description =
        "Moves the spec one state forward: expand, swap or contract, in one short transaction.",
    footer = {
      "",
      "Examples:",
      "  viewswap apply specs/customer-to-client.yaml --phase expand",
      "  viewswap apply specs/customer-to-client.yaml --phase swap --lock-timeout 200ms --retries 50 --format json"
    })
final class ApplyCommand extends PhaseCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return run(Direction.FORWARD);
  }
}
