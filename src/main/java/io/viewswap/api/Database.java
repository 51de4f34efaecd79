package io.viewswap.api;

import java.util.Objects;
import javax.sql.DataSource;

/**
 * One database of a fleet.
 *
 * @param label how messages and reports name it; never holds a password (the CLI uses
 *     host:port/dbname)
 * @param dataSource where to connect
 */
public record Database(String label, DataSource dataSource) {
  public Database {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(dataSource, "dataSource");
  }
}
