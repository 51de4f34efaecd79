package io.viewswap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.CliOfflineTest.Run;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script is generated from the command model, so it must know every command and
 * option.
 */
class CompletionTest {
  @Test
  void scriptCompletesEveryCommandAndOption() {
    Run r = CliOfflineTest.run("completion");
    assertThat(r.exit()).as("completion exits 0").isZero();
    assertThat(r.out())
        .as("a bash script that registers itself for viewswap")
        .contains("complete -F _complete_viewswap");
    CommandLine model = new CommandLine(new RootCommand(null));
    Subcommands.register(model, new String[0]);
    assertThat(model.getSubcommands())
        .as("the model has the commands the script is made from")
        .isNotEmpty();
    for (Map.Entry<String, CommandLine> sub : model.getSubcommands().entrySet()) {
      assertThat(r.out()).as("the script names the command " + sub.getKey()).contains(sub.getKey());
      for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
        for (String name : o.names()) {
          assertThat(r.out())
              .as(sub.getKey() + "'s option " + name + " is completed")
              .contains(name);
        }
      }
    }
    assertThat(r.out())
        .as("--phase is completed with the phase words")
        .contains("phase_option_args=(\"expand\" \"swap\" \"contract\")");
  }

  @Test
  void helpSaysHowToLoadTheScript() {
    Run r = CliOfflineTest.run("completion", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .as("the usual way to load it")
        .contains("source <(java -jar viewswap.jar completion)");
  }
}
