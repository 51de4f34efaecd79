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
 * Reads {@code sql:}: the spec's own statements per phase, each one statement with the one that
 * undoes it.
 */
final class SpecSqlReader {
  static final List<String> KEYS = List.of("forward", "inverse");

  private final NodeChecks nodes;

  SpecSqlReader(NodeChecks nodes) {
    this.nodes = nodes;
  }

  /**
   * {@code sql:}: per phase, one entry or a list of entries, each {@code forward:} and {@code
   * inverse:}, one statement apiece. Empty when absent, null (after reporting) when bad.
   */
  List<SpecSql> read(MapNode root) {
    Entry e = root.get("sql");
    if (e == null) {
      return List.of();
    }
    String example =
        "e.g. sql: {swap: {forward: \"CREATE OR REPLACE FUNCTION ...\", inverse: \"CREATE OR"
            + " REPLACE FUNCTION ...\"}}";
    if (skip(e.value())) {
      return null;
    }
    if (!(e.value() instanceof MapNode m)) {
      nodes.wrongType(e, "", "a map of phase (expand, swap, contract) to statements", example);
      return null;
    }
    nodes.checkKeys(m, SpecSql.PHASES, "sql");
    int before = nodes.count();
    List<SpecSql> result = new ArrayList<>();
    for (String phase : SpecSql.PHASES) {
      Entry p = m.get(phase);
      if (p == null || skip(p.value())) {
        continue;
      }
      List<Node> items;
      if (p.value() instanceof ListNode list) {
        items = list.items();
      } else if (p.value() instanceof MapNode) {
        items = List.of(p.value());
      } else {
        nodes.wrongType(p, "sql", "an entry with forward and inverse, or a list of them", example);
        continue;
      }
      for (int i = 0; i < items.size(); i++) {
        SpecSql x = sqlEntry(phase, i, items.get(i));
        if (x != null) {
          result.add(x);
        }
      }
    }
    return nodes.count() == before ? result : null;
  }

  SpecSql sqlEntry(String phase, int index, Node node) {
    String path = "sql." + phase + "[" + index + "]";
    if (skip(node)) {
      return null;
    }
    if (!(node instanceof MapNode m)) {
      nodes.error(
          node.position(),
          path + " must be a map with \"forward\" and \"inverse\", found " + found(node),
          "write forward: <statement> and inverse: <the statement that undoes it>");
      return null;
    }
    nodes.checkKeys(m, KEYS, path);
    String forward = statement(m, "forward", path);
    String inverse = statement(m, "inverse", path);
    if (forward == null || inverse == null) {
      return null;
    }
    return new SpecSql(phase, index, forward, inverse, m.position());
  }

  /** One statement of spec SQL; null (after reporting) when missing or not exactly one. */
  String statement(MapNode m, String key, String path) {
    Entry e = m.get(key);
    if (e == null) {
      nodes.missing(
          m,
          key,
          path,
          key.equals("inverse")
              ? "every statement needs the one that undoes it, which the phase's rollback runs"
              : "write the statement the phase runs");
      return null;
    }
    if (skip(e.value())) {
      return null;
    }
    if (!(e.value() instanceof Scalar s) || s.kind() != Kind.STRING) {
      nodes.wrongType(
          e,
          path,
          "one SQL statement",
          "write it as text; for several lines use \"" + key + ": |\" and indent the lines below");
      return null;
    }
    String text = s.text();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Identifiers.isUnsafe(cp) && cp != '\n' && cp != '\r' && cp != '\t') {
        nodes.error(
            s.position(),
            path + "." + key + NodeChecks.unsafeCharacter(text, i),
            "SQL needs no such character; remove it (it would make the statement read differently"
                + " from what runs)");
        return null;
      }
      i += Character.charCount(cp);
    }
    OneStatement.Reading reading = OneStatement.read(text);
    if (reading.problem().isPresent()) {
      OneStatement.Problem p = reading.problem().get();
      int line = 1;
      for (int i = 0; i < p.offset() && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      nodes.error(
          s.position(),
          path
              + "."
              + key
              + " is not one statement viewswap can run: "
              + p.message()
              + " (line "
              + line
              + " of the statement)",
          "write exactly one statement per entry (a trailing \";\" is fine); put another"
              + " statement in an entry of its own, with its own inverse");
      return null;
    }
    return text;
  }
}
