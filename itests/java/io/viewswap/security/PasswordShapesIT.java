package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords with a space, a quote, a semicolon (and an ampersand, a backslash, an at sign, a colon,
 * a percent sign), used for real scram logins through every way of giving a connection: a JDBC
 * {@code --url}, a libpq URI or keyword string as {@code --url} and as {@code --targets} lines.
 * Whether the run succeeds, fails after logging in, or fails to log in, no part of the password is
 * printed.
 */
@ExtendWith(PostgresExtension.class)
class PasswordShapesIT {
  static final String PASSWORD = "Sp a's;e\"c&r\\e@t:%2";
  static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/.*");

  @TempDir Path tmp;

  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), Map.of());
    return new Run(code, out.toString(), err.toString());
  }

  static List<String> fragments() {
    return List.of(PASSWORD, "Sp a", "a's", "s;e", "e\"c", "c&r", "r\\e", "e@t", "t:%2");
  }

  @Test
  void noPartOfAnyPasswordIsPrinted(TestDatabase db) throws Exception {
    Matcher m = HOST_PORT.matcher(db.url());
    assertThat(m.matches()).as(db.url()).isTrue();
    String host = m.group(1);
    String port = m.group(2) == null ? "5432" : m.group(2);
    String role = "shapes_" + db.name();
    db.exec(
        "create role "
            + role
            + " login password '"
            + PASSWORD.replace("'", "''")
            + "'; grant create on database "
            + db.name()
            + " to "
            + role
            + "; grant create on schema public to "
            + role
            + "; create table public.customer (id int primary key, full_name text, email_addr text);"
            + " alter table public.customer owner to "
            + role);
    db.connectAs(role, PASSWORD).close(); // scram: the server checks it
    String enc = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    String libpq = "'" + PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'";
    List<String> good =
        List.of(
            "jdbc:postgresql://"
                + host
                + ":"
                + port
                + "/"
                + db.name()
                + "?user="
                + role
                + "&password="
                + enc,
            "postgresql://"
                + role
                + ":"
                + enc.replace("+", "%20")
                + "@"
                + host
                + ":"
                + port
                + "/"
                + db.name(),
            "host="
                + host
                + " port="
                + port
                + " dbname="
                + db.name()
                + " user="
                + role
                + " password="
                + libpq);
    List<String> wrongDb =
        good.stream()
            .map(
                u ->
                    u.replace("/" + db.name(), "/nodb_" + db.name())
                        .replace("dbname=" + db.name(), "dbname=nodb_" + db.name()))
            .toList();
    Path spec =
        Files.writeString(
            tmp.resolve("spec.yaml"),
            "id: shapes\nrenames:\n  - table: public.customer\n    columns:\n      full_name: display_name\n");
    Path missing =
        Files.writeString(
            tmp.resolve("missing.yaml"),
            "id: shapes-missing\nrenames:\n  - table: public.nope\n    columns:\n      a: b\n");
    Path targets = tmp.resolve("targets.txt");
    Files.write(targets, good);
    Path badTargets = tmp.resolve("bad-targets.txt");
    Files.write(badTargets, wrongDb);

    List<Run> runs = new ArrayList<>();
    for (String url : good) {
      Run ok = cli("check", spec.toString(), "--url", url);
      assertThat(ok.code()).as("logs in with %s: %s", url.substring(0, 12), ok).isIn(0, 8);
      runs.add(ok);
      runs.add(cli("status", "--url", url, "--format", "json"));
      runs.add(cli("check", missing.toString(), "--url", url)); // fails after logging in
    }
    for (String url : wrongDb) {
      Run r = cli("status", "--url", url);
      assertThat(r.code()).as("%s", r).isEqualTo(7);
      runs.add(r);
    }
    runs.add(cli("check", spec.toString(), "--targets", targets.toString()));
    runs.add(
        cli("status", spec.toString(), "--targets", badTargets.toString(), "--format", "json"));
    for (Run r : runs) {
      for (String f : fragments()) {
        assertThat(r.all()).as("%s", r).doesNotContain(f);
      }
      assertThat(r.all()).as("%s", r).doesNotContain(enc.substring(0, 10));
    }
  }
}
