package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles that share: a state schema owned by a group role the runner inherits is trusted only while
 * no other login role can act as that group. A colleague who is a member (directly or through
 * another group) has the owner's rights over every function in it, so she could replace one and
 * have it run with the runner's rights, which are more than hers. And a runner who does not own the
 * state schema is told whose it is and to connect as that role, never to drop it.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class SharedOwnerRoleIT {
  @TempDir Path dir;

  @Test
  void aStateSchemaOwnedByAGroupAnotherLoginRoleCanActAsIsRefused(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String grp = "grp_" + db.name();
    String team = "team_" + db.name();
    String runner = "runner_" + db.name();
    String mallory = "mallory_" + db.name();
    db.exec(
        "create role "
            + grp
            + " nologin; create role "
            + team
            + " nologin; create role "
            + runner
            + " login password 'pw'; create role "
            + mallory
            + " login password 'pw';"
            + "grant "
            + grp
            + " to "
            + runner
            + "; grant create on database "
            + db.name()
            + " to "
            + runner
            + "; grant create on schema public to "
            + grp
            + "; alter table public.customer owner to "
            + grp
            // What only the runner holds, and the colleague wants.
            + "; create table public.payroll (who text, salary int); alter table public.payroll owner to "
            + runner
            + ";");
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    String asRunner = a.urlAs(runner);
    Run expand = Attack.cli(asRunner, "apply", spec.toString(), "--phase", "expand");
    assertThat(expand.code()).as("%s", expand).isZero();
    // The team's schema: the group owns the state, as when several deploy jobs share one role.
    db.exec(
        "reassign owned by "
            + runner
            + " to "
            + grp
            + "; alter table public.payroll owner to "
            + runner);
    assertThat(
            db.queryValue(
                "select nspowner::regrole::text from pg_namespace where nspname = 'viewswap'"))
        .isEqualTo(grp);
    Run alone = Attack.cli(asRunner, "check", spec.toString());
    assertThat(alone.code())
        .as("a group only the runner can act as is trusted: %s", alone)
        .isZero();

    // A colleague joins the group through another one.
    db.exec("grant " + grp + " to " + team + "; grant " + team + " to " + mallory);

    // The breakage, by hand: with the group's rights she replaces a state function, which the
    // runner then runs with its own rights (here inside a transaction that is rolled back).
    try (Connection c = db.connectAs(mallory, "pw");
        Statement s = c.createStatement()) {
      s.execute(
          "create or replace function viewswap.expect_columns(p_table pg_catalog.text, p_columns pg_catalog.text[])"
              + " returns pg_catalog.void language plpgsql as $$ begin"
              + " execute 'grant select on public.payroll to "
              + mallory
              + "'; exception when others then null; end $$");
    }
    try (Connection c = db.connectAs(runner, "pw");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("select viewswap.expect_columns('public.customer', array['id'])");
      try (ResultSet rs =
          s.executeQuery(
              "select has_table_privilege('" + mallory + "', 'public.payroll', 'SELECT')")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("the colleague's code ran as the runner").isTrue();
      }
      c.rollback();
    }

    for (String[] command :
        new String[][] {
          {"check", spec.toString()},
          {"apply", spec.toString(), "--phase", "swap"},
          {"rollback", spec.toString(), "--phase", "expand"},
          {"status", spec.toString()},
          {"export", spec.toString(), "--out", dir.resolve("out").toString()}
        }) {
      Run r = Attack.cli(asRunner, command);
      assertThat(r.code()).as("%s: %s", command[0], r).isEqualTo(8);
      assertThat(r.all())
          .as("%s names the group and who else can act as it: %s", command[0], r)
          .contains("cannot be trusted")
          .contains("is owned by " + grp + " (" + mallory + " can act as " + grp + " too)");
      assertThat(r.all()).doesNotContainIgnoringCase("drop schema");
    }
    assertThat(
            db.queryValue(
                "select has_table_privilege('" + mallory + "', 'public.payroll', 'SELECT')"))
        .as("viewswap ran nothing of hers")
        .isEqualTo(false);
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("expanded");

    // A membership that lets her act as nobody (PostgreSQL 16: no INHERIT, SET or ADMIN) is no
    // risk; one with SET alone is.
    if (db.serverMajor() >= 16) {
      db.exec(
          "revoke "
              + team
              + " from "
              + mallory
              + "; grant "
              + team
              + " to "
              + mallory
              + " with inherit false, set false");
      db.exec(
          "create or replace function viewswap.expect_columns(p_table pg_catalog.text, p_columns pg_catalog.text[])"
              + " returns pg_catalog.void language plpgsql as $$ begin null; end $$;"
              + "alter function viewswap.expect_columns(text, text[]) owner to "
              + grp);
      Run inert = Attack.cli(asRunner, "check", spec.toString());
      assertThat(inert.all()).as("%s", inert).doesNotContain(mallory + " can act as");
      db.exec("grant " + team + " to " + mallory + " with set true");
      Run set = Attack.cli(asRunner, "check", spec.toString());
      assertThat(set.code()).as("%s", set).isEqualTo(8);
      assertThat(set.all()).contains(mallory + " can act as " + grp + " too");
    }
  }

  @Test
  void aRunnerThatDoesNotOwnTheStateIsToldWhoseItIsAndNeverToDropIt(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String deployer = "deployer_" + db.name();
    String other = "other_" + db.name();
    db.exec(
        "create role "
            + deployer
            + " login password 'pw'; create role "
            + other
            + " login password 'pw';"
            + "grant create on database "
            + db.name()
            + " to "
            + deployer
            + ", "
            + other
            + "; grant create on schema public to "
            + deployer
            + ", "
            + other
            + "; alter table public.customer owner to "
            + deployer
            + "; create table public.invoice (id int, amount_cents int); alter table public.invoice owner to "
            + other);
    Path first = Attack.spec(dir, Attack.SPEC_TABLE);
    Run installed = Attack.cli(a.urlAs(deployer), "apply", first.toString(), "--phase", "expand");
    assertThat(installed.code()).as("%s", installed).isZero();

    Path second =
        Attack.spec(
            dir,
            "id: invoices\nrenames:\n  - table: public.invoice\n    columns:\n      amount_cents: amount\n");
    Run r = Attack.cli(a.urlAs(other), "apply", second.toString(), "--phase", "expand");
    assertThat(r.code()).as("%s", r).isEqualTo(8);
    assertThat(r.all())
        .contains("schema viewswap is owned by " + deployer)
        .contains("connect as " + deployer)
        .doesNotContainIgnoringCase("drop schema")
        .doesNotContainIgnoringCase("cascade");
    assertThat(db.queryValue("select count(*) from viewswap.spec_state"))
        .as("the first spec's state is untouched")
        .isEqualTo(1L);
    Run check = Attack.cli(a.urlAs(other), "check", second.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all()).doesNotContainIgnoringCase("drop schema");
  }
}
