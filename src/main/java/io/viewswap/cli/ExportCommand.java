package io.viewswap.cli;

import io.viewswap.api.Plan;
import io.viewswap.api.ViewSwapException;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.FrameworkSettings;
import io.viewswap.export.MigrationDirectory;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.files.OutputFiles;
import io.viewswap.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
          + " state row as apply, so `viewswap status` is right however a phase was run."
    },
    footer = {
      "",
      "Examples:",
      "  viewswap export specs/customer-to-client.yaml --out migrations/customer-to-client",
      "  viewswap export specs/customer-to-client.yaml --format flyway --flyway-version 2026.11 --out db/migration",
      "  viewswap export specs/customer-to-client.yaml --format liquibase --catalog catalog.json --out changelogs",
      "  viewswap export specs/shop.yaml --format django --django-app shop --out shop/migrations",
      "  viewswap export specs/customer-to-client.yaml --format django --django-app shop"
          + " --django-model customer=Customer --out shop/migrations",
      "  viewswap export specs/customer-to-client.yaml --format rails --out db/migrate",
      "  viewswap export specs/customer-to-client.yaml --format alembic --out alembic/versions"
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
      description = "${COMPLETION-CANDIDATES} (default: psql); each is described above",
      completionCandidates = FormatLabels.class,
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

  @Option(
      names = "--django-app",
      paramLabel = "LABEL",
      description = "--format django: the app whose migrations directory --out is")
  String djangoApp;

  @Option(
      names = "--django-model",
      paramLabel = "TABLE=Model",
      description =
          "--format django: the model class of a table not named <app>_<model> (repeatable)")
  Map<String, String> djangoModels = new LinkedHashMap<>();

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
    if (!format.isFramework() && (djangoApp != null || !djangoModels.isEmpty())) {
      throw ViewSwapException.usage(
          "--django-app and --django-model belong to --format django", "");
    }
    if (FleetCli.applies(s, fleet, snapshot.catalog)) {
      if (format.isFramework()) {
        throw ViewSwapException.usage(
            "--format " + format.label() + " writes one app's migrations, not a fleet's",
            "export one target at a time, or use --format psql, flyway or liquibase for a fleet");
      }
      return FleetCli.export(cli, s, fleet, connection, out, force, format, flywayVersion, json);
    }
    Plan plan = cli.plan(s, connection.url, snapshot.catalog);
    // Checked (and made) before the migrations already there are read: never read a directory
    // that another user could fill.
    OutputFiles dir = OutputFiles.in(out, force);
    FrameworkSettings framework =
        format.isFramework()
            ? new FrameworkSettings(
                existing(dir.directory(), format == ExportFormat.ALEMBIC),
                java.time.Instant.now(),
                new java.security.SecureRandom(),
                java.util.Optional.ofNullable(djangoApp),
                djangoModels)
            : null;
    List<ExportedFile> files =
        new ScriptRenderer().export(s, plan, format, flywayVersion, framework);
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

  /**
   * The migrations already in the directory (none when it does not exist yet): the names of its
   * regular files, and the text of its Python files when {@code readPython}. Symbolic links are
   * neither followed nor read.
   */
  static MigrationDirectory existing(Path dir, boolean readPython) throws IOException {
    if (!Files.isDirectory(dir)) {
      return MigrationDirectory.EMPTY;
    }
    List<String> names = new ArrayList<>();
    Map<String, String> python = new LinkedHashMap<>();
    try (var entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String name = p.getFileName().toString();
        names.add(name);
        if (readPython && name.endsWith(".py")) {
          python.put(name, Files.readString(p, StandardCharsets.UTF_8));
        }
      }
    }
    return new MigrationDirectory(names, python);
  }

  /**
   * The command, its description listing what each format writes, from {@link ExportFormat} (an
   * annotation cannot hold text made from the enum).
   */
  static CommandLine command() {
    CommandLine cl = new CommandLine(new ExportCommand());
    List<String> description =
        new ArrayList<>(List.of(cl.getCommandSpec().usageMessage().description()));
    for (ExportFormat f : ExportFormat.values()) {
      description.add(String.format(java.util.Locale.ROOT, "  %-10s %s", f.label(), f.help()));
    }
    cl.getCommandSpec().usageMessage().description(description.toArray(String[]::new));
    return cl;
  }

  /** The labels users type, for the help and shell completion. */
  static final class FormatLabels extends ArrayList<String> {
    FormatLabels() {
      super(java.util.Arrays.stream(ExportFormat.values()).map(ExportFormat::label).toList());
    }
  }

  /** Accepts the lower-case words users type. */
  static final class ExportFormats implements picocli.CommandLine.ITypeConverter<ExportFormat> {
    @Override
    public ExportFormat convert(String value) {
      return ExportFormat.parse(value)
          .orElseThrow(
              () ->
                  new picocli.CommandLine.TypeConversionException(
                      "'"
                          + value
                          + "' is not an export format; expected "
                          + ExportFormat.choices()));
    }
  }
}
