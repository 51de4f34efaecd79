package io.viewswap.topology;

import static io.viewswap.topology.Topology.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.pg.EmbeddedPostgres;
import io.viewswap.support.CliRun;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A spec in the expanded state, dumped with the real {@code pg_dump} (plain and custom format) and
 * restored with {@code psql} / {@code pg_restore} into a new database: every schema gets a new oid,
 * so the oid viewswap recorded for its transition schema names nothing, and {@code ALTER ROLE ...
 * IN DATABASE} (the release role's search_path) is not in the dump. Each test first shows what that
 * breaks with the state as viewswap wrote it before the mark (the row without it), then the
 * lifecycle finishing and rolling back on a restored copy, then that a schema an attacker made
 * under the name, with the mark copied onto it, or one a restore handed the owner and the mark of
 * viewswap's, is still refused.
 *
 * <p>The server is Debian's PostgreSQL 15 ({@code postgresql-15}, which {@code
 * .ci/ensure-pg-extensions.sh} installs), started by this class, so that Debian's pg_dump 15 and
 * pg_restore 15 ({@code postgresql-client-15}) match it; as uid 65534 when the tests run as root.
 */
class RestoreIT {
  static final Path INSTALLATION = Path.of("/usr/lib/postgresql/15");
  static final String PACKAGES = "postgresql-15 postgresql-client-15";

  static EmbeddedPostgres pg;
  @TempDir Path dir;

  enum Format {
    PLAIN,
    CUSTOM
  }

