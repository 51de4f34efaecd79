package io.viewswap.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.viewswap.ViewSwap;
import io.viewswap.api.Blocker;
import io.viewswap.api.Database;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.LockTimeout;
import io.viewswap.api.Plan;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.ViewSwapException;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecException;
import io.viewswap.spec.SpecReader;
import io.viewswap.text.VisibleText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** One CLI invocation: its writers, its environment, and the mapping of failures to exit codes. */
final class Cli {
  final PrintWriter out;
  final PrintWriter err;
  final Map<String, String> env;
  final boolean stdoutIsTerminal;

  /** Made on the first JSON output: text runs do not pay for Jackson's databind start-up. */
  private ObjectMapper json;

  /** Set again by {@code --color} while the arguments are parsed; read only once a command runs. */
  private Style style;

  Cli(PrintWriter out, PrintWriter err, Map<String, String> env, boolean stdoutIsTerminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.stdoutIsTerminal = stdoutIsTerminal;
    this.style = Style.of(Style.Mode.auto, stdoutIsTerminal, env);
  }

  /**
   * pgJDBC logs through java.util.logging, whose default handler writes timestamped lines to the
   * process's stderr, past our writers: off unless {@code --verbose}. The logger is held here
   * because java.util.logging keeps loggers only weakly, which would drop the setting.
   */
  private final Logger driverLogger = Logger.getLogger("org.postgresql");

  void driverLog(boolean on) {
    driverLogger.setLevel(on ? Level.WARNING : Level.OFF);
  }

