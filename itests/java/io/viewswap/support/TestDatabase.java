package io.viewswap.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A fresh database for one test on the server {@link PostgresExtension} provides; the extension
 * drops it (with FORCE, so connections the test left open do not stop it) once the test is over.
 * Connections from {@link #connect()} and {@link #connectAs} are closed then too.
 */
public final class TestDatabase implements AutoCloseable {

  private final PostgresServer server;
  private final String name;
  private final List<Connection> opened = new ArrayList<>();

  TestDatabase(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** The database's name, {@code t_<random>}. */
  public String name() {
    return name;
  }

  /** JDBC URL of this database, logging in as the server's superuser. */
  public String url() {
    return server.url(name);
  }

  /** JDBC URL of the server's {@code postgres} database, as the superuser. */
  public String adminUrl() {
    return server.url("postgres");
  }

  /** The server's major version (e.g. 18), from {@code server_version_num}. */
  public int serverMajor() {
    return server.major();
  }

  /**
   * Where the server comes from, for messages: "embedded PostgreSQL 18 on 127.0.0.1:PORT" or the
   * like.
   */
  public String serverDescription() {
    return server.description();
  }

  /** A new superuser connection to this database (autocommit on). */
  public Connection connect() throws SQLException {
    return track(DriverManager.getConnection(url()));
  }

  /** A new connection to this database as {@code role}, which must be allowed to log in. */
  public Connection connectAs(String role, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", role);
    if (password != null) {
      props.setProperty("password", password);
    }
    return track(DriverManager.getConnection(server.urlWithoutCredentials(name), props));
  }

  /**
   * Runs SQL as the superuser in autocommit; several statements separated by semicolons are
   * allowed.
   */
  public void exec(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Runs a query as the superuser; each row is a map from column label to value, in column order.
   */
  public List<Map<String, Object>> query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The first column of the first row of a query, or null when it returns no rows. */
  public Object queryValue(String sql) throws SQLException {
    List<Map<String, Object>> rows = query(sql);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  /** Closes the connections handed out and drops the database; errors are ignored. */
  @Override
  public void close() {
    synchronized (opened) {
      for (Connection c : opened) {
        try {
          c.close();
        } catch (SQLException | RuntimeException ignored) {
          // the drop below forces them off anyway
        }
      }
      opened.clear();
    }
    server.dropDatabase(name);
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server.description() + "]";
  }

  private Connection track(Connection c) {
    synchronized (opened) {
      opened.add(c);
    }
    return c;
  }
}
