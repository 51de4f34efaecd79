package io.viewswap.fleet;

import io.viewswap.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two more databases beside the test's own, each (the test's own too) with three tenant schemas
 * {@code tenant_000..002} holding a {@code customer} table; dropped again on close.
 */
final class ExtraDatabases implements AutoCloseable {
  private final TestDatabase db;

  /** The names of the two extra databases. */
  final List<String> extra;

  /** The URLs of the three databases, the test's own first. */
  final List<String> urls = new ArrayList<>();

  /**
   * @param withRow whether each tenant's table gets one row
   */
  ExtraDatabases(TestDatabase db, boolean withRow) throws SQLException {
    this.db = db;
    this.extra = List.of(db.name() + "_b", db.name() + "_c");
    try (Connection admin = DriverManager.getConnection(db.adminUrl());
        Statement st = admin.createStatement()) {
      for (String name : extra) {
        st.execute("create database " + name);
      }
    }
    urls.add(db.url());
    for (String name : extra) {
      urls.add(db.url().replace("/" + db.name(), "/" + name));
    }
    for (String url : urls) {
      try (Connection c = DriverManager.getConnection(url);
          Statement st = c.createStatement()) {
        for (int i = 0; i < 3; i++) {
          String tenant = String.format(Locale.ROOT, "tenant_%03d", i);
          st.execute(
              "create schema "
                  + tenant
                  + "; create table "
                  + tenant
                  + ".customer (id int primary key, full_name text, email text)"
                  + (withRow
                      ? "; insert into "
                          + tenant
                          + ".customer values (1, 'name "
                          + i
                          + "', 'e@example.org')"
                      : ""));
        }
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = DriverManager.getConnection(db.adminUrl());
        Statement st = admin.createStatement()) {
      for (String name : extra) {
        st.execute("drop database if exists " + name + " with (force)");
      }
    }
  }
}
