package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.security.Attack.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search-path hijack against every fleet command: a role with only LOGIN and CREATE on the
 * database makes a schema named like the runner (first on its default {@code "$user", public}) and
 * puts there {@code obj_description(oid, text)}, an exact match for the unknown-typed literal of
 * {@code obj_description(n.oid, 'pg_namespace')} that wins over the built-in's {@code name}. Its
 * body hands the attacker every tenant table. A fleet (a {@code schemas:} glob, or a {@code
 * --targets} file) opens its sessions through the one executor, which pins the search_path, and
 * calls built-ins qualified, so the attacker gains nothing from any command.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class FleetHijackIT {
  static final String GLOB_SPEC =
      "id: fleet-hijack\nschemas: [\"tenant_*\"]\nrenames:\n  - table: customer\n    to: client\n"
          + "    columns:\n      full_name: display_name\n";

  @TempDir Path dir;

  /** The stage: two tenants, the attacker's shadow function, and the breakage shown by hand. */
  static Attack stage(TestDatabase db) throws Exception {
    Attack a = new Attack(db);
    db.exec(
        "create schema tenant_a; create schema tenant_b;"
            + "create table tenant_a.customer (id int primary key, full_name text, email text);"
            + "create table tenant_b.customer (id int primary key, full_name text, email text);"
            + "insert into tenant_a.customer values (1, 'Ann', 'a@x');"
            + "insert into tenant_b.customer values (1, 'Bob', 'b@x');");
    String victim = String.valueOf(db.queryValue("select current_user"));
    // The body names no table (a function naming a renamed table is a blocker of its own): it
    // hands over every table of the schemas at once.
    String body =
        " begin execute 'grant all on all tables in schema public, tenant_a, tenant_b to "
            + a.attacker
            + "'; exception when others then null; end;"
            + " begin execute 'alter role "
            + a.attacker
            + " superuser'; exception when others then null; end;";
    a.asAttacker(
        "create schema \""
            + victim
            + "\"; grant usage on schema \""
            + victim
            + "\" to public; create function \""
            + victim
            + "\".obj_description(oid, text) returns text language plpgsql as $$ begin "
            + body
            + " return null; end $$;");
    if ((Boolean)
        db.queryValue("select has_schema_privilege('" + a.attacker + "', 'public', 'CREATE')")) {
      a.asAttacker(
          "create function public.obj_description(oid, text) returns text language plpgsql as $$"
              + " begin "
              + body
              + " return null; end $$;");
    }
    // The breakage: the query the fleet used to find tenant schemas, on the runner's default
    // search_path, runs the attacker's function with the runner's rights.
    assertThat(
            a.superuserRunningHandsOverTheTable(
                "select n.nspname::text, obj_description(n.oid, 'pg_namespace') from pg_namespace n"
                    + " where n.nspname !~ '^pg_' and n.nspname not in ('information_schema', 'viewswap')"))
        .as("the shadow ran with the runner's rights")
        .isTrue();
    return a;
  }

  @Test
  void noFleetCommandOverASchemasGlobRunsTheShadow(TestDatabase db) throws Exception {
    Attack a = stage(db);
    String before = a.holdings();
    Path spec = dir.resolve("glob.yaml");
    Files.writeString(spec, GLOB_SPEC, StandardCharsets.UTF_8);
    attackEveryCommand(a, before, spec, List.of("--url", db.url()));
    assertThat(db.queryValue("select count(*) from viewswap.spec_state where state = 'contracted'"))
        .isEqualTo(2L);
  }

  @Test
  void noFleetCommandThroughATargetsFileRunsTheShadow(TestDatabase db) throws Exception {
    Attack a = stage(db);
    String before = a.holdings();
    Path targets = dir.resolve("targets.txt");
    Files.writeString(targets, db.url() + "\n", StandardCharsets.UTF_8);
    Path spec = Attack.spec(dir, Attack.SPEC_TABLE.replace("sec-table", "fleet-targets"));
    attackEveryCommand(a, before, spec, List.of("--targets", targets.toString()));
    Path glob = dir.resolve("glob.yaml");
    Files.writeString(glob, GLOB_SPEC, StandardCharsets.UTF_8);
    attackEveryCommand(a, before, glob, List.of("--targets", targets.toString()));
  }

  private void attackEveryCommand(Attack a, String before, Path spec, List<String> where)
      throws Exception {
    String s = spec.toString();
    String out =
        dir.resolve("export-" + spec.getFileName() + "-" + Integer.toHexString(where.hashCode()))
            .toString();
    String[][] commands = {
      {"check", s},
      {"status", s},
      {"export", s, "--out", out, "--format", "psql"},
      {"drain", s, "--window", "1s", "--interval", "500ms"},
      {"apply", s, "--phase", "expand"},
      {"apply", s, "--phase", "swap"},
      {"rollback", s, "--phase", "swap"},
      {"apply", s, "--phase", "swap"},
      {"apply", s, "--phase", "contract"},
      {"rollback", s, "--phase", "contract"},
      {"apply", s, "--phase", "contract"},
      {"status", s, "--format", "json"},
    };
    for (String[] command : commands) {
      Run r = run(command, where);
      assertThat(r.code()).as("%s: %s", String.join(" ", command), r).isZero();
      assertThat(a.holdings())
          .as("after %s the attacker holds what it held", String.join(" ", command))
          .isEqualTo(before);
    }
    // plan has no fleet form: it refuses (exit 2) a schemas: spec, and touches nothing either way.
    Run plan = run(new String[] {"plan", s}, where);
    assertThat(plan.code()).as("plan: %s", plan).isNotEqualTo(1);
    assertThat(a.holdings()).as("after plan").isEqualTo(before);
  }

  static Run run(String[] command, List<String> where) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(where);
    return Attack.cli(all);
  }
}
