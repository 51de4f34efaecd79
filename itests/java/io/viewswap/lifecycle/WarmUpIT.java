package io.viewswap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.viewswap.support.CliRun;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Before it takes its first exclusive lock, every phase rehearses the kinds of DDL it runs on
 * temporary objects of its own session and opens the relations it will lock (and their partitions),
 * so that a new session's cache filling does not happen while clients queue behind the lock. That
 * rehearsal only saves time: where it cannot run (no TEMP privilege on the database, an event
 * trigger that refuses new tables) the phase runs as before, and nothing of it is left behind, not
 * even in an audit table an event trigger fills.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class WarmUpIT {

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private static void lifecycle(String url) {
    phases(url, "expand", "swap", "contract");
  }

  private static void phases(String url, String... phases) {
    String spec = Example.specFile("customer-to-client").toString();
    for (String phase : phases) {
      CliRun r = cli("apply", spec, "--phase", phase, "--url", url);
      assertThat(r.exit()).as("%s: %s", phase, r).isZero();
    }
  }

  private static void assertRenamed(TestDatabase db) throws SQLException {
    assertThat(db.queryValue("select to_regclass('public.client')::text")).isEqualTo("client");
    assertThat(db.queryValue("select to_regclass('public.customer')")).isNull();
    assertThat(
            db.queryValue(
                "select count(*) from pg_attribute where attrelid = 'public.client'::regclass"
                    + " and attname in ('display_name', 'email')"))
        .isEqualTo(2L);
    assertThat(db.queryValue("select count(*) from public.client")).isEqualTo(1000L);
  }

  @Test
  void aRunnerWithoutTheTempPrivilegeStillRunsEveryPhase(TestDatabase db) throws Exception {
    Example.load("customer-to-client").install(db);
    String owner = "own_" + db.name();
    db.exec(
        "create role "
            + owner
            + " login password 'pw'; alter table public.customer owner to "
            + owner
            + "; grant create on database "
            + db.name()
            + " to "
            + owner
            + "; grant create on schema public to "
            + owner
            + "; revoke temporary on database "
            + db.name()
            + " from public");
    try (Connection c = db.connectAs(owner, "pw");
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("create temporary table t (a int)"))
          .as("the rehearsal's first statement fails for this role")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied to create temporary tables");
    }
    String url =
        db.url().contains("user=")
            ? db.url().replaceAll("user=[^&]*", "user=" + owner).replaceAll("password=[^&]*", "")
                + "&password=pw"
            : db.url() + (db.url().contains("?") ? "&" : "?") + "user=" + owner + "&password=pw";
    lifecycle(url);
    assertRenamed(db);
  }

  @Test
  void anEventTriggerThatRefusesNewTablesDoesNotStopAPhaseAndAuditsNoRehearsal(TestDatabase db)
      throws Exception {
    Example.load("customer-to-client").install(db);
    // Expand first: it installs viewswap's state schema, whose tables such a trigger would refuse
    // too.
    phases(db.url(), "expand");
    db.exec(
        """
        create table public.ddl_audit (tag text, object text);
        create function public.refuse_tables() returns event_trigger language plpgsql as $$
        begin
          raise exception 'new tables need a ticket';
        end $$;
        create function public.audit_ddl() returns event_trigger language plpgsql as $$
        declare r record;
        begin
          for r in select * from pg_event_trigger_ddl_commands() loop
            insert into public.ddl_audit values (r.command_tag, r.object_identity);
          end loop;
        end $$;
        create event trigger refuse_tables on ddl_command_start when tag in ('CREATE TABLE')
          execute function public.refuse_tables();
        create event trigger audit_ddl on ddl_command_end execute function public.audit_ddl();
        """);
    try {
      assertThatThrownBy(() -> db.exec("create temporary table t (a int)"))
          .as("the rehearsal's first statement fails under this trigger")
          .hasMessageContaining("new tables need a ticket");
      phases(db.url(), "swap", "contract");
      assertRenamed(db);
      assertThat(db.queryValue("select count(*) from public.ddl_audit where tag = 'CREATE VIEW'"))
          .as("the phases' own DDL is audited")
          .isNotEqualTo(0L);
      assertThat(
              db.queryValue(
                  "select count(*) from public.ddl_audit where object like '%viewswap_warm%'"))
          .as("the rehearsal left nothing behind")
          .isEqualTo(0L);
    } finally {
      // Event triggers are per database, but drop them so nothing else in this database trips on
      // them.
      db.exec("drop event trigger refuse_tables; drop event trigger audit_ddl");
    }
  }

  @Test
  void aPartitionedTableIsOpenedPartitionByPartitionBeforeTheLock(TestDatabase db)
      throws Exception {
    db.exec(
        """
        create table public.events (id bigint not null, amt_cents int) partition by range (id);
        create table public.events_0 partition of public.events for values from (0) to (100);
        create table public.events_1 partition of public.events for values from (100) to (200)
          partition by range (id);
        create table public.events_1a partition of public.events_1 for values from (100) to (150);
        create table public.events_1b partition of public.events_1 for values from (150) to (200);
        insert into public.events select g, g from generate_series(0, 199) g;
        """);
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("warm");
    java.nio.file.Path spec = dir.resolve("events.yaml");
    java.nio.file.Files.writeString(
        spec,
        "id: events-amount\nrenames:\n  - table: public.events\n    columns:\n"
            + "      amt_cents: amount_cents\n");
    for (String phase : List.of("expand", "swap", "contract")) {
      CliRun r = cli("apply", spec.toString(), "--phase", phase, "--url", db.url());
      assertThat(r.exit()).as("%s: %s", phase, r).isZero();
    }
    assertThat(
            db.queryValue(
                "select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid"
                    + " where c.relname like 'events%' and a.attname = 'amount_cents'"))
        .as("every level of the tree has the new name")
        .isEqualTo(5L);
    assertThat(db.queryValue("select sum(amount_cents) from public.events")).isEqualTo(19900L);
  }
}
