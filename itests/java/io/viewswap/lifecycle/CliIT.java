package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a pipeline stage sees it: exit codes, the messages that say what to fix, the
 * JSON keys the design promises, and that every refused run leaves the database as it was. Runs the
 * CLI in-process.
 */
@ExtendWith(PostgresExtension.class)
class CliIT {

  /** What one CLI invocation printed and returned. */
  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private static Map<String, Object> json(CliRun run) throws Exception {
    return new ObjectMapper().readValue(run.out(), new TypeReference<Map<String, Object>>() {});
  }

  @Test
  void exitCodesMessagesAndJson(TestDatabase db, @TempDir Path tmp) throws Exception {
    Example example = Example.load("customer-to-client");
    example.install(db);
    Catalog catalog = new Catalog(db.connect());
    String url = db.url();
    String spec = Example.specFile("customer-to-client").toString();
    String before = catalog.fingerprint();

    // A spec naming a column the table does not have: exit 3, pointing at the spec's line and
    // column.
    String text = Files.readString(Path.of(spec));
    String good = "full_name: display_name";
    String bad = "fullname: display_name";
    assertThat(text).as("the example renames full_name").contains(good);
    Path badSpec = tmp.resolve("bad.yaml");
    Files.writeString(badSpec, text.replace(good, bad));
    String replaced = text.replace(good, bad);
    int offset = replaced.indexOf(bad);
    int line = (int) replaced.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
    int column = offset - replaced.lastIndexOf('\n', offset - 1);
    String where = badSpec + ":" + line + ":" + column;
    CliRun check = cli("check", badSpec.toString(), "--url", url);
    assertThat(check.exit()).as("check of a spec with a missing column: %s", check).isEqualTo(3);
    assertThat(check.all())
        .as("names the place and the column")
        .contains(where)
        .contains("fullname");
    CliRun applyBad = cli("apply", badSpec.toString(), "--phase", "expand", "--url", url);
    assertThat(applyBad.exit()).as("apply of that spec: %s", applyBad).isEqualTo(3);
    assertThat(applyBad.err()).as("apply says where too").contains(where).contains("fullname");
    assertNothingChanged(catalog, before, "after the invalid spec");

    // A plpgsql body naming a renamed column would break after the swap: a blocker, exit 8.
    db.exec(
        "CREATE FUNCTION public.customer_label(p_id bigint) RETURNS text LANGUAGE plpgsql AS"
            + " $$ BEGIN RETURN (SELECT full_name FROM public.customer WHERE id = p_id); END $$");
    String withFunction = catalog.fingerprint();
    CliRun blocked = cli("check", spec, "--url", url);
    assertThat(blocked.exit()).as("check with a blocker: %s", blocked).isEqualTo(8);
    assertThat(blocked.all()).as("names the function").contains("customer_label");
    CliRun applyBlocked = cli("apply", spec, "--phase", "expand", "--url", url);
    assertThat(applyBlocked.exit()).as("apply refuses blockers: %s", applyBlocked).isEqualTo(8);
    assertNothingChanged(catalog, withFunction, "after the blocked apply");
    db.exec("DROP FUNCTION public.customer_label(bigint)");

    // Out of order: exit 4.
    CliRun outOfOrder = cli("apply", spec, "--phase", "swap", "--url", url);
    assertThat(outOfOrder.exit()).as("swap before expand: %s", outOfOrder).isEqualTo(4);
    assertThat(outOfOrder.err()).as("says where the spec stands").contains("planned");
    assertNothingChanged(catalog, before, "after the refused swap");

    // Cannot connect: exit 7.
    CliRun unreachable = cli("status", spec, "--url", "jdbc:postgresql://127.0.0.1:1/x");
    assertThat(unreachable.exit()).as("unreachable server: %s", unreachable).isEqualTo(7);
    CliRun unreachableApply =
        cli("apply", spec, "--phase", "expand", "--url", "jdbc:postgresql://127.0.0.1:1/x");
    assertThat(unreachableApply.exit())
        .as("apply on an unreachable server: %s", unreachableApply)
        .isEqualTo(7);

    // apply --format json: the keys the design promises.
    CliRun apply = cli("apply", spec, "--phase", "expand", "--format", "json", "--url", url);
    assertThat(apply.exit()).as("apply expand: %s", apply).isZero();
    Map<String, Object> result = json(apply);
    assertThat(result)
        .as("apply JSON")
        .containsKeys(
            "spec", "phase", "state", "attempts", "lock_wait_ms", "lock_held_ms", "statements");
    assertThat(result)
        .as("apply JSON values")
        .containsEntry("spec", example.spec().id())
        .containsEntry("phase", "expand")
        .containsEntry("state", "expanded")
        .containsEntry("attempts", 1);
    assertThat((List<?>) result.get("statements")).as("statements run").isNotEmpty();
    assertThat(catalog.userViews())
        .as("the transitional view exists")
        .containsExactly("public.client");

    CliRun status = cli("status", spec, "--format", "json", "--url", url);
    assertThat(status.exit()).as("status: %s", status).isZero();
    Map<String, Object> st = json(status);
    assertThat(st)
        .as("status JSON")
        .containsEntry("spec", example.spec().id())
        .containsEntry("state", "expanded")
        .containsEntry("next_phase", "swap")
        .containsKey("history");
    assertThat((List<?>) st.get("history")).as("one run in the history").hasSize(1);

    // Out of order the other way, with JSON: exit 4 and an error object, nothing changed.
    String expanded = catalog.fingerprint();
    CliRun contract = cli("apply", spec, "--phase", "contract", "--format", "json", "--url", url);
    assertThat(contract.exit()).as("contract while expanded: %s", contract).isEqualTo(4);
    assertThat(json(contract)).as("JSON error").containsKey("error");
    assertThat(catalog.fingerprint())
        .as("nothing changed after the refused contract")
        .isEqualTo(expanded);
  }

  private static void assertNothingChanged(Catalog catalog, String before, String when)
      throws SQLException {
    assertThat(catalog.userViews()).as("no view exists %s", when).isEmpty();
    assertThat(catalog.fingerprint()).as("schema unchanged %s", when).isEqualTo(before);
  }
}
