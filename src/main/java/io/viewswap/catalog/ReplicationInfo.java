package io.viewswap.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's replication as a phase meets it: whether COMMIT would wait for synchronous standbys,
 * and the standbys streaming from it now.
 *
 * @param synchronousStandbyNames the setting, as the server has it ("" when none)
 * @param synchronousCommit this session's synchronous_commit (on, remote_apply, local, off, ...)
 * @param standbys one per WAL sender
 */
public record ReplicationInfo(
    String synchronousStandbyNames, String synchronousCommit, List<Standby> standbys) {
  public ReplicationInfo {
    standbys = List.copyOf(standbys);
  }

  /**
   * One WAL sender.
   *
   * @param name its application_name (the name synchronous_standby_names lists)
   * @param visible whether this role may see its details (pg_read_all_stats); if not, the rest is
   *     empty
   * @param state streaming, catchup, startup, backup, stopping
   * @param syncState async, potential, sync, quorum
   * @param feedback whether it sends hot_standby_feedback (its xmin holds back vacuum here)
   * @param replayLagMs the server's last measured replay lag
   * @param replayBehindBytes WAL not yet replayed
   */
  public record Standby(
      String name,
      boolean visible,
      String state,
      String syncState,
      boolean feedback,
      Optional<Long> replayLagMs,
      Optional<Long> replayBehindBytes) {

    /** Whether it counts towards synchronous_standby_names now. */
    public boolean synchronous() {
      return "streaming".equals(state) && ("sync".equals(syncState) || "quorum".equals(syncState));
    }
  }

  private static final Pattern NUM_SYNC =
      Pattern.compile("^\\s*(?:(?:first|any)\\s+)?(\\d+)\\s*\\(.*", Pattern.DOTALL);

  /**
   * How many synchronous standbys a COMMIT waits for: 0 without synchronous_standby_names; the
   * number in {@code FIRST n (...)} or {@code ANY n (...)}; 1 for a plain list.
   */
  public int synchronousStandbysRequired() {
    String names = synchronousStandbyNames.trim();
    if (names.isEmpty()) {
      return 0;
    }
    Matcher m = NUM_SYNC.matcher(names.toLowerCase(Locale.ROOT));
    return m.matches() ? Integer.parseInt(m.group(1)) : 1;
  }

  /** Whether this session's COMMIT waits for a standby at all (synchronous_commit above local). */
  public boolean commitWaitsForStandbys() {
    return synchronousStandbysRequired() > 0
        && List.of("on", "remote_write", "remote_apply", "true", "yes", "1")
            .contains(synchronousCommit.toLowerCase(Locale.ROOT));
  }

  /** The synchronous standbys streaming now. */
  public long synchronousStreaming() {
    return standbys.stream().filter(Standby::synchronous).count();
  }

  /** Whether some sender's details are hidden from this role. */
  public boolean anyHidden() {
    return standbys.stream().anyMatch(s -> !s.visible());
  }
}
