package io.viewswap.spec;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.ListNode;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the spec's {@code schemas:} and {@code options.skip_missing}, kept apart from {@link
 * SpecReader} so the fleet keys stay in one place. Problems go to the reader's diagnostics like
 * every other.
 */
final class SchemaSelectionReader {
  private static final String SCHEMAS_HINT =
      "write a list of schema names and globs, e.g. schemas: [\"tenant_*\", \"shard_??\"]";
  private final NodeChecks nodes;

  SchemaSelectionReader(NodeChecks nodes) {
    this.nodes = nodes;
  }

  /**
   * @param transition the {@code transition_schema} as read, or null
   * @return empty without {@code schemas:}; null after reporting a problem
   */
  Optional<SchemaSelection> read(MapNode root, String transition) {
    Entry e = root.get("schemas");
    Boolean skipMissing = skipMissing(root);
    if (e == null) {
      return skipMissing == null ? null : Optional.empty();
    }
    if (!(e.value() instanceof ListNode list) || list.items().isEmpty()) {
      error(
          e.value() instanceof Scalar s && s.kind() == Kind.NULL
              ? e.keyPosition()
              : e.value().position(),
          "\"schemas\" must be a non-empty list of schema names or globs",
          SCHEMAS_HINT);
      return null;
    }
    List<String> patterns = new ArrayList<>();
    List<Position> positions = new ArrayList<>();
    boolean ok = true;
    for (Node n : list.items()) {
      if (!(n instanceof Scalar s) || s.kind() != Kind.STRING || s.text().isEmpty()) {
        error(
            n.position(),
            "each entry of \"schemas\" must be a schema name or glob (text)",
            SCHEMAS_HINT + "; quote a name YAML would read as a number or boolean");
        ok = false;
        continue;
      }
      String p = s.text();
      if (p.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        error(
            s.position(),
            "schema pattern "
                + NodeChecks.q(p.replaceAll("\\p{Cntrl}", "?"))
                + " contains a control character",
            "schema names in a spec are printable text");
        ok = false;
      } else if (patterns.contains(p)) {
        error(
            s.position(),
            "schema pattern " + NodeChecks.q(p) + " is listed twice",
            "remove one of them");
        ok = false;
      } else {
        patterns.add(p);
        positions.add(s.position());
      }
    }
    Set<Integer> perSchema = new HashSet<>();
    boolean columnOnlyBare = false;
    Entry renames = root.get("renames");
    if (renames != null && renames.value() instanceof ListNode items) {
      for (int i = 0; i < items.items().size(); i++) {
        if (items.items().get(i) instanceof MapNode m
            && m.get("table") != null
            && m.get("table").value() instanceof Scalar t
            && t.kind() == Kind.STRING
            && SchemaSelection.bare(t.text())) {
          perSchema.add(i);
          columnOnlyBare |= m.get("to") == null;
        }
      }
    }
    if (perSchema.isEmpty()) {
      error(
          e.keyPosition(),
          "\"schemas\" is given but every table in \"renames\" names its schema",
          "write a bare table name (e.g. \"table: customer\") to rename that table in each selected schema,"
              + " or remove \"schemas\"");
      ok = false;
    }
    if (transition != null
        && columnOnlyBare
        && !transition.contains(SchemaSelection.SCHEMA_PLACEHOLDER)) {
      Entry ts = root.get("transition_schema");
      error(
          ts.value().position(),
          "transition_schema "
              + NodeChecks.q(transition)
              + " would be shared by every"
              + " selected schema, and each tenant needs its own transitional view",
          "write a pattern with "
              + SchemaSelection.SCHEMA_PLACEHOLDER
              + ", e.g. transition_schema: \""
              + SchemaSelection.SCHEMA_PLACEHOLDER
              + "_next\", or remove it for <schema>_next");
      ok = false;
    }
    if (!ok || skipMissing == null) {
      return null;
    }
    return Optional.of(new SchemaSelection(patterns, positions, perSchema, skipMissing));
  }

  /**
   * {@code options.skip_missing}: false when absent; null after reporting a value that is not a
   * boolean.
   */
  private Boolean skipMissing(MapNode root) {
    Entry o = root.get("options");
    if (o == null || !(o.value() instanceof MapNode m) || m.get("skip_missing") == null) {
      return false;
    }
    Node v = m.get("skip_missing").value();
    if (v instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
      return switch (s.text().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "y" -> true;
        default -> false;
      };
    }
    error(
        v instanceof Scalar s && s.kind() == Kind.NULL
            ? m.get("skip_missing").keyPosition()
            : v.position(),
        "\"skip_missing\" in options must be true or false",
        "write skip_missing: true to skip selected schemas that lack a table (without quotes)");
    return null;
  }

  private void error(Position pos, String message, String hint) {
    nodes.error(pos, message, hint);
  }
}
