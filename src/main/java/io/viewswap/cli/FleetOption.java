package io.viewswap.cli;

import io.viewswap.api.FleetOptions;
import io.viewswap.api.ViewSwapException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Option;

/**
 * The options of a command that can run over a fleet (a spec with {@code schemas:}, or --targets).
 */
final class FleetOption {
  @Option(
      names = "--targets",
      paramLabel = "FILE",
      description =
          "run against every database listed in FILE: one JDBC URL or libpq connection string per"
              + " line, # comments; passwords from the line, PGPASSWORD or .pgpass, never printed")
  Path targets;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description =
          "connections per database for a fleet (default: 4; never more than the server's free"
              + " connection slots)")
  Integer parallel;

  @Option(
      names = "--max-failures",
      paramLabel = "K",
      description = "stop starting targets after K failures")
  Integer maxFailures;

  @Option(
      names = "--fail-fast",
      description = "stop starting targets after the first failure (--max-failures 1)")
  boolean failFast;

  @Option(
      names = "--only",
      paramLabel = "GLOB",
      description = "only the selected schemas matching GLOB")
  String only;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "at most N targets that still need the phase, in sorted order (a canary wave)")
  Integer limit;

  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description =
          "this runner's slice: the targets whose hash of database and schema is I modulo N (0-based)")
  String shard;

  @Option(
      names = "--partial",
      description =
          "run the phase on the targets ready for it even when other selected targets are not")
  boolean partial;

  /** The fleet options given on the command line, by name, for messages. */
  List<String> given() {
    List<String> names = new ArrayList<>();
    if (targets != null) {
      names.add("--targets");
    }
    if (parallel != null) {
      names.add("--parallel");
    }
    if (maxFailures != null) {
      names.add("--max-failures");
    }
    if (failFast) {
      names.add("--fail-fast");
    }
    if (only != null) {
      names.add("--only");
    }
    if (limit != null) {
      names.add("--limit");
    }
    if (shard != null) {
      names.add("--shard");
    }
    if (partial) {
      names.add("--partial");
    }
    return names;
  }

  boolean any() {
    return !given().isEmpty();
  }

  FleetOptions options(boolean dryRun) {
    if (parallel != null && parallel < 1) {
      throw ViewSwapException.usage("--parallel must be at least 1", "");
    }
    if (maxFailures != null && maxFailures < 0) {
      throw ViewSwapException.usage("--max-failures must be 0 or more", "0 means never stop");
    }
    if (limit != null && limit < 1) {
      throw ViewSwapException.usage("--limit must be at least 1", "");
    }
    return new FleetOptions(
        parallel == null ? FleetOptions.DEFAULT_PARALLEL : parallel,
        failFast ? 1 : maxFailures == null ? 0 : maxFailures,
        Optional.ofNullable(only),
        limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
        Optional.ofNullable(shard).map(FleetOption::shard),
        partial,
        dryRun);
  }

  static FleetOptions.Shard shard(String text) {
    String[] parts = text.split("/", -1);
    try {
      if (parts.length == 2) {
        int i = Integer.parseInt(parts[0].trim());
        int n = Integer.parseInt(parts[1].trim());
        if (n >= 1 && i >= 0 && i < n) {
          return new FleetOptions.Shard(i, n);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ViewSwapException.usage(
        "--shard must be I/N with 0 <= I < N, found '" + text + "'",
        "e.g. --shard 0/4 in the first of four runners; a CI matrix index or JOB_COMPLETION_INDEX fits");
  }
}
