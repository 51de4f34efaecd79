package io.viewswap.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Entry point of {@code viewswap.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err, System.getenv()));
  }

  /** Runs one command with the given writers and environment; what tests call. */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return new Cli(out, err, env).execute(args);
  }
}
