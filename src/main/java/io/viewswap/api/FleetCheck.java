package io.viewswap.api;

import java.util.List;
import java.util.Map;

/**
 * The check of a fleet: per database the schemas the spec selects there, and per target its
 * findings.
 *
 * @param spec the spec id
 * @param selected database label to the schemas selected in it, sorted
 * @param targets every target's check (and a database-wide entry for problems of the selection)
 * @param unreachable database label to why it could not be checked (it could not be reached)
 */
public record FleetCheck(
    String spec,
    Map<String, List<String>> selected,
    List<TargetCheck> targets,
    Map<String, String> unreachable) {
  public FleetCheck {
    selected = Map.copyOf(selected);
    targets = List.copyOf(targets);
    unreachable = Map.copyOf(unreachable);
  }

  /**
   * The exit code of {@code viewswap check}: the refusal of the worst finding of any target, else 9
   * when a database could not be reached, else 0.
   */
  public int exitCode() {
    int worst = 0;
    for (TargetCheck t : targets) {
      int code = t.report().exitCode();
      if (code != 0 && (worst == 0 || code < worst)) {
        worst = code;
      }
    }
    return worst == 0 && !unreachable.isEmpty() ? ErrorCode.TARGETS_FAILED.exitCode() : worst;
  }
}
