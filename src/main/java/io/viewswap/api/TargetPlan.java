package io.viewswap.api;

import io.viewswap.spec.Spec;
import java.util.Objects;

/**
 * The plan of one target of a fleet, for export.
 *
 * @param database the database label
 * @param schema the tenant schema, or empty for the spec's named tables
 * @param spec the spec this target runs (for a tenant: its tables in that schema, its own state key
 *     as id)
 * @param plan every phase's statements from the target's current state
 */
public record TargetPlan(String database, String schema, Spec spec, Plan plan) {
  public TargetPlan {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(plan, "plan");
  }
}
