package io.viewswap.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a bash completion script for viewswap (zsh reads it too, after `autoload -U +X bashcompinit &&"
          + " bashcompinit`). It completes the commands, their options and the words of --phase, --format,"
          + " --color, --for and --pooler."
    },
    footer = {
      "",
      "Examples:",
      "  source <(java -jar viewswap.jar completion)                    # this shell only",
      "  java -jar viewswap.jar completion > /etc/bash_completion.d/viewswap   # every new shell",
      "",
      "The script completes the command name `viewswap`: put a wrapper of that name on the PATH, e.g.",
      "  printf '#!/bin/sh\\nexec java -jar /opt/viewswap/viewswap.jar \"$@\"\\n' > /usr/local/bin/viewswap"
    })
final class CompletionCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // Generated from the live command model, so a new command or option is completed without
    // editing a script.
    root.cli.out.print(AutoComplete.bash("viewswap", spec.root().commandLine()));
    root.cli.out.flush();
    return 0;
  }
}