  int execute(String[] args) {
    driverLog(false);
    CommandLine cl = RootCommand.command(this);
    Subcommands.register(cl, args);
    cl.setOut(out);
    cl.setErr(err);
    useColor(cl, Style.Mode.auto);
    cl.setExitCodeExceptionMapper(this::exitCode);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, commandLine));
    cl.setParameterExceptionHandler(
        (ex, args2) -> {
          err.println("error: " + ex.getMessage());
          if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            CommandLine.UnmatchedArgumentException.printSuggestions(u, err);
          }
          // qualifiedName is "viewswap" for the root and "viewswap plan" for a command.
          err.println(
              "run `"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help` for usage");
          err.flush();
          return ErrorCode.USAGE.exitCode();
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** How the text output is coloured; the help follows the same rule, not picocli's own guess. */
  Style style() {
    return style;
  }

  void useColor(CommandLine root, Style.Mode mode) {
    style = Style.of(mode, stdoutIsTerminal, env);
    root.setColorScheme(CommandLine.Help.defaultColorScheme(style.on() ? Ansi.ON : Ansi.OFF));
  }

  private int exitCode(Throwable t) {
    if (t instanceof ViewSwapException v) {
      return v.code().exitCode();
    }
    if (t instanceof SpecException) {
      return ErrorCode.SPEC_INVALID.exitCode();
    }
    return ErrorCode.INTERNAL.exitCode();
  }

  private int handle(Exception ex, CommandLine commandLine) {
    boolean asJson = commandLine.getCommand() instanceof JsonCapable j && j.jsonOutput();
    int code;
    String message;
    String hint = "";
    String sqlState = null;
    List<Diagnostic> diagnostics = List.of();
    if (ex instanceof ViewSwapException v) {
      code = v.code().exitCode();
      message = v.getMessage();
      hint = v.hint();
      sqlState = v.sqlState().orElse(null);
      diagnostics = v.diagnostics();
    } else if (ex instanceof SpecException s) {
      code = ErrorCode.SPEC_INVALID.exitCode();
      diagnostics = s.diagnostics();
      message =
          "spec is invalid ("
              + diagnostics.size()
              + (diagnostics.size() == 1 ? " problem):" : " problems):");
    } else {
      code = ErrorCode.INTERNAL.exitCode();
      message =
          "internal error: "
              + ex
              + " (this is a bug in viewswap; please report it with the command run)";
      if (env.containsKey("VIEWSWAP_DEBUG")) {
        ex.printStackTrace(err);
      }
    }
    if (asJson) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("exit_code", code);
      e.put("message", message);
      if (!hint.isEmpty()) {
        e.put("hint", hint);
      }
      if (sqlState != null) {
        e.put("sqlstate", sqlState);
      }
      if (!diagnostics.isEmpty()) {
        e.put("problems", diagnostics.stream().map(Json::diagnostic).toList());
      }
      if (ex instanceof ViewSwapException v && !v.lockTimeouts().isEmpty()) {
        e.put("blockers", v.blockers().stream().map(Json::blocker).toList());
        e.put("lock_timeouts", v.lockTimeouts().stream().map(Json::lockTimeout).toList());
      }
      printJson(Map.of("error", e));
    } else {
      // Messages quote names from the catalog: their control characters are made visible.
      String shown = VisibleText.lines(message);
      if (ex instanceof SpecException || diagnostics.isEmpty()) {
        err.println("error: " + shown);
      } else {
        err.println("error: " + shown.lines().findFirst().orElse(shown));
      }
      if (ex instanceof SpecException || !diagnostics.isEmpty()) {
        diagnostics.forEach(d -> err.println("  " + d.format().replace("\n", "\n  ")));
      }
      if (!hint.isEmpty()) {
        err.println("hint: " + VisibleText.lines(hint));
      }
    }
    err.flush();
    return code;
  }

  void printJson(Object value) {
    try {
      if (json == null) {
        json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      }
      out.println(json.writeValueAsString(value));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Spec readSpec(Path file) throws SpecException {
    try {
      return new SpecReader().read(file);
    } catch (NoSuchFileException e) {
      throw ViewSwapException.of(
          ErrorCode.SPEC_INVALID,
          "spec file " + file + " does not exist",
          "check the path (it is read as given)");
    } catch (IOException e) {
      throw ViewSwapException.of(
          ErrorCode.SPEC_INVALID, "cannot read spec file " + file + ": " + e.getMessage(), "");
    }
  }

  ViewSwap viewSwap(String url) {
    return viewSwap(url, Duration.ZERO);
  }

  /**
   * @param waitForStandbys after a phase, how long to wait for the standbys to replay it
   */
  ViewSwap viewSwap(String url, Duration waitForStandbys) {
    return viewSwap(url, waitForStandbys, List.of());
  }

  /**
   * @param standbys hot standbys of the server the checks read (--standby)
   */
  ViewSwap viewSwap(String url, Duration waitForStandbys, List<Database> standbys) {
    return ViewSwap.configure()
        .dataSource(Connections.dataSource(url, env))
        .progress(progress(""))
        .waitForStandbys(waitForStandbys)
        .standbys(standbys)
        .build();
  }

  /**
   * Retries (with the sessions in the lock's way) and waits on stderr, the same lines for a single
   * run and for each target of a fleet, whose lines start with the target's name. Fleet workers
   * report from several threads: each report is printed whole.
   */
  ProgressListener progress(String target) {
    String prefix = target.isEmpty() ? "  " : "  [" + VisibleText.oneLine(target) + "] ";
    return new ProgressListener() {
      @Override
      public void retrying(int maxAttempts, LockTimeout timeout, Duration delay) {
        synchronized (err) {
          err.printf(
              Locale.ROOT,
              "%slock not granted (attempt %d of %d%s: %s); retrying in %d ms%n",
              prefix,
              timeout.attempt(),
              maxAttempts,
              timeout.step().isEmpty() ? "" : ", at " + timeout.step(),
              VisibleText.oneLine(timeout.message()),
              delay.toMillis());
          printBlockers(timeout.blockers());
          err.flush();
        }
      }

      @Override
      public void info(String message) {
        synchronized (err) {
          err.println(prefix + message);
          err.flush();
        }
      }

      @Override
      public ProgressListener forTarget(String name) {
        return progress(name);
      }
    };
  }

  /** Who was in the lock's way, one line each, under the progress line of the attempt. */
  void printBlockers(List<Blocker> blockers) {
    if (blockers.isEmpty()) {
      err.println("    no blocking session was seen while it waited");
    }
    for (Blocker b : blockers) {
      err.println("    blocked by " + b.describe());
    }
  }

  /** The plan from the live database, or from a snapshot file when one is given. */
  Plan plan(Spec spec, String url, Path catalog) {
    return catalog == null
        ? viewSwap(url).plan(spec)
        : ViewSwap.planOffline(spec, readCatalog(catalog));
  }

  /**
   * A snapshot file written by {@code viewswap snapshot}; a missing or unreadable one is a usage
   * error.
   */
  String readCatalog(Path catalog) {
    try {
      return Files.readString(catalog, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ViewSwapException.of(
          ErrorCode.USAGE, "catalog file " + catalog + " does not exist", "");
    } catch (IOException e) {
      throw ViewSwapException.of(
          ErrorCode.USAGE,
          "cannot read catalog file " + catalog + ": " + e.getMessage(),
          "make it with `viewswap snapshot SPEC --out FILE`");
    }
  }
}
