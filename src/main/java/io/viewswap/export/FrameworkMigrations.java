package io.viewswap.export;

import io.viewswap.api.Phase;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.Spec;
import java.util.Locale;

/**
 * The phases as one framework's own migrations, one per phase, each running the runner-phase body
 * {@code apply} runs with its rollback as the reverse. One implementation per framework.
 */
sealed interface FrameworkMigrations extends FormatExport
    permits DjangoMigrations, RailsMigrations, AlembicMigrations {

  /**
   * {@code viewswap_<spec>_<phase>}: the spec id in lower case with every run of other characters
   * than letters and digits as one underscore, a name every framework accepts in a file and a
   * module or class name.
   */
  static String migrationName(Spec spec, Phase phase) {
    String id =
        spec.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return "viewswap_" + (id.isEmpty() ? "spec" : id) + "_" + phase.label();
  }

  /**
   * Refuses to add a second migration for the same spec and phase: the framework would refuse the
   * directory (Rails: duplicate migration name) or run the phase twice.
   */
  static void refuseExisting(MigrationDirectory dir, String name, String extension) {
    for (String f : dir.fileNames()) {
      if (f.endsWith("_" + name + extension)) {
        throw ViewSwapException.usage(
            "the directory already holds " + f + ", a migration of this spec's phase",
            "export into the framework's migrations directory once per spec; delete the earlier"
                + " files first if they were never run");
      }
    }
  }

  /** A migration file, refused if it would hold anything but printable ASCII. */
  static ExportedFile file(String name, String source) {
    return new ExportedFile(name, SourceText.requireAscii(name, source) + "\n");
  }
}
