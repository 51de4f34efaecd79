package io.viewswap.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a fleet run picks and runs its targets (one target is one tenant schema in one database).
 *
 * @param parallel connections per database; capped by the server's free connection slots
 * @param maxFailures stop starting new targets after this many failed (0: never stop; 1 is
 *     fail-fast)
 * @param only a glob over schema names that narrows the selection (a canary wave), or empty
 * @param limit run at most this many targets that still need the phase (the next wave), or empty
 * @param shard this process's slice of the targets, or empty for all of them
 * @param partial run the phase on the targets ready for it even when other selected targets are not
 * @param dryRun check and report what would run; change nothing
 */
public record FleetOptions(
    int parallel,
    int maxFailures,
    Optional<String> only,
    OptionalInt limit,
    Optional<Shard> shard,
    boolean partial,
    boolean dryRun) {

  public static final int DEFAULT_PARALLEL = 4;
  public static final FleetOptions DEFAULTS =
      new FleetOptions(
          DEFAULT_PARALLEL,
          0,
          Optional.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          false,
          false);

  public FleetOptions {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1");
    }
    if (maxFailures < 0) {
      throw new IllegalArgumentException("maxFailures must be 0 or more");
    }
    Objects.requireNonNull(only, "only");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(shard, "shard");
  }

  /**
   * Slice {@code index} (0-based) of {@code count}: the targets whose position in the sorted list
   * of every selected target is {@code index} modulo {@code count}. The same arguments give the
   * same slice on every machine, so a CI matrix or an indexed job can spread one fleet over several
   * runners.
   */
  public record Shard(int index, int count) {
    public Shard {
      if (count < 1 || index < 0 || index >= count) {
        throw new IllegalArgumentException("shard index must be in 0.." + (count - 1));
      }
    }
  }
}
