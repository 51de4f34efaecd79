package io.viewswap.api;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one target of a fleet stands.
 *
 * @param database the database label (no password)
 * @param schema the tenant schema, or empty for the spec's named tables
 * @param stateKey the key of its state row
 * @param state its state ({@link State#PLANNED} when no phase ran there)
 * @param updatedAt when its last phase ran
 * @param reachable false when the database could not be reached (state is then unknown and shown as
 *     planned)
 * @param message why it could not be read, else empty
 */
public record TargetState(
    String database,
    String schema,
    String stateKey,
    State state,
    Optional<OffsetDateTime> updatedAt,
    boolean reachable,
    String message) {
  public TargetState {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    message = message == null ? "" : message;
  }

  public String target() {
    return schema.isEmpty() ? database : database + "/" + schema;
  }
}
