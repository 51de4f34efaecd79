package io.viewswap.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The CLI's commands, in the order the help lists them, registered on the root only as needed.
 * picocli builds a command's whole model (every option, by reflection) when it is registered, and
 * its classes are too old for the class-data archive; a pipeline stage that runs {@code plan}
 * should not pay for the other ten. Help, completion and anything unclear get all of them.
 */
final class Subcommands {
  private Subcommands() {}

  private static Map<String, Supplier<Object>> all() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("check", CheckCommand::new);
    m.put("plan", PlanCommand::new);
    m.put("apply", ApplyCommand::new);
    m.put("rollback", RollbackCommand::new);
    m.put("status", StatusCommand::new);
    m.put("export", ExportCommand::command);
    m.put("snapshot", SnapshotCommand::new);
    m.put("repoint", RepointCommand::command);
    m.put("drain", DrainCommand::new);
    m.put("demo", DemoCommand::new);
    m.put("completion", CompletionCommand::new);
    return m;
  }

  /**
   * Registers the command {@code args} names, or every command when the arguments name none of them
   * (help, a typo that deserves a suggestion) or name the completion script, which lists them all.
   */
  static void register(CommandLine root, String[] args) {
    Map<String, Supplier<Object>> all = all();
    String named = commandNamed(args);
    if (named != null && all.containsKey(named) && !named.equals("completion")) {
      root.addSubcommand(named, all.get(named).get());
      return;
    }
    all.forEach((name, make) -> root.addSubcommand(name, make.get()));
  }

  /**
   * The first argument that is not one of the root's own options, or null. The root's options are
   * {@code --color WHEN}, {@code --color=WHEN}, {@code --verbose}, {@code -h}/{@code --help} and
   * {@code -V}/{@code --version}.
   */
  static String commandNamed(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--color")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }
}
