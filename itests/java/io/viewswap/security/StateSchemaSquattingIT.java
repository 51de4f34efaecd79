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
 * Attack 1: the state schema {@code viewswap} holds functions that every phase runs with the
 * runner's rights. A schema of that name that someone else made first, or objects someone else put
 * in viewswap's own, must never be used: exit 8 naming the object at fault, nothing read from it,
 * nothing run, nothing changed.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class StateSchemaSquattingIT {
  @TempDir Path dir;

  @Test
  void aSquattedStateSchemaWithItsOwnBeginPhaseIsRefused(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String before = a.holdings();
    a.asAttacker(
        "create schema viewswap; comment on schema viewswap is 'viewswap state v2';"
            + "create table viewswap.spec_state (spec_id text primary key, checksum text, state text,"
            + " created_at timestamptz default now(), updated_at timestamptz default now());"
            + "create function viewswap.begin_phase(p_spec text, p_checksum text, p_from text) returns void"
            + " language plpgsql as $$ begin "
            + a.payload()
            + " end $$;"
            + "grant usage on schema viewswap to public; grant all on viewswap.spec_state to public;");

    // The breakage: whoever calls the squatter's begin_phase (as an older viewswap did) hands over
    // the table.
    assertThat(
            a.superuserRunningHandsOverTheTable("select viewswap.begin_phase('x', 'y', 'planned')"))
        .as("the squatter's function ran as the superuser")
        .isTrue();
    assertThat(a.holdings()).isEqualTo(before);

    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    for (String[] command :
        new String[][] {
          {"check", spec.toString()},
          {"apply", spec.toString(), "--phase", "expand"},
          {"rollback", spec.toString(), "--phase", "expand"},
          {"plan", spec.toString()},
          {"status", spec.toString()},
          {"status"},
          {"export", spec.toString(), "--out", dir.resolve("out").toString()}
        }) {
      Run r = a.asSuperuser(command);
      assertThat(r.code()).as("%s: %s", String.join(" ", command), r).isEqualTo(8);
      assertThat(r.all())
          .as("names the schema and its owner: %s", r)
          .contains("schema viewswap is owned by " + a.attacker)
          .contains("cannot be trusted");
      assertThat(a.holdings())
          .as("after %s the attacker holds what it held", command[0])
          .isEqualTo(before);
    }
    assertThat(db.queryValue("select to_regclass('public.client')"))
        .as("no view was made")
        .isNull();
    assertThat(db.queryValue("select count(*) from viewswap.spec_state"))
        .as("no state row")
        .isEqualTo(0L);
  }

  @Test
  void anEmptySquattedSchemaIsNotAdoptedEvenBySomeoneWithNothingToLose(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    String before = a.holdings();
    // Empty: the squatter waits for viewswap to install its functions, then replaces them (a
    // schema's owner may drop anything in it) and is superuser at the next phase.
    a.asAttacker("create schema viewswap");
    Run r =
        a.asSuperuser("apply", Attack.spec(dir, Attack.SPEC_TABLE).toString(), "--phase", "expand");
    assertThat(r.code()).as("%s", r).isEqualTo(8);
    assertThat(r.all())
        .contains("schema viewswap is owned by " + a.attacker)
        .contains("ALTER SCHEMA viewswap RENAME TO viewswap_suspect")
        .doesNotContainIgnoringCase("drop schema");
    assertThat(
            db.queryValue(
                "select count(*) from pg_class where relnamespace = 'viewswap'::regnamespace"))
        .as("nothing was installed in it")
        .isEqualTo(0L);
    assertThat(
            db.queryValue(
                "select count(*) from pg_proc where pronamespace = 'viewswap'::regnamespace"))
        .isEqualTo(0L);
    assertThat(a.holdings()).isEqualTo(before);

    // Once a superuser moved it aside, as the hint says, viewswap makes its own and runs.
    db.exec("alter schema viewswap rename to viewswap_suspect");
    Run ok =
        a.asSuperuser("apply", Attack.spec(dir, Attack.SPEC_TABLE).toString(), "--phase", "expand");
    assertThat(ok.code()).as("%s", ok).isZero();
    assertThat(a.holdings())
        .as("a successful run hands the attacker nothing either")
        .isEqualTo(before);
  }

  @Test
  void objectsOthersPlantInViewswapsOwnSchemaOrRightsOnItsTablesAreRefused(TestDatabase db)
      throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE);
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "expand").code()).isZero();
    String before = a.holdings();

    // Forged state rows: the attacker may not write viewswap's tables, nor even reach them.
    for (String forge :
        new String[] {
          "insert into viewswap.spec_state (spec_id, checksum, state) values ('sec-table', repeat('0', 64), 'planned')",
          "update viewswap.spec_state set state = 'planned'",
          "delete from viewswap.phase_run",
          "select viewswap.finish_phase('x', repeat('0', 64), 'expand', 'forward', 'planned', 'expanded', 'me',"
              + " now(), 1, 0, 0, array[]::text[])"
        }) {
      assertThatThrownBy(() -> a.asAttacker(forge))
          .as(forge)
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    // A careless grant lets the attacker plant a function next to viewswap's: the next phase
    // refuses.
    db.exec("grant usage, create on schema viewswap to " + a.attacker);
    a.asAttacker(
        "create function viewswap.begin_phase(p_spec varchar, p_checksum varchar, p_from varchar)"
            + " returns void language plpgsql as $$ begin "
            + a.payload()
            + " end $$");
    Run swap = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("%s", swap).isEqualTo(8);
    assertThat(swap.all())
        .contains(
            "function viewswap.begin_phase(character varying,character varying,character varying) is owned by "
                + a.attacker)
        .contains(a.attacker + " holds CREATE on schema viewswap");
    Run check = a.asSuperuser("check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    db.exec(
        "drop function viewswap.begin_phase(varchar, varchar, varchar); revoke create on schema viewswap from "
            + a.attacker);

    // Rights beyond SELECT on the state tables would let the attacker forge rows (or add a
    // trigger): refused.
    db.exec("grant insert, trigger on viewswap.spec_state to " + a.attacker);
    Run forged = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(forged.code()).as("%s", forged).isEqualTo(8);
    assertThat(forged.all())
        .contains(a.attacker + " holds INSERT on table viewswap.spec_state")
        .contains(a.attacker + " holds TRIGGER on table viewswap.spec_state");
    assertThat(db.queryValue("select state from viewswap.spec_state"))
        .as("still expanded")
        .isEqualTo("expanded");
    db.exec(
        "revoke all on viewswap.spec_state from "
            + a.attacker
            + "; revoke usage on schema viewswap from "
            + a.attacker);

    assertThat(a.holdings()).isEqualTo(before);
    Run ok = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(ok.code()).as("trusted again: %s", ok).isZero();
    assertThat(a.holdings()).isEqualTo(before);
  }
}
