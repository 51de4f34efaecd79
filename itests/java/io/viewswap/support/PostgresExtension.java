package io.viewswap.support;

import io.viewswap.pg.BinariesJar;
import io.viewswap.pg.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a PostgreSQL database of their own: declare a {@link TestDatabase}
 * parameter on a test method (or a {@code @BeforeEach}/{@code @AfterEach} method, which then share
 * the test's database) and it receives a fresh {@code t_<random>} database, created when first
 * asked for and dropped (with FORCE) after the test.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class RenameIT {
 *     @Test void swaps(TestDatabase db) throws Exception { db.exec("CREATE TABLE t (a int)"); ... }
 * }
 *
 * class OtherIT {
 *     @RegisterExtension static final PostgresExtension PG = new PostgresExtension();           // pg.major
 *     // or PostgresExtension.forMajor(14) for a specific major, alongside the default one
 * }
 * }</pre>
 *
 * <p>Resolved in a constructor or {@code @BeforeAll} (a class-level context), the database belongs
 * to the class instead, and the tests of that class share it.
 *
 * <p>The server, started once per JVM and major and stopped when the test run ends, is the first
 * of:
 *
 * <ol>
 *   <li>the server at {@code VIEWSWAP_TEST_URL} (a {@code jdbc:postgresql:} URL logging in as a
 *       superuser), whatever its major;
 *   <li>a Docker container (Testcontainers, image {@code postgres:<major>}) when a Docker daemon
 *       answers on {@code DOCKER_HOST}'s unix socket or {@code /var/run/docker.sock} (the {@code
 *       testcontainers} profile starts one and builds the image locally);
 *   <li>the embedded zonky binaries for major {@code viewswap.pg.major} (default 18) from the
 *       directory in {@code viewswap.pg.binaries}, both set by failsafe in the pom.
 * </ol>
 *
 * If none starts, every test asking for a database fails (never skips) with the reason.
 */
public final class PostgresExtension implements ParameterResolver {

  /** Set to a superuser JDBC URL to run the integration tests on an existing server. */
  public static final String URL_ENV = "VIEWSWAP_TEST_URL";

  public static final String BINARIES_PROPERTY = "viewswap.pg.binaries";

  /** {@code host}: run the Testcontainers server on the host's network (see {@code container}). */
  public static final String DOCKER_NETWORK_PROPERTY = "viewswap.test.docker.network";

  public static final String MAJOR_PROPERTY = "viewswap.pg.major";
  public static final int DEFAULT_MAJOR = 18;

  private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Integer major;

  /** Uses the major in {@code viewswap.pg.major} (default 18). */
  public PostgresExtension() {
    this(null);
  }

  private PostgresExtension(Integer major) {
    this.major = major;
  }

