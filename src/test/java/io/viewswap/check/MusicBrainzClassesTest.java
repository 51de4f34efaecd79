package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Finding;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.Snapshots;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Classes of case found on MusicBrainz's schema (itests/resources/corpus/fetched/musicbrainz), each
 * on the customer-to-client example's snapshot with the one body that shows it.
 */
class MusicBrainzClassesTest {
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");

  /**
   * The example's catalog where customer has a column named like itself (MusicBrainz's url.url).
   */
  private static CatalogSnapshot snapshot(FunctionSource... functions) {
    return Snapshots.from(Snapshots.example("customer-to-client"))
        .table(CUSTOMER, t -> Snapshots.renameColumn(t, "full_name", "customer"))
        .functions(List.of(functions))
        .build();
  }

  private static List<String> blockers(String yaml, FunctionSource... functions) throws Exception {
    Spec spec = new SpecReader().parse(yaml, "t.yaml");
    List<Finding> found =
        new Checker().check(spec, snapshot(functions), State.PLANNED, Direction.FORWARD).findings();
    return found.stream()
        .filter(f -> f.severity() == Severity.BLOCKER)
        .filter(f -> f.code().startsWith("function-body"))
        .map(f -> f.code() + ": " + f.diagnostic().message())
        .toList();
  }

  private static FunctionSource onCustomer(String body) {
    return new FunctionSource(
        "public.f()",
        "plpgsql",
        body,
        List.of(CUSTOMER),
        List.of(),
        List.of(new FunctionSource.Trigger("t", CUSTOMER, List.of())));
  }

  static final String RENAME_COLUMN =
      "id: c\nrenames:\n  - table: public.customer\n    columns:\n      customer: holder\n";
  static final String RENAME_TABLE =
      "id: t\nrenames:\n  - table: public.customer\n    to: client\n";

  /**
   * MusicBrainz's remove_unused_url() fires on url (and the l_*_url tables) and tests {@code
   * TG_TABLE_NAME LIKE 'url'}: that string is the table's name. Renaming the column url.url leaves
   * the test as it was (ALTER TABLE url RENAME COLUMN url TO address, then UPDATE url: the trigger
   * takes the same branch and nothing fails), renaming the table url does not.
   */
  @Test
  void aStringComparedWithTheFiringTableNamesTheTableNotItsColumn() throws Exception {
    FunctionSource f =
        onCustomer(
            "begin\n  if TG_TABLE_NAME like 'customer' then\n    perform purge(OLD.id);\n  end if;\n"
                + "  return null;\nend");
    assertThat(blockers(RENAME_COLUMN, f)).as("the column customer.customer").isEmpty();
    assertThat(blockers(RENAME_TABLE, f))
        .as("the table: the test no longer holds")
        .singleElement()
        .satisfies(
            m -> assertThat(m).contains("TG_TABLE_NAME LIKE 'customer' is true for customer"));
    for (String test :
        List.of(
            "TG_TABLE_NAME = 'customer'",
            "'customer' = TG_TABLE_NAME",
            "TG_TABLE_NAME in ('orders', 'customer')",
            "TG_TABLE_SCHEMA <> 'customer'")) {
      assertThat(
              blockers(
                  RENAME_COLUMN,
                  onCustomer("begin if " + test + " then return NEW; end if; return null; end")))
          .as(test)
          .isEmpty();
    }
    assertThat(
            blockers(
                RENAME_COLUMN,
                onCustomer(
                    "begin if to_jsonb(NEW) ->> 'customer' is null then return null; end if; return NEW; end")))
        .as("the same string read as the row's field is the column")
        .hasSize(1);
  }

  static final String RENAME_EMAIL =
      "id: e\nrenames:\n  - table: public.customer\n    columns:\n      email_addr: email\n";

  /**
   * MusicBrainz's remove_unused_url() fires on every l_*_url table and reads {@code OLD.entity0}
   * only under {@code IF TG_TABLE_NAME LIKE 'l_url_%'}: on l_artist_url that block never runs, and
   * PL/pgSQL resolves {@code OLD.entity0} only when it runs it (ALTER TABLE l_artist_url RENAME
   * COLUMN entity0 TO artist, then DELETE FROM l_artist_url: nothing fails, the same rows go).
   */
  @Test
  void aFieldInABranchTheTriggersTableNeverTakesBreaksNothing() throws Exception {
    assertThat(
            blockers(
                RENAME_EMAIL,
                onCustomer(
                    "begin\n  if TG_TABLE_NAME like 'l_url_%' then\n    perform purge(OLD.email_addr);\n"
                        + "  end if;\n  return null;\nend")))
        .as("the block runs only on tables named l_url_%")
        .isEmpty();
    assertThat(
            blockers(
                RENAME_EMAIL,
                onCustomer(
                    "begin\n  if (TG_TABLE_NAME = 'customer') then\n    return NEW;\n"
                        + "  elsif TG_TABLE_NAME = 'orders' then\n    perform purge(OLD.email_addr);\n"
                        + "  else\n    if OLD.id > 0 then perform purge(OLD.email_addr); end if;\n"
                        + "  end if;\n  return null;\nend")))
        .as("the branches after the one customer takes")
        .isEmpty();
    assertThat(
            blockers(
                RENAME_EMAIL,
                onCustomer(
                    "begin\n  if TG_TABLE_NAME = 'customer' then\n"
                        + "    perform purge(case when OLD.id > 0 then OLD.email_addr else null end);\n"
                        + "  end if;\n  return null;\nend")))
        .as("the block customer takes")
        .hasSize(1);
    assertThat(
            blockers(
                RENAME_EMAIL,
                onCustomer(
                    "begin\n  if TG_TABLE_NAME = 'orders' or OLD.id > 0 then\n    perform purge(OLD.email_addr);\n"
                        + "  end if;\n  return null;\nend")))
        .as("another part of the condition may take the branch")
        .hasSize(1);
    assertThat(
            blockers(
                RENAME_EMAIL,
                onCustomer(
                    "begin\n  if OLD.id > 0 then\n    if TG_TABLE_NAME = 'orders' then\n"
                        + "      drop table if exists scratch;\n    end if;\n"
                        + "    perform purge(OLD.email_addr);\n  end if;\n  return null;\nend")))
        .as("after the block: the IF of DROP TABLE IF EXISTS opens no block")
        .hasSize(1);
    assertThat(
            blockers(
                "id: b\nrenames:\n  - table: public.customer\n    to: client\n    columns:\n      email_addr: email\n",
                onCustomer(
                    "begin\n  if TG_TABLE_NAME = 'client' then\n    perform purge(OLD.email_addr);\n"
                        + "  end if;\n  return null;\nend")))
        .as("a block that runs once the table has its new name")
        .anyMatch(m -> m.contains("\"email_addr\""));
  }
}
