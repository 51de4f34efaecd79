package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.cli.Main;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that checks passwords, and a password that comes only from the password file named by
 * {@code PGPASSFILE} in the environment the CLI is given: {@code --url}, the PG* variables and a
 * {@code --targets} line without a password all log in with it, and it appears in nothing printed.
 *
 * <p>The embedded server trusts local logins; the test puts a {@code scram-sha-256} line for its
 * own role at the top of {@code pg_hba.conf} (written by the server itself, through a large object)
 * and takes it out again afterwards.
 */
@ExtendWith(PostgresExtension.class)
class PgpassIT {
  /** Has a colon and a backslash, which the password file escapes. */
  static final String PASSWORD = "Pgpass:S3cret\\value-77";

  static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/.*");

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
  }

  static Run cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), env);
    return new Run(code, out.toString(), err.toString());
  }

  static String escape(String field) {
    return field.replace("\\", "\\\\").replace(":", "\\:");
  }

  @Test
  void thePasswordComesFromPgpassfileInTheEnvironmentAndIsNeverPrinted(TestDatabase db)
      throws Exception {
    Matcher m = HOST_PORT.matcher(db.url());
    assertThat(m.matches()).as(db.url()).isTrue();
    String host = m.group(1);
    String port = m.group(2) == null ? "5432" : m.group(2);
    String role = "pgpass_" + db.name();
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
            + "; create table public.customer (id int primary key, full_name text);"
            + " insert into public.customer values (1, 'a');"
            + " alter table public.customer owner to "
            + role);
    String hba = (String) db.queryValue("select pg_read_file(current_setting('hba_file'))");
    try {
      writeHba(db, "host all " + role + " all scram-sha-256\n" + hba);
      // The reload is asynchronous: wait until the server asks this role for its password.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (true) {
        try {
          db.connectAs(role, null).close();
        } catch (SQLException e) {
          break;
        }
        assertThat(System.nanoTime()).as("pg_hba.conf reloaded").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThatThrownBy(() -> db.connectAs(role, null))
          .as("the server asks this role for a password")
          .isInstanceOf(SQLException.class);
      db.connectAs(role, PASSWORD).close();

      Path pgpass = dir.resolve("pgpass");
      Files.writeString(
          pgpass,
          "# other servers first: the first line that matches wins\n"
              + "elsewhere.example:*:*:*:wrong-password\n"
              + host
              + ":"
              + port
              + ":not_this_db:*:wrong-password-too\n"
              + host
              + ":"
              + port
              + ":"
              + db.name()
              + ":"
              + role
              + ":"
              + escape(PASSWORD)
              + "\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
      Map<String, String> env = new HashMap<>();
      env.put("PGPASSFILE", pgpass.toString());
      String url = "jdbc:postgresql://" + host + ":" + port + "/" + db.name() + "?user=" + role;

      Path spec = dir.resolve("spec.yaml");
      Files.writeString(spec, "id: pgpass\nrenames:\n  - table: public.customer\n    to: client\n");

      Run without = cli(Map.of(), "status", spec.toString(), "--url", url);
      assertThat(without.code()).as("no password anywhere: %s", without).isEqualTo(7);

      Run check = cli(env, "check", spec.toString(), "--url", url);
      assertThat(check.code()).as("%s", check).isZero();
      Run expand = cli(env, "apply", spec.toString(), "--phase", "expand", "--url", url);
      assertThat(expand.code()).as("%s", expand).isZero();
      assertThat(db.queryValue("select run_by from viewswap.phase_run")).isEqualTo(role);

      // The PG* variables instead of a URL.
      Map<String, String> libpq = new HashMap<>(env);
      libpq.putAll(Map.of("PGHOST", host, "PGPORT", port, "PGUSER", role, "PGDATABASE", db.name()));
      Run status = cli(libpq, "status", spec.toString(), "--format", "json");
      assertThat(status.code()).as("%s", status).isZero();
      assertThat(status.out()).contains("expanded");

      // A targets file line without a password, in each of its three forms.
      for (String line :
          new String[] {
            url,
            "postgresql://" + role + "@" + host + ":" + port + "/" + db.name(),
            "host=" + host + " port=" + port + " dbname=" + db.name() + " user=" + role
          }) {
        Path targets = dir.resolve("fleet.txt");
        Files.writeString(targets, line + "\n");
        Run fleet = cli(env, "status", spec.toString(), "--targets", targets.toString());
        assertThat(fleet.code()).as("%s: %s", line, fleet).isZero();
        assertThat(fleet.out()).contains("expanded 1");
        assertNoPassword(fleet);
      }

      // A run that fails after logging in, and one whose password file has the wrong password:
      // neither prints a password.
      Run refused = cli(env, "apply", spec.toString(), "--phase", "contract", "--url", url);
      assertThat(refused.code()).as("%s", refused).isEqualTo(4);
      Path wrong = dir.resolve("wrong");
      Files.writeString(wrong, "*:*:*:*:Wrong-" + escape(PASSWORD) + "\n");
      Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
      Run denied =
          cli(Map.of("PGPASSFILE", wrong.toString()), "status", spec.toString(), "--url", url);
      assertThat(denied.code()).as("%s", denied).isEqualTo(7);
      // A password in the URL or PGPASSWORD wins over the file.
      Run explicit =
          cli(
              Map.of("PGPASSFILE", wrong.toString(), "PGPASSWORD", PASSWORD),
              "status",
              spec.toString(),
              "--url",
              url);
      assertThat(explicit.code()).as("%s", explicit).isZero();
      for (Run r : new Run[] {without, check, expand, status, refused, denied, explicit}) {
        assertNoPassword(r);
      }
    } finally {
      writeHba(db, hba);
      db.exec(
          "reassign owned by "
              + role
              + " to current_user; drop owned by "
              + role
              + "; drop role "
              + role);
    }
  }

  static void assertNoPassword(Run r) {
    assertThat(r.out() + r.err())
        .doesNotContain(PASSWORD)
        .doesNotContain("S3cret")
        .doesNotContain(escape(PASSWORD));
  }

  /** Replaces pg_hba.conf through the server (which owns it) and reloads it. */
  static void writeHba(TestDatabase db, String content) throws SQLException {
    try (Connection c = db.connect()) {
      io.viewswap.support.Hba.write(c, content);
    }
  }
}
