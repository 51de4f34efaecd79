package io.viewswap.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Where one spec stands.
 *
 * @param spec the spec id
 * @param state its state ({@link State#PLANNED} when no phase ever ran)
 * @param checksum the checksum stored with the state, if any
 * @param specChanged whether the spec file given differs from the one applied (false when no file
 *     was given)
 * @param updatedAt when the last phase ran
 * @param history every phase run, oldest first
 */
public record SpecStatus(
    String spec,
    State state,
    Optional<String> checksum,
    boolean specChanged,
    Optional<OffsetDateTime> updatedAt,
    List<PhaseRunRecord> history) {
  public SpecStatus {
    history = List.copyOf(history);
  }

  /** The phase that moves the spec on, or empty once contracted. */
  public Optional<Phase> nextPhase() {
    for (Phase p : Phase.values()) {
      if (p.before() == state) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
