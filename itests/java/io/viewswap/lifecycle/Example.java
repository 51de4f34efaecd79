package io.viewswap.lifecycle;

import io.viewswap.ViewSwap;
import io.viewswap.api.Sleeper;
import io.viewswap.spec.Spec;
import io.viewswap.spec.SpecReader;
import io.viewswap.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One example of specs/examples: the spec and the schema it was written for.
 *
 * @param name the example's base name, e.g. {@code customer-to-client}
 * @param spec the parsed spec
 * @param schemaSql the schema script's text
 */
record Example(String name, Spec spec, String schemaSql) {

  /**
   * The unprivileged role every example schema grants to; roles are cluster-wide, so it may already
   * exist.
   */
  static final String APP_ROLE = "app_rw";

  static final String APP_PASSWORD = "app";

  /** Where the examples are: the project directory failsafe passes in. */
  static Path examplesDir() {
    String dir = System.getProperty("viewswap.project.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property viewswap.project.dir is not set; run through `./mvnw verify`");
    }
    return Path.of(dir, "specs", "examples");
  }

  static Path specFile(String name) {
    return examplesDir().resolve(name + ".yaml");
  }

  static Example load(String name) throws Exception {
    Path dir = examplesDir();
    return new Example(
        name,
        new SpecReader().read(dir.resolve(name + ".yaml")),
        Files.readString(dir.resolve(name + ".schema.sql")));
  }

  /**
   * A spec written in the test over the schema of an example, for a case the examples do not cover.
   */
  static Example inline(String name, String yaml, String schemaOf) throws Exception {
    return new Example(
        name,
        new SpecReader().parse(yaml, name + ".yaml"),
        Files.readString(examplesDir().resolve(schemaOf + ".schema.sql")));
  }

  /**
   * Loads the schema as the superuser and lets the application role log in (the scripts create it
   * NOLOGIN).
   */
  void install(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(schemaSql);
      // The embedded server trusts local logins; the password only matters on an external server.
      s.execute("ALTER ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
    }
  }

  /** The API as a pipeline stage would use it, with retries that do not sleep. */
  static ViewSwap viewSwap(TestDatabase db) {
    return viewSwap(db, d -> {});
  }

  static ViewSwap viewSwap(TestDatabase db, Sleeper sleeper) {
    return ViewSwap.configure().dataSource(dataSource(db)).sleeper(sleeper).build();
  }

  static PGSimpleDataSource dataSource(TestDatabase db) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    return ds;
  }

  @Override
  public String toString() {
    return name;
  }
}
