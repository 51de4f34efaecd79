package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ecosystem.Runners;
import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
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

  /**
   * An exported script is run later than it was made: a role revoked on the table since then must
   * not read it through the view the script creates. The script checks, after its grants, that
   * access through the view is the table's as it is then, and changes nothing when it is not.
   */
  @Test
  void anExportedScriptRefusesWhenTheTablesGrantsChangedSinceTheExport(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    Path out = dir.resolve("out");
    Run export = a.asSuperuser("export", spec.toString(), "--out", out.toString());
    assertThat(export.code()).as("%s", export).isZero();
    db.exec("revoke all on public.customer from " + a.app);
    assertThat(reads(db, a.app, "public.customer")).isFalse();

    // The breakage, by hand: the script as exports were before (its grants replayed, no access
    // guard) hands the revoked role the table through the new view.
    String script = Files.readString(out.resolve("01-expand.sql"));
    String unguarded =
        script.replaceAll(
            "(?s)-- guard:access:[^\n]*\n.*?end \\$viewswap_access\\$(?:\\$viewswap_step\\$)?;?\n",
            "");
    assertThat(unguarded).isNotEqualTo(script);
    Path old = dir.resolve("old-01-expand.sql");
    Files.writeString(old, unguarded);
    Runners.PsqlRun replay = Runners.psql(db, old);
    assertThat(replay.exitCode()).as(replay.output()).isZero();
    assertThat(reads(db, a.app, "public.client"))
        .as("revoked, yet reads through the view")
        .isTrue();
    Runners.PsqlRun undo = Runners.psql(db, out.resolve("01-expand.rollback.sql"));
    assertThat(undo.exitCode()).as(undo.output()).isZero();

    // The script as exported now: refused inside its transaction, nothing changed.
    Runners.PsqlRun run = Runners.psql(db, out.resolve("01-expand.sql"));
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("changed since this plan was made")
        .contains(a.app + " holds SELECT on the view only");
    assertThat(db.queryValue("select to_regclass('public.client')")).as("no view").isNull();
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("planned");

    // A role granted since the export is refused just the same (the view would miss its right).
    db.exec(
        "grant select on public.customer to "
            + a.app
            + "; grant select on public.customer to "
            + a.attacker);
    Runners.PsqlRun granted = Runners.psql(db, out.resolve("01-expand.sql"));
    assertThat(granted.exitCode()).as(granted.output()).isNotZero();
    assertThat(granted.output()).contains(a.attacker + " holds SELECT on the table only");
    db.exec("revoke select on public.customer from " + a.attacker);

    // apply mirrors the grants as they are now, through the same steps and the same guard.
    db.exec("revoke all on public.customer from " + a.app);
    Run apply = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isZero();
    assertThat(reads(db, a.app, "public.client")).isFalse();
    assertThat(a.asSuperuser("check", spec.toString()).code()).isZero();
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
