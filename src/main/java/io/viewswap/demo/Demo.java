package io.viewswap.demo;

import io.viewswap.ViewSwap;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Direction;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.Phase;
import io.viewswap.api.PhaseResult;
import io.viewswap.api.ViewSwapException;
import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecException;
import io.viewswap.spec.SpecReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
   * On a throwaway server only its starter can reach, this password shows where a real one goes.
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
  private final DemoOutput output;
  private final Map<String, String> env;
  private final List<LoadClient> clients = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Object lifecycle = new Object();
  private volatile boolean interrupted;
  private boolean starting;
  private EmbeddedPostgres pg;

  public Demo(DemoOptions options, PrintWriter out, PrintWriter err, Map<String, String> env) {
    this.options = options;
    this.output = new DemoOutput(out, err, () -> interrupted);
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
        output.fail(e);
      }
      return ErrorCode.CONNECTION.exitCode();
    } catch (ViewSwapException e) {
      if (!interrupted) {
        output.fail(e);
      }
      return e.code().exitCode();
    } catch (SQLException e) {
      if (!interrupted) {
        output.fail(e);
      }
      return ErrorCode.SQL_FAILED.exitCode();
    } catch (IOException | SpecException e) {
      if (!interrupted) {
        output.fail(e);
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
    Path jar = DemoResources.locateBinaries(options.pgMajor(), env);
    String schemaSql = DemoResources.resource(SCHEMA_RESOURCE);
    Spec spec = new SpecReader().parse(DemoResources.resource(SPEC_RESOURCE), SPEC_RESOURCE);
    output.say("viewswap demo: %s", spec.description());
    output.say(
        "  spec %s (%s), on PostgreSQL %d from %s",
        spec.id(), SPEC_RESOURCE, options.pgMajor(), jar.getFileName());

    output.say("");
    output.say("starting PostgreSQL");
    EmbeddedPostgres server = startServer(jar);
    if (server == null) {
      return 1;
    }
    server.createDatabase(DATABASE);
    int rows = loadSchema(server, schemaSql);
    output.say(
        "  database %s: loaded %s (public.customer, %d rows; role %s may now log in)",
        DATABASE, SCHEMA_RESOURCE, rows, APP_ROLE);

    ViewSwap viewSwap =
        ViewSwap.configure().dataSource(superuser(server)).progress(output.progress()).build();

    output.say("");
    LoadClient oldClient = startClient(server, AppVersion.OLD, rows, 1);
    output.say("old release running: %s", oldClient.app().describe());
    output.say(
        "  as %s, short transactions (SELECT * by id, UPDATE, INSERT), server-side prepared statements",
        APP_ROLE);

    output.say("");
    CheckResult check = viewSwap.check(spec);
    output.printCheck(check);
    if (check.report().hasErrors() || check.report().hasBlockers()) {
      failures.add("check found errors or blockers");
      return summary(viewSwap, spec, Optional.empty());
    }
    output.say(
        "plan: the swap, one transaction with lock_timeout %d ms and %d retries:",
        spec.options().lockTimeout().toMillis(), spec.options().retries());
    int comments = 0;
    for (String sql : viewSwap.plan(spec).phase(Phase.SWAP, Direction.FORWARD).ddl()) {
      if (sql.regionMatches(true, 0, "comment on", 0, "comment on".length())) {
        comments++;
      } else {
        output.say(
            "  %s;", sql.lines().findFirst().orElse("") + (sql.lines().count() > 1 ? " ..." : ""));
      }
    }
    if (comments > 0) {
      output.say(
          "  and %d COMMENT statements that carry the table's comments over to the compat view",
          comments);
    }

    output.say("");
    if (apply(viewSwap, spec, Phase.EXPAND).isEmpty()) {
      return summary(viewSwap, spec, Optional.empty());
    }
    LoadClient newClient = startClient(server, AppVersion.NEW, rows, 2);
    output.say("  new release deployed: %s", newClient.app().describe());
    runFor(options.phaseDuration());

    Optional<PhaseResult> swap = apply(viewSwap, spec, Phase.SWAP);
    if (swap.isEmpty()) {
      return summary(viewSwap, spec, swap);
    }
    runFor(options.phaseDuration());

    oldClient.stop();
    output.say(
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
      server = EmbeddedPostgres.start(jar, output.indented("  "));
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
      output.say(
          "%s: %s -> %s in %d attempt%s, exclusive locks held %d ms%s",
          phase.label(),
          r.previousState().label(),
          r.state().label(),
          r.attempts(),
          r.attempts() == 1 ? "" : "s",
          r.lockHeldMs(),
          r.lockWaitMs() > 0 ? " (" + r.lockWaitMs() + " ms lost to lock timeouts)" : "");
      output.say("  clients: %s", clientCounts());
      return Optional.of(r);
    } catch (ViewSwapException e) {
      if (!interrupted) {
        failures.add(phase.label() + " failed: " + e.getMessage());
        output.say("%s FAILED: %s", phase.label(), e.getMessage());
        if (!e.hint().isEmpty()) {
          output.say("  hint: %s", e.hint());
        }
      }
      return Optional.empty();
    }
  }

  private void runFor(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    output.say("  after %s: %s", DemoOutput.seconds(d), clientCounts());
  }

  private int summary(ViewSwap viewSwap, Spec spec, Optional<PhaseResult> swap)
      throws InterruptedException {
    List<ClientStats> stats = new ArrayList<>();
    for (LoadClient c : clientsSnapshot()) {
      c.stop();
      stats.add(c.stats());
    }
    output.say("");
    output.say("summary");
    output.say("  %-10s %12s %7s", "client", "transactions", "errors");
    for (ClientStats s : stats) {
      output.say("  %-10s %12d %7d", s.label(), s.transactions(), s.errors());
    }
    swap.ifPresent(
        r ->
            output.say(
                "  swap: exclusive locks held %d ms, %d attempt%s",
                r.lockHeldMs(), r.attempts(), r.attempts() == 1 ? "" : "s"));
    output.printStatus(viewSwap.status(Optional.of(spec)));

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
      output.say("");
      output.say(
          "OK: every phase succeeded and both releases kept working: 0 errors in %d transactions",
          stats.stream().mapToLong(ClientStats::transactions).sum());
      return 0;
    }
    output.failed(failures);
    return 1;
  }

  /**
   * Blocks until Ctrl-C; the shutdown hook then stops the server. The superuser's password is in a
   * password file only this user can read; what is printed names the file, never the password.
   */
  private void keepServing() throws InterruptedException, IOException {
    String url = pg.plainUrl(DATABASE);
    Path passFile = pg.passwordFile();
    String cli = DemoResources.cliInvocation();
    output.say("");
    output.say("the server keeps running until Ctrl-C (which stops it and deletes its data):");
    output.say("  %s", url);
    output.say(
        "  only you can log in: the password is in %s (mode 0600, deleted with the server)",
        passFile);
    output.say("  try:");
    output.say("    export PGPASSFILE=%s", passFile);
    output.say("    %s status --url '%s'", cli, url);
    output.say("    %s rollback %s --phase contract --url '%s'", cli, SPEC_RESOURCE, url);
    output.say("    %s plan %s --url '%s'", cli, SPEC_RESOURCE, url);
    output.say(
        "    psql 'postgresql://%s@127.0.0.1:%d/%s' -c '\\d public.client'",
        pg.superuser(), pg.port(), DATABASE);
    new CountDownLatch(1).await();
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
    output.print("");
    output.print("interrupted: stopping the clients and PostgreSQL");
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
}
