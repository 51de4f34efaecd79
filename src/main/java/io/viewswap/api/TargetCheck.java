package io.viewswap.api;

import java.util.Objects;

/**
 * The check of one target of a fleet.
 *
 * @param database the database label (no password)
 * @param schema the tenant schema; empty for the spec's named tables or for problems of the whole
 *     database
 * @param state the target's state
 * @param report its findings
 */
public record TargetCheck(String database, String schema, State state, CheckReport report) {
  public TargetCheck {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(report, "report");
  }

  public String target() {
    return schema.isEmpty() ? database : database + "/" + schema;
  }
}
