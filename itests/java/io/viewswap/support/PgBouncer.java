package io.viewswap.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PgBouncer (Debian's package, which the build installs: .ci/ensure-app-clients.sh) in front
 * of a test database, in transaction pooling mode: a server connection serves one client for one
 * transaction, then another. It refuses to run as root, so as root it runs as uid/gid 65534 through
 * setpriv, like the server. Clients log in with the names and passwords given; PgBouncer logs in to
 * the server with the same ones.
 */
public final class PgBouncer implements AutoCloseable {
  private static final Pattern HOST_PORT =
      Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)(\\?.*)?");
  private static final int UNPRIVILEGED_ID = 65534;

  private final Process process;
  private final Path dir;
  private final String host;
  private final int port;
  private final String database;

  private PgBouncer(Process process, Path dir, String host, int port, String database) {
    this.process = process;
    this.dir = dir;
    this.host = host;
    this.port = port;
    this.database = database;
  }

  /** The pgbouncer binary: PGBOUNCER, else Debian's /usr/sbin/pgbouncer, else the PATH. */
  public static Path binary() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("PGBOUNCER");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    candidates.add(Path.of("/usr/sbin/pgbouncer"));
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        candidates.add(Path.of(d, "pgbouncer"));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "pgbouncer is not installed, and the pooler tests need it: the build installs it as root"
                        + " (.ci/ensure-app-clients.sh); otherwise install it (Debian/Ubuntu: apt-get install"
                        + " pgbouncer) or set PGBOUNCER to its path. Looked at: "
                        + candidates));
  }

  /**
   * Starts a transaction-pooling PgBouncer for the database of {@code db}.
   *
   * @param users login name to password, for the auth file (PgBouncer forwards them to the server)
   * @param poolSize server connections per user and database: small, so that clients share them
   */
  public static PgBouncer transactionPooling(
      TestDatabase db, Map<String, String> users, int poolSize)
      throws IOException, InterruptedException {
    Matcher m = HOST_PORT.matcher(db.url());
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot take host and port from " + db.url());
    }
    String serverHost = m.group(1);
    String serverPort = m.group(2);
    // This process's own directory (under root, uid 65534 may only pass through it); the pooler
    // writes its log and pid file in a directory of its own inside, so root never opens a file in
    // a directory another uid can write, and the passwords are readable by the pooler's uid only.
    boolean root = isRoot();
    Path dir =
        Files.createTempDirectory(
            "viewswap-pgbouncer-",
            PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(root ? "rwx--x--x" : "rwx------")));
    Files.setPosixFilePermissions(
        dir, PosixFilePermissions.fromString(root ? "rwx--x--x" : "rwx------"));
    Path run = dir.resolve("run");
    Files.createDirectory(
        run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if (root) {
      Files.setAttribute(run, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(run, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
    }
    int listen = freePort();
    StringBuilder auth = new StringBuilder();
    users.forEach((u, p) -> auth.append('"').append(u).append("\" \"").append(p).append("\"\n"));
    writeNew(dir.resolve("userlist.txt"), auth.toString());
    String ini =
        String.join(
            "\n",
            "[databases]",
            db.name() + " = host=" + serverHost + " port=" + serverPort + " dbname=" + db.name(),
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + listen,
            "unix_socket_dir =",
            "auth_type = plain",
            "auth_file = " + dir.resolve("userlist.txt"),
            "pool_mode = transaction",
            "default_pool_size = " + poolSize,
            "max_client_conn = 200",
            // pgjdbc sends it at every connect; the advice tells users to let the pooler ignore it
            "ignore_startup_parameters = extra_float_digits",
            "logfile = " + run.resolve("pgbouncer.log"),
            "pidfile = " + run.resolve("pgbouncer.pid"),
            "admin_users = pgbouncer_admin",
            "server_lifetime = 3600",
            "");
    Path config = dir.resolve("pgbouncer.ini");
    writeNew(config, ini);
    for (Path f : List.of(config, dir.resolve("userlist.txt"))) {
      if (root) {
        Files.setAttribute(f, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
      }
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    }
    List<String> cmd = new ArrayList<>();
    if (root) {
      cmd.addAll(
          List.of(
              "setpriv",
              "--reuid=" + UNPRIVILEGED_ID,
              "--regid=" + UNPRIVILEGED_ID,
              "--clear-groups"));
    }
    cmd.add(binary().toString());
    cmd.add(config.toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    PgBouncer bouncer = new PgBouncer(p, dir, "127.0.0.1", listen, db.name());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("pgbouncer exited with " + p.exitValue() + ": " + bouncer.log());
      }
      try (Socket s = new Socket("127.0.0.1", listen)) {
        return bouncer;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    bouncer.close();
    throw new AssertionError(
        "pgbouncer did not listen on " + listen + " within 20 s: " + bouncer.log());
  }

  /**
   * A URL to the database through the pooler, without credentials, plus {@code extra} parameters.
   */
  public String jdbcUrl(String extra) {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + (extra.isEmpty() ? "" : "?" + extra);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** The pooler's log (its stderr says the same), for assertion messages. */
  public String log() {
    StringBuilder out = new StringBuilder();
    for (String f : List.of("pgbouncer.log")) {
      try {
        Path p = dir.resolve("run").resolve(f);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          // the pooler's uid owns that directory: never follow a link it may have put there
          try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            out.append(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8));
          }
        }
      } catch (IOException e) {
        out.append("(cannot read ").append(f).append(": ").append(e.getMessage()).append(")");
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A new file of this process, never through a link. */
  private static void writeNew(Path file, String content) throws IOException {
    Files.writeString(
        file,
        content,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
