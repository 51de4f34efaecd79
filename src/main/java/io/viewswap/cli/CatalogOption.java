package io.viewswap.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --catalog FILE}: work from a {@code viewswap snapshot} file instead of a live database.
 */
final class CatalogOption {
  @Option(
      names = "--catalog",
      paramLabel = "FILE",
      description =
          "work from a snapshot file (viewswap snapshot) instead of a live database; the spec is taken as planned")
  Path catalog;
}
