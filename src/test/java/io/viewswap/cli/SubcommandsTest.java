package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Only the command run is registered (picocli models each registered command by reflection, which a
 * cold start pays for); help, completion and unknown words see them all.
 */
class SubcommandsTest {
  private static CommandLine registered(String... args) {
    CommandLine root = new CommandLine(new RootCommand(null));
    Subcommands.register(root, args);
    return root;
  }

  @Test
  void theCommandRunIsTheOnlyOneRegistered() {
    assertThat(registered("plan", "spec.yaml").getSubcommands()).containsOnlyKeys("plan");
    assertThat(registered("--color", "never", "apply", "x").getSubcommands())
        .containsOnlyKeys("apply");
    assertThat(registered("--verbose", "--color=always", "status").getSubcommands())
        .containsOnlyKeys("status");
  }

  @Test
  void helpCompletionAndTyposSeeEveryCommandInHelpOrder() {
    String[] all = {
      "check",
      "plan",
      "apply",
      "rollback",
      "status",
      "export",
      "snapshot",
      "repoint",
      "drain",
      "demo",
      "completion"
    };
    assertThat(registered().getSubcommands().keySet()).containsExactly(all);
    assertThat(registered("--help").getSubcommands().keySet()).containsExactly(all);
    assertThat(registered("completion").getSubcommands().keySet()).containsExactly(all);
    assertThat(registered("plna").getSubcommands().keySet()).containsExactly(all);
  }

  @Test
  void aTypoStillGetsASuggestion() {
    CliOfflineTest.Run r = CliOfflineTest.run("plna");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("plan");
  }
}
