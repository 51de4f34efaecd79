package io.viewswap.cli;

import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where to connect, and the one parser of every way of saying it: {@code --url}, else {@code
 * VIEWSWAP_URL}, else the libpq variables ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code
 * PGPASSWORD}, {@code PGDATABASE}, {@code PGPASSFILE}); and each line of a {@code --targets} file.
 * Each may be a JDBC URL ({@code jdbc:postgresql://...}), a libpq URI ({@code postgresql://...}) or
 * a libpq keyword string ({@code host=... dbname=...}). The password never appears in anything
 * printed: no message quotes a connection string.
 *
 * <p>A unix-socket host (a directory, as libpq takes in {@code host} or {@code PGHOST}) cannot be
 * reached: the JDBC driver speaks TCP only, unless a socket factory library is added (junixsocket),
 * which viewswap does not ship. That is a connection failure (exit 7) with the TCP alternative.
 */
final class Connections {
  private Connections() {}

  static PGSimpleDataSource dataSource(String url, Map<String, String> env) {
    return dataSource(url, env, "--url");
  }

  /**
   * @param where names the source in messages ({@code --url}, {@code targets.txt:3}), which never
   *     repeat the connection string itself
   */
  static PGSimpleDataSource dataSource(String url, Map<String, String> env, String where) {
    String chosen = url;
    String source = where;
    if (chosen == null || chosen.isBlank()) {
      chosen = env.get("VIEWSWAP_URL");
      source = "VIEWSWAP_URL";
    }
    if (chosen == null || chosen.isBlank()) {
      return fromKeywords(Map.of(), env, "the PG* variables");
    }
    chosen = chosen.strip();
    if (chosen.startsWith("jdbc:postgresql:")) {
      return fromJdbc(chosen, env);
    }
    Map<String, String> kv = new LinkedHashMap<>();
    if (chosen.startsWith("postgresql://") || chosen.startsWith("postgres://")) {
      uri(chosen, kv, source);
    } else if (chosen.contains("=") && !chosen.contains("://")) {
      keywords(chosen, kv, source);
    } else {
      throw ViewSwapException.usage(
          source + ": not a connection string",
          "write jdbc:postgresql://host:port/db?user=..., postgresql://user@host:port/db or"
              + " host=... port=... dbname=... user=...");
    }
    return fromKeywords(kv, env, source);
  }

  private static PGSimpleDataSource fromJdbc(String url, Map<String, String> env) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    if (env.containsKey("PGPASSWORD") && !url.contains("password=")) {
      ds.setPassword(env.get("PGPASSWORD"));
    }
    if (env.containsKey("PGUSER") && !url.contains("user=")) {
      ds.setUser(env.get("PGUSER"));
    }
    if (!env.containsKey("PGPASSWORD") && !url.contains("password=")) {
      fromPasswordFile(ds, env);
    }
    ds.setApplicationName("viewswap");
    return ds;
  }

  /** libpq's keywords (from a URI or a keyword string) over the PG* variables, as libpq does. */
  private static PGSimpleDataSource fromKeywords(
      Map<String, String> kv, Map<String, String> env, String where) {
    String host = kv.getOrDefault("host", env.getOrDefault("PGHOST", "localhost"));
    String port = kv.getOrDefault("port", env.getOrDefault("PGPORT", "5432"));
    String user =
        kv.getOrDefault("user", env.getOrDefault("PGUSER", System.getProperty("user.name")));
    String db = kv.getOrDefault("dbname", env.getOrDefault("PGDATABASE", user));
    if (host.startsWith("/") || host.startsWith("@")) {
      throw ViewSwapException.of(
          ErrorCode.CONNECTION,
          where
              + ": host "
              + host
              + " is a unix-socket directory; viewswap connects over TCP only (its JDBC driver"
              + " has no unix-socket support of its own)",
          "connect over TCP: PGHOST=localhost (or host=localhost, or --url"
              + " jdbc:postgresql://localhost:"
              + port
              + "/DB?user=ROLE); the server must listen there (listen_addresses) and pg_hba.conf"
              + " must have a host line for it");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {host});
    try {
      ds.setPortNumbers(new int[] {Integer.parseInt(port)});
    } catch (NumberFormatException e) {
      throw ViewSwapException.usage(where + ": port must be a number", "");
    }
    ds.setDatabaseName(db);
    ds.setUser(user);
    String password = kv.containsKey("password") ? kv.get("password") : env.get("PGPASSWORD");
    if (password == null) {
      Map<String, String> files =
          kv.containsKey("passfile") ? Map.of("PGPASSFILE", kv.get("passfile")) : env;
      password = PasswordFile.lookup(files, host, port, db, user).orElse(null);
    }
    if (password != null) {
      ds.setPassword(password);
    }
    if (kv.containsKey("sslmode")) {
      ds.setSslMode(kv.get("sslmode"));
    }
    if (kv.containsKey("options")) {
      ds.setOptions(kv.get("options"));
    }
    if (kv.containsKey("connect_timeout")) {
      try {
        ds.setConnectTimeout(Integer.parseInt(kv.get("connect_timeout")));
      } catch (NumberFormatException e) {
        throw ViewSwapException.usage(where + ": connect_timeout must be a number", "");
      }
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

  /**
   * The password a connection string carries, as the connection will use it (decoded, unquoted), or
   * null: what the redactor must hide, whatever characters it holds.
   */
  static String passwordIn(String connection) {
    if (connection == null) {
      return null;
    }
    String s = connection.strip();
    Map<String, String> kv = new LinkedHashMap<>();
    try {
      if (s.startsWith("jdbc:postgresql:")) {
        int q = s.indexOf('?');
        if (q >= 0) {
          for (String pair : s.substring(q + 1).split("&")) {
            String[] p = pair.split("=", 2);
            if (p.length == 2 && p[0].equalsIgnoreCase("password")) {
              return p[1];
            }
          }
        }
        return null;
      } else if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
        uri(s, kv, "");
      } else if (s.contains("=")) {
        keywords(s, kv, "");
      }
    } catch (ViewSwapException malformed) {
      return null; // refused anyway, and the message does not quote it
    }
    return kv.get("password");
  }

  private static void uri(String line, Map<String, String> kv, String where) {
    URI u;
    try {
      u = new URI(line);
    } catch (URISyntaxException e) {
      throw ViewSwapException.usage(
          where + ": not a valid postgresql:// URI", "percent-encode special characters");
    }
    // The authority by hand: libpq lets the host be percent-encoded (a socket directory, %2Ftmp),
    // which java.net.URI does not take for a host.
    String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String[] up = authority.substring(0, at).split(":", 2);
      kv.put("user", decode(up[0]));
      if (up.length == 2) {
        kv.put("password", decode(up[1]));
      }
    }
    String hostPort = authority.substring(at + 1);
    String host = hostPort;
    int close = hostPort.startsWith("[") ? hostPort.indexOf(']') : -1;
    int colon = hostPort.lastIndexOf(':');
    if (colon > close && hostPort.substring(colon + 1).matches("[0-9]+")) {
      host = hostPort.substring(0, colon);
      kv.put("port", hostPort.substring(colon + 1));
    }
    if (close > 0) {
      host = host.substring(1, close);
    }
    if (!host.isEmpty()) {
      kv.put("host", decode(host));
    }
    if (u.getRawPath() != null && u.getRawPath().length() > 1) {
      kv.put("dbname", decode(u.getRawPath().substring(1)));
    }
    if (u.getRawQuery() != null) {
      for (String pair : u.getRawQuery().split("&")) {
        String[] p = pair.split("=", 2);
        kv.put(decode(p[0]).toLowerCase(Locale.ROOT), p.length == 2 ? decode(p[1]) : "");
      }
    }
  }

  /** libpq's keyword=value form: values may be single-quoted, with \' and \\ inside. */
  private static void keywords(String line, Map<String, String> kv, String where) {
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0) {
        throw ViewSwapException.usage(
            where + ": expected keyword=value", "e.g. host=db1 port=5432 dbname=app");
      }
      String key = line.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      StringBuilder v = new StringBuilder();
      if (i < n && line.charAt(i) == '\'') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = line.charAt(i);
          if (c == '\\' && i + 1 < n) {
            v.append(line.charAt(i + 1));
            i += 2;
          } else if (c == '\'') {
            closed = true;
            i++;
            break;
          } else {
            v.append(c);
            i++;
          }
        }
        if (!closed) {
          throw ViewSwapException.of(
              ErrorCode.USAGE, where + ": unterminated quoted value for " + key, "");
        }
      } else {
        while (i < n && !Character.isWhitespace(line.charAt(i))) {
          v.append(line.charAt(i));
          i++;
        }
      }
      kv.put(key, v.toString());
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
