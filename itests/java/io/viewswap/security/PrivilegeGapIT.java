package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 10: {@code check} tests what {@code apply} needs with the privilege functions PostgreSQL
 * itself uses, so a run that would fail half-way is refused up front (exit 8, nothing created); and
 * an exported script needs no more rights than {@code apply}.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class PrivilegeGapIT {
  @TempDir Path dir;

  @Test
  void aNoinheritMemberOfTheOwnerIsRefusedUpFront(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String owner = "own_" + db.name();
    String member = "mig_" + db.name();
    db.exec(
        "create role "
            + owner
            + "; alter table public.customer owner to "
            + owner
            + ";"
            + "create role "
            + member
            + " noinherit login password 'pw'; grant "
            + owner
            + " to "
            + member
            + ";"
            + "grant create on database "
            + db.name()
            + " to "
            + member
            + ";");
    // The breakage: a member, but without the owner's rights unless it SET ROLEs, which viewswap
    // does not.
    assertThat(db.queryValue("select pg_has_role('" + member + "', '" + owner + "', 'MEMBER')"))
        .isEqualTo(true);
    assertThat(db.queryValue("select pg_has_role('" + member + "', '" + owner + "', 'USAGE')"))
        .isEqualTo(false);

    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    Run check = Attack.cli(a.urlAs(member), "check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all()).contains("connected as " + member).contains("owned by " + owner);
    Run apply = Attack.cli(a.urlAs(member), "apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(db.queryValue("select to_regnamespace('viewswap')"))
        .as("no state schema left behind")
        .isNull();
  }

  @Test
  void noUsageOnPlpgsqlIsRefusedUpFront(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String owner = "own_" + db.name();
    db.exec(
        "create role "
            + owner
            + " login password 'pw'; alter table public.customer owner to "
            + owner
            + "; grant create on database "
            + db.name()
            + " to "
            + owner
            + "; grant create on schema public to "
            + owner
            + "; revoke usage on language plpgsql from public");
    // The breakage: every phase starts with a DO block, which this role may not run.
    try (java.sql.Connection c = db.connectAs(owner, "pw");
        Statement s = c.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("do $$ begin end $$"))
          .hasMessageContaining("permission denied for language plpgsql");
    }
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    Run check = Attack.cli(a.urlAs(owner), "check", spec.toString(), "--format", "json");
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.out()).contains("\"cannot-use-plpgsql\"");
    Run apply = Attack.cli(a.urlAs(owner), "apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(apply.all()).contains("GRANT USAGE ON LANGUAGE plpgsql TO " + owner);
    assertThat(db.queryValue("select to_regnamespace('viewswap')")).as("nothing created").isNull();
    db.exec("grant usage on language plpgsql to " + owner);
    assertThat(Attack.cli(a.urlAs(owner), "apply", spec.toString(), "--phase", "expand").code())
        .isZero();
  }

  @Test
  void noCreateOnTheDatabaseIsRefusedUpFrontAndAnExportNeedsNoMoreThanApply(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String owner = "own_" + db.name();
    db.exec(
        "create role "
            + owner
            + " login password 'pw'; alter table public.customer owner to "
            + owner
            + ";"
            + "revoke create on schema public from public;"); // PostgreSQL 15's default on 14 too
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);

    Run check = Attack.cli(a.urlAs(owner), "check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all())
        .contains("state schema does not exist yet")
        .contains(owner + " may not create schemas");
    Run asJson = Attack.cli(a.urlAs(owner), "check", spec.toString(), "--format", "json");
    assertThat(asJson.out()).contains("\"cannot-create-state-schema\"");
    assertThat(check.all())
        .contains(
            owner
                + " may not create in schema public, where the views over public.customer are created");
    Run apply = Attack.cli(a.urlAs(owner), "apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(db.queryValue("select to_regnamespace('viewswap')")).isNull();
    db.exec("grant create on schema public to " + owner);

    // A superuser installs the state schema once (any phase does) and lets the owner keep its
    // state.
    Path other =
        Attack.spec(
            dir,
            "id: installer\nrenames:\n  - table: public.customer\n    columns:\n      email: mail\n");
    assertThat(a.asSuperuser("apply", other.toString(), "--phase", "expand").code()).isZero();
    assertThat(a.asSuperuser("rollback", other.toString(), "--phase", "expand").code()).isZero();
    db.exec(
        "grant usage on schema viewswap to "
            + owner
            + ";"
            + "grant select, insert, update on all tables in schema viewswap to "
            + owner
            + ";");
    assertThat(
            (Boolean)
                db.queryValue("select has_schema_privilege('" + owner + "', 'viewswap', 'CREATE')"))
        .isFalse();

    // The export, run as the owner: the install is skipped (current and trusted), so no CREATE is
    // needed.
    assertThat(
            Attack.cli(
                    a.urlAs(owner),
                    "export",
                    spec.toString(),
                    "--out",
                    dir.resolve("fw").toString(),
                    "--format",
                    "flyway")
                .code())
        .isZero();
    Path expand;
    try (Stream<Path> files = Files.list(dir.resolve("fw"))) {
      expand =
          files
              .filter(f -> f.getFileName().toString().matches("V.*_expand\\.sql"))
              .findFirst()
              .orElseThrow();
    }
    try (Connection c = db.connectAs(owner, "pw");
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(Files.readString(expand));
      c.commit();
    }
    assertThat(db.queryValue("select state from viewswap.spec_state where spec_id = 'sec-table'"))
        .isEqualTo("expanded");
    // and apply, with the same rights, runs the next phase
    Run swap = Attack.cli(a.urlAs(owner), "apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("%s", swap).isZero();
  }
}
