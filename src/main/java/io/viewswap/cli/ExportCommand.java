package io.viewswap.cli;

import io.viewswap.api.Plan;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.files.OutputFiles;
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
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the scripts of every phase and rollback for a runner: the same statements, guards, timeouts and"
          + " state row as apply, so `viewswap status` is right however a phase was run.",
      "  psql       01-expand.sql, 01-expand.rollback.sql, ... 03-contract.rollback.sql (each one transaction)",
      "  flyway     V<base>.1__<spec>_expand.sql ... with U... undo scripts (Flyway owns the transaction)",
      "  liquibase  <spec>.changelog.sql: one changeset per phase, labelled with it, and its rollback"
    },
    footer = {
      "",
      "Examples:",
      "  viewswap export specs/customer-to-client.yaml --out migrations/customer-to-client",
      "  viewswap export specs/customer-to-client.yaml --format flyway --flyway-version 2026.11 --out db/migration",
      "  viewswap export specs/customer-to-client.yaml --format liquibase --catalog catalog.json --out changelogs"
    })
final class ExportCommand implements Callable<Integer>, JsonCapable {
  @ParentCommand RootCommand root;
  @Mixin ConnectionOption connection;
  @Mixin FleetOption fleet;

  @Parameters(paramLabel = "SPEC", description = "the rename spec (YAML)")
  Path spec;

  @Mixin CatalogOption snapshot;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "directory for the scripts")
  Path out;

  @Option(
      names = "--format",
      description = "psql, flyway or liquibase (default: psql)",
      defaultValue = "psql",
      converter = ExportFormats.class)
  ExportFormat format;

  @Option(
      names = "--flyway-version",
      paramLabel = "BASE",
      defaultValue = "1",
      description = "Flyway base version; phases get BASE.1, BASE.2, BASE.3 (default: 1)")
  String flywayVersion;

  @Option(
      names = "--force",
      description =
          "replace files of the same names already in DIR (never through a symbolic link)")
  boolean force;

  @Option(names = "--json", description = "list the files written as JSON on stdout")
  boolean json;

  @Override
  public boolean jsonOutput() {
    return json;
  }

  @Override
  public Integer call() throws Exception {
    Cli cli = root.cli;
    Spec s = cli.readSpec(spec);
    if (FleetCli.applies(s, fleet, snapshot.catalog)) {
      return FleetCli.export(cli, s, fleet, connection, out, force, format, flywayVersion, json);
    }
    Plan plan = cli.plan(s, connection.url, snapshot.catalog);
    List<ExportedFile> files = new ScriptRenderer().export(s, plan, format, flywayVersion);
    OutputFiles dir = OutputFiles.in(out, force);
    dir.requireWritable(files.stream().map(ExportedFile::name).toList());
    for (ExportedFile f : files) {
      Path file = dir.write(f.name(), f.content());
      if (!json) {
        cli.out.println("wrote " + file);
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("spec", plan.specId());
      m.put("checksum", plan.checksum());
      m.put("format", format.label());
      m.put("directory", out.toString());
      m.put("files", files.stream().map(ExportedFile::name).toList());
      cli.printJson(m);
    }
    return 0;
  }

  /** Accepts the lower-case words users type. */
  static final class ExportFormats implements picocli.CommandLine.ITypeConverter<ExportFormat> {
    @Override
    public ExportFormat convert(String value) {
      for (ExportFormat f : ExportFormat.values()) {
        if (f.label().equalsIgnoreCase(value.trim())) {
          return f;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not an export format; expected psql, flyway or liquibase");
    }
  }
}
