package io.viewswap.spec;

import io.viewswap.text.DurationText;
import java.time.Duration;
import java.util.Optional;

/**
 * How phases run. Defaults follow the design: a lock timeout well below the default
 * deadlock_timeout (1 s) so that the swap, never a client, is the one that backs off. The defaults
 * are {@link #DEFAULTS}; the bounds are those of {@link DurationText} and {@link RetryCount}, which
 * the spec reader and the command line use too. Start from {@link #DEFAULTS} and change what
 * differs with the {@code with...} methods.
 *
 * @param lockTimeout {@code SET LOCAL lock_timeout} for every phase transaction
 * @param statementTimeout {@code SET LOCAL statement_timeout} for every phase transaction
 * @param retries how many times a phase is retried after a lock timeout (attempts = retries + 1)
 * @param backoffMin first delay between attempts
 * @param backoffMax cap on the delay between attempts
 * @param compatView whether the swap leaves a view under the old table name with the old column
 *     names
 * @param allowPublications whether renaming tables that are in a publication is accepted
 * @param renameDependents whether the swap also renames the indexes, constraints, owned sequences,
 *     triggers and policies whose names are made from the old table or column names (and its
 *     rollback renames them back)
 * @param releaseRole the login role of the new release, for tables that keep their name: expand
 *     sets its search_path in the database to the transition schemas first, rollback and contract
 *     restore what it had. A setting made by the server at login works behind every connection
 *     pooler, where a client-side search_path does not.
 * @param releaseRoleAt where the spec names the release role, for diagnostics
 * @param keepSynchronousCommit whether the phase's COMMIT waits for synchronous standbys as the
 *     server is configured ({@code synchronous_commit: configured}). By default ({@code local}) the
 *     phase commits with {@code SET LOCAL synchronous_commit = local}: under synchronous
 *     replication COMMIT waits for the standby while the phase still holds ACCESS EXCLUSIVE, a wait
 *     no timeout bounds. Durability is the same once any later transaction commits synchronously
 *     (WAL is replayed in order), see docs/replicas-and-backups.md.
 */
public record SpecOptions(
    Duration lockTimeout,
    Duration statementTimeout,
    int retries,
    Duration backoffMin,
    Duration backoffMax,
    boolean compatView,
    boolean allowPublications,
    boolean renameDependents,
    Optional<String> releaseRole,
    Position releaseRoleAt,
    boolean keepSynchronousCommit) {

  public static final SpecOptions DEFAULTS =
      new SpecOptions(
          Duration.ofMillis(200),
          Duration.ofSeconds(5),
          RetryCount.DEFAULT,
          Duration.ofMillis(50),
          Duration.ofSeconds(5),
          true,
          false,
          false,
          Optional.empty(),
          Position.UNKNOWN,
          false);

  public SpecOptions {
    // The same bounds the spec reader and the command line apply, so a library caller cannot run
    // with a zero lock_timeout (no timeout at all) or ten thousand retries either.
    DurationText.require(lockTimeout, "lockTimeout");
    DurationText.require(statementTimeout, "statementTimeout");
    DurationText.require(backoffMin, "backoffMin");
    DurationText.require(backoffMax, "backoffMax");
    if (backoffMin.compareTo(backoffMax) > 0) {
      throw new IllegalArgumentException(
          "backoffMin " + backoffMin + " is above backoffMax " + backoffMax);
    }
    RetryCount.require(retries);
    releaseRole = releaseRole == null ? Optional.empty() : releaseRole;
    releaseRoleAt = releaseRoleAt == null ? Position.UNKNOWN : releaseRoleAt;
  }

  public SpecOptions withLockTimeout(Duration d) {
    return new SpecOptions(
        d,
        statementTimeout,
        retries,
        backoffMin,
        backoffMax,
        compatView,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }

  public SpecOptions withStatementTimeout(Duration d) {
    return new SpecOptions(
        lockTimeout,
        d,
        retries,
        backoffMin,
        backoffMax,
        compatView,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }

  public SpecOptions withRetries(int n) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        n,
        backoffMin,
        backoffMax,
        compatView,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }

  public SpecOptions withReleaseRole(Optional<String> role) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        retries,
        backoffMin,
        backoffMax,
        compatView,
        allowPublications,
        renameDependents,
        role,
        Position.UNKNOWN,
        keepSynchronousCommit);
  }

  public SpecOptions withKeepSynchronousCommit(boolean keep) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        retries,
        backoffMin,
        backoffMax,
        compatView,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keep);
  }

  /** The delays between attempts, from {@code min} growing to at most {@code max}. */
  public SpecOptions withBackoff(Duration min, Duration max) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        retries,
        min,
        max,
        compatView,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }

  public SpecOptions withCompatView(boolean compat) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        retries,
        backoffMin,
        backoffMax,
        compat,
        allowPublications,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }

  public SpecOptions withAllowPublications(boolean allow) {
    return new SpecOptions(
        lockTimeout,
        statementTimeout,
        retries,
        backoffMin,
        backoffMax,
        compatView,
        allow,
        renameDependents,
        releaseRole,
        releaseRoleAt,
        keepSynchronousCommit);
  }
}