  /**
   * Uses the embedded binaries of the given major (ignored when {@code VIEWSWAP_TEST_URL} is set).
   */
  public static PostgresExtension forMajor(int major) {
    return new PostgresExtension(major);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    int wanted = requestedMajor();
    // JUnit 5.11 closes only CloseableResource values (not AutoCloseable) when the context ends.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "database-" + wanted,
            key -> new DatabaseHolder(newDatabase(server(context, wanted))),
            DatabaseHolder.class)
        .database;
  }

  /**
   * The major the embedded server runs: this extension's, else {@code viewswap.pg.major}, else 18.
   */
  public int requestedMajor() {
    return major != null ? major : Integer.getInteger(MAJOR_PROPERTY, DEFAULT_MAJOR);
  }

  private static TestDatabase newDatabase(PostgresServer server) {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    String name = "t_" + HexFormat.of().formatHex(bytes);
    try {
      server.createDatabase(name);
    } catch (java.sql.SQLException e) {
      throw new ParameterResolutionException(
          "could not create test database "
              + name
              + " on "
              + server.description()
              + ": "
              + e.getMessage(),
          e);
    }
    return new TestDatabase(server, name);
  }

  private static PostgresServer server(ExtensionContext context, int major) {
    String externalUrl = System.getenv(URL_ENV);
    String key =
        externalUrl != null && !externalUrl.isBlank() ? "server-external" : "server-" + major;
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(key, k -> new ServerHolder(major), ServerHolder.class)
        .get();
  }

  /** Drops the test's database when its context (the test, or the class) ends. */
  private static final class DatabaseHolder implements ExtensionContext.Store.CloseableResource {
    final TestDatabase database;

    DatabaseHolder(TestDatabase database) {
      this.database = database;
    }

    @Override
    public void close() {
      database.close();
    }
  }

  /**
   * Starts the server at most once (remembering a failure, so a broken setup fails fast); closes it
   * at the end.
   */
  private static final class ServerHolder implements ExtensionContext.Store.CloseableResource {
    private final int major;
    private PostgresServer server;
    private RuntimeException failure;

    ServerHolder(int major) {
      this.major = major;
    }

    synchronized PostgresServer get() {
      if (server == null && failure == null) {
        try {
          server = start(major);
        } catch (Exception e) {
          failure =
              new ParameterResolutionException(
                  "no PostgreSQL server for the integration tests: " + e.getMessage(), e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return server;
    }

    @Override
    public synchronized void close() throws Exception {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  /**
   * A server of the test's own, from the embedded zonky binaries of the default major, with {@code
   * settings} on top of the usual ones: for tests that change server-wide settings (replication,
   * {@code ALTER SYSTEM}) or start a standby of it, which the shared server must not see. The
   * caller closes it.
   */
  public static EmbeddedPostgres startOwnServer(java.util.Map<String, String> settings)
      throws IOException {
    String dir = System.getProperty(BINARIES_PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "the system property "
              + BINARIES_PROPERTY
              + " (the directory of the zonky binaries jars, set by failsafe) is missing; run the tests with"
              + " `./mvnw verify`");
    }
    Path jar = BinariesJar.find(Path.of(dir), Integer.getInteger(MAJOR_PROPERTY, DEFAULT_MAJOR));
    return EmbeddedPostgres.start(
        jar,
        settings,
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
  }

  private static PostgresServer start(int major) throws Exception {
    String externalUrl = System.getenv(URL_ENV);
    if (externalUrl != null && !externalUrl.isBlank()) {
      try {
        return PostgresServer.external(externalUrl.trim());
      } catch (Exception e) {
        throw new IllegalStateException(
            URL_ENV + " is set, but connecting to it failed: " + e.getMessage(), e);
      }
    }
    PrintWriter progress =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    if (dockerAnswers()) {
      return container(major, progress);
    }
    String dir = System.getProperty(BINARIES_PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          URL_ENV
              + " is not set and the system property "
              + BINARIES_PROPERTY
              + " (the directory of the zonky binaries jars, set by failsafe) is missing; run the tests with "
              + "`./mvnw verify`, or set "
              + URL_ENV
              + " to a superuser JDBC URL");
    }
    Path jar = BinariesJar.find(Path.of(dir), major);
    EmbeddedPostgres pg;
    try {
      pg = EmbeddedPostgres.start(jar, progress);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the embedded PostgreSQL "
              + major
              + " from "
              + jar
              + " did not start (and "
              + URL_ENV
              + " is not set): "
              + e.getMessage(),
          e);
    }
    if (pg.majorVersion() != major) {
      pg.close();
      throw new IllegalStateException(
          jar + " holds PostgreSQL " + pg.majorVersion() + ", not " + major);
    }
    return PostgresServer.embedded(pg);
  }

  /**
   * The official image of the major, with the settings the embedded server has (durability off,
   * logical WAL, pg_stat_statements preloaded). Only reached when a Docker daemon answers, so
   * Testcontainers' own probing never slows a machine without Docker.
   *
   * <p>With {@value #DOCKER_NETWORK_PROPERTY}{@code =host} (the {@code testcontainers} profile) the
   * container shares the host's network and listens on a free loopback port: no bridge, no port
   * mapping, no traffic off the loopback range. Otherwise Testcontainers maps 5432 as usual.
   */
  private static PostgresServer container(int major, PrintWriter progress) throws Exception {
    boolean hostNetwork = "host".equals(System.getProperty(DOCKER_NETWORK_PROPERTY, ""));
    List<String> command =
        new ArrayList<>(
            List.of(
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
                "-c",
                "wal_level=logical",
                "-c",
                "deadlock_timeout=1s",
                "-c",
                "shared_preload_libraries=pg_stat_statements"));
    int hostPort = 0;
    if (hostNetwork) {
      try (java.net.ServerSocket free =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        hostPort = free.getLocalPort();
      }
      command.addAll(List.of("-c", "port=" + hostPort, "-c", "listen_addresses=127.0.0.1"));
    }
    org.testcontainers.containers.PostgreSQLContainer<?> pg =
        new Container(
                org.testcontainers.utility.DockerImageName.parse("postgres:" + major), hostPort)
            .withCommand(command.toArray(String[]::new));
    if (hostNetwork) {
      // No port to map: Testcontainers would otherwise wait for a mapping of 5432 that never comes.
      pg.withNetworkMode("host");
      pg.setExposedPorts(List.of());
    }
    progress.println(
        "Docker answers: starting postgres:"
            + major
            + " with Testcontainers"
            + (hostNetwork ? " on the host network, port " + hostPort : ""));
    try {
      pg.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Docker answers, but the postgres:"
              + major
              + " container did not start: "
              + e.getMessage(),
          e);
    }
    String jdbc = pg.getJdbcUrl();
    String url =
        jdbc
            + (jdbc.contains("?") ? "&" : "?")
            + "user="
            + pg.getUsername()
            + "&password="
            + pg.getPassword();
    return PostgresServer.container(
        url, "postgres:" + major + " container " + pg.getContainerId(), pg::stop);
  }

  /**
   * PostgreSQLContainer, but on the host network (hostPort > 0) nothing is mapped: the server has
   * its own port.
   */
  private static final class Container
      extends org.testcontainers.containers.PostgreSQLContainer<Container> {
    private final int hostPort;

    Container(org.testcontainers.utility.DockerImageName image, int hostPort) {
      super(image);
      this.hostPort = hostPort;
    }

    @Override
    public String getJdbcUrl() {
      return hostPort > 0
          ? "jdbc:postgresql://127.0.0.1:" + hostPort + "/" + getDatabaseName()
          : super.getJdbcUrl();
    }
  }

  /**
   * The Docker daemon's socket: {@code DOCKER_HOST} when it names a unix socket, else the default
   * one.
   */
  private static Path dockerSocket() {
    String host = System.getenv("DOCKER_HOST");
    if (host != null && host.startsWith("unix://")) {
      return Path.of(host.substring("unix://".length()));
    }
    return Path.of("/var/run/docker.sock");
  }

  private static boolean dockerAnswers() {
    Path socket = dockerSocket();
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