  @BeforeAll
  static void startDebianPostgres() throws Exception {
    List<String> missing = new ArrayList<>();
    for (String program : List.of("postgres", "pg_dump", "pg_restore", "psql")) {
      if (!Files.isExecutable(INSTALLATION.resolve("bin").resolve(program))) {
        missing.add(INSTALLATION.resolve("bin").resolve(program).toString());
      }
    }
    assertThat(missing)
        .as(
            "RestoreIT dumps and restores with Debian's PostgreSQL 15 tools, but %s is missing:"
                + " apt-get install %s (the build does so when it runs as root) and run again",
            missing, PACKAGES)
        .isEmpty();
    pg =
        EmbeddedPostgres.startInstalled(
            INSTALLATION,
            Map.of(),
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  /** A database in the expanded state with a column-only spec (so a transition schema). */
  /** A login role of the cluster (password x), by name. */
  private static String login(String role) throws SQLException {
    exec("postgres", "create role " + role + " login password 'x'");
    return role;
  }

  private Path expanded(String source, String releaseRole) throws Exception {
    pg.createDatabase(source);
    exec(
        source,
        Topology.TABLE + " grant select, insert, update on public.customer to " + releaseRole);
    Path spec = dir.resolve(source + ".yaml");
    Files.writeString(
        spec,
        "id: restored\nrenames:\n  - table: public.customer\n    columns:\n"
            + "      full_name: display_name\noptions:\n  release_role: "
            + releaseRole
            + "\n");
    CliRun expand = cli(pg.jdbcUrl(source), "apply", spec.toString(), "--phase", "expand");
    assertThat(expand.exit()).as("%s", expand).isZero();
    assertThat(readNewName(source, releaseRole)).isEqualTo("Ann");
    return spec;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aRestoredExpandedSpecContractsAndRollsBackWithItsTransitionSchema(Format format)
      throws Exception {
    String tag = format.name().toLowerCase(Locale.ROOT) + "_" + Long.toHexString(System.nanoTime());
    String role = "release_" + tag;
    String source = "src_" + tag;
    Path spec = expanded(source, login(role));
    Path dump = dump(format, source);

    // The breakage, with the state row as viewswap wrote it before the mark (found by oid only).
    String old = restore(format, dump, "old_" + tag);
    assertThat(value(old, "select count(*) from viewswap.transition_schema"))
        .as("the row came along")
        .isEqualTo(1L);
    assertThat(
            value(
                old,
                "select count(*) from viewswap.transition_schema"
                    + " where schema_oid = 'public_next'::regnamespace"))
        .as("but the restore gave the schema a new oid")
        .isEqualTo(0L);
    exec(old, "update viewswap.transition_schema set mark = null, owner_name = null");
    assertThat(run(old, "apply", spec, "--phase", "swap").exit()).isZero();
    assertThat(run(old, "apply", spec, "--phase", "contract").exit()).isZero();
    assertThat(value(old, "select to_regnamespace('public_next') is not null"))
        .as("contract left the transition schema behind")
        .isEqualTo(true);
    CliRun back = run(old, "rollback", spec, "--phase", "contract");
    assertThat(back.exit()).as("%s", back).isEqualTo(8);
    assertThat(back.all()).contains("viewswap did not create it");

    // The fix: the schema is recognised by its name, owner and mark; contract drops it.
    String fixed = restore(format, dump, "new_" + tag);
    assertThatThrownBy(() -> readNewName(fixed, role))
        .as("the release role's setting is not in the dump: the new release reads old names")
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("display_name");
    CliRun check = run(fixed, "check", spec);
    assertThat(check.exit()).as("%s", check).isZero();
    assertThat(check.out()).contains("has no search_path in database " + fixed);
    CliRun swap = run(fixed, "apply", spec, "--phase", "swap");
    assertThat(swap.exit()).as("%s", swap).isZero();
    assertThat(roleSetting(fixed, role))
        .as("swap put the release role's setting back")
        .isEqualTo("search_path=public_next, public");
    CliRun swapBack = run(fixed, "rollback", spec, "--phase", "swap");
    assertThat(swapBack.exit()).as("%s", swapBack).isZero();
    assertThat(readNewName(fixed, role)).isEqualTo("Ann");
    assertThat(run(fixed, "apply", spec, "--phase", "swap").exit()).isZero();
    CliRun contract = run(fixed, "apply", spec, "--phase", "contract");
    assertThat(contract.exit()).as("%s", contract).isZero();
    assertThat(value(fixed, "select to_regnamespace('public_next') is null"))
        .as("contract dropped the transition schema")
        .isEqualTo(true);
    assertThat(value(fixed, "select count(*) from viewswap.transition_schema")).isEqualTo(0L);
    assertThat(roleSetting(fixed, role)).as("and gave the role back what it had").isNull();
    for (String phase : List.of("contract", "swap", "expand")) {
      CliRun r = run(fixed, "rollback", spec, "--phase", phase);
      assertThat(r.exit()).as("rollback %s: %s", phase, r).isZero();
    }
    assertThat(value(fixed, "select to_regnamespace('public_next') is null")).isEqualTo(true);
    assertThat(run(fixed, "apply", spec, "--phase", "expand").exit()).isZero();
    assertThat(readNewName(fixed, role)).isEqualTo("Ann");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void aRestoredExpandedSpecRollsBackAndExpandsAgain(Format format) throws Exception {
    String tag = format.name().toLowerCase(Locale.ROOT) + "_" + Long.toHexString(System.nanoTime());
    String role = "release_" + tag;
    String source = "src_" + tag;
    Path spec = expanded(source, login(role));
    Path dump = dump(format, source);

    String old = restore(format, dump, "old_" + tag);
    exec(old, "update viewswap.transition_schema set mark = null, owner_name = null");
    assertThat(run(old, "rollback", spec, "--phase", "expand").exit()).isZero();
    assertThat(value(old, "select to_regnamespace('public_next') is not null"))
        .as("the breakage: rollback left the transition schema behind")
        .isEqualTo(true);
    CliRun again = run(old, "apply", spec, "--phase", "expand");
    assertThat(again.exit()).as("%s", again).isEqualTo(8);
    assertThat(again.all()).contains("viewswap did not create it");

    String fixed = restore(format, dump, "new_" + tag);
    CliRun back = run(fixed, "rollback", spec, "--phase", "expand");
    assertThat(back.exit()).as("%s", back).isZero();
    assertThat(value(fixed, "select to_regnamespace('public_next') is null")).isEqualTo(true);
    CliRun expand = run(fixed, "apply", spec, "--phase", "expand");
    assertThat(expand.exit()).as("%s", expand).isZero();
    assertThat(readNewName(fixed, role)).isEqualTo("Ann");
  }

  /**
   * {@code pg_upgrade} keeps relations' and types' oids, not schemas'. This one is 15 to 15 with
   * Debian's binaries, as pg_upgrade's own test suite runs it: the new cluster is made by initdb
   * and filled by pg_upgrade exactly as for a new major. {@link
   * #aPgUpgradeFromAnOlderMajorKeepsTheTransitionSchemaViewswaps} crosses two majors.
   */
  @Test
  void aPgUpgradeInTheExpandedStateKeepsTheTransitionSchemaViewswaps() throws Exception {
    upgradeInTheExpandedState(
        () -> EmbeddedPostgres.startInstalled(INSTALLATION, Map.of(), progress()), 15);
  }

  /**
   * A real upgrade across two majors, 13 to 15: the old cluster is zonky's PostgreSQL 13 from Maven
   * Central, whose bin holds only initdb, pg_ctl and postgres, completed with Debian 11's
   * pg_controldata and pg_resetwal 13, which pg_upgrade runs on the old cluster ({@code
   * .ci/ensure-pg13-tools.sh}); Debian 12's pg_upgrade 15 moves it into a Debian 15 cluster. (14
   * cannot be the old major here: no pg_resetwal 14 can be had, and pg_resetwal 15 refuses a 14
   * data directory.)
   */
  @Test
  void aPgUpgradeFromAnOlderMajorKeepsTheTransitionSchemaViewswaps() throws Exception {
    Path jar = Path.of(System.getProperty("viewswap.pg.upgrade.old.jar", "(unset)"));
    Path tools = Path.of(System.getProperty("viewswap.pg.upgrade.old.tools", "(unset)"));
    List<String> programs = List.of("pg_controldata", "pg_resetwal");
    assertThat(
            Files.isRegularFile(jar)
                && programs.stream().allMatch(p -> Files.isExecutable(tools.resolve(p))))
        .as(
            "the 13-to-15 pg_upgrade needs zonky's 13 binaries jar %s (Maven fetches it) and"
                + " PostgreSQL 13's pg_controldata and pg_resetwal in %s: run"
                + " .ci/ensure-pg13-tools.sh %s (Debian 11's postgresql-13 package) and run again",
            jar, tools, tools)
        .isTrue();
    upgradeInTheExpandedState(
        () -> EmbeddedPostgres.startWithTools(jar, tools, programs, progress()), 13);
  }

  /**
   * The tools are copied into the old installation, never linked: a tool that is a symbolic link
   * (to a program another user could swap) is refused before anything runs.
   */
  @Test
  void aToolThatIsALinkIsNotCopiedIntoTheOldInstallation() throws Exception {
    Path jar = Path.of(System.getProperty("viewswap.pg.upgrade.old.jar", "(unset)"));
    Path tools = Files.createDirectory(dir.resolve("tools"));
    Files.copy(INSTALLATION.resolve("bin/pg_controldata"), tools.resolve("pg_controldata"));
    Files.createSymbolicLink(tools.resolve("pg_resetwal"), INSTALLATION.resolve("bin/pg_resetwal"));
    assertThatThrownBy(
            () ->
                EmbeddedPostgres.startWithTools(
                    jar, tools, List.of("pg_controldata", "pg_resetwal"), progress()))
        .hasMessageContaining(tools.resolve("pg_resetwal") + " is not a regular file");
  }

  private interface OldCluster {
    EmbeddedPostgres start() throws Exception;
  }

  private static PrintWriter progress() {
    return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
  }

  private void upgradeInTheExpandedState(OldCluster oldCluster, int oldMajor) throws Exception {
    String tag = "upg_" + Long.toHexString(System.nanoTime());
    String role = "release_" + tag;
    EmbeddedPostgres shared = pg;
    try (EmbeddedPostgres old = oldCluster.start()) {
      assertThat(old.majorVersion()).isEqualTo(oldMajor);
      pg = old;
      Path spec = expanded("before_" + tag, login(role));
      expanded("fixed_" + tag, role);
      long oidBefore =
          ((Number) value("before_" + tag, "select 'public_next'::regnamespace::oid::int8"))
              .longValue();
      try (EmbeddedPostgres upgraded = old.upgradeTo(INSTALLATION, progress())) {
        pg = upgraded;
        assertThat(upgraded.majorVersion()).isEqualTo(15);
        String before = "before_" + tag;
        String fixed = "fixed_" + tag;
        assertThat(
                ((Number) value(before, "select 'public_next'::regnamespace::oid::int8"))
                    .longValue())
            .as("pg_upgrade gave the schema a new oid")
            .isNotEqualTo(oidBefore);
        assertThat(value(before, "select schema_oid::int8 from viewswap.transition_schema"))
            .isEqualTo(oidBefore);
        assertThat(readNewName(before, role))
            .as("pg_upgrade keeps ALTER ROLE ... IN DATABASE")
            .isEqualTo("Ann");

        // The breakage, with the row as viewswap wrote it before the mark.
        exec(before, "update viewswap.transition_schema set mark = null, owner_name = null");
        assertThat(run(before, "apply", spec, "--phase", "swap").exit()).isZero();
        assertThat(run(before, "apply", spec, "--phase", "contract").exit()).isZero();
        assertThat(value(before, "select to_regnamespace('public_next') is not null"))
            .as("contract left the transition schema behind")
            .isEqualTo(true);
        assertThat(run(before, "rollback", spec, "--phase", "contract").exit()).isEqualTo(8);

        // The fix.
        assertThat(run(fixed, "apply", spec, "--phase", "swap").exit()).isZero();
        CliRun contract = run(fixed, "apply", spec, "--phase", "contract");
        assertThat(contract.exit()).as("%s", contract).isZero();
        assertThat(value(fixed, "select to_regnamespace('public_next') is null")).isEqualTo(true);
        assertThat(value(fixed, "select count(*) from viewswap.transition_schema")).isEqualTo(0L);
        for (String phase : List.of("contract", "swap", "expand")) {
          CliRun r = run(fixed, "rollback", spec, "--phase", phase);
          assertThat(r.exit()).as("rollback %s: %s", phase, r).isZero();
        }
        assertThat(run(fixed, "apply", spec, "--phase", "expand").exit()).isZero();
        assertThat(readNewName(fixed, role)).isEqualTo("Ann");
      }
    } finally {
      pg = shared;
    }
  }

  /**
   * The mark is readable by everyone (a comment): an attacker who copies it onto a schema of her
   * own, made under the name once the real one is gone, does not get it recognised, since she owns
   * it. Swap's rollback, which would put the transitional view in it, is refused.
   */
  @Test
  void aSchemaOfAnAttackersWithTheMarkCopiedIsNotViewswaps() throws Exception {
    String tag = "atk_" + Long.toHexString(System.nanoTime());
    String role = "release_" + tag;
    String attacker = login("attacker_" + tag);
    String source = "src_" + tag;
    Path spec = expanded(source, login(role));
    String restored = restore(Format.CUSTOM, dump(Format.CUSTOM, source), "new_" + tag);
    exec(restored, "grant create on database " + restored + " to " + attacker);
    assertThat(run(restored, "apply", spec, "--phase", "swap").exit()).isZero();
    String comment =
        (String)
            valueAs(
                restored,
                attacker,
                "select obj_description('public_next'::regnamespace, 'pg_namespace')");
    assertThat(comment).contains("(mark ");

    // The DBA tidies up the empty schema by hand; the attacker makes hers under the name, with
    // the comment copied.
    exec(restored, "drop schema public_next");
    execAs(
        restored,
        attacker,
        "create schema public_next; comment on schema public_next is '"
            + comment.replace("'", "''")
            + "'");
    // The breakage: the owner of the schema the view would live in can swap it for her table.
    exec(
        restored,
        "create view public_next.probe as select 1 as x; grant select on public_next.probe to "
            + role);
    execAs(restored, attacker, "drop view public_next.probe");
    assertThat(value(restored, "select to_regclass('public_next.probe') is null")).isEqualTo(true);

    assertThat(value(restored, "select viewswap.recorded_schema('public_next') is null"))
        .as("not recorded: owned by the attacker")
        .isEqualTo(true);
    CliRun back = run(restored, "rollback", spec, "--phase", "swap");
    assertThat(back.exit()).as("%s", back).isEqualTo(8);
    assertThat(back.all()).contains("viewswap did not create it");
    assertThat(
            value(
                restored,
                "select count(*) from pg_class where relnamespace = 'public_next'::regnamespace"))
        .as("no view in it")
        .isEqualTo(0L);
    assertThat(
            value(restored, "select has_schema_privilege('" + role + "', 'public_next', 'USAGE')"))
        .isEqualTo(false);
  }

  /**
   * A schema an attacker made under the name in the target database before the restore: a restore
   * that goes on past errors (psql's default) cannot create viewswap's, and runs its ALTER SCHEMA
   * OWNER, COMMENT and GRANTs on the attacker's instead. It then has viewswap's owner and mark, but
   * what the attacker put in it stays: the trust rule finds it, check warns, and swap's rollback,
   * which would put a view in it, is refused.
   */
  @Test
  void aSquattersSchemaThatARestoreHandedTheMarkIsStillUntrusted() throws Exception {
    String tag = "squat_" + Long.toHexString(System.nanoTime());
    String role = "release_" + tag;
    String attacker = login("attacker_" + tag);
    String source = "src_" + tag;
    Path spec = expanded(source, login(role));
    Path dump = dump(Format.PLAIN, source);
    String target = "new_" + tag;
    pg.createDatabase(target);
    exec(target, "grant create on database " + target + " to " + attacker);
    execAs(
        target,
        attacker,
        "create schema public_next; create function public_next.upper(text) returns text"
            + " language sql as $$ select 'captured' $$; grant execute on function"
            + " public_next.upper(text) to public");
    psql(target, dump, false);
    assertThat(
            value(
                target,
                "select nspowner::regrole::text from pg_namespace where nspname = 'public_next'"))
        .as("the restore handed the attacker's schema viewswap's owner")
        .isEqualTo(pg.superuser());
    assertThat(value(target, "select obj_description('public_next'::regnamespace, 'pg_namespace')"))
        .asString()
        .contains("(mark ");
    assertThat(value(target, "select to_regprocedure('public_next.upper(text)') is not null"))
        .isEqualTo(true);

    CliRun check = run(target, "check", spec);
    assertThat(check.exit()).as("%s", check).isZero();
    assertThat(check.out())
        .contains(
            "the transition schema public_next, which the new release searches first, cannot be"
                + " trusted: function public_next.upper(text) is owned by "
                + attacker);
    assertThat(run(target, "apply", spec, "--phase", "swap").exit()).isZero();
    CliRun back = run(target, "rollback", spec, "--phase", "swap");
    assertThat(back.exit()).as("%s", back).isEqualTo(8);
    assertThat(back.all()).contains("cannot be trusted");
  }

  /**
   * {@code pg_dump -n public}: the views come along, the state does not. check and status say what
   * happened and how to recover, and each way they give works; a view of that shape made by another
   * role is not taken for viewswap's.
   */
  @Test
  void aDumpOfTheApplicationSchemaAloneIsRecognisedWithTheWayBack() throws Exception {
    String tag = "lost_" + Long.toHexString(System.nanoTime());
    String source = "src_" + tag;
    pg.createDatabase(source);
    exec(source, Topology.TABLE);
    Path spec = dir.resolve(tag + ".yaml");
    Files.writeString(spec, "id: lost\n" + Topology.RENAMES);
    assertThat(run(source, "apply", spec, "--phase", "expand").exit()).isZero();
    Path dump = dir.resolve(tag + ".dump");
    tool(List.of(bin("pg_dump"), "-Fc", "-n", "public", "-f", dump.toString(), "-d", source), true);

    String restored = "new_" + tag;
    pg.createDatabase(restored);
    exec(restored, "drop schema public"); // the dump of -n public creates it
    tool(List.of(bin("pg_restore"), "--exit-on-error", "-d", restored, dump.toString()), true);
    assertThat(value(restored, "select to_regnamespace('viewswap') is null"))
        .as("the breakage: the state stayed behind, the views came along")
        .isEqualTo(true);
    assertThat(value(restored, "select to_regclass('public.client') is not null")).isEqualTo(true);

    CliRun check = run(restored, "check", spec);
    assertThat(check.exit()).as("%s", check).isEqualTo(3);
    assertThat(check.out())
        .as("%s", check)
        .contains("has no state in this database (the schema viewswap is missing)")
        .contains("after expand")
        .contains("public.client is a view with the new names over public.customer")
        .contains("pg_dump -Fc -n viewswap")
        .contains("DROP VIEW public.client")
        .doesNotContain("already exists");
    CliRun status = run(restored, "status", spec);
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(status.out()).contains("WARNING: spec lost has no state").contains("after expand");
    CliRun expand = run(restored, "apply", spec, "--phase", "expand");
    assertThat(expand.exit()).as("%s", expand).isEqualTo(3);
    assertThat(expand.all()).contains("has no state in this database");

    // The first way back: the state from the source.
    Path state = dir.resolve(tag + "-state.dump");
    tool(
        List.of(bin("pg_dump"), "-Fc", "-n", "viewswap", "-f", state.toString(), "-d", source),
        true);
    tool(List.of(bin("pg_restore"), "--exit-on-error", "-d", restored, state.toString()), true);
    assertThat(run(restored, "status", spec).out()).contains("expanded").doesNotContain("WARNING");
    assertThat(run(restored, "apply", spec, "--phase", "swap").exit()).isZero();

    // The second: without the state, undo expand by hand as the hint says, and expand again.
    String bare = "bare_" + tag;
    pg.createDatabase(bare);
    exec(bare, "drop schema public"); // the dump of -n public creates it
    tool(List.of(bin("pg_restore"), "--exit-on-error", "-d", bare, dump.toString()), true);
    exec(bare, "DROP VIEW public.client");
    CliRun again = run(bare, "apply", spec, "--phase", "expand");
    assertThat(again.exit()).as("%s", again).isZero();

    // Swapped: the table under its new names and the compat view.
    assertThat(run(source, "apply", spec, "--phase", "swap").exit()).isZero();
    Path swappedDump = dir.resolve(tag + "-swapped.dump");
    tool(
        List.of(bin("pg_dump"), "-Fc", "-n", "public", "-f", swappedDump.toString(), "-d", source),
        true);
    String swapped = "swp_" + tag;
    pg.createDatabase(swapped);
    exec(swapped, "drop schema public"); // the dump of -n public creates it
    tool(
        List.of(bin("pg_restore"), "--exit-on-error", "-d", swapped, swappedDump.toString()), true);
    CliRun swappedCheck = run(swapped, "check", spec);
    assertThat(swappedCheck.exit()).as("%s", swappedCheck).isEqualTo(3);
    assertThat(swappedCheck.out())
        .contains("after swap")
        .contains(
            "public.client has the new names and public.customer is a view with the old names")
        .contains("DROP VIEW public.customer");
  }

  /** A view of the expand view's shape that another role made is not evidence of anything. */
  @Test
  void aViewOfTheSameShapeByAnotherRoleIsNotTakenForViewswaps() throws Exception {
    String tag = "forge_" + Long.toHexString(System.nanoTime());
    String attacker = "attacker_" + tag;
    String db = "db_" + tag;
    pg.createDatabase(db);
    exec(
        db,
        Topology.TABLE
            + " create role "
            + attacker
            + " login password 'x'; grant create on schema public to "
            + attacker);
    execAs(
        db,
        attacker,
        "create view public.client as select 1::bigint as id, 'x'::text as display_name,"
            + " 'e'::text as email, 'active'::text as status");
    Path spec = dir.resolve(tag + ".yaml");
    Files.writeString(spec, "id: forged\n" + Topology.RENAMES);
    CliRun check = run(db, "check", spec);
    assertThat(check.exit()).as("%s", check).isEqualTo(3);
    assertThat(check.out()).contains("already exists").doesNotContain("has no state");
    assertThat(run(db, "status", spec).out()).doesNotContain("WARNING");
  }

  // -----------------------------------------------------------------------------------------------

  private CliRun run(String database, String command, Path spec, String... more) {
    List<String> args = new ArrayList<>(List.of(command, spec.toString()));
    args.addAll(List.of(more));
    return cli(pg.jdbcUrl(database), args.toArray(String[]::new));
  }

  private Path dump(Format format, String database) throws Exception {
    Path out = dir.resolve(database + (format == Format.PLAIN ? ".sql" : ".dump"));
    tool(
        List.of(
            bin("pg_dump"),
            format == Format.PLAIN ? "-Fp" : "-Fc",
            "-f",
            out.toString(),
            "-d",
            database),
        true);
    return out;
  }

  private String restore(Format format, Path dump, String database) throws Exception {
    pg.createDatabase(database);
    if (format == Format.PLAIN) {
      psql(database, dump, true);
    } else {
      tool(List.of(bin("pg_restore"), "--exit-on-error", "-d", database, dump.toString()), true);
    }
    return database;
  }

  private void psql(String database, Path file, boolean stopOnError) throws Exception {
    tool(
        List.of(
            bin("psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=" + (stopOnError ? "1" : "0"),
            "-d",
            database,
            "-f",
            file.toString()),
        stopOnError);
  }

  private static String bin(String program) {
    return INSTALLATION.resolve("bin").resolve(program).toString();
  }

  private void tool(List<String> command, boolean mustSucceed) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("PGHOST", "127.0.0.1");
    env.put("PGPORT", Integer.toString(pg.port()));
    env.put("PGUSER", pg.superuser());
    env.put("PGPASSFILE", pg.passwordFile().toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
    if (mustSucceed) {
      assertThat(p.exitValue()).as("%s: %s", command, output).isZero();
    }
  }

  private static void exec(String database, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void execAs(String database, String role, String sql) throws SQLException {
    try (Connection c = connectAs(database, role);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection connectAs(String database, String role) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + database, role, "x");
  }

  /** The first column of the first row; null when there is no row. */
  private static Object value(String database, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(database));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  private static Object valueAs(String database, String role, String sql) throws SQLException {
    try (Connection c = connectAs(database, role);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }

  /** The release role's search_path setting in the database, as pg_db_role_setting holds it. */
  private static String roleSetting(String database, String role) throws SQLException {
    return (String)
        value(
            database,
            "select c from pg_db_role_setting d, unnest(d.setconfig) c"
                + " where d.setrole = '"
                + role
                + "'::regrole and d.setdatabase = (select oid from pg_database where datname ="
                + " current_database()) and c like 'search_path=%'");
  }

  /** What the new release reads, logged in as its role (its search_path from the server). */
  private static String readNewName(String database, String role) throws SQLException {
    try (Connection c = connectAs(database, role);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select display_name from customer order by id limit 1")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
