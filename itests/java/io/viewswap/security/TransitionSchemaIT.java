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
}
