package io.viewswap.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code options.release_role}: viewswap changes a role's setting, so it must refuse (exit 8,
 * nothing changed) what would fail half-way or leave the new release unable to read, never create a
 * role, never gain an ordinary role a power it does not hold, and give back exactly the setting the
 * role had.
 */
@ExtendWith(PostgresExtension.class)
class ReleaseRoleIT {

  private static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /** The columns-only table, and a spec for it naming {@code role} as the release role. */
  private static Path spec(TestDatabase db, Path dir, String role) throws Exception {
    db.exec(Files.readString(Harness.EXAMPLES.resolve("columns-only.schema.sql")));
    return Harness.spec(
        dir,
        "orders-pooled",
        """
        id: orders-pooled
        renames:
          - table: public.orders
            columns:
              amt_cents: amount_cents
        options:
          release_role: "%s"
        """
            .formatted(role));
  }

  @Test
  void aMissingRoleIsRefusedAndNeverCreated(TestDatabase db, @TempDir Path dir) throws Exception {
    String role = unique("ghost");
    Path spec = spec(db, dir, role);
    String before = Harness.fingerprint(db);
    Harness.Run check = Harness.cli(db, "check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out() + check.err())
        .contains("release role " + role + " does not exist")
        .contains("orders-pooled.yaml:7:");
    Harness.Run apply = Harness.cli(db, "apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(Harness.fingerprint(db)).as("nothing changed").isEqualTo(before);
    assertThat(db.queryValue("select count(*) from pg_roles where rolname = '" + role + "'"))
        .isEqualTo(0L);
  }

  @Test
  void aRoleWithoutTheTablesRightsIsRefused(TestDatabase db, @TempDir Path dir) throws Exception {
    String role = unique("norights");
    Path spec = spec(db, dir, role);
    db.exec("create role " + role + " login password 'x'");
    // The breakage the refusal prevents: the new release could not read the table (nor a view
    // mirroring it).
    try (Connection c = db.connectAs(role, "x");
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute("select * from public.orders limit 1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    Harness.Run check = Harness.cli(db, "check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out() + check.err())
        .contains("release role " + role + " has no SELECT on public.orders")
        .contains("GRANT app_rw TO " + role);
    db.exec("grant app_rw to " + role);
    Harness.Run again = Harness.cli(db, "check", spec.toString());
    assertThat(again.code()).as("membership in the application role is enough: %s", again).isZero();
  }

  /**
   * A table owner without CREATEROLE cannot ALTER ROLE another role; viewswap must not do it for
   * it, and says which privilege is missing for the server's major (ADMIN OPTION from 16 on).
   */
  @Test
  void anOwnerThatMayNotAlterTheRoleIsRefusedWithThePrivilegeItLacks(
      TestDatabase db, @TempDir Path dir) throws Exception {
    String owner = unique("owner");
    String role = unique("rel");
    Path spec = spec(db, dir, role);
    db.exec("create role " + owner + " login password 'o'");
    db.exec("alter table public.orders owner to " + owner);
    db.exec("grant create on database " + db.name() + " to " + owner);
    db.exec("create role " + role + " login password 'r'");
    db.exec("grant app_rw to " + role);
    // The breakage: run as the owner, the phase's ALTER ROLE fails.
    try (Connection c = db.connectAs(owner, "o");
        Statement st = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  st.execute(
                      "alter role "
                          + role
                          + " in database "
                          + db.name()
                          + " set search_path = public_next, public"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    String asOwner = Harness.urlAs(db, owner, "o");
    String before = Harness.fingerprint(db);
    Harness.Run check = Harness.cliAt(asOwner, "check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    String lacks = db.serverMajor() >= 16 ? "CREATEROLE and ADMIN OPTION on " + role : "CREATEROLE";
    assertThat(check.out() + check.err())
        .contains("may not run ALTER ROLE " + role)
        .contains("it lacks " + lacks);
    Harness.Run apply = Harness.cliAt(asOwner, "apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(Harness.fingerprint(db)).as("nothing changed").isEqualTo(before);

    db.exec("alter role " + owner + " createrole");
    if (db.serverMajor() >= 16) {
      db.exec("grant " + role + " to " + owner + " with admin option, inherit false, set false");
    }
    Harness.Run ok = Harness.cliAt(asOwner, "apply", spec.toString(), "--phase", "expand");
    assertThat(ok.code()).as("with the privilege the server asks for: %s", ok).isZero();
    assertThat(db.queryValue("select viewswap.role_search_path('" + role + "')"))
        .isEqualTo("public_next, public");
    Harness.Run back = Harness.cliAt(asOwner, "rollback", spec.toString(), "--phase", "expand");
    assertThat(back.code()).as("%s", back).isZero();
    assertThat(db.queryValue("select viewswap.role_search_path('" + role + "')")).isNull();
  }

  /**
   * A role's own setting, quoted names and all, comes back exactly at contract, and new sessions
   * see each.
   */
  @Test
  void thePreviousSettingComesBackAtContract(TestDatabase db, @TempDir Path dir) throws Exception {
    String role = unique("keeps");
    Path spec = spec(db, dir, role);
    db.exec("create role " + role + " login password 'k'");
    db.exec("grant app_rw to " + role);
    db.exec("create schema \"My, Schema\"");
    // The role sets its own default (ordinary roles may): the text viewswap later restores is the
    // role's.
    try (Connection c = db.connectAs(role, "k");
        Statement st = c.createStatement()) {
      st.execute(
          "alter role current_user in database "
              + db.name()
              + " set search_path = \"$user\", \"My, Schema\", public");
    }
    assertThat(Harness.cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();
    try (Connection c = db.connectAs(role, "k");
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select current_setting('search_path'), amount_cents from orders limit 1")) {
      rs.next();
      assertThat(rs.getString(1))
          .as("a new session of the release role after expand")
          .isEqualTo("public_next, public");
    }
    assertThat(Harness.cli(db, "apply", spec.toString(), "--phase", "swap").code()).isZero();
    assertThat(Harness.cli(db, "apply", spec.toString(), "--phase", "contract").code()).isZero();
    try (Connection c = db.connectAs(role, "k");
        Statement st = c.createStatement();
        var rs =
            st.executeQuery(
                "select current_setting('search_path'), amount_cents from orders limit 1")) {
      rs.next();
      assertThat(rs.getString(1))
          .as("after contract, the role's own setting")
          .isEqualTo("\"$user\", \"My, Schema\", public");
    }
    assertThat(db.query("select action from viewswap.role_setting order by change_id"))
        .extracting(r -> r.get("action"))
        .containsExactly("set", "restore");
    Harness.Run status = Harness.cli(db, "status", spec.toString());
    assertThat(status.code()).isZero();
  }
}
