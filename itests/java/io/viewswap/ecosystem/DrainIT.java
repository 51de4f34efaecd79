package io.viewswap.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Phase;
import io.viewswap.cli.Main;
import io.viewswap.spec.Spec;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * drain against real sessions: a client still using old names makes it exit 8; once it is gone, 0.
 */
@ExtendWith(PostgresExtension.class)
class DrainIT {
  static final Path PROJECT = ExportRunnersIT.PROJECT;

  record Run(int code, String out, String err) {}

  static Run drain(TestDatabase db, String example) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String spec = PROJECT.resolve("specs/examples/" + example + ".yaml").toString();
    int code =
        Main.run(
            new String[] {
              "drain", spec, "--window", "2s", "--interval", "200ms", "--url", db.url()
            },
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  static int pid(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static void query(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        // read it all, as a client would
      }
    }
  }

  /**
   * Closing a connection ends its backend a moment later; wait (bounded) until it has left
   * pg_stat_activity.
   */
  static void awaitGone(TestDatabase db, int pid) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (db.queryValue("select 1 from pg_stat_activity where pid = " + pid) == null) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("backend " + pid + " still listed 2 s after its connection closed");
  }

  @Test
  void oldTableNameIsTrafficUntilTheClientStops(TestDatabase db) throws Exception {
    Spec spec = ExportRunnersIT.load(db, "customer-to-client");
    ExportRunnersIT.viewSwap(db).apply(spec, Phase.EXPAND, false);
    try (Connection newClient = DriverManager.getConnection(db.url())) {
      query(newClient, "select count(*) from client where display_name like 'C%'");
      int oldPid;
      try (Connection oldClient = DriverManager.getConnection(db.url())) {
        oldPid = pid(oldClient);
        query(oldClient, "select full_name from customer where id = 1");
        Run seen = drain(db, "customer-to-client");
        assertThat(seen.code())
            .as("old-name traffic: exit 8 (%s%s)", seen.out(), seen.err())
            .isEqualTo(8);
        assertThat(seen.out())
            .as("the example names the session and its statement")
            .contains("pid " + oldPid)
            .contains("select full_name from customer where id = 1")
            .doesNotContain("from client");
        assertThat(seen.err()).as("a progress line while it watches").contains("drain: watched");
      }
      awaitGone(db, oldPid);
      Run drained = drain(db, "customer-to-client");
      assertThat(drained.code())
          .as("only new-name traffic left: exit 0 (%s%s)", drained.out(), drained.err())
          .isZero();
      assertThat(drained.out()).contains("drained");
    }
  }

  @Test
  void oldColumnNamesOnATableThatKeepsItsNameAreTraffic(TestDatabase db) throws Exception {
    Spec spec = ExportRunnersIT.load(db, "columns-only");
    ExportRunnersIT.viewSwap(db).apply(spec, Phase.EXPAND, false);
    String newUrl =
        db.url() + (db.url().contains("?") ? "&" : "?") + "currentSchema=public_next,public";
    try (Connection newClient = DriverManager.getConnection(newUrl)) {
      query(newClient, "select amount_cents, customer_id from orders limit 1");
      int oldPid;
      try (Connection oldClient = DriverManager.getConnection(db.url())) {
        oldPid = pid(oldClient);
        query(oldClient, "SELECT AMT_CENTS FROM public.orders LIMIT 1");
        Run seen = drain(db, "columns-only");
        assertThat(seen.code())
            .as("old column names, in any case: exit 8 (%s%s)", seen.out(), seen.err())
            .isEqualTo(8);
        assertThat(seen.out()).contains("pid " + oldPid).doesNotContain("amount_cents");
      }
      awaitGone(db, oldPid);
      Run drained = drain(db, "columns-only");
      assertThat(drained.code())
          .as(
              "the new release reads the same table name through the view: not old traffic (%s%s)",
              drained.out(), drained.err())
          .isZero();
    }
  }
}
