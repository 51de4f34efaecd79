package io.viewswap.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.ViewSwap;
import io.viewswap.api.CheckResult;
import io.viewswap.api.Phase;
import io.viewswap.api.ProgressListener;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.spec.Spec;
import io.viewswap.support.PgBouncer;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import io.viewswap.zerodowntime.LoadClient.ClientReport;
import io.viewswap.zerodowntime.Workload.Protocol;
import java.nio.file.Path;
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
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero downtime behind a real PgBouncer in transaction pooling mode (issue 11), for both shapes of
 * rename: the old and the new release connect through the pooler, configured as {@code repoint
 * --pooler transaction} says (no startup parameters, no session SET, unnamed statements since
 * Debian's PgBouncer is older than 1.21), and every transaction commits. A renamed table needs
 * nothing but new names; a table that keeps its name needs {@code options.release_role}: the new
 * release logs in as its own role, whose search_path expand sets.
 */
// Not tagged "lifecycle": what it adds to ZeroDowntimeIT (which runs on every major) is the pooler
// in between, which behaves the same whatever the server major; it runs on the default major only.
@ExtendWith(PostgresExtension.class)
class PooledZeroDowntimeIT {

  static final String OLD_USER = "app_rw";
  static final String NEW_USER = "app_next";
  private static final Duration PHASE_LOAD = Duration.ofMillis(1000);

  @Test
  void tableRenameThroughPgBouncer(TestDatabase db, @TempDir Path work) throws Exception {
    Spec spec = ZeroDowntimeIT.prepare(db, "customer-to-client");
    ViewSwap vs = ZeroDowntimeIT.viewSwap(db, ProgressListener.NONE);
    List<ClientReport> reports;
    List<Pgbench.Result> benches = new ArrayList<>();
    try (PgBouncer pooler = PgBouncer.transactionPooling(db, Map.of(OLD_USER, OLD_USER), 3)) {
      String url = pooler.jdbcUrl("");
      try (SessionFactory oldOrm =
              HibernateClient.factory(
                  HibernateClient.OldCustomer.class, url, OLD_USER, OLD_USER, 0);
          SessionFactory newOrm =
              HibernateClient.factory(HibernateClient.NewClient.class, url, OLD_USER, OLD_USER, 0);
          Load load = new Load("planned")) {
        Pgbench oldBench =
            Pgbench.startClient(
                "pooled-old-pgbench",
                url,
                OLD_USER,
                OLD_USER,
                "",
                ZeroDowntimeIT.CUSTOMER_OLD_SCRIPT,
                work,
                "extended");
        List<LoadClient> old =
            load.start(
                List.of(
                    Workload.customerOld()
                        .jdbc(url, OLD_USER, OLD_USER, Protocol.UNNAMED, "pooled-old-unnamed"),
                    Workload.customerOld()
                        .jdbc(url, OLD_USER, OLD_USER, Protocol.SIMPLE, "pooled-old-simple"),
                    HibernateClient.opener(
                        oldOrm,
                        HibernateClient.OldCustomer.class,
                        HibernateClient.OldCustomer::fresh,
                        1000)),
                List.of("old-jdbc-unnamed", "old-jdbc-simple", "old-hibernate"));
        load.hold(PHASE_LOAD);

        assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
        load.enter("expanded");
        Pgbench.Mark expanded = oldBench.mark();
        Pgbench newBench =
            Pgbench.startClient(
                "pooled-new-pgbench",
                url,
                OLD_USER,
                OLD_USER,
                "",
                ZeroDowntimeIT.CLIENT_NEW_SCRIPT,
                work,
                "extended");
        load.start(
            List.of(
                Workload.clientNew()
                    .jdbc(url, OLD_USER, OLD_USER, Protocol.UNNAMED, "pooled-new-unnamed"),
                Workload.clientNew()
                    .jdbc(url, OLD_USER, OLD_USER, Protocol.SIMPLE, "pooled-new-simple"),
                HibernateClient.opener(
                    newOrm,
                    HibernateClient.NewClient.class,
                    HibernateClient.NewClient::fresh,
                    1000)),
            List.of("new-jdbc-unnamed", "new-jdbc-simple", "new-hibernate"));
        load.hold(PHASE_LOAD);
        oldBench.awaitCommitsSince(expanded);

        assertThat(vs.apply(spec, Phase.SWAP, false).state()).isEqualTo(State.SWAPPED);
        load.enter("swapped");
        Pgbench.Mark swapped = oldBench.mark();
        load.hold(PHASE_LOAD);
        oldBench.awaitCommitsSince(swapped);
        benches.add(oldBench.stop());
        load.stop(old);
        assertThat(vs.apply(spec, Phase.CONTRACT, false).state()).isEqualTo(State.CONTRACTED);
        load.enter("contracted");
        Pgbench.Mark contracted = newBench.mark();
        load.hold(PHASE_LOAD);
        newBench.awaitCommitsSince(contracted);
        benches.add(newBench.stop());
        reports = load.reports();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\npgbouncer log:\n" + pooler.log(), e);
      }
    }
    ZeroDowntimeIT.assertEveryTransactionCommitted(reports, benches);
    ZeroDowntimeIT.assertSpans(reports, "old-", List.of("planned", "expanded", "swapped"));
    ZeroDowntimeIT.assertSpans(reports, "new-", List.of("expanded", "swapped", "contracted"));
  }

  @Test
  void columnRenameWithReleaseRoleThroughPgBouncer(TestDatabase db, @TempDir Path work)
      throws Exception {
    Spec spec = ZeroDowntimeIT.prepare(db, "columns-release-role");
    db.exec("ALTER ROLE " + NEW_USER + " LOGIN PASSWORD '" + NEW_USER + "'");
    ViewSwap vs = ZeroDowntimeIT.viewSwap(db, ProgressListener.NONE);
    CheckResult check = vs.check(spec);
    assertThat(check.report().of(Severity.BLOCKER))
        .as("release role app_next is fine: %s", check.report())
        .isEmpty();
    assertThat(check.report().findings())
        .as("the pooled-sessions warning names the role")
        .anyMatch(f -> f.code().equals("release-role-pooled-sessions"));
    List<ClientReport> reports;
    List<Pgbench.Result> benches = new ArrayList<>();
    try (PgBouncer pooler =
        PgBouncer.transactionPooling(db, Map.of(OLD_USER, OLD_USER, NEW_USER, NEW_USER), 3)) {
      // Both releases: the same URL, nothing about schemas in it. Only the login role differs.
      String url = pooler.jdbcUrl("");
      try (SessionFactory oldOrm =
              HibernateClient.factory(HibernateClient.OldOrder.class, url, OLD_USER, OLD_USER, 0);
          Load load = new Load("planned")) {
        Pgbench oldBench =
            Pgbench.startClient(
                "pooled-old-pgbench",
                url,
                OLD_USER,
                OLD_USER,
                "",
                ZeroDowntimeIT.ORDERS_OLD_SCRIPT,
                work,
                "extended");
        List<LoadClient> old =
            load.start(
                List.of(
                    Workload.ordersOld()
                        .jdbc(url, OLD_USER, OLD_USER, Protocol.UNNAMED, "pooled-old-unnamed"),
                    Workload.ordersOld()
                        .jdbc(url, OLD_USER, OLD_USER, Protocol.SIMPLE, "pooled-old-simple"),
                    HibernateClient.opener(
                        oldOrm,
                        HibernateClient.OldOrder.class,
                        HibernateClient.OldOrder::fresh,
                        1000)),
                List.of("old-jdbc-unnamed", "old-jdbc-simple", "old-hibernate"));
        load.hold(PHASE_LOAD);

        assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
        assertThat(db.queryValue("SELECT viewswap.role_search_path('app_next')"))
            .as("expand gave the release role its search_path in this database")
            .isEqualTo("public_next, public");
        load.enter("expanded");
        Pgbench.Mark expanded = oldBench.mark();
        Pgbench newBench =
            Pgbench.startClient(
                "pooled-new-pgbench",
                url,
                NEW_USER,
                NEW_USER,
                "",
                ZeroDowntimeIT.ORDERS_NEW_SCRIPT,
                work,
                "extended");
        try (SessionFactory newOrm =
            HibernateClient.factory(HibernateClient.NewOrder.class, url, NEW_USER, NEW_USER, 0)) {
          load.start(
              List.of(
                  Workload.ordersNew()
                      .jdbc(url, NEW_USER, NEW_USER, Protocol.UNNAMED, "pooled-new-unnamed"),
                  Workload.ordersNew()
                      .jdbc(url, NEW_USER, NEW_USER, Protocol.SIMPLE, "pooled-new-simple"),
                  HibernateClient.opener(
                      newOrm,
                      HibernateClient.NewOrder.class,
                      HibernateClient.NewOrder::fresh,
                      1000)),
              List.of("new-jdbc-unnamed", "new-jdbc-simple", "new-hibernate"));
          load.hold(PHASE_LOAD);

          // The old-name pgbench spans expand: it committed before (startClient) and after it.
          oldBench.awaitCommitsSince(expanded);
          // The table keeps its name: old code must be gone before the swap (design: "columns
          // only").
          benches.add(oldBench.stop());
          load.stop(old);
          assertThat(vs.apply(spec, Phase.SWAP, false).state()).isEqualTo(State.SWAPPED);
          load.enter("swapped");
          load.hold(PHASE_LOAD);

          assertThat(vs.apply(spec, Phase.CONTRACT, false).state()).isEqualTo(State.CONTRACTED);
          load.enter("contracted");
          Pgbench.Mark contracted = newBench.mark();
          load.hold(PHASE_LOAD);
          newBench.awaitCommitsSince(contracted);
          benches.add(newBench.stop());
          reports = load.reports();
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\npgbouncer log:\n" + pooler.log(), e);
      }
    }
    ZeroDowntimeIT.assertEveryTransactionCommitted(reports, benches);
    ZeroDowntimeIT.assertSpans(reports, "old-", List.of("planned", "expanded"));
    ZeroDowntimeIT.assertSpans(reports, "new-", List.of("expanded", "swapped", "contracted"));
    assertThat(db.queryValue("SELECT viewswap.role_search_path('app_next')"))
        .as("contract gave app_next back the setting it had before expand (none)")
        .isNull();
    assertThat(db.query("SELECT action, value FROM viewswap.role_setting ORDER BY change_id"))
        .as("the state history records the set and the restore")
        .extracting(r -> r.get("action") + ":" + r.get("value"))
        .containsExactly("set:public_next, public", "restore:null");
  }

  /**
   * The control: what the release role replaces does break behind the pooler. A search_path from
   * the client is refused at connect, and a session-level SET search_path stays on the server
   * connection, where the next client (an old release) finds it and fails on the names it uses.
   */
  @Test
  void clientSearchPathIsRefusedAndASessionSetLeaksToTheNextClient(TestDatabase db)
      throws Exception {
    Spec spec = ZeroDowntimeIT.prepare(db, "columns-only");
    ViewSwap vs = ZeroDowntimeIT.viewSwap(db, ProgressListener.NONE);
    assertThat(vs.apply(spec, Phase.EXPAND, false).state()).isEqualTo(State.EXPANDED);
    try (PgBouncer pooler = PgBouncer.transactionPooling(db, Map.of(OLD_USER, OLD_USER), 1)) {
      assertThatThrownBy(() -> connect(pooler.jdbcUrl("currentSchema=public_next,public")).close())
          .as("JDBC currentSchema travels as a startup parameter")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("unsupported startup parameter");
      assertThatThrownBy(
              () -> connect(pooler.jdbcUrl("options=-c%20search_path=public_next,public")).close())
          .as("libpq-style options= travels as a startup parameter")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("unsupported startup parameter");

      // One server connection (pool size 1): the new release sets its search_path for "its"
      // session.
      try (Connection newRelease = connect(pooler.jdbcUrl("prepareThreshold=0"));
          Statement st = newRelease.createStatement()) {
        st.execute("SET search_path = public_next, public");
        assertThat(value(st, "SELECT amount_cents FROM orders WHERE id = 1")).isNotNull();
      }
      // The old release connects next, gets the same server connection, and reads the view, not the
      // table.
      try (Connection oldRelease = connect(pooler.jdbcUrl("prepareThreshold=0"));
          Statement st = oldRelease.createStatement()) {
        assertThat(value(st, "SHOW search_path"))
            .as("the new release's session SET leaked")
            .isEqualTo("public_next, public");
        assertThatThrownBy(() -> value(st, "SELECT amt_cents FROM orders WHERE id = 1"))
            .as("the old release's names fail on the view it was handed")
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("amt_cents");
      }
    }
  }

  private static Connection connect(String url) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", OLD_USER);
    p.setProperty("password", OLD_USER);
    return DriverManager.getConnection(url, p);
  }

  private static Object value(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }
}
