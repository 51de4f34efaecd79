package io.viewswap.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.api.Direction;
import io.viewswap.api.Severity;
import io.viewswap.api.State;
import io.viewswap.catalog.CatalogSnapshot;
import io.viewswap.catalog.FunctionSource;
import io.viewswap.catalog.SnapshotJson;
import io.viewswap.catalog.Snapshots;
import io.viewswap.spec.QualifiedName;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trigger function that no trigger calls (supabase/storage's delete_prefix_hierarchy_trigger()
 * and objects_update_prefix_trigger(), left behind when migration 0040 dropped their triggers):
 * PostgreSQL runs it only as a trigger, so its NEW and OLD are no table's rows and renaming a
 * column it reads through them breaks nothing. check blocked every table with a column of that name
 * (storage.migrations.name, storage.iceberg_tables.name, ...), because an empty list of triggers
 * was taken for "not known". Read from the catalog, the list is known: empty means none. On the
 * customer-to-client example (full_name becomes display_name).
 */
class TriggerlessFunctionTest {
  static final Path PROJECT = Path.of(System.getProperty("viewswap.project.dir", "."));
  static final QualifiedName CUSTOMER = new QualifiedName("public", "customer");

  /** As supabase/storage's delete_prefix_hierarchy_trigger() reads OLD."name". */
  static final String BODY =
      "\nBEGIN\n  PERFORM public.forget(OLD.\"full_name\");\n  RETURN OLD;\nEND\n";

  private final Spec spec = spec(PROJECT.resolve("specs/examples/customer-to-client.yaml"));

  private static Spec spec(Path file) {
    try {
      return new SpecReader().read(file);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> blockers(FunctionSource f) {
    CatalogSnapshot s =
        Snapshots.from(Snapshots.example("customer-to-client")).functions(List.of(f)).build();
    return new Checker()
        .check(spec, s, State.PLANNED, Direction.FORWARD).of(Severity.BLOCKER).stream()
            .map(x -> x.diagnostic().message())
            .toList();
  }

  private static FunctionSource function(boolean triggersRead, FunctionSource.Trigger... on) {
    return new FunctionSource(
        "public.cleanup()",
        "plpgsql",
        BODY,
        java.util.Arrays.stream(on).map(FunctionSource.Trigger::table).toList(),
        List.of(),
        List.of(on),
        false,
        triggersRead);
  }

  @Test
  void aTriggerFunctionNoTriggerCallsBreaksNothing() {
    assertThat(blockers(function(false)))
        .as("what check said before: triggers not known, so OLD may be a customer row")
        .singleElement()
        .asString()
        .contains("public.cleanup()")
        .contains("\"full_name\"");
    assertThat(blockers(function(true)))
        .as("read from the catalog: no trigger calls it, so its OLD is no table's row")
        .isEmpty();
  }

  @Test
  void theTablesATriggerFunctionNoTriggerCallsNamesAreNotReadEither() {
    // as supabase/storage's objects_update_prefix_trigger(), left behind by 0040
    FunctionSource orphan =
        new FunctionSource(
            "public.forget()",
            "plpgsql",
            "\nBEGIN\n  IF TG_OP = 'DELETE' THEN\n    DELETE FROM public.customer WHERE id = 0;\n"
                + "  END IF;\n  RETURN NULL;\nEND\n",
            List.of(),
            List.of(),
            List.of(),
            false,
            true);
    assertThat(blockers(orphan)).as("it never runs").isEmpty();
    FunctionSource notATrigger =
        new FunctionSource(
            "public.forget()",
            "plpgsql",
            "\nBEGIN\n  DELETE FROM public.customer WHERE id = 0;\nEND\n",
            List.of(),
            List.of(),
            List.of(),
            false,
            true);
    assertThat(blockers(notATrigger))
        .as("a function that reads no trigger variable may be called from anywhere")
        .singleElement()
        .asString()
        .contains("\"customer\"");
  }

  @Test
  void aTriggerFunctionCalledOnTheTableStillBreaks() {
    assertThat(blockers(function(true, new FunctionSource.Trigger("cleanup", CUSTOMER, List.of()))))
        .as("OLD is a customer row")
        .singleElement()
        .asString()
        .contains("\"full_name\"");
    assertThat(
            blockers(
                function(
                    true,
                    new FunctionSource.Trigger(
                        "cleanup", new QualifiedName("public", "orders"), List.of()))))
        .as("OLD is an orders row")
        .isEmpty();
  }

  @Test
  void aSnapshotFileKeepsWhetherTheTriggersWereRead() throws Exception {
    CatalogSnapshot s =
        Snapshots.from(Snapshots.example("customer-to-client"))
            .functions(List.of(function(true)))
            .build();
    String json = SnapshotJson.write(s);
    assertThat(SnapshotJson.read(json).functions())
        .as("a snapshot taken with viewswap snapshot and checked offline")
        .singleElement()
        .matches(FunctionSource::triggersRead);
    assertThat(blockers(SnapshotJson.read(json).functions().get(0))).isEmpty();
    assertThat(
            SnapshotJson.read(json.replace("\"triggersRead\" : true", "\"other\" : 0")).functions())
        .as("a file written before the field: not known, read cautiously")
        .singleElement()
        .matches(f -> !f.triggersRead());
  }
}
