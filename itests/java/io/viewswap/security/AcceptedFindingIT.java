package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refusal nobody but a third role can clear: a function another role owns names the renamed
 * column, and only that role (or a superuser) may change it. The table's owner accepts that finding
 * by name in the spec, with a reason; check shows it as accepted every time, an entry that names
 * nothing is a spec error at its line, and blockers about access or trust cannot be accepted.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class AcceptedFindingIT {
  @TempDir Path dir;

  @Test
  void theTableOwnerAcceptsAnotherRolesFunctionByNameAndSeesItEveryTime(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String owner = "owner_" + db.name();
    String auditor = "auditor_" + db.name();
    db.exec(
        "create role "
            + owner
            + " login password 'pw'; create role "
            + auditor
            + " login password 'pw';"
            + "grant create on database "
            + db.name()
            + " to "
            + owner
            + "; grant create on schema public to "
            + owner
            + ", "
            + auditor
            + "; alter table public.customer owner to "
            + owner
            + "; grant select on public.customer to "
            + auditor);
    try (var c = db.connectAs(auditor, "pw");
        var s = c.createStatement()) {
      s.execute(
          "create function public.audit_names() returns bigint language plpgsql as $$"
              + " begin return (select count(full_name) from public.customer); end $$");
    }
    String base =
        "id: accepted\nrenames:\n  - table: public.customer\n    columns:\n      full_name: display_name\n";
    Path plain = Attack.spec(dir, base);
    String asOwner = a.urlAs(owner);

    Run blocked = Attack.cli(asOwner, "check", plain.toString());
    assertThat(blocked.code()).as("%s", blocked).isEqualTo(8);
    assertThat(blocked.all()).contains("function public.audit_names()");
    // The veto: the table's owner may not change the function that blocks its rename.
    assertThatThrownBy(
            () -> {
              try (var c = db.connectAs(owner, "pw");
                  var s = c.createStatement()) {
                s.execute(
                    "create or replace function public.audit_names() returns bigint language sql"
                        + " as $$ select 0::bigint $$");
              }
            })
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));

    Path accepted =
        Attack.spec(
            dir,
            base
                + "accept:\n  - finding: function-body\n    object: public.audit_names()\n"
                + "    reason: the auditors switch to display_name in the same release\n");
    Run check = Attack.cli(asOwner, "check", accepted.toString());
    assertThat(check.code()).as("%s", check).isZero();
    assertThat(check.out())
        .contains("accepted")
        .contains("function public.audit_names()")
        .contains("the auditors switch to display_name in the same release")
        .contains("1 accepted in the spec");
    Run json = Attack.cli(asOwner, "check", accepted.toString(), "--format", "json");
    assertThat(json.out().replace(" ", ""))
        .contains("\"severity\":\"accepted\"")
        .contains("\"accepted\":1")
        .contains("\"blockers\":0");
    Run expand = Attack.cli(asOwner, "apply", accepted.toString(), "--phase", "expand");
    assertThat(expand.code()).as("%s", expand).isZero();
    assertThat(expand.all()).as("apply shows it too").contains("accepted in the spec");

    // An entry that names nothing, and a blocker that may not be accepted: spec errors at their
    // line.
    Path wrong =
        Attack.spec(
            dir,
            base
                + "accept:\n  - finding: function-body\n    object: public.audit_names(integer)\n"
                + "    reason: typo\n  - finding: access-drift\n    object: public.customer\n"
                + "    reason: not allowed\n");
    Run bad = Attack.cli(asOwner, "check", wrong.toString());
    assertThat(bad.code()).as("%s", bad).isEqualTo(3);
    assertThat(bad.all())
        .contains(":7:5: accept: no function-body blocker names public.audit_names(integer)")
        .contains(":10:5: accept: \"access-drift\" is not a finding a spec can accept");
  }
}
