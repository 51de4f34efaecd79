package io.viewswap.cli;

import java.io.Console;
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
    logThroughRedactor(Redactor.of(args, System.getenv()).wrap(err));
    System.exit(run(args, out, err, System.getenv(), stdoutIsTerminal()));
  }

  /**
   * Runs one command with the given writers and environment, writing no colour unless asked; what
   * tests call.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return run(args, out, err, env, false);
  }

  /**
   * Runs one command; {@code stdoutIsTerminal} is what {@code --color=auto} starts from (the
   * environment can still turn colour off).
   */
  public static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env,
      boolean stdoutIsTerminal) {
    // Everything printed passes the redactor: no command, library or dependency message can show a
    // password.
    Redactor redactor = Redactor.of(args, env);
    PrintWriter safeOut = redactor.wrap(out);
    PrintWriter safeErr = redactor.wrap(err);
    try {
      return new Cli(safeOut, safeErr, env, stdoutIsTerminal).execute(args);
    } finally {
      safeOut.flush();
      safeErr.flush();
    }
  }

  /**
   * Libraries log through java.util.logging straight to stderr (pgJDBC warns about a URL it cannot
   * read, quoting it); send those lines through the redactor too, so no password reaches the
   * terminal by that path either.
   */
  private static void logThroughRedactor(PrintWriter err) {
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    root.addHandler(
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            if (isLoggable(r)) {
              err.println(
                  r.getLevel().getName().toLowerCase(java.util.Locale.ROOT)
                      + ": "
                      + r.getLoggerName()
                      + ": "
                      + new java.util.logging.SimpleFormatter().formatMessage(r));
              err.flush();
            }
          }

          @Override
          public void flush() {
            err.flush();
          }

          @Override
          public void close() {
            err.flush();
          }
        });
  }

  private static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // From Java 22 a Console exists even when the streams are redirected; isTerminal() tells them
      // apart.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before Java 22 there is a Console only when stdin and stdout are terminals
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
