package io.viewswap.cli;

import io.viewswap.repoint.Client;
import io.viewswap.repoint.Repoint;
import io.viewswap.repoint.TableAdvice;
import io.viewswap.spec.Spec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
      "  viewswap repoint specs/orders-columns.yaml --for jdbc --format json"
    })
final class RepointCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Option(
      names = "--for",
      paramLabel = "CLIENT",
      defaultValue = "jdbc",
      description = "jdbc, libpq, django, hibernate or rails (default: jdbc)")
  String client;

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
    List<TableAdvice> advice = new Repoint().advise(FleetCli.perTenant(s), target);
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", s.id());
      m.put("for", target.label());
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
                    t.put("columns", a.columns());
                    t.put("changes", a.changes());
                    t.put("after_contract", a.afterContract());
                    return t;
                  })
              .toList());
      cli.printJson(m);
      return 0;
    }
    cli.out.printf("repoint %s for %s: deploy between expand and swap%n", s.id(), target.label());
    if (s.schemas().isPresent()) {
      cli.out.println("(" + io.viewswap.spec.SchemaSelection.SCHEMA_PLACEHOLDER + " stands for each selected schema: "
          + String.join(", ", s.schemas().get().patterns()) + ")");
    }
    for (TableAdvice a : advice) {
      cli.out.printf("%n%s -> %s (until the swap, new code reaches the view %s)%n", a.table(), a.newTable(),
          a.readsThrough());
      a.changes().forEach(c -> cli.out.println("  change: " + c));
      a.afterContract().forEach(c -> cli.out.println("  after contract: " + c));
    }
    return 0;
  }
}
