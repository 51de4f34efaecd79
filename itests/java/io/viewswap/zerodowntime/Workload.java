package io.viewswap.zerodowntime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The transaction a JDBC client runs under one set of names: read a row with {@code SELECT *} (the
 * statement whose cached plan breaks if a view's row type differs from the table's), update it,
 * insert a row with the table's defaults and RETURNING, and delete it again so the table keeps its
 * size.
 *
 * @param select {@code SELECT *} by id
 * @param update an update by id
 * @param insert an insert returning the new id
 * @param delete a delete by id
 * @param insertValues fresh parameters for {@code insert}
 * @param rows ids 1..rows exist
 */
public record Workload(
    String select,
    String update,
    String insert,
    String delete,
    Supplier<List<Object>> insertValues,
    int rows) {

  /** customer-to-client, old names: the table, then (after the swap) the compat view. */
  public static Workload customerOld() {
    return new Workload(
        "SELECT * FROM customer WHERE id = ?",
        "UPDATE customer SET full_name = 'Customer ' || id WHERE id = ?",
        "INSERT INTO customer (full_name, email_addr) VALUES (?, ?) RETURNING id",
        "DELETE FROM customer WHERE id = ?",
        () -> List.of("old client", "old-" + UUID.randomUUID() + "@example.com"),
        1000);
  }

  /**
   * customer-to-client, new names: the transitional view, then (after the swap) the renamed table.
   */
  public static Workload clientNew() {
    return new Workload(
        "SELECT * FROM client WHERE id = ?",
        "UPDATE client SET display_name = 'Customer ' || id WHERE id = ?",
        "INSERT INTO client (display_name, email) VALUES (?, ?) RETURNING id",
        "DELETE FROM client WHERE id = ?",
        () -> List.of("new client", "new-" + UUID.randomUUID() + "@example.com"),
        1000);
  }

  /** columns-only, old names: the table, and only until the swap. */
  public static Workload ordersOld() {
    return new Workload(
        "SELECT * FROM orders WHERE id = ?",
        "UPDATE orders SET amt_cents = (id * 137) % 100000 WHERE id = ?",
        "INSERT INTO orders (cust_id, amt_cents) VALUES (?, ?) RETURNING id",
        "DELETE FROM orders WHERE id = ?",
        () -> List.of(7L, 100),
        1000);
  }

  /**
   * columns-only, new names: {@code orders} resolves to the view in public_next, then to the table.
   */
  public static Workload ordersNew() {
    return new Workload(
        "SELECT * FROM orders WHERE id = ?",
        "UPDATE orders SET amount_cents = (id * 137) % 100000 WHERE id = ?",
        "INSERT INTO orders (customer_id, amount_cents) VALUES (?, ?) RETURNING id",
        "DELETE FROM orders WHERE id = ?",
        () -> List.of(7L, 100),
        1000);
  }

  /**
   * A JDBC session running this workload.
   *
   * @param url the database URL without credentials; may carry currentSchema
   * @param protocol pgJDBC connection properties choosing the protocol
   */
  public LoadClient.Opener jdbc(
      String url, String user, String password, Protocol protocol, String applicationName) {
    return () -> {
      Properties props = new Properties();
      props.setProperty("user", user);
      props.setProperty("password", password);
      props.setProperty("ApplicationName", applicationName);
      props.putAll(protocol.properties());
      Connection c = DriverManager.getConnection(url, props);
      c.setAutoCommit(false);
      return new JdbcSession(c, this);
    };
  }

  /** How pgJDBC talks to the server. */
  public enum Protocol {
    /** Server-side prepared statements from the first execution on (named, cached plans). */
    PREPARED,
    /** The simple query protocol: parameters inlined, nothing cached on the server. */
    SIMPLE,
    /**
     * The extended protocol with unnamed statements only ({@code prepareThreshold=0}): what a
     * transaction pooler before PgBouncer 1.21 allows, since a named statement lives on one server
     * connection.
     */
    UNNAMED;

    Properties properties() {
      Properties p = new Properties();
      switch (this) {
        case PREPARED -> p.setProperty("prepareThreshold", "1");
        case SIMPLE -> p.setProperty("preferQueryMode", "simple");
        case UNNAMED -> p.setProperty("prepareThreshold", "0");
      }
      return p;
    }
  }

  /**
   * Statements are prepared once per connection and reused, as a connection pool's statement cache
   * would.
   */
  private static final class JdbcSession implements LoadClient.Session {
    private final Connection connection;
    private final Workload w;
    private final PreparedStatement select;
    private final PreparedStatement update;
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    JdbcSession(Connection connection, Workload w) throws SQLException {
      this.connection = connection;
      this.w = w;
      this.select = connection.prepareStatement(w.select());
      this.update = connection.prepareStatement(w.update());
      this.insert = connection.prepareStatement(w.insert());
      this.delete = connection.prepareStatement(w.delete());
    }

    @Override
    public void transaction() throws SQLException {
      long id = ThreadLocalRandom.current().nextLong(1, w.rows() + 1);
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            rs.getObject(i);
          }
        }
      }
      update.setLong(1, id);
      update.executeUpdate();
      List<Object> values = w.insertValues().get();
      for (int i = 0; i < values.size(); i++) {
        insert.setObject(i + 1, values.get(i));
      }
      long newId;
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        newId = rs.getLong(1);
      }
      delete.setLong(1, newId);
      delete.executeUpdate();
      connection.commit();
    }

    @Override
    public void recover() throws SQLException {
      connection.rollback();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
