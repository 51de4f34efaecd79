package io.viewswap.support;

import io.viewswap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process CLI run, as a pipeline stage would see it: the exit code and both streams.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exit, String out, String err) {

  /** Runs {@code viewswap args...} with an empty environment. */
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Both streams, output first. */
  public String all() {
    return out + err;
  }
}
