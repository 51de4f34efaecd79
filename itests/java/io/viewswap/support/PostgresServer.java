package io.viewswap.support;

import io.viewswap.pg.EmbeddedPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running server the tests may create databases on, as a superuser: embedded, or given by URL.
 */
final class PostgresServer implements AutoCloseable {

  private static final Pattern URL =
      Pattern.compile("(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(?:\\?(.*))?");

  private final String hostPart; // jdbc:postgresql://host:port
  private final String params; // query string without '?', may be empty
  private final String description;
  private final Runnable stop; // stops a server we started; does nothing for one we did not
  private final int major;

  private PostgresServer(String superuserUrl, String description, Runnable stop)
      throws SQLException {
    Matcher m = URL.matcher(superuserUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a jdbc:postgresql://host[:port][/database][?params] URL: " + superuserUrl);
    }
    this.hostPart = m.group(1);
    this.params = m.group(3) == null ? "" : m.group(3);
    this.description = description;
    this.stop = stop;
    try (Connection c = DriverManager.getConnection(superuserUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version_num')::int / 10000, "
                    + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
      rs.next();
      this.major = rs.getInt(1);
      if (!rs.getBoolean(2)) {
        throw new SQLException(
            "the tests need a superuser connection, but "
                + description
                + " logs in as a role without SUPERUSER");
      }
    }
  }

  static PostgresServer external(String superuserUrl) throws SQLException {
    return new PostgresServer(
        superuserUrl,
        "VIEWSWAP_TEST_URL server " + URL.matcher(superuserUrl).replaceAll("$1"),
        () -> {});
  }

  static PostgresServer embedded(EmbeddedPostgres pg) throws SQLException {
    try {
      return new PostgresServer(
          pg.jdbcUrl("postgres"),
          "embedded PostgreSQL " + pg.majorVersion() + " on 127.0.0.1:" + pg.port(),
          pg::close);
    } catch (SQLException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  int major() {
    return major;
  }

  String description() {
    return description;
  }

  /** URL of a database on this server, with the superuser's credentials. */
  String url(String database) {
    return hostPart + "/" + encode(database) + (params.isEmpty() ? "" : "?" + params);
  }

  /** URL of a database on this server without user and password, for logging in as another role. */
  String urlWithoutCredentials(String database) {
    List<String> kept = new ArrayList<>();
    for (String p : params.split("&")) {
      String key = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
      if (!p.isEmpty() && !key.equals("user") && !key.equals("password")) {
        kept.add(p);
      }
    }
    return hostPart + "/" + encode(database) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }

  void createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + quote(name));
    }
  }

  /** Drops a database even if sessions are still connected to it; errors are ignored. */
  void dropDatabase(String name) {
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + quote(name) + (major >= 13 ? " WITH (FORCE)" : ""));
    } catch (SQLException | RuntimeException e) {
      System.err.println(
          "could not drop test database " + name + " on " + description + ": " + e.getMessage());
    }
  }

  /** A server in a Docker container; {@code stop} removes the container. */
  static PostgresServer container(String superuserUrl, String description, Runnable stop)
      throws SQLException {
    try {
      return new PostgresServer(superuserUrl, description, stop);
    } catch (SQLException | RuntimeException e) {
      stop.run();
      throw e;
    }
  }

  @Override
  public void close() {
    stop.run();
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String encode(String database) {
    return URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
