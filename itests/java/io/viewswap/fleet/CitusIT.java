package io.viewswap.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.viewswap.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle on a Citus cluster (coordinator URL in {@code VIEWSWAP_TEST_CITUS_URL}, as a
 * superuser, with the citus extension created and at least one worker): a distributed table, a
 * reference table and tenant schemas distributed with {@code citus_schema_distribute} (Citus 12+),
 * through expand, swap and contract with a fleet spec. Skipped, saying so, when the variable is
 * unset: no Citus server is part of the build. See docs/scale.md.
 */
class CitusIT {
  static final String ENV = "VIEWSWAP_TEST_CITUS_URL";

  @TempDir Path dir;

  static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    String all = "exit " + code + "\n" + out + "\n" + err;
    assertThat(code).as(all).isZero();
    return all;
  }

  static Object value(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  @Test
  void lifecycleOnCitus() throws Exception {
    String url = System.getenv(ENV);
    assumeTrue(
        url != null && !url.isBlank(),
        ENV
            + " is not set: the Citus lifecycle test did not run (set it to a coordinator's JDBC URL)");
    String suffix = Long.toHexString(System.nanoTime());
    String[] tenants = {"vs_citus_" + suffix + "_a", "vs_citus_" + suffix + "_b"};
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("create table vs_dist_" + suffix + " (id bigint primary key, full_name text)");
      st.execute("select create_distributed_table('vs_dist_" + suffix + "', 'id')");
      st.execute("create table vs_ref_" + suffix + " (id bigint primary key, full_name text)");
      st.execute("select create_reference_table('vs_ref_" + suffix + "')");
      for (String t : tenants) {
        st.execute("create schema " + t);
        st.execute("create table " + t + ".customer (id bigint primary key, full_name text)");
        st.execute("select citus_schema_distribute('" + t + "')");
        st.execute("insert into " + t + ".customer values (1, 'x')");
      }
    }
    Path spec = dir.resolve("citus.yaml");
    Files.writeString(
        spec,
        "id: citus-"
            + suffix
            + "\nschemas: [\"vs_citus_"
            + suffix
            + "_*\"]\nrenames:\n"
            + "  - table: customer\n    to: client\n    columns:\n      full_name: display_name\n"
            + "  - table: public.vs_dist_"
            + suffix
            + "\n    columns:\n      full_name: display_name\n"
            + "  - table: public.vs_ref_"
            + suffix
            + "\n    to: vs_ref2_"
            + suffix
            + "\n",
        StandardCharsets.UTF_8);
    try {
      for (String phase : new String[] {"expand", "swap", "contract"}) {
        run("apply", spec.toString(), "--phase", phase, "--url", url);
      }
      try (Connection c = DriverManager.getConnection(url)) {
        for (String t : tenants) {
          assertThat(value(c, "select display_name from " + t + ".client where id = 1"))
              .isEqualTo("x");
        }
        assertThat(value(c, "select count(display_name) from public.vs_dist_" + suffix))
            .isEqualTo(0L);
        assertThat(value(c, "select count(*) from public.vs_ref2_" + suffix)).isEqualTo(0L);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        for (String t : tenants) {
          st.execute("drop schema if exists " + t + ", " + t + "_next cascade");
        }
        st.execute(
            "drop table if exists public.vs_dist_"
                + suffix
                + ", public.vs_ref_"
                + suffix
                + ", public.vs_ref2_"
                + suffix
                + " cascade");
        st.execute("drop schema if exists public_next cascade");
      }
    }
  }
}
