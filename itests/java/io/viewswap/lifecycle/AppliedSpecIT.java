package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.spec.SpecReader;
import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec as applied is kept with the state: a changed or lost spec file is not a dead end, and a
 * phase already done (or passed) exits 0 (issue 22 items 4 and 5).
 */
@ExtendWith(PostgresExtension.class)
class AppliedSpecIT {
  private static final String ID = "2026-11-customer-to-client";

  @Test
  void aChangedThenLostSpecIsRolledBackAllTheWayWithTheAppliedOne(
      TestDatabase db, @TempDir Path tmp) throws Exception {
    Example.load("customer-to-client").install(db);
    Catalog catalog = new Catalog(db.connect());
    String url = db.url();
    String before = catalog.fingerprint();
    Path spec = tmp.resolve("spec.yaml");
    String text = Files.readString(Example.specFile("customer-to-client"));
    Files.writeString(spec, text);

    assertThat(CliRun.of("apply", spec.toString(), "--phase", "expand", "--url", url).exit())
        .isZero();
    assertThat(CliRun.of("apply", spec.toString(), "--phase", "swap", "--url", url).exit())
        .isZero();

    // Item 5: an earlier phase once later ones ran is already done, exit 0, nothing runs.
    CliRun again = CliRun.of("apply", spec.toString(), "--phase", "expand", "--url", url);
    assertThat(again.exit()).as("expand once swapped: %s", again).isZero();
    assertThat(again.out()).contains("already swapped");

    // The file is edited after the swap.
    Files.writeString(spec, text.replace("email_addr: email", "email_addr: mail"));
    CliRun contract = CliRun.of("apply", spec.toString(), "--phase", "contract", "--url", url);
    assertThat(contract.exit()).as("contract with a changed spec: %s", contract).isEqualTo(4);
    assertThat(contract.err())
        .contains("the spec changed since swap (state swapped)")
        .contains(
            "- public.customer -> client, column full_name -> display_name, column email_addr -> email")
        .contains(
            "+ public.customer -> client, column full_name -> display_name, column email_addr -> mail")
        .contains("viewswap status --show-spec " + ID);

    // check with the edited file says the spec changed, from the stored one, not that the
    // database was changed by hand (which is what reading the edited names against it suggests).
    CliRun check = CliRun.of("check", spec.toString(), "--url", url);
    assertThat(check.exit()).as("check with a changed spec: %s", check).isEqualTo(4);
    assertThat(check.err())
        .contains("the spec changed since swap (state swapped)")
        .contains(
            "+ public.customer -> client, column full_name -> display_name, column email_addr -> mail")
        .doesNotContain("changed by hand");

    // The breakage without a stored spec (a row as state v2 wrote it): rollback with the edited
    // file is refused, and without the file there is nothing to roll back with.
    Object stored = db.queryValue("select applied_spec from viewswap.spec_state");
    assertThat(stored).as("the applied spec is stored with the state").isNotNull();
    db.exec("update viewswap.spec_state set applied_spec = null");
    CliRun refused = CliRun.of("rollback", spec.toString(), "--phase", "swap", "--url", url);
    assertThat(refused.exit()).as("v2 row, edited spec: %s", refused).isEqualTo(4);
    CliRun noWay = CliRun.of("rollback", "--spec-id", ID, "--phase", "swap", "--url", url);
    assertThat(noWay.exit()).as("v2 row, no file: %s", noWay).isEqualTo(4);
    assertThat(noWay.err()).contains("holds no applied spec");
    db.exec(
        "update viewswap.spec_state set applied_spec = '"
            + stored.toString().replace("'", "''")
            + "'");

    // With it: the edited file's rollback runs with the applied spec, and says so.
    CliRun swapBack = CliRun.of("rollback", spec.toString(), "--phase", "swap", "--url", url);
    assertThat(swapBack.exit()).as("rollback with an edited spec: %s", swapBack).isZero();
    assertThat(swapBack.err()).contains("rolling back with the applied spec");

    // The file is lost: status prints the applied spec, and rollback runs from the state.
    Files.delete(spec);
    CliRun show = CliRun.of("status", "--show-spec", ID, "--url", url);
    assertThat(show.exit()).as("%s", show).isZero();
    assertThat(new SpecReader().parse(show.out(), "shown").checksum())
        .as("the YAML printed is the spec as applied")
        .isEqualTo(new SpecReader().parse(text, "original").checksum());
    CliRun status = CliRun.of("status", "--url", url);
    assertThat(status.out()).contains("applied spec:").contains("email_addr");
    CliRun expandBack = CliRun.of("rollback", "--spec-id", ID, "--phase", "expand", "--url", url);
    assertThat(expandBack.exit()).as("rollback without the file: %s", expandBack).isZero();
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("planned");
    assertThat(catalog.fingerprint()).as("the catalog as before expand").isEqualTo(before);
    assertThat(db.query("select id, full_name, email_addr from public.customer"))
        .as("rows readable under the old names")
        .isNotEmpty();

    // Item 5, backwards: a rollback requested past the state is already done.
    CliRun past = CliRun.of("rollback", "--spec-id", ID, "--phase", "swap", "--url", url);
    assertThat(past.exit()).as("swap rollback once planned: %s", past).isZero();
    assertThat(past.out()).contains("already planned");
  }

