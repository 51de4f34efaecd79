package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks 6 and 7: a schema named like the transition schema that viewswap did not create (a
 * squatter's, or one a DBA made by hand for something else) is refused, so no view lands in it and
 * no USAGE is granted on it; the schema viewswap creates is recorded by oid, and its rollback drops
 * it with every grant on it.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class TransitionSchemaIT {
  @TempDir Path dir;

  @Test
  void aSquattedTransitionSchemaIsRefused(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_COLUMNS);

    // The breakage: the owner of the schema the view lives in may swap the view for a table of its
    // own.
    a.asAttacker("create schema public_next; grant usage on schema public_next to public");
    db.exec(
        "create view public_next.customer as select id, full_name as display_name, email from public.customer");
    a.asAttacker(
        "drop view public_next.customer; create table public_next.customer (id bigint, display_name text,"
            + " email text); grant all on public_next.customer to public");
    assertThat(
            db.queryValue(
                "select relowner::regrole::text from pg_class where oid = 'public_next.customer'::regclass"))
        .as("the new release would now write into the attacker's table")
        .isEqualTo(a.attacker);
    a.asAttacker("drop table public_next.customer; revoke usage on schema public_next from public");

    String before = a.holdings();
    Run check = a.asSuperuser("check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all())
        .contains("transition schema public_next exists (owner " + a.attacker + ")")
        .contains("viewswap did not create it")
        .contains("schema public_next is owned by " + a.attacker);
    Run apply = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(
            db.queryValue(
                "select count(*) from pg_class where relnamespace = 'public_next'::regnamespace"))
        .as("no view in it")
        .isEqualTo(0L);
    assertThat(
            db.queryValue("select has_schema_privilege('" + a.app + "', 'public_next', 'USAGE')"))
        .as("nothing granted on it")
        .isEqualTo(false);
    assertThat(a.holdings()).isEqualTo(before);

    // With a table already in it: still refused, naming the schema.
    a.asAttacker("create table public_next.customer (id bigint)");
    Run taken = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(taken.code()).as("%s", taken).isIn(3, 8);
    assertThat(taken.all()).contains("public_next");
    assertThat(a.holdings()).isEqualTo(before);
  }

  @Test
  void aSchemaMadeByHandIsNeitherAdoptedNorGrantedOnAndRollbackTakesBackWhatExpandGranted(
      TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_COLUMNS);
    // A DBA's own schema, with the comment viewswap puts on its own: the comment proves nothing.
    db.exec(
        "create schema public_next; comment on schema public_next is 'viewswap transition schema of spec x';"
            + "create function public_next.secret() returns text language sql as $$ select 'internal' $$;");
    Run apply = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(apply.code()).as("%s", apply).isEqualTo(8);
    assertThat(apply.all()).contains("viewswap did not create it");
    assertThat(
            db.queryValue("select has_schema_privilege('" + a.app + "', 'public_next', 'USAGE')"))
        .as("USAGE on someone else's schema would reach its functions")
        .isEqualTo(false);

    db.exec("drop schema public_next cascade");
    String before = a.holdings();
    assertThat(a.asSuperuser("apply", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(
            db.queryValue("select has_schema_privilege('" + a.app + "', 'public_next', 'USAGE')"))
        .isEqualTo(true);
    assertThat(db.queryValue("select schema_name from viewswap.transition_schema"))
        .isEqualTo("public_next");
    assertThat(a.holdings()).as("the attacker got nothing from the new schema").isEqualTo(before);

    assertThat(a.asSuperuser("rollback", spec.toString(), "--phase", "expand").code()).isZero();
    assertThat(db.queryValue("select to_regnamespace('public_next')"))
        .as("dropped, with every grant on it")
        .isNull();
    assertThat(db.queryValue("select count(*) from viewswap.transition_schema")).isEqualTo(0L);

    // Made again by someone else under the same name: not the schema viewswap recorded.
    a.asAttacker("create schema public_next");
    Run again = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(again.code()).as("%s", again).isEqualTo(8);
    assertThat(a.holdings()).isEqualTo(before);
  }

  /**
   * One spec over tables of two owners, run by a superuser: the shared transition schema would be
   * owned by one of them, who could then swap the other's view for her own table.
   */
  @Test
  void tablesOfDifferentOwnersNeverShareATransitionSchema(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    String alice = "alice_" + db.name();
    String bob = "bob_" + db.name();
    db.exec(
        "create role "
            + alice
            + " login password 'pw'; create role "
            + bob
            + " login password 'pw';"
            + "alter table public.customer owner to "
            + alice
            + "; create table public.orders (id int, amount_cents int); alter table public.orders owner to "
            + bob
            + "; grant select, insert on public.orders to "
            + a.app);
    String yaml =
        "id: two-owners\nrenames:\n  - table: public.customer\n    columns:\n      full_name: display_name\n"
            + "  - table: public.orders\n    columns:\n      amount_cents: amount\n";
    Path spec = Attack.spec(dir, yaml);

    // The breakage, by hand, as viewswap used to make it: the schema owned by the first table's
    // owner, bob's view in it. Alice drops bob's view and puts her own table in its place; the new
    // release, on search_path public_next, now writes bob's orders into alice's table.
    db.exec(
        "create schema public_next authorization "
            + alice
            + "; create view public_next.orders as select id, amount_cents as amount from public.orders;"
            + "alter view public_next.orders owner to "
            + bob
            + "; grant usage on schema public_next to "
            + a.app
            + "; grant select, insert on public_next.orders to "
            + a.app);
    try (var c = db.connectAs(alice, "pw");
        var s = c.createStatement()) {
      s.execute(
          "drop view public_next.orders; create table public_next.orders (id int, amount int);"
              + " grant select, insert on public_next.orders to public");
    }
    try (var c = db.connectAs(a.app, "pw");
        var s = c.createStatement()) {
      s.execute(
          "set search_path = public_next, public; insert into orders (id, amount) values (1, 990)");
    }
    assertThat(db.queryValue("select count(*) from public.orders"))
        .as("not in bob's table")
        .isEqualTo(0L);
    assertThat(
            db.queryValue(
                "select relowner::regrole::text from pg_class where oid = 'public_next.orders'::regclass"))
        .as("captured by alice")
        .isEqualTo(alice);
    db.exec("drop schema public_next cascade");

    String before = a.holdings();
    for (String[] command :
        new String[][] {
          {"check", spec.toString()}, {"apply", spec.toString(), "--phase", "expand"}
        }) {
      Run r = a.asSuperuser(command);
      assertThat(r.code()).as("%s", r).isEqualTo(8);
      assertThat(r.all())
          .contains("public.customer (owner " + alice + ")")
          .contains("public.orders (owner " + bob + ")")
          .contains("would share the transition schema public_next");
    }
    assertThat(db.queryValue("select to_regnamespace('public_next')")).as("nothing made").isNull();
    assertThat(a.holdings()).isEqualTo(before);

    // One spec per owner, each with its own transition schema, runs.
    Path alices =
        Attack.spec(
            dir,
            "id: alices\ntransition_schema: public_next_alice\nrenames:\n  - table: public.customer\n"
                + "    columns:\n      full_name: display_name\n");
    Path bobs =
        Attack.spec(
            dir,
            "id: bobs\ntransition_schema: public_next_bob\nrenames:\n  - table: public.orders\n"
                + "    columns:\n      amount_cents: amount\n");
    assertThat(a.asSuperuser("apply", alices.toString(), "--phase", "expand").code()).isZero();
    assertThat(a.asSuperuser("apply", bobs.toString(), "--phase", "expand").code()).isZero();
    assertThat(
            db.queryValue(
                "select nspowner::regrole::text from pg_namespace where nspname = 'public_next_bob'"))
        .isEqualTo(bob);

    // A later spec of bob's cannot move into alice's schema either.
    Path intoAlices =
        Attack.spec(
            dir,
            "id: bob-again\ntransition_schema: public_next_alice\nrenames:\n  - table: public.orders\n"
                + "    columns:\n      id: order_id\n");
    Run r = a.asSuperuser("check", intoAlices.toString());
    assertThat(r.code()).as("%s", r).isEqualTo(8);
    assertThat(r.all()).contains("schema public_next_alice is owned by " + alice);
  }
}
