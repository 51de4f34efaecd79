package io.viewswap.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
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
 * @param appliedSpec the spec as last applied, as YAML a user can save as the spec file again;
 *     empty when no phase ran or an older viewswap wrote the state
 * @param stateLost when the spec has no state but its tables are as a later phase left them (the
 *     state was left out of a dump): what was found and how to recover; empty otherwise
 */
public record SpecStatus(
    String spec,
    State state,
    Optional<String> checksum,
    boolean specChanged,
    Optional<OffsetDateTime> updatedAt,
    List<PhaseRunRecord> history,
    Optional<String> appliedSpec,
    Optional<String> stateLost) {
  public SpecStatus {
    history = List.copyOf(history);
    Objects.requireNonNull(appliedSpec, "appliedSpec");
    Objects.requireNonNull(stateLost, "stateLost");
  }

  /** Without a lost state. */
  public SpecStatus(
      String spec,
      State state,
      Optional<String> checksum,
      boolean specChanged,
      Optional<OffsetDateTime> updatedAt,
      List<PhaseRunRecord> history,
      Optional<String> appliedSpec) {
    this(spec, state, checksum, specChanged, updatedAt, history, appliedSpec, Optional.empty());
  }

  /** Without the applied spec. */
  public SpecStatus(
      String spec,
      State state,
      Optional<String> checksum,
      boolean specChanged,
      Optional<OffsetDateTime> updatedAt,
      List<PhaseRunRecord> history) {
    this(spec, state, checksum, specChanged, updatedAt, history, Optional.empty());
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
