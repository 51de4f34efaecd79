package io.viewswap.cli;

import io.viewswap.api.ViewSwapException;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where to connect: {@code --url}, else {@code VIEWSWAP_URL}, else the libpq variables. The
 * password never appears in anything printed.
 */
final class Connections {
  private Connections() {}

  static DataSource dataSource(String url, Map<String, String> env) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    String chosen = url != null ? url : env.get("VIEWSWAP_URL");
    if (chosen == null || chosen.isBlank()) {
      String host = env.getOrDefault("PGHOST", "localhost");
      String port = env.getOrDefault("PGPORT", "5432");
      String user = env.getOrDefault("PGUSER", System.getProperty("user.name"));
      String db = env.getOrDefault("PGDATABASE", user);
      chosen = "jdbc:postgresql://" + host + ":" + port + "/" + db;
      ds.setURL(chosen);
      ds.setUser(user);
      if (env.containsKey("PGPASSWORD")) {
        ds.setPassword(env.get("PGPASSWORD"));
      }
    } else {
      if (!chosen.startsWith("jdbc:postgresql:")) {
        throw ViewSwapException.usage(
            "connection URL must start with jdbc:postgresql: (got " + redact(chosen) + ")",
            "e.g. --url 'jdbc:postgresql://db.example:5432/app?user=owner'");
      }
      ds.setURL(chosen);
      if (env.containsKey("PGPASSWORD") && !chosen.contains("password=")) {
        ds.setPassword(env.get("PGPASSWORD"));
      }
      if (env.containsKey("PGUSER") && !chosen.contains("user=")) {
        ds.setUser(env.get("PGUSER"));
      }
    }
    if (!env.containsKey("PGPASSWORD") && !chosen.contains("password=")) {
      fromPasswordFile(ds, env);
    }
    ds.setApplicationName("viewswap");
    return ds;
  }

  /**
   * The password of PGPASSFILE's first matching line, for a connection given no password (by the
   * URL or PGPASSWORD), looked up under the host, port, database and user the data source has. The
   * driver may already have taken one from the JVM's own PGPASSFILE or ~/.pgpass when it parsed the
   * URL; the file the CLI's environment names wins, as it would for libpq.
   */
  private static void fromPasswordFile(PGSimpleDataSource ds, Map<String, String> env) {
    String[] hosts = ds.getServerNames();
    int[] ports = ds.getPortNumbers();
    String host = hosts.length == 0 ? "localhost" : hosts[0];
    int port = ports.length == 0 || ports[0] == 0 ? 5432 : ports[0];
    String user = ds.getUser() != null ? ds.getUser() : System.getProperty("user.name");
    String db = ds.getDatabaseName() != null ? ds.getDatabaseName() : user;
    PasswordFile.lookup(env, host, Integer.toString(port), db, user).ifPresent(ds::setPassword);
  }

  /** The URL with any password removed, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@");
  }
}
