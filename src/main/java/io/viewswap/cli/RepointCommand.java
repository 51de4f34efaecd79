package io.viewswap.cli;

import io.viewswap.repoint.Client;
import io.viewswap.repoint.Pooler;
import io.viewswap.repoint.Repoint;
import io.viewswap.repoint.RepointAdvice;
import io.viewswap.repoint.TableAdvice;
import io.viewswap.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "repoint",
    mixinStandardHelpOptions = true,
    description =
        "What the new release must change to use the new names (deploy it between expand and swap), and what it"
            + " may drop after contract. Needs no database.",
    footer = {
      "",
      "Examples:",
      "  viewswap repoint specs/customer-to-client.yaml --for hibernate",
      "  viewswap repoint specs/orders-columns.yaml --for jdbc --format json",
      "  viewswap repoint specs/orders-columns.yaml --for rails --pooler transaction"
    })
final class RepointCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(
      names = "--for",
      paramLabel = "CLIENT",
      defaultValue = "jdbc",
      completionCandidates = ClientWords.class,
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String client;

  @Option(
      names = "--pooler",
      paramLabel = "MODE",
      defaultValue = "none",
      completionCandidates = PoolerWords.class,
      description =
          "${COMPLETION-CANDIDATES}, as described above; behind a transaction pooler: no startup"
              + " parameters, no session SET, prepared statements as the pooler allows (default:"
              + " ${DEFAULT-VALUE})")
  String pooler;

  /**
   * The command, its description listing what each --pooler word stands for, from {@link Pooler}
   * (an annotation cannot hold text made from the enum).
   */
  static CommandLine command() {
    CommandLine cl = new CommandLine(new RepointCommand());
    List<String> description =
        new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().description()));
    description.add("--pooler:");
    for (Pooler p : Pooler.values()) {
      description.add(String.format(Locale.ROOT, "  %-12s %s", p.label(), p.means()));
    }
    cl.getCommandSpec().usageMessage().description(description.toArray(String[]::new));
    return cl;
  }

  /** The --for words, for the help and shell completion. */
  static final class ClientWords extends ArrayList<String> {

    ClientWords() {
      super(Client.labels());
    }
  }

  /** The --pooler words, for the help and shell completion. */
  static final class PoolerWords extends ArrayList<String> {

    PoolerWords() {
      super(Pooler.labels());
    }
  }

  @Mixin TextOrJson output;

  @Override
  public boolean jsonOutput() {
    return output.json();
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Client target = Client.parse(client);
    Spec s = cli.readSpec(spec);
    Pooler mode = Pooler.parse(pooler);
    RepointAdvice all = new Repoint().advise(FleetCli.perTenant(s), target, mode);
    List<TableAdvice> advice = all.tables();
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", s.id());
      m.put("for", target.label());
      m.put("pooler", mode.label());
      m.put("connect_as", all.connectAs().orElse(null));
      m.put("connection", all.connection());
      m.put("warnings", all.warnings());
      m.put(
          "tables",
          advice.stream()
              .map(
                  a -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("table", a.table());
                    t.put("new_table", a.newTable());
                    t.put("reads_through", a.readsThrough());
                    t.put("search_path", a.searchPath().orElse(null));
                    t.put("client_search_path", a.clientSearchPath().orElse(null));
                    t.put("columns", a.columns());
                    t.put("changes", a.changes());
                    t.put("after_contract", a.afterContract());
                    return t;
                  })
              .toList());
      cli.printJson(m);
      return 0;
    }
    cli.out.printf(
        Locale.ROOT,
        "repoint %s for %s%s: deploy between expand and swap%n",
        s.id(),
        target.label(),
        mode == Pooler.TRANSACTION ? " behind a transaction pooler" : "");
    all.warnings().forEach(w -> cli.out.println("warning: " + w));
    if (!all.connection().isEmpty()) {
      cli.out.printf(Locale.ROOT, "%nconnection%n");
      all.connection().forEach(c -> cli.out.println("  " + c));
    }
    if (s.schemas().isPresent()) {
      cli.out.println(
          "("
              + io.viewswap.spec.SchemaSelection.SCHEMA_PLACEHOLDER
              + " stands for each selected schema: "
              + String.join(", ", s.schemas().get().patterns())
              + ")");
    }
    for (TableAdvice a : advice) {
      cli.out.printf(
          Locale.ROOT,
          "%n%s -> %s (until the swap, new code reaches the view %s)%n",
          a.table(),
          a.newTable(),
          a.readsThrough());
      a.changes().forEach(c -> cli.out.println("  change: " + c));
      a.afterContract().forEach(c -> cli.out.println("  after contract: " + c));
    }
    return 0;
  }
}
