package io.viewswap.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where every target of a fleet stands.
 *
 * @param spec the spec id
 * @param targets every selected target, sorted by database then schema
 */
public record FleetStatus(String spec, List<TargetState> targets) {
  public FleetStatus {
    targets = List.copyOf(targets);
  }

  /** How many reachable targets are in each state (every state present, zeros included). */
  public Map<State, Long> counts() {
    Map<State, Long> m = new EnumMap<>(State.class);
    for (State s : State.values()) {
      m.put(s, 0L);
    }
    targets.stream().filter(TargetState::reachable).forEach(t -> m.merge(t.state(), 1L, Long::sum));
    return m;
  }

  /** The furthest state any reachable target has reached. */
  public State furthest() {
    return targets.stream()
        .filter(TargetState::reachable)
        .map(TargetState::state)
        .max(Enum::compareTo)
        .orElse(State.PLANNED);
  }

  /**
   * The targets behind the furthest one, and every unreachable one: what a pipeline must still
   * move.
   */
  public List<TargetState> behind() {
    State furthest = furthest();
    return targets.stream()
        .filter(t -> !t.reachable() || t.state().compareTo(furthest) < 0)
        .toList();
  }
}
