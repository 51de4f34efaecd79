package io.viewswap.cli;

/**
 * Output of commands that print results. Lower-case constants so picocli accepts the words users
 * type.
 */
enum OutputFormat {
  text,
  json
}
