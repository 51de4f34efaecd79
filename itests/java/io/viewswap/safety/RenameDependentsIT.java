package io.viewswap.safety;

import static io.viewswap.safety.Harness.EXAMPLES;
import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * options.rename_dependents through the whole lifecycle of the rename-dependents example: after the
 * swap and after the contract the table's indexes, constraints, sequences, triggers and policies
 * carry exactly the names they would have had the schema been created under the new names (compared
 * with such a database); the swap rollback puts the old names back; old and new clients keep
 * working throughout.
 */
@ExtendWith(PostgresExtension.class)
class RenameDependentsIT {
  @TempDir Path dir;

  /** Kind and name of every object that belongs to the table, sorted. */
  static String names(TestDatabase db, String table) throws SQLException {
    Object v =
        db.queryValue(
            "select string_agg(x, ', ' order by x) from ("
                + " select 'index ' || i.indexrelid::regclass::text as x from pg_index i where i.indrelid = '"
                + table
                + "'::regclass"
                + " union all select 'constraint ' || conname from pg_constraint where conrelid = '"
                + table
                + "'::regclass"
                + " union all select 'sequence ' || s.oid::regclass::text from pg_depend d join pg_class s on s.oid = d.objid"
                + "   and s.relkind = 'S' where d.refobjid = '"
                + table
                + "'::regclass and d.deptype in ('a', 'i')"
                + " union all select 'trigger ' || tgname from pg_trigger where tgrelid = '"
                + table
                + "'::regclass and not tgisinternal"
                + " union all select 'policy ' || polname from pg_policy where polrelid = '"
                + table
                + "'::regclass) o");
    return String.valueOf(v);
  }

  static void writeBothWays(TestDatabase db, String oldTable, String newTable, String tag)
      throws SQLException {
    db.exec(
        "insert into "
            + newTable
            + " (email, display_name) values ('new-"
            + tag
            + "@x.org', 'new')");
    if (oldTable != null) {
      db.exec(
          "insert into "
              + oldTable
              + " (email_addr, display_name) values ('old-"
              + tag
              + "@x.org', 'old')");
    }
  }

  @Test
  void dependentsFollowTheRenameAndBack(TestDatabase db) throws Exception {
    String schema = Files.readString(EXAMPLES.resolve("rename-dependents.schema.sql"));
    db.exec(schema);
    Path spec = EXAMPLES.resolve("rename-dependents.yaml");
    String before = names(db, "public.account");
    assertThat(before)
        .contains("constraint account_pkey")
        .contains("sequence account_id_seq")
        .contains("index account_display_name_idx")
        .contains("trigger account_stamp")
        .contains("policy account_visible");

    Run check = cli(db, "check", spec.toString());
    assertThat(check.code()).as("%s", check).isZero();
    assertThat(cli(db, "apply", spec.toString(), "--phase", "expand").code()).isZero();
    writeBothWays(db, "public.account", "public.member", "expanded");
    Run swap = cli(db, "apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("%s", swap).isZero();
    String swapped = names(db, "public.member");
    assertThat(swapped)
        .contains("constraint member_pkey")
        .contains("sequence member_id_seq")
        .contains("index member_display_name_idx")
        .contains("index idx_member_email_lower")
        .contains("constraint member_email_key")
        .contains("trigger member_stamp")
        .contains("policy member_visible")
        .contains("index fast_lookup")
        .doesNotContain("account");
    writeBothWays(db, "public.account", "public.member", "swapped");

    Run back = cli(db, "rollback", spec.toString(), "--phase", "swap");
    assertThat(back.code()).as("%s", back).isZero();
    assertThat(names(db, "public.account"))
        .as("the rollback restores every name")
        .isEqualTo(before);
    writeBothWays(db, "public.account", "public.member", "rolled-back");

    assertThat(cli(db, "apply", spec.toString(), "--phase", "swap").code()).isZero();
    assertThat(cli(db, "apply", spec.toString(), "--phase", "contract").code()).isZero();
    writeBothWays(db, null, "public.member", "contracted");
    assertThat(db.queryValue("select count(*) from public.member where email like '%@x.org'"))
        .isEqualTo(7L);

    // The same schema created under the new names, in another schema of this database.
    db.exec(
        "create schema fresh; set search_path = fresh;"
            + schema
                .replace("public.", "fresh.")
                .replace("account", "member")
                .replace("email_addr", "email")
                .replace("CREATE ROLE app_rw", "CREATE ROLE app_rw_unused"));
    assertThat(names(db, "public.member").replace("public.", ""))
        .as("as if created under the new names")
        .isEqualTo(names(db, "fresh.member").replace("fresh.", ""));
  }

  @Test
  void collisionsAndLongNamesKeepTheirNamesWithAWarning(TestDatabase db) throws Exception {
    db.exec(
        "create table public.acct (id int primary key, note text);"
            + "create index acct_note_idx on public.acct (note);"
            + "create table public.other (x int); create index member_note_idx on public.other (x);"
            + "create index acct_"
            + "n".repeat(56)
            + "_x on public.acct (id);"); // 63 bytes: the new name would be 65
    Path spec =
        spec(
            dir,
            "c",
            "id: c\nrenames:\n  - table: public.acct\n    to: member"
                + "\noptions:\n  rename_dependents: true\n");
    Run check = cli(db, "check", spec.toString());
    assertThat(check.code()).as("%s", check).isZero();
    assertThat(check.out())
        .contains("index acct_note_idx of public.acct keeps its name")
        .contains("\"member_note_idx\" is taken");
    assertThat(check.out())
        .contains("index acct_" + "n".repeat(56) + "_x of public.acct keeps its name")
        .contains("65 bytes, over PostgreSQL's 63");
    for (String phase : new String[] {"expand", "swap"}) {
      Run r = cli(db, "apply", spec.toString(), "--phase", phase);
      assertThat(r.code()).as("%s %s", phase, r).isZero();
    }
    assertThat(names(db, "public.member"))
        .contains("index acct_note_idx")
        .contains("constraint member_pkey")
        .contains("acct_" + "n".repeat(56) + "_x");

    Path without = spec(dir, "w", "id: w\nrenames:\n  - table: public.other\n    to: another\n");
    Run plain = cli(db, "check", without.toString());
    assertThat(plain.out())
        .as("without the option nothing is said about names: %s", plain)
        .doesNotContain("keeps its name");
  }
}
