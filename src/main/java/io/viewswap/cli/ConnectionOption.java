package io.viewswap.cli;

import picocli.CommandLine.Option;

/** The connection option every database command takes. */
final class ConnectionOption {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "jdbc:postgresql://host:port/db?user=..., postgresql://user@host:port/db or 'host=..."
              + " dbname=... user=...' (default: VIEWSWAP_URL, else the PG* variables)")
  String url;
}
