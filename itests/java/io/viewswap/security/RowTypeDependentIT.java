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
 * A view has a row type that goes with it. A column of another table, a function's argument or
 * result, a domain or a cast of that type (or of its array) blocks DROP VIEW (2BP01) though nothing
 * reads the view: {@code check} names each as a blocker before the swap or the expand rollback
 * would fail on it.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class RowTypeDependentIT {
  @TempDir Path dir;

  @Test
  void aColumnOfTheViewsRowTypeBlocksTheSwapInCheck(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    Path spec = Attack.spec(dir, Attack.SPEC_COLUMNS);
    Run expand = a.asSuperuser("apply", spec.toString(), "--phase", "expand");
    assertThat(expand.code()).as("%s", expand).isZero();
    db.exec("create table public.snapshot (id int, taken public_next.customer)");

    // The breakage, by hand: the swap's first statement fails.
    assertThatThrownBy(() -> db.exec("begin; drop view public_next.customer; rollback"))
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("2BP01"));

    Run check = a.asSuperuser("check", spec.toString());
    assertThat(check.code()).as("%s", check).isEqualTo(8);
    assertThat(check.all())
        .contains("column taken of table public.snapshot")
        .contains("depends on public_next.customer")
        .contains("row type");
    Run swap = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(swap.code()).as("refused before anything ran: %s", swap).isEqualTo(8);
    assertThat(swap.all()).doesNotContain("2BP01");
    Run rollback = a.asSuperuser("rollback", spec.toString(), "--phase", "expand");
    assertThat(rollback.code()).as("the expand rollback drops it too: %s", rollback).isEqualTo(8);
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("expanded");

    // Every other use of the row type or its array: each named.
    db.exec(
        "drop table public.snapshot;"
            + "create table public.history (id int, versions public_next.customer[]);"
            + "create function public.label(c public_next.customer) returns text language sql"
            + " as $$ select c.display_name $$;"
            + "create domain public.customer_row as public_next.customer;");
    Run more = a.asSuperuser("check", spec.toString());
    assertThat(more.code()).as("%s", more).isEqualTo(8);
    assertThat(more.all())
        .contains("column versions of table public.history")
        .contains("function public.label(public_next.customer)")
        .contains("type public.customer_row");

    db.exec(
        "drop table public.history; drop function public.label(public_next.customer);"
            + " drop domain public.customer_row");
    Run swapped = a.asSuperuser("apply", spec.toString(), "--phase", "swap");
    assertThat(swapped.code()).as("%s", swapped).isZero();
  }
}
