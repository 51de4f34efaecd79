package io.viewswap.topology;

import static io.viewswap.topology.Topology.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release role's search_path, set by expand with {@code ALTER ROLE ... IN DATABASE}, is not
 * part of what pg_dump writes without {@code --create}: after such a restore the role has no
 * setting and the new release reads the old names. Here the setting is taken away as that restore
 * leaves it (RESET); check says so and gives the statement that puts it back.
 */
@ExtendWith(PostgresExtension.class)
class ReleaseRoleSettingIT {
  @TempDir Path dir;

  @Test
  void aLostReleaseRoleSettingIsReportedWithTheStatementThatRestoresIt(TestDatabase db)
      throws Exception {
    String role = "app_next_" + Long.toHexString(System.nanoTime());
    db.exec(
        Topology.TABLE
            + "; create role "
            + role
            + " login password 'x';"
            + " grant select on public.customer to "
            + role);
    Path spec = dir.resolve("role.yaml");
    Files.writeString(
        spec,
        "id: role-setting\nrenames:\n  - table: public.customer\n    columns:\n"
            + "      full_name: display_name\noptions:\n  release_role: "
            + role
            + "\n");
    CliRun expand = cli(db.url(), "apply", spec.toString(), "--phase", "expand");
    assertThat(expand.exit()).as("%s", expand).isZero();
    assertThat(readNewName(db, role)).as("the new release reads the new name").isEqualTo("Ann");
    assertThat(cli(db.url(), "check", spec.toString()).out())
        .doesNotContain("release-role-setting-lost")
        .doesNotContain("but expand set it to");

    // What a restore from pg_dump without --create leaves: no setting for the role here.
    db.exec("alter role " + role + " in database \"" + db.name() + "\" reset search_path");
    assertThatThrownBy(() -> readNewName(db, role))
        .as("the breakage: the new release reads the old names")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("display_name");

    CliRun check = cli(db.url(), "check", spec.toString());
    assertThat(check.exit()).as("a warning: %s", check).isZero();
    assertThat(check.out())
        .as("%s", check)
        .contains("release role " + role + " has no search_path in database")
        .contains("but expand set it to");
    Matcher fix = Pattern.compile("put it back: (ALTER ROLE .*?); then").matcher(check.out());
    assertThat(fix.find()).as("%s", check).isTrue();
    db.exec(fix.group(1));
    assertThat(readNewName(db, role)).as("the statement given puts it back").isEqualTo("Ann");
    assertThat(cli(db.url(), "check", spec.toString()).out())
        .doesNotContain("but expand set it to");
  }

  private static String readNewName(TestDatabase db, String role) throws SQLException {
    try (Connection c = db.connectAs(role, "x");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select display_name from customer order by id limit 1")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
