package io.viewswap.cli;

import io.viewswap.api.Database;
import io.viewswap.api.ViewSwapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    return labelled(Connections.dataSource(line, env, where));
  }

  /**
   * The single database of {@code --url} (or VIEWSWAP_URL, or the PG* variables), as a fleet of
   * one.
   */
  static Database single(String url, Map<String, String> env) {
    return labelled(Connections.dataSource(url, env, "--url"));
  }

  private static Database labelled(PGSimpleDataSource ds) {
    String host = ds.getServerNames().length == 0 ? "localhost" : ds.getServerNames()[0];
    int port =
        ds.getPortNumbers().length == 0 || ds.getPortNumbers()[0] == 0
            ? 5432
            : ds.getPortNumbers()[0];
    return new Database(host + ":" + port + "/" + ds.getDatabaseName(), ds);
  }
}
