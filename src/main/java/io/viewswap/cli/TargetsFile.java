package io.viewswap.cli;

import io.viewswap.api.Database;
import io.viewswap.api.ErrorCode;
import io.viewswap.api.ViewSwapException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code --targets} file: one database per line, as a JDBC URL ({@code jdbc:postgresql://...}),
 * a libpq URI ({@code postgresql://...}) or a libpq keyword string ({@code host=... dbname=...});
 * blank lines and lines starting with {@code #} are skipped. A password may come from the line,
 * else PGPASSWORD, else the password file ({@code passfile} on a libpq line, else PGPASSFILE in the
 * environment given, else the driver's own look-up: the JVM's PGPASSFILE or ~/.pgpass); it is never
 * part of a label or a message.
 */
final class TargetsFile {
  private TargetsFile() {}

  static List<Database> read(Path file, Map<String, String> env) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ViewSwapException.usage("targets file " + file + " does not exist", "check the path");
    } catch (IOException e) {
      throw ViewSwapException.usage("cannot read targets file " + file + ": " + e.getMessage(), "");
    }
    List<Database> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Database db = parse(line, env, file + ":" + (i + 1));
      Integer first = seen.putIfAbsent(db.label(), i + 1);
      if (first != null) {
        throw ViewSwapException.usage(
            file
                + ":"
                + (i + 1)
                + ": database "
                + db.label()
                + " is listed twice"
                + " (first on line "
                + first
                + ")",
            "each database once; its targets are its selected schemas");
      }
      out.add(db);
    }
    if (out.isEmpty()) {
      throw ViewSwapException.usage(
          "targets file " + file + " lists no database",
          "one connection per line, e.g. jdbc:postgresql://db1:5432/app?user=owner");
    }
    return out;
  }

  /**
   * One line; {@code where} (file:line) names it in messages, which never repeat the line itself.
   */
  static Database parse(String line, Map<String, String> env, String where) {
    Map<String, String> kv = new LinkedHashMap<>();
    if (line.startsWith("jdbc:postgresql:")) {
      return labelled((PGSimpleDataSource) Connections.dataSource(line, env));
    } else if (line.startsWith("postgresql://") || line.startsWith("postgres://")) {
      uri(line, kv, where);
    } else if (line.contains("=")) {
      keywords(line, kv, where);
    } else {
      throw ViewSwapException.usage(
          where + ": not a connection string",
          "write jdbc:postgresql://host:port/db?user=..., postgresql://user@host/db or host=... dbname=...");
    }
    String host = kv.getOrDefault("host", env.getOrDefault("PGHOST", "localhost"));
    String port = kv.getOrDefault("port", env.getOrDefault("PGPORT", "5432"));
    String user =
        kv.getOrDefault("user", env.getOrDefault("PGUSER", System.getProperty("user.name")));
    String db = kv.getOrDefault("dbname", env.getOrDefault("PGDATABASE", user));
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
      ds.setConnectTimeout(Integer.parseInt(kv.get("connect_timeout")));
    }
    ds.setApplicationName("viewswap");
    return new Database(host + ":" + port + "/" + db, ds);
  }

  /**
   * The single database of {@code --url} (or VIEWSWAP_URL, or the PG* variables), as a fleet of
   * one.
   */
  static Database single(String url, Map<String, String> env) {
    return labelled((PGSimpleDataSource) Connections.dataSource(url, env));
  }

  private static Database labelled(PGSimpleDataSource ds) {
    String host = ds.getServerNames().length == 0 ? "localhost" : ds.getServerNames()[0];
    int port =
        ds.getPortNumbers().length == 0 || ds.getPortNumbers()[0] == 0
            ? 5432
            : ds.getPortNumbers()[0];
    return new Database(host + ":" + port + "/" + ds.getDatabaseName(), ds);
  }

  private static void uri(String line, Map<String, String> kv, String where) {
    URI u;
    try {
      u = new URI(line);
    } catch (URISyntaxException e) {
      throw ViewSwapException.usage(
          where + ": not a valid postgresql:// URI", "percent-encode special characters");
    }
    if (u.getRawUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      kv.put("user", decode(up[0]));
      if (up.length == 2) {
        kv.put("password", decode(up[1]));
      }
    }
    if (u.getHost() != null) {
      kv.put("host", u.getHost());
    }
    if (u.getPort() > 0) {
      kv.put("port", Integer.toString(u.getPort()));
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
