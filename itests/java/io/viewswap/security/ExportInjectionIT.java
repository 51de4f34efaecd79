package io.viewswap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.ViewSwap;
import io.viewswap.api.Direction;
import io.viewswap.api.Phase;
import io.viewswap.api.Plan;
import io.viewswap.ecosystem.Fingerprint;
import io.viewswap.ecosystem.Runners;
import io.viewswap.ecosystem.Squawk;
import io.viewswap.export.ExportFormat;
import io.viewswap.export.ExportedFile;
import io.viewswap.export.ScriptRenderer;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 8, attacks 3, 4 and 5: names and comments that a less-privileged role chose (a role it
 * created, a column of a table it made, a comment it wrote) reach the scripts viewswap exports.
 * Each format's real runner (psql, Flyway with its default placeholder replacement, Liquibase) runs
 * every phase and rollback of a rename over a table carrying such text, and after each run the test
 * checks that no {@code \!} ran (marker files), that the attacker holds exactly what it held before
 * (nothing), that the text arrived in the catalog byte for byte, and that catalog and state row
 * equal what {@code apply} leaves. {@link #theRawTextWouldHaveRun} first shows that each runner
 * does obey such text when it is written raw, as the exports did before.
 */
// Not tagged "lifecycle": the text it attacks is rendered and parsed by the runners (psql 15,
// Flyway, Liquibase, Python, Ruby), not by the server major; it runs on the default major only.
@ExtendWith(PostgresExtension.class)
class ExportInjectionIT {
  static final String FLYWAY_BASE = "9";
  static final String SPEC =
      String.join(
          "\n",
          "id: hostile-names",
          "renames:",
          "  - table: public.customer",
          "    to: client",
          "    columns:",
          "      full_name: display_name",
          "options:",
          "  lock_timeout: 2s",
          "  compat_view: true",
          "");

  /**
   * Lines psql or Liquibase treat as more than SQL (a psql meta-command; Liquibase's formatted-SQL
   * directives, after its own patterns, each matched against a whole line); those viewswap writes
   * itself are listed below.
   */
  static final Pattern DIRECTIVE =
      Pattern.compile(
          "(?i)\\s*(\\\\.*|--\\s*(changeset\\s|rollback\\s|precondition|comments?:?\\s|validchecksum:?\\s"
              + "|ignorelines:|ignore:|property\\s|include|liquibase\\s+formatted)|/\\*\\s*liquibase\\s*rollback).*");

  static final List<String> OWN_DIRECTIVES =
      List.of(
          "\\set ON_ERROR_STOP on",
          "--liquibase formatted sql",
          "--changeset viewswap:",
          "--comment: ",
          "--rollback ");

  /**
   * What the attacker planted, and where the marker files its {@code \!} commands would create are.
   */
  record Hostile(
      String attacker,
      List<String> roles,
      String column,
      String tableComment,
      String columnComment,
      String liquibaseExploit,
      List<Path> markers) {}

  /**
   * Creates the attacker and its planted text. The marker files live in {@code /tmp/<database>}:
   * short, because a name longer than 63 bytes would be truncated by PostgreSQL (which {@link
   * #plant} checks did not happen).
   */
  static Hostile plant(TestDatabase db) throws Exception {
    String attacker = "x" + db.name();
    Path dir = Files.createDirectories(Path.of("/tmp", db.name()));
    List<Path> markers =
        List.of(dir.resolve("r"), dir.resolve("c"), dir.resolve("t"), dir.resolve("k"));
    String shellRole = "r" + db.name() + "\n\\! touch " + markers.get(0) + "\n-- ";
    String sqlRole = "w" + db.name() + "\ngrant all on customer to " + attacker + ";\n-- ";
    String placeholderRole = "p" + db.name() + " ${flyway:user} ${user.home} ${env.HOME}";
    String crRole = "c" + db.name() + "\r\n--changeset evil:9 \u2028\\! id";
    String column = "note\n\\! touch " + markers.get(1) + "\n-- ${env.HOME}";
    // Written raw into a changeset, this marks viewswap's changeset as ran without running it
    // (failed precondition, MARK_RAN), runs the attacker's own changeset, and marks the rest of
    // the script as ran too.
    String liquibaseExploit =
        String.join(
            "\n",
            "People who buy",
            "--preconditions onFail:MARK_RAN",
            "--precondition-sql-check expectedResult:1 select 0",
            "--changeset evil:1",
            "grant all on public.customer to " + attacker + ";",
            "--changeset evil:2",
            "--preconditions onFail:MARK_RAN",
            "--precondition-sql-check expectedResult:1 select 0",
            "thanks");
    String tableComment =
        String.join(
            "\n",
            liquibaseExploit,
            "--rollback grant all on public.customer to " + attacker + ";",
            "--changeset evil:3 runInTransaction:false",
            "--comment: hello",
            "--validCheckSum: ANY",
            "--ignoreLines:start",
            "/* liquibase rollback",
            "\\! touch " + markers.get(2),
            "${flyway:user} ${flyway:database} ${user.home} ${env.HOME} ${HOME} $${x} $$ $ {",
            // the dollar-quote tags of the exported phase's blocks: copied onto the view, a
            // comment holding one must not end the block it is in
            "$viewswap_phase$ $viewswap_step$ end $viewswap_phase$; $viewswap_ensure$",
            "it's \\' '' \" \\n\t\u202Eend\r\n\\");
    String columnComment =
        "--liquibase formatted sql\n--changeset evil:2\n;grant insert on public.customer to "
            + attacker
            + ";\n\\! touch "
            + markers.get(3)
            + "\n${flyway:user}\u0007\u0085";
    try (Connection c = db.connect()) {
      exec(c, "create role %I login password 'attacker'", attacker);
      exec(
          c,
          "create table public.customer (id bigint primary key, full_name text not null, %I text)",
          column);
      exec(c, "insert into public.customer values (1, 'Ada', 'x'), (2, 'Grace', null)");
      exec(c, "comment on table public.customer is %L", tableComment);
      exec(c, "comment on column public.customer.full_name is %L", columnComment);
      exec(c, "comment on column public.customer.%I is %L", column, tableComment);
      for (String role : List.of(shellRole, sqlRole, placeholderRole, crRole)) {
        exec(c, "create role %I", role);
      }
      exec(c, "grant select on public.customer to %I", shellRole);
      exec(c, "grant select, insert on public.customer to %I with grant option", sqlRole);
      exec(
          c,
          "grant select (id, %I), update (%I) on public.customer to %I",
          column,
          column,
          placeholderRole);
      exec(c, "grant references (full_name) on public.customer to %I", crRole);
      for (String role : List.of(shellRole, sqlRole, placeholderRole, crRole)) {
        assertThat(count(c, "select count(*) from pg_roles where rolname = ?", role))
            .as("role %s kept whole", role)
            .isEqualTo(1);
      }
      assertThat(
              count(
                  c,
                  "select count(*) from pg_attribute where attrelid = 'public.customer'::regclass"
                      + " and attname = ?",
                  column))
          .as("column name kept whole")
          .isEqualTo(1);
    }
    return new Hostile(
        attacker,
        List.of(shellRole, sqlRole, placeholderRole, crRole),
        column,
        tableComment,
        columnComment,
        liquibaseExploit,
        markers);
  }

  /**
   * Runs {@code format(template, args...)} on the server and then its result: %I and %L quote as
   * PostgreSQL does.
   */
  static void exec(Connection c, String template, String... args) throws Exception {
    StringBuilder call = new StringBuilder("select pg_catalog.format(?");
    for (int i = 0; i < args.length; i++) {
      call.append(", ?");
    }
    String sql;
    try (PreparedStatement p = c.prepareStatement(call.append(")").toString())) {
      p.setString(1, template);
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 2, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        sql = rs.getString(1);
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static int count(Connection c, String sql, String arg) throws Exception {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, arg);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The marker directory and the cluster-wide roles go when the test does. */
  static void cleanUp(TestDatabase db, Hostile h) throws Exception {
    for (Path marker : h.markers()) {
      Files.deleteIfExists(marker);
    }
    Files.deleteIfExists(h.markers().get(0).getParent());
    try (Connection c = db.connect()) {
      exec(c, "drop schema if exists viewswap cascade");
      exec(c, "drop schema if exists flyway cascade");
      exec(c, "drop schema if exists liquibase cascade");
      exec(c, "drop table if exists public.customer, public.client cascade");
      for (String role : h.roles()) {
        exec(c, "drop owned by %I", role);
        exec(c, "drop role %I", role);
      }
      exec(c, "drop owned by %I", h.attacker());
      exec(c, "drop role %I", h.attacker());
    }
  }

  static ViewSwap viewSwap(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    return ViewSwap.configure().dataSource(ds).build();
  }

  @ParameterizedTest(name = "via {0}")
  @EnumSource(
      value = ExportFormat.class,
      names = {"PSQL", "FLYWAY", "LIQUIBASE"}) // the frameworks: FrameworkExportInjectionIT
  void hostileNamesAndCommentsRunAsDataInEveryRunner(
      ExportFormat format, TestDatabase db, @TempDir Path dir) throws Exception {
    Hostile h = plant(db);
    try {
      renameThrough(format, db, dir, h);
    } finally {
      cleanUp(db, h);
    }
  }

  private static void renameThrough(ExportFormat format, TestDatabase db, Path dir, Hostile h)
      throws Exception {
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(specFile, SPEC);
    Spec spec = new SpecReader().read(specFile);
    ViewSwap vs = viewSwap(db);
    Plan plan = vs.plan(spec);
    Path out = Files.createDirectories(dir.resolve("export"));
    List<ExportedFile> files = new ScriptRenderer().export(spec, plan, format, FLYWAY_BASE);
    for (ExportedFile f : files) {
      assertScriptCarriesNoRawText(f);
      Files.writeString(out.resolve(f.name()), f.content(), StandardCharsets.UTF_8);
    }
    Squawk.Result lint = Squawk.lint(files, format, plan.serverMajor(), dir.resolve("squawk"));
    assertThat(lint.exitCode())
        .as("the escaped export still parses and passes squawk:%n%s", lint.output())
        .isZero();
    assertThat(String.join("\n", files.stream().map(ExportedFile::content).toList()))
        .as(
            "the hostile roles, column and comments are in the export (escaped), so the runners do meet them")
        .contains(
            "U&\"r" + db.name() + "\\000A\\\\! touch ",
            "U&\"note\\000A\\\\! touch ",
            "E'People who buy\\n--preconditions onFail:MARK_RAN\\n",
            "\\u0024{flyway:user}");

    // What apply leaves after each phase and rollback: the reference for the runners.
    Map<String, List<String>> byApply = new LinkedHashMap<>();
    for (Phase p : Phase.values()) {
      vs.apply(spec, p, false);
      byApply.put(p.label(), Fingerprint.of(db));
      assertUnharmed(db, h, p.label() + " by apply");
      if (p == Phase.EXPAND) {
        assertTextArrivedExactly(db, h, "public", "client");
      }
    }
    for (Phase p : List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND)) {
      vs.rollback(spec, p, false);
      byApply.put(p.label() + " rollback", Fingerprint.of(db));
    }
    db.exec("drop schema viewswap cascade");

    for (Phase p : Phase.values()) {
      run(db, spec, format, out, p, Direction.FORWARD);
      String what = p.label() + " via " + format.label();
      assertUnharmed(db, h, what);
      assertThat(Fingerprint.of(db))
          .as("%s: same catalog and state row as apply", what)
          .isEqualTo(byApply.get(p.label()));
      if (p == Phase.EXPAND) {
        assertTextArrivedExactly(db, h, "public", "client");
      } else if (p == Phase.SWAP) {
        assertTextArrivedExactly(db, h, "public", "customer");
      }
    }
    for (Phase p : List.of(Phase.CONTRACT, Phase.SWAP, Phase.EXPAND)) {
      run(db, spec, format, out, p, Direction.ROLLBACK);
      String what = p.label() + " rollback via " + format.label();
      assertUnharmed(db, h, what);
      assertThat(Fingerprint.of(db))
          .as("%s: same catalog and state row as rollback", what)
          .isEqualTo(byApply.get(p.label() + " rollback"));
    }
    assertThat(vs.status(Optional.of(spec)).get(0).state().label()).isEqualTo("planned");
  }

  /**
   * The spec's own SQL reaches every script: a trigger function body whose comment holds a {@code
   * \!} line, Liquibase directives, Flyway placeholders and the dollar tag viewswap wraps it in.
   * Each runner runs the swap and its rollback; the function body arrives byte for byte, and
   * nothing else runs.
   */
  @ParameterizedTest(name = "via {0}")
  @EnumSource(
      value = ExportFormat.class,
      names = {"PSQL", "FLYWAY", "LIQUIBASE"}) // the frameworks: FrameworkExportInjectionIT
  void hostileSpecSqlRunsAsWrittenInEveryRunner(
      ExportFormat format, TestDatabase db, @TempDir Path dir) throws Exception {
    Path marker = Files.createDirectories(Path.of("/tmp", db.name())).resolve("s");
    String create =
        "CREATE OR REPLACE FUNCTION public.customer_touch() RETURNS trigger LANGUAGE plpgsql AS $$\n";
    String oldBody =
        "BEGIN\n  NEW.full_name := pg_catalog.btrim(NEW.full_name);\n  RETURN NEW;\nEND\n";
    String newBody =
        String.join(
            "\n",
            "BEGIN",
            "/*",
            "\\! touch " + marker,
            "--changeset evil:7 runInTransaction:false",
            "--rollback grant all on public.client to public;",
            "--preconditions onFail:MARK_RAN",
            "${flyway:user} ${env.HOME} $ {x}",
            "$viewswap$; end $viewswap$; \\! touch " + marker,
            "*/",
            "  NEW.display_name := pg_catalog.btrim(NEW.display_name);",
            "  RETURN NEW;",
            "END",
            "");
    db.exec(
        "create table public.customer (id bigint generated by default as identity primary key,"
            + " full_name text not null)");
    db.exec(create + oldBody + "$$");
    db.exec(
        "create trigger customer_touch before insert on public.customer"
            + " for each row execute function public.customer_touch()");
    Path specFile = dir.resolve("spec.yaml");
    Files.writeString(
        specFile,
        SPEC
            + "sql:\n  swap:\n    forward: |\n"
            + indent(create + newBody + "$$")
            + "    inverse: |\n"
            + indent(create + oldBody + "$$"));
    Spec spec = new SpecReader().read(specFile);
    ViewSwap vs = viewSwap(db);
    Plan plan = vs.plan(spec);
    Path out = Files.createDirectories(dir.resolve("export"));
    for (ExportedFile f : new ScriptRenderer().export(spec, plan, format, FLYWAY_BASE)) {
      assertScriptCarriesNoRawText(f);
      Files.writeString(out.resolve(f.name()), f.content(), StandardCharsets.UTF_8);
    }
    try {
      String prosrc =
          "select prosrc from pg_proc where oid = 'public.customer_touch()'::regprocedure";
      run(db, spec, format, out, Phase.EXPAND, Direction.FORWARD);
      run(db, spec, format, out, Phase.SWAP, Direction.FORWARD);
      assertThat(marker).as("no \\! ran").doesNotExist();
      assertThat(db.queryValue(prosrc)).as("the new body byte for byte").isEqualTo("\n" + newBody);
      assertThat(
              db.queryValue(
                  "insert into public.client (display_name) values (' a ') returning display_name"))
          .as("the trigger works with the new names")
          .isEqualTo("a");
      assertThat(db.queryValue("select has_table_privilege('public', 'public.client', 'DELETE')"))
          .as("no rollback directive ran")
          .isEqualTo(false);
      run(db, spec, format, out, Phase.SWAP, Direction.ROLLBACK);
      assertThat(db.queryValue(prosrc)).as("the old body back").isEqualTo("\n" + oldBody);
      run(db, spec, format, out, Phase.EXPAND, Direction.ROLLBACK);
      assertThat(marker).as("no \\! ran").doesNotExist();
      assertThat(vs.status(Optional.of(spec)).get(0).state().label()).isEqualTo("planned");
    } finally {
      Files.deleteIfExists(marker);
      Files.deleteIfExists(marker.getParent());
      db.exec("drop schema if exists viewswap cascade");
      db.exec("drop schema if exists flyway cascade");
      db.exec("drop schema if exists liquibase cascade");
    }
  }

  static String indent(String text) {
    return text.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }

  /**
   * The breakage the escaping prevents, shown with each runner on text written raw, as the exports
   * wrote it before: psql runs a {@code \!} line that a role name put after a comment, Liquibase
   * runs the changeset a table comment declares, and Flyway replaces a placeholder in a comment
   * literal.
   */
  @Test
  void theRawTextWouldHaveRun(TestDatabase db, @TempDir Path dir) throws Exception {
    Hostile h = plant(db);
    try {
      rawTextRuns(db, dir, h);
    } finally {
      cleanUp(db, h);
    }
  }

  private static void rawTextRuns(TestDatabase db, Path dir, Hostile h) throws Exception {
    String role = h.roles().get(0);
    Path psqlFile = dir.resolve("raw.sql");
    Files.writeString(
        psqlFile,
        "-- grant:public.client:"
            + role
            + ": mirror "
            + role
            + "'s table rights [SELECT]\n"
            + "select 1;\n");
    Runners.PsqlRun run = Runners.psql(db, psqlFile);
    assertThat(run.exitCode()).as("%s", run.output()).isZero();
    assertThat(h.markers().get(0)).as("psql ran the \\! line the role name started").exists();

    String attacker = h.attacker();
    Path liquibaseDir = Files.createDirectories(dir.resolve("lb"));
    Path changelog = liquibaseDir.resolve("raw.changelog.sql");
    Files.writeString(
        changelog,
        "--liquibase formatted sql\n\n--changeset viewswap:raw-expand labels:expand\n"
            + "comment on table public.customer is '"
            + h.liquibaseExploit().replace("'", "''")
            + "';\n"
            + "alter table public.customer rename to client;\n");
    Runners.liquibaseUpdate(db, changelog, "expand");
    assertThat(
            db.queryValue(
                "select has_table_privilege('" + attacker + "', 'public.customer', 'DELETE')"))
        .as("Liquibase ran the grant in the changeset the comment declared")
        .isEqualTo(true);
    assertThat(db.queryValue("select to_regclass('public.client')"))
        .as("and marked viewswap's own changeset as ran without running it")
        .isNull();
    db.exec("revoke all on public.customer from " + attacker);

    Path flywayDir = Files.createDirectories(dir.resolve("fw"));
    Files.writeString(
        flywayDir.resolve("V1__raw.sql"),
        "comment on table public.customer is 'by ${flyway:user}';\n");
    Runners.flywayMigrate(db, flywayDir, "1", true);
    assertThat(
            (String)
                db.queryValue("select obj_description('public.customer'::regclass, 'pg_class')"))
        .as("Flyway replaced the placeholder in the comment")
        .doesNotContain("${")
        .startsWith("by ");
  }

  /**
   * Every line that a runner reads as more than SQL is one viewswap wrote; nothing raw, no
   * placeholder.
   */
  static void assertScriptCarriesNoRawText(ExportedFile f) {
    assertThat(f.content()).as(f.name()).doesNotContain("${").doesNotContain("\r");
    f.content()
        .codePoints()
        .filter(cp -> cp != '\n')
        .forEach(
            cp ->
                assertThat(io.viewswap.spec.Identifiers.isUnsafe(cp))
                    .as("%s holds the raw character U+%04X", f.name(), cp)
                    .isFalse());
    for (String line : f.content().split("\n", -1)) {
      if (DIRECTIVE.matcher(line).matches()) {
        assertThat(OWN_DIRECTIVES.stream().anyMatch(line::startsWith))
            .as("%s: a line a runner obeys that viewswap did not write: %s", f.name(), line)
            .isTrue();
        if (line.startsWith("--rollback ")) {
          assertThat(DIRECTIVE.matcher(line.substring("--rollback ".length())).matches())
              .as("%s: a directive inside a rollback line: %s", f.name(), line)
              .isFalse();
        }
      }
    }
  }

  /**
   * No marker file exists and the attacker holds no right on any relation, schema or role it did
   * not hold.
   */
  static void assertUnharmed(TestDatabase db, Hostile h, String when) throws Exception {
    for (Path marker : h.markers()) {
      assertThat(marker).as("%s: no \\! command ran", when).doesNotExist();
    }
    Object rights =
        db.queryValue(
            "select string_agg(n.nspname || '.' || c.relname, ', ') from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema')"
                + " and c.relkind in ('r', 'v', 'p', 'm', 'S')"
                + " and (has_table_privilege('"
                + h.attacker()
                + "', c.oid,"
                + "   'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')"
                + "  or has_any_column_privilege('"
                + h.attacker()
                + "', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))");
    assertThat(rights).as("%s: relations the attacker can use", when).isNull();
    Object schemas =
        db.queryValue(
            "select string_agg(nspname, ', ') from pg_namespace where nspname not like 'pg\\_%'"
                + " and nspname <> 'information_schema' and has_schema_privilege('"
                + h.attacker()
                + "', oid, 'CREATE')");
    assertThat(schemas)
        .as("%s: schemas the attacker may create in (public on 14 aside)", when)
        .satisfiesAnyOf(s -> assertThat(s).isNull(), s -> assertThat(s).isEqualTo("public"));
    assertThat(
            db.queryValue(
                "select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles"
                    + " where rolname = '"
                    + h.attacker()
                    + "'"))
        .as("%s: attacker's role attributes", when)
        .isEqualTo(false);
    assertThat(
            db.queryValue(
                "select count(*) from pg_auth_members m join pg_roles r on r.oid = m.member"
                    + " where r.rolname = '"
                    + h.attacker()
                    + "'"))
        .as("%s: attacker's memberships", when)
        .isEqualTo(0L);
  }

  /**
   * The view over the table carries the hostile comments and column name byte for byte, and the
   * mirrored grants.
   */
  static void assertTextArrivedExactly(TestDatabase db, Hostile h, String schema, String view)
      throws Exception {
    String rel = "'" + schema + "." + view + "'::regclass";
    try (Connection c = db.connect();
        PreparedStatement p =
            c.prepareStatement(
                "select obj_description("
                    + rel
                    + ", 'pg_class'),"
                    + " (select col_description("
                    + rel
                    + ", attnum) from pg_attribute where attrelid = "
                    + rel
                    + "   and attname = ?),"
                    + " (select col_description("
                    + rel
                    + ", attnum) from pg_attribute where attrelid = "
                    + rel
                    + "   and attnum = 2),"
                    + " has_table_privilege(?, "
                    + rel
                    + ", 'SELECT'),"
                    + " has_table_privilege(?, "
                    + rel
                    + ", 'INSERT WITH GRANT OPTION'),"
                    + " has_column_privilege(?, "
                    + rel
                    + ", ?, 'UPDATE'),"
                    + " has_table_privilege(?, "
                    + rel
                    + ", 'UPDATE')")) {
      p.setString(1, h.column());
      p.setString(2, h.roles().get(0));
      p.setString(3, h.roles().get(1));
      p.setString(4, h.roles().get(2));
      p.setString(5, h.column());
      p.setString(6, h.roles().get(2));
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        assertThat(rs.getString(1))
            .as("table comment on %s.%s", schema, view)
            .isEqualTo(h.tableComment());
        assertThat(rs.getString(2))
            .as("comment of the hostile column (the name itself resolved)")
            .isEqualTo(h.tableComment());
        assertThat(rs.getString(3)).as("column comment").isEqualTo(h.columnComment());
        assertThat(rs.getBoolean(4))
            .as("mirrored grant to the role with a \\! in its name")
            .isTrue();
        assertThat(rs.getBoolean(5))
            .as("mirrored grant option to the role with SQL in its name")
            .isTrue();
        assertThat(rs.getBoolean(6))
            .as("mirrored column grant to the role with placeholders in its name")
            .isTrue();
        assertThat(rs.getBoolean(7)).as("only the column, not the table").isFalse();
      }
    }
  }

  /**
   * Flyway runs with its default placeholder replacement on, as a DBA who did not read the header
   * runs it.
   */
  private static void run(
      TestDatabase db, Spec spec, ExportFormat format, Path dir, Phase phase, Direction d)
      throws Exception {
    Runners.runPhase(
        db, spec, viewSwap(db).plan(spec).phase(phase, d), format, dir, FLYWAY_BASE, true);
  }
}
