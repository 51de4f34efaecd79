package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 8: access changed on the table between phases (a revoked grant, a REVOKE ... CASCADE down
 * a grant-option chain, row-level security turned on) stays in force through the view, which holds
 * its own copies. {@code check}, swap and contract compare the view's owner, security and rights
 * with the table's and refuse any drift, naming the role and the privilege.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class AccessDriftIT {
  @TempDir Path dir;

  @Test
  void rightsRevokedOnTheTableAfterExpandBlockTheSwap(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String regrant = "regrant_" + db.name();
    db.exec(
        "create role "
            + regrant
            + " login password 'pw';"
            + "grant select on public.customer to "
            + a.app
            + " with grant option;"
            + "set role "
            + a.app
            + "; grant select on public.customer to "
            + regrant
            + "; reset role;");
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "expand").code()).isZero();
    String before = a.holdings();
    assertThat(a.asSuperuser("check", spec.toString()).code())
        .as("no drift right after expand")
        .isZero();

    // The breakage: revoked on the table, down the grant-option chain, yet still readable through
    // the view.
    db.exec("revoke select on public.customer from " + a.app + " cascade");
    assertThat(reads(db, regrant, "public.customer"))
        .as("the cascade reached the table's copy")
        .isFalse();
    assertThat(reads(db, regrant, "public.client")).as("but not the view's").isTrue();

    Run check = a.asSuperuser("check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all())
        .contains("access through public.client no longer matches public.customer")
        .contains(regrant + " holds SELECT on the view but not on the table");
    Run swap = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("%s", swap).isEqualTo(8);
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("expanded");

    // Rolling back and expanding again mirrors the table afresh.
    assertThat(a.asSuperuser("rollback", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(reads(db, regrant, "public.client")).isFalse();
    assertThat(a.asSuperuser("check", spec.toString()).code()).isZero();

    // Row-level security turned on after expand: the owner-rights view would bypass the policies.
    db.exec(
        "alter table public.customer enable row level security;"
            + "create policy only_ann on public.customer using (full_name = 'Ann')");
    Run rls = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(rls.code()).as("%s", rls).isEqualTo(8);
    assertThat(rls.all()).contains("row-level security");
    assertThat(a.holdings()).isEqualTo(before);
  }

  @Test
  void aGrantAddedOnTheCompatViewBlocksTheContract(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "swap").code()).isZero();
    db.exec("grant delete on public.customer to " + a.attacker);
    Run contract = a.asSuperuser("apply", spec.toString(), "--phase", "contract");
    assertThat(contract.code()).as("%s", contract).isEqualTo(8);
    assertThat(contract.all())
        .contains("access through public.customer no longer matches public.client")
        .contains(a.attacker + " holds DELETE on the view but not on the table");
  }

  static boolean reads(TestDatabase db, String role, String relation) throws SQLException {
    try (Connection c = db.connectAs(role, "pw");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + relation)) {
      return rs.next();
    } catch (SQLException e) {
      if ("42501".equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }
}
