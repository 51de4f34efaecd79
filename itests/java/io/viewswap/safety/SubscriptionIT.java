package io.viewswap.safety;

import static io.viewswap.safety.Harness.cli;
import static io.viewswap.safety.Harness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.viewswap.safety.Harness.Run;
import io.viewswap.support.PostgresExtension;
import io.viewswap.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * This database as a logical replication subscriber: renaming a table a subscription writes into
 * stops replication (the apply worker finds the table by name), shown by hand first, then refused
 * by check. The publisher is another database of the same server; its slot is made beforehand,
 * since CREATE SUBSCRIPTION cannot create a slot in its own cluster without waiting on itself.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionIT {
  @TempDir Path dir;

  static long value(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aSubscribedTableIsABlocker(TestDatabase db) throws Exception {
    String pub = db.name() + "_pub";
    Matcher m = Pattern.compile("//([^:/]+):(\\d+)/").matcher(db.url());
    assertThat(m.find()).as("host and port in %s", db.url()).isTrue();
    // The server asks every login for a password (its own subscriptions too): take the tests'.
    Matcher pw = Pattern.compile("[?&]password=([^&]*)").matcher(db.url());
    String conninfo =
        "host="
            + m.group(1)
            + " port="
            + m.group(2)
            + " dbname="
            + pub
            + " user=postgres"
            + (pw.find()
                ? " password="
                    + java.net.URLDecoder.decode(
                            pw.group(1), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("'", "''") // inside the SQL literal of CREATE SUBSCRIPTION
                : "");
    String pubUrl = db.url().replace("/" + db.name(), "/" + pub);
    String table =
        "create table public.reading (id int primary key, sensor text not null, value numeric)";
    try (Connection admin = DriverManager.getConnection(db.adminUrl());
        Statement a = admin.createStatement()) {
      a.execute("create database " + pub);
    }
    try {
      try (Connection p = DriverManager.getConnection(pubUrl);
          Statement s = p.createStatement()) {
        s.execute(table);
        s.execute("create publication readings for table public.reading");
        s.execute("select pg_create_logical_replication_slot('" + pub + "', 'pgoutput')");
      }
      db.exec(
          table
              + "; create subscription readings connection '"
              + conninfo
              + "' publication readings"
              + " with (create_slot = false, slot_name = '"
              + pub
              + "', copy_data = false)");
      try (Connection p = DriverManager.getConnection(pubUrl);
          Statement s = p.createStatement();
          Connection c = db.connect()) {
        s.execute("insert into public.reading values (1, 'a', 1)");
        long deadline = System.currentTimeMillis() + 60_000;
        while (value(c, "select count(*) from public.reading") < 1
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        assertThat(value(c, "select count(*) from public.reading"))
            .as("replication works before")
            .isEqualTo(1L);

        // By hand: rename the subscriber's column, and the next change no longer arrives.
        db.exec("alter table public.reading rename column sensor to probe");
        s.execute("insert into public.reading values (2, 'b', 2)");
        Thread.sleep(3_000);
        assertThat(value(c, "select count(*) from public.reading"))
            .as("the row never arrives")
            .isEqualTo(1L);
        db.exec("alter table public.reading rename column probe to sensor");
        deadline = System.currentTimeMillis() + 60_000;
        while (value(c, "select count(*) from public.reading") < 2
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(200);
        }
        assertThat(value(c, "select count(*) from public.reading"))
            .as("and arrives once the name is back")
            .isEqualTo(2L);
      }

      Path spec =
          spec(
              dir,
              "sub",
              "id: sub\nrenames:\n  - table: public.reading\n    columns:\n      sensor: probe\n");
      Run check = cli(db, "check", spec.toString());
      assertThat(check.code()).as("%s", check).isEqualTo(8);
      assertThat(check.out()).contains("public.reading is written by subscription readings");
      Path allowed =
          spec(
              dir,
              "ok",
              "id: ok\nrenames:\n  - table: public.reading\n    columns:\n      sensor: probe\n"
                  + "options:\n  allow_publications: true\n");
      assertThat(cli(db, "check", allowed.toString()).code())
          .as("accepted when renamed in step")
          .isZero();
    } finally {
      try {
        db.exec(
            "alter subscription readings disable; alter subscription readings set (slot_name = none);"
                + " drop subscription readings");
      } catch (SQLException ignored) {
        // not created: the failure that got us here is the one to report
      }
      try (Connection p = DriverManager.getConnection(pubUrl);
          Statement s = p.createStatement()) {
        s.execute("select pg_drop_replication_slot('" + pub + "')");
      } catch (SQLException ignored) {
        // the database goes next anyway
      }
      try (Connection admin = DriverManager.getConnection(db.adminUrl());
          Statement a = admin.createStatement()) {
        a.execute("drop database if exists " + pub + " with (force)");
      }
    }
  }
}
