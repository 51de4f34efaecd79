package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Finding;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog read is narrowed to the names a spec can meet: its tables under old and new names and
 * its views, not every relation of the schema (a schema of thousands of tables made every cold
 * start read all of them). Every collision the checks caught before is still caught, whatever kind
 * of object holds the name, and a missing table still gets its "did you mean".
 */
@ExtendWith(PostgresExtension.class)
class CatalogNamesIT {

  @Test
  void onlyTheSpecsNamesAreReadAndEveryCollisionIsStillFound(TestDatabase db) throws Exception {
    Example table = Example.load("customer-to-client");
    table.install(db);
    Example columns = Example.load("columns-only");
    columns.install(db);
    db.exec(
        "DO $$ BEGIN FOR i IN 1..300 LOOP EXECUTE format('CREATE TABLE public.filler_%s (id int PRIMARY KEY)', i);"
            + " END LOOP; END $$");
    ViewSwap vs = Example.viewSwap(db);

    CatalogSnapshot snap = SnapshotJson.read(vs.snapshot(table.spec()));
    assertThat(snap.relations().keySet())
        .as("only the spec's names are read, not the 300 other tables")
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("public.customer");
    assertThat(codes(vs, table)).as("nothing in the way").doesNotContain("table-name-taken");

    // The new table name is taken: by an index, a sequence, a stand-alone composite type, a view.
    for (String taker :
        List.of(
            "CREATE INDEX client ON public.filler_1 (id)",
            "CREATE SEQUENCE public.client",
            "CREATE TYPE public.client AS (a int)",
            "CREATE VIEW public.client AS SELECT 1 AS a")) {
      db.exec(taker);
      assertThat(codes(vs, table)).as("after %s", taker).contains("table-name-taken");
      db.exec("DROP " + taker.split(" ")[1] + " public.client");
      assertThat(codes(vs, table)).as("after dropping it again").doesNotContain("table-name-taken");
    }

    // The transitional view's name is taken in the transition schema.
    db.exec("CREATE SCHEMA public_next; CREATE TABLE public_next.orders (id int)");
    assertThat(codes(vs, columns)).as("a table where the view goes").contains("view-name-taken");
    db.exec("DROP SCHEMA public_next CASCADE");
    assertThat(codes(vs, columns)).doesNotContain("view-name-taken");

    // A misspelt table: the tables of its schema are read after all, for the suggestion.
    Example typo =
        Example.inline(
            "typo",
            """
                id: typo
                renames:
                  - table: public.custmer
                    to: client
                """,
            "customer-to-client");
    List<Finding> found = vs.check(typo.spec()).report().findings();
    assertThat(found)
        .as("missing table with a suggestion")
        .anySatisfy(
            f -> {
              assertThat(f.code()).isEqualTo("missing-table");
              assertThat(f.diagnostic().hint()).contains("did you mean \"customer\"");
            });
  }

  private static List<String> codes(ViewSwap vs, Example e) {
    return vs.check(e.spec()).report().findings().stream().map(Finding::code).toList();
  }
}
