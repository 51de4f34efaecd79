package io.viewswap.spec;

import static io.viewswap.spec.NodeChecks.found;
import static io.viewswap.spec.NodeChecks.skip;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.ListNode;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code accept:}, the blockers about other roles' objects the spec's author accepts by name.
 */
final class AcceptReader {
  private final NodeChecks nodes;

  AcceptReader(NodeChecks nodes) {
    this.nodes = nodes;
  }

  private static final List<String> ACCEPT_KEYS = List.of("finding", "object", "reason");

  private static final String ACCEPT_HINT =
      "write each entry as {finding: function-body, object: \"public.audit(integer)\", reason: \"...\"},"
          + " with the code and the object as `viewswap check` names them";

  /**
   * The top-level {@code accept:} list; null after an error. Which codes may be accepted, and
   * whether each entry matches a finding, is decided by check against the catalog.
   */
  List<Acceptance> read(MapNode root) {
    Entry e = root.get("accept");
    if (e == null || skip(e.value())) {
      return List.of();
    }
    if (!(e.value() instanceof ListNode seq)) {
      nodes.wrongType(e, "", "a list", ACCEPT_HINT);
      return null;
    }
    List<Acceptance> out = new ArrayList<>();
    boolean ok = true;
    for (Node item : seq.items()) {
      if (!(item instanceof MapNode m)) {
        nodes.error(
            item.position(), "an entry of accept must be a map, found " + found(item), ACCEPT_HINT);
        ok = false;
        continue;
      }
      nodes.checkKeys(m, ACCEPT_KEYS, "accept");
      String[] values = new String[3];
      for (int i = 0; i < 3; i++) {
        Entry v = m.get(ACCEPT_KEYS.get(i));
        if (v == null) {
          nodes.missing(m, ACCEPT_KEYS.get(i), "accept", ACCEPT_HINT);
          ok = false;
        } else if (!(v.value() instanceof Scalar s)
            || s.kind() == Kind.NULL
            || s.text().isBlank()) {
          nodes.wrongType(v, "accept", "text", ACCEPT_HINT);
          ok = false;
        } else {
          values[i] = s.text().strip();
        }
      }
      if (values[0] != null && values[1] != null && values[2] != null) {
        out.add(new Acceptance(values[0], values[1], values[2], m.position()));
      }
    }
    return ok ? out : null;
  }
}
