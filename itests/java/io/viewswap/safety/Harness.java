package io.viewswap.safety;

import io.viewswap.cli.Main;
import io.viewswap.support.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the safety tests share: specs written to files, the CLI run in-process, and a fingerprint of
 * the database.
 */
final class Harness {
  private Harness() {}

  /** One CLI run: exit code and both outputs. */
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }

  static final Path EXAMPLES =
      Path.of(System.getProperty("viewswap.project.dir", "."), "specs", "examples");

  /**
   * The customer-to-client example's schema, with app_rw (password app) able to log in; returns its
   * spec.
   */
  static Path customerToClient(TestDatabase db) throws IOException, SQLException {
    db.exec(Files.readString(EXAMPLES.resolve("customer-to-client.schema.sql")));
    db.exec("alter role app_rw login password 'app'");
    return EXAMPLES.resolve("customer-to-client.yaml");
  }

  static Path spec(Path dir, String name, String yaml) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** {@code viewswap ARGS --url URL}, in this JVM, as the superuser. */
  static Run cli(TestDatabase db, String... args) {
    return cliAt(db.url(), args);
  }

  /** {@code viewswap ARGS --url URL}, in this JVM. */
  static Run cliAt(String url, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(url);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * The database's URL logging in as another role (the embedded server trusts local logins anyway).
   */
  static String urlAs(TestDatabase db, String role, String password) {
    String url =
        db.url()
            .replaceAll("user=[^&]*", "user=" + role)
            .replaceAll("password=[^&]*", "password=" + password);
    return url.contains("user=")
        ? url
        : url + (url.contains("?") ? "&" : "?") + "user=" + role + "&password=" + password;
  }

  /**
   * Every user relation with its kind and columns, every user schema, every policy and the state
   * rows: equal fingerprints mean nothing a phase could touch has changed. viewswap's own schema is
   * left out because apply installs it before checking; its rows are in.
   */
  static String fingerprint(TestDatabase db) throws SQLException {
    StringBuilder sb = new StringBuilder();
    sb.append(
        db.queryValue(
            "select string_agg(nspname, ',' order by nspname) from pg_namespace"
                + " where nspname not like 'pg\\_%' and nspname not in ('information_schema', 'viewswap')"));
    sb.append('\n')
        .append(
            db.queryValue(
                "select string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text || '(' ||"
                    + " coalesce((select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a"
                    + "   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '') || ')' ||"
                    + " coalesce(c.relacl::text, ''), ';' order by n.nspname, c.relname)"
                    + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname not like 'pg\\_%' and n.nspname not in ('information_schema', 'viewswap')"));
    if (db.queryValue("select to_regclass('viewswap.spec_state')") == null) {
      sb.append("\n\n0");
    } else {
      sb.append('\n')
          .append(
              db.queryValue(
                  "select coalesce(string_agg(spec_id || '=' || state || '@' || updated_at, ',' order by spec_id), '')"
                      + " from viewswap.spec_state"));
      sb.append('\n').append(db.queryValue("select count(*) from viewswap.phase_run"));
    }
    return sb.toString();
  }

  static String state(TestDatabase db, String specId) throws SQLException {
    if (db.queryValue("select to_regclass('viewswap.spec_state')") == null) {
      return "planned";
    }
    Object s =
        db.queryValue("select state from viewswap.spec_state where spec_id = '" + specId + "'");
    return s == null ? "planned" : s.toString();
  }
}
