package io.viewswap.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One target of a fleet run.
 *
 * @param database the database, as a label without any password (host:port/dbname)
 * @param schema the tenant schema; empty for the spec's named tables or for a database that could
 *     not be reached
 * @param stateKey the key of the target's state row ({@code spec@schema}, or the spec id)
 * @param outcome what happened
 * @param previousState the state before the run (planned when unknown)
 * @param state the state after it
 * @param attempts transactions tried
 * @param lockWaitMs time lost to lock timeouts and backoff
 * @param lockHeldMs from the first exclusive lock to the end of COMMIT
 * @param error why it failed or was skipped, when it did
 * @param sqlState the SQLSTATE of a failure, or empty
 * @param message a failure's or skip's message, else empty
 * @param lockTimeouts every attempt that hit the lock timeout, with the sessions seen in the lock's
 *     way (of a target that finished after retries, or gave up with exit 5)
 */
public record TargetResult(
    String database,
    String schema,
    String stateKey,
    TargetOutcome outcome,
    State previousState,
    State state,
    int attempts,
    long lockWaitMs,
    long lockHeldMs,
    Optional<ErrorCode> error,
    Optional<String> sqlState,
    String message,
    List<LockTimeout> lockTimeouts) {
  public TargetResult {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(sqlState, "sqlState");
    message = message == null ? "" : message;
    lockTimeouts = List.copyOf(lockTimeouts);
  }

  /** A target without lock timeouts. */
  public TargetResult(
      String database,
      String schema,
      String stateKey,
      TargetOutcome outcome,
      State previousState,
      State state,
      int attempts,
      long lockWaitMs,
      long lockHeldMs,
      Optional<ErrorCode> error,
      Optional<String> sqlState,
      String message) {
    this(
        database,
        schema,
        stateKey,
        outcome,
        previousState,
        state,
        attempts,
        lockWaitMs,
        lockHeldMs,
        error,
        sqlState,
        message,
        List.of());
  }

  /** The sessions last seen in the lock's way (of the latest attempt that saw any). */
  public List<Blocker> blockers() {
    return LockTimeout.lastSeen(lockTimeouts);
  }

  /** {@code database/schema}, or the database alone, for messages. */
  public String target() {
    return schema.isEmpty() ? database : database + "/" + schema;
  }
}
