package io.viewswap.cli;

/**
 * A command whose errors are printed as JSON when it was asked for JSON, so pipelines can always
 * parse stdout.
 */
interface JsonCapable {
  boolean jsonOutput();
}
