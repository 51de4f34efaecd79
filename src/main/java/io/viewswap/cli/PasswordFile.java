package io.viewswap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The libpq password file named by {@code PGPASSFILE} in the environment the CLI was given.
 *
 * <p>pgJDBC reads a password file by itself, but only the one named by the JVM's own environment
 * (or the system property {@code org.postgresql.pgpassfile}, or {@code ~/.pgpass}), never the
 * environment map {@link Main#run} is handed; so when that map names a file, the CLI looks the
 * password up here. The format is libpq's: {@code host:port:database:user:password}, one entry a
 * line, {@code *} matching anything in the first four fields, {@code \:} and {@code \\} escaping a
 * colon and a backslash, {@code #} lines skipped, the first matching line wins. A file that is
 * missing or unreadable is ignored, as libpq ignores it; like pgJDBC (and unlike libpq) its
 * permissions are not checked.
 */
final class PasswordFile {
  private PasswordFile() {}

  /**
   * The password for the connection from the file {@code env} names with {@code PGPASSFILE}, if
   * there is one and a line matches.
   */
  static Optional<String> lookup(
      Map<String, String> env, String host, String port, String database, String user) {
    String file = env.get("PGPASSFILE");
    if (file == null || file.isBlank()) {
      return Optional.empty();
    }
    return lookup(Path.of(file), host, port, database, user);
  }

  static Optional<String> lookup(
      Path file, String host, String port, String database, String user) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    String[] wanted = {host, port, database, user};
    for (String line : lines) {
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = fields(line);
      if (fields.size() < 5) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < 4 && match; i++) {
        match = fields.get(i).equals("*") || fields.get(i).equals(wanted[i]);
      }
      if (match) {
        return Optional.of(fields.get(4));
      }
    }
    return Optional.empty();
  }

  /**
   * The first four colon-separated fields and the rest of the line (the password, which may hold
   * colons), each with its backslash escapes removed.
   */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        field.append(line.charAt(++i));
      } else if (c == ':' && out.size() < 4) {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }
}