  /**
   * A phase run from an exported script stores the spec it was exported from: `status --show-spec`
   * prints it, so rollback works without the file whichever way the phase ran.
   */
  @Test
  void anExportedScriptStoresTheSpecItRan(TestDatabase db, @TempDir Path tmp) throws Exception {
    Example.load("customer-to-client").install(db);
    String url = db.url();
    Path spec = Example.specFile("customer-to-client");
    Path out = tmp.resolve("out");
    CliRun export = CliRun.of("export", spec.toString(), "--out", out.toString(), "--url", url);
    assertThat(export.exit()).as("%s", export).isZero();
    io.viewswap.ecosystem.Runners.PsqlRun expand =
        io.viewswap.ecosystem.Runners.psql(db, out.resolve("01-expand.sql"));
    assertThat(expand.exitCode()).as(expand.output()).isZero();
    CliRun show = CliRun.of("status", "--show-spec", ID, "--url", url);
    assertThat(show.exit()).as("%s", show).isZero();
    assertThat(new SpecReader().parse(show.out(), "shown").checksum())
        .as("the spec stored by the script is the one exported")
        .isEqualTo(new SpecReader().read(spec).checksum());
    CliRun back = CliRun.of("rollback", "--spec-id", ID, "--phase", "expand", "--url", url);
    assertThat(back.exit()).as("rollback without the file: %s", back).isZero();
    assertThat(db.queryValue("select state from viewswap.spec_state")).isEqualTo("planned");
  }

  @Test
  void aStateSchemaOfV2MidLifecycleIsUpgradedInPlaceAndFinishes(TestDatabase db, @TempDir Path tmp)
      throws Exception {
    Example.load("customer-to-client").install(db);
    Catalog catalog = new Catalog(db.connect());
    String url = db.url();
    String before = catalog.fingerprint();
    Path spec = tmp.resolve("spec.yaml");
    Files.copy(Example.specFile("customer-to-client"), spec);
    assertThat(CliRun.of("apply", spec.toString(), "--phase", "expand", "--url", url).exit())
        .isZero();

    // The state as main's viewswap (state v2) leaves it after expand: its install.sql, its
    // finish_phase, its mark, and a row without the applied spec.
    String v2;
    try (InputStream in = AppliedSpecIT.class.getResourceAsStream("/state/install-v2.sql")) {
      v2 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    db.exec(
        "drop function viewswap.finish_phase(text, text, text, text, text, text, text, timestamptz,"
            + " integer, bigint, bigint, text[], text)");
    db.exec("alter table viewswap.spec_state drop column applied_spec");
    db.exec(v2);
    db.exec("comment on schema viewswap is 'viewswap state v2'");
    assertThat(
            db.queryValue(
                "select count(*) from pg_proc where proname = 'finish_phase' and pronargs = 12"))
        .isEqualTo(1L);

    CliRun status = CliRun.of("status", spec.toString(), "--url", url);
    assertThat(status.exit()).as("status on v2: %s", status).isZero();
    assertThat(status.out()).contains("expanded").doesNotContain("applied spec:");

    CliRun swap = CliRun.of("apply", spec.toString(), "--phase", "swap", "--url", url);
    assertThat(swap.exit()).as("swap upgrades the state: %s", swap).isZero();
    assertThat(db.queryValue("select obj_description('viewswap'::regnamespace, 'pg_namespace')"))
        .isEqualTo(io.viewswap.state.StateStore.VERSION_MARK);
    assertThat(db.queryValue("select applied_spec is not null from viewswap.spec_state"))
        .isEqualTo(true);

    Files.delete(spec);
    for (String phase : new String[] {"swap", "expand"}) {
      CliRun back = CliRun.of("rollback", "--spec-id", ID, "--phase", phase, "--url", url);
      assertThat(back.exit()).as("%s rollback without the file: %s", phase, back).isZero();
    }
    assertThat(catalog.fingerprint()).isEqualTo(before);
  }
}
