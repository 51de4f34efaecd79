package io.viewswap.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension itself: the requested major, one fresh database per test, dropped afterwards, role
 * logins.
 */
@Tag("lifecycle")
@ExtendWith(PostgresExtension.class)
class PostgresExtensionIT {

  private static final List<String> DATABASES = new CopyOnWriteArrayList<>();
  private static volatile String adminUrl;

  private static void record(TestDatabase db) {
    DATABASES.add(db.name());
    adminUrl = db.adminUrl();
  }

  @Test
  void serverIsTheRequestedMajor(TestDatabase db) throws SQLException {
    record(db);
    int versionNum = Integer.parseInt((String) db.queryValue("SHOW server_version_num"));
    System.out.println("PostgresExtensionIT: " + db + ", server_version_num " + versionNum);
    assertThat(versionNum / 10000).isEqualTo(db.serverMajor());
    if (System.getenv(PostgresExtension.URL_ENV) == null) {
      assertThat(db.serverMajor())
          .isEqualTo(Integer.getInteger(PostgresExtension.MAJOR_PROPERTY, 18));
    }
  }

  @RepeatedTest(2)
  void eachTestGetsAFreshDatabase(TestDatabase db) throws SQLException {
    record(db);
    assertThat(db.name()).matches("t_[0-9a-f]{12}");
    assertThat(db.queryValue("SELECT current_database()")).isEqualTo(db.name());
    // Nothing left from an earlier test: creating the same table works every time.
    db.exec(
        "CREATE TABLE marker (id int PRIMARY KEY, note text); INSERT INTO marker VALUES (1, 'x'), (2, 'y')");
    List<Map<String, Object>> rows = db.query("SELECT id, note FROM marker ORDER BY id");
    assertThat(rows).containsExactly(Map.of("id", 1, "note", "x"), Map.of("id", 2, "note", "y"));
    // A connection the test leaves open must not stop the drop afterwards.
    Connection open = DriverManager.getConnection(db.url());
    assertThat(open.isValid(2)).isTrue();
  }

  @Test
  void aCreatedRoleCanLogIn(TestDatabase db) throws SQLException {
    record(db);
    String role = "r_" + db.name();
    db.exec("CREATE ROLE " + role + " LOGIN PASSWORD 'secret'");
    try {
      try (Connection c = db.connectAs(role, "secret");
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT current_user, current_database(), "
                      + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo(role);
        assertThat(rs.getString(2)).isEqualTo(db.name());
        assertThat(rs.getBoolean(3)).isFalse();
      }
      try (Connection c = db.connectAs(role, "secret");
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.execute("CREATE ROLE nope")).isInstanceOf(SQLException.class);
      }
    } finally {
      db.exec("DROP ROLE IF EXISTS " + role);
    }
  }

  @AfterAll
  static void everyTestHadItsOwnDatabaseAndAllAreDropped() throws SQLException {
    assertThat(DATABASES).hasSize(4).doesNotHaveDuplicates();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
      List<String> existing = new java.util.ArrayList<>();
      while (rs.next()) {
        existing.add(rs.getString(1));
      }
      assertThat(existing).contains("postgres").doesNotContainAnyElementsOf(DATABASES);
    }
  }
}
