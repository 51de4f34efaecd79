package io.viewswap.zerodowntime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * A Hibernate ORM client: one entity mapped to the old or the new names, configured in code (no
 * persistence.xml, no second-level cache, no schema tool, no metadata lookups at boot). Each
 * transaction finds a row by id and changes it, persists a new row (identity id, table defaults for
 * unmapped columns) and removes it.
 */
final class HibernateClient {

  // jboss-logging falls back to java.util.logging here; without this, every factory logs its pool
  // warning. Held in a field because java.util.logging keeps loggers only weakly.
  private static final Logger HIBERNATE_LOG = quiet();

  private HibernateClient() {}

  private static Logger quiet() {
    Logger l = Logger.getLogger("org.hibernate");
    l.setLevel(Level.SEVERE);
    return l;
  }

  /** A row the client changes in each transaction. */
  interface LoadEntity {
    void touch();
  }

  /**
   * A factory for one entity; build it before the load starts (booting Hibernate takes a while on 2
   * cores).
   *
   * @param url the JDBC URL without credentials; may carry currentSchema
   */
  static SessionFactory factory(
      Class<? extends LoadEntity> entity, String url, String user, String password) {
    return factory(entity, url, user, password, 1);
  }

  /**
   * @param prepareThreshold 0 behind a transaction pooler before PgBouncer 1.21 (unnamed statements
   *     only)
   */
  static SessionFactory factory(
      Class<? extends LoadEntity> entity,
      String url,
      String user,
      String password,
      int prepareThreshold) {
    Properties p = new Properties();
    p.setProperty(
        "hibernate.connection.url",
        url + (url.contains("?") ? "&" : "?") + "prepareThreshold=" + prepareThreshold);
    p.setProperty("hibernate.connection.username", user);
    p.setProperty("hibernate.connection.password", password);
    // One pooled connection per client, kept across transactions, so its server-side plans stay
    // cached.
    p.setProperty("hibernate.connection.pool_size", "1");
    p.setProperty("hibernate.dialect", "org.hibernate.dialect.PostgreSQLDialect");
    p.setProperty("hibernate.boot.allow_jdbc_metadata_access", "false");
    p.setProperty("hibernate.hbm2ddl.auto", "none");
    p.setProperty("hibernate.cache.use_second_level_cache", "false");
    p.setProperty("hibernate.show_sql", "false");
    return new Configuration().addProperties(p).addAnnotatedClass(entity).buildSessionFactory();
  }

  static <E extends LoadEntity> LoadClient.Opener opener(
      SessionFactory factory, Class<E> entity, Supplier<E> fresh, int rows) {
    return () ->
        new LoadClient.Session() {
          @Override
          public void transaction() {
            long id = ThreadLocalRandom.current().nextLong(1, rows + 1);
            factory.inTransaction(
                s -> {
                  E found = s.find(entity, id);
                  if (found == null) {
                    throw new IllegalStateException(
                        entity.getSimpleName() + " " + id + " not found");
                  }
                  found.touch();
                  E added = fresh.get();
                  s.persist(added);
                  s.flush();
                  s.remove(added);
                });
          }

          @Override
          public void recover() {
            // inTransaction has rolled back and closed its session already
          }

          @Override
          public void close() {
            // the factory (and its pooled connection) is closed by the test
          }
        };
  }

  /** customer-to-client, old names. */
  @Entity(name = "OldCustomer")
  @Table(name = "customer")
  public static class OldCustomer implements LoadEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "full_name", nullable = false)
    private String fullName;

    @Column(name = "email_addr")
    private String emailAddr;

    public OldCustomer() {}

    static OldCustomer fresh() {
      OldCustomer c = new OldCustomer();
      c.fullName = "old hibernate";
      c.emailAddr = "old-orm-" + UUID.randomUUID() + "@example.com";
      return c;
    }

    @Override
    public void touch() {
      fullName = "Customer " + id;
    }
  }

  /** customer-to-client, new names. */
  @Entity(name = "NewClient")
  @Table(name = "client")
  public static class NewClient implements LoadEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "email")
    private String email;

    public NewClient() {}

    static NewClient fresh() {
      NewClient c = new NewClient();
      c.displayName = "new hibernate";
      c.email = "new-orm-" + UUID.randomUUID() + "@example.com";
      return c;
    }

    @Override
    public void touch() {
      displayName = "Customer " + id;
    }
  }

  /** columns-only, old names. */
  @Entity(name = "OldOrder")
  @Table(name = "orders")
  public static class OldOrder implements LoadEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "cust_id", nullable = false)
    private long custId;

    @Column(name = "amt_cents", nullable = false)
    private int amtCents;

    public OldOrder() {}

    static OldOrder fresh() {
      OldOrder o = new OldOrder();
      o.custId = 7;
      o.amtCents = 100;
      return o;
    }

    @Override
    public void touch() {
      amtCents = (int) ((id * 137) % 100_000);
    }
  }

  /** columns-only, new names: the URL puts public_next first on the search_path. */
  @Entity(name = "NewOrder")
  @Table(name = "orders")
  public static class NewOrder implements LoadEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "customer_id", nullable = false)
    private long customerId;

    @Column(name = "amount_cents", nullable = false)
    private int amountCents;

    public NewOrder() {}

    static NewOrder fresh() {
      NewOrder o = new NewOrder();
      o.customerId = 7;
      o.amountCents = 100;
      return o;
    }

    @Override
    public void touch() {
      amountCents = (int) ((id * 137) % 100_000);
    }
  }
}
