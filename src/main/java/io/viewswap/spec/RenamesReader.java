package io.viewswap.spec;

import static io.viewswap.spec.NodeChecks.found;
import static io.viewswap.spec.NodeChecks.in;
import static io.viewswap.spec.NodeChecks.q;
import static io.viewswap.spec.NodeChecks.skip;
import static io.viewswap.spec.NodeChecks.valuePos;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.ListNode;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code renames:}: each table's new name and column renames, and the checks between entries
 * (one entry per table, distinct final names, a usable transition schema).
 */
final class RenamesReader {
  static final List<String> KEYS = List.of("table", "to", "columns");
  private static final String TABLE_HINT =
      "write schema.table, or just table for schema \"public\"; double-quote a part that contains a dot or"
          + " a quote, e.g. '\"My Schema\".\"Odd.Name\"'";

  private final NodeChecks nodes;

  RenamesReader(NodeChecks nodes) {
    this.nodes = nodes;
  }

  /**
   * Per entry: the rename (null when broken) and where its pieces stand, for the cross-entry
   * checks.
   */
  private record Item(
      String path,
      TableRename rename,
      QualifiedName table,
      Position tablePos,
      Position targetPos) {}

  List<TableRename> read(MapNode m, Entry transitionEntry, String transition) {
    Entry e = m.get("renames");
    if (e == null) {
      nodes.missing(
          m, "renames", "", "add \"renames:\" with at least one entry \"- table: <schema.table>\"");
      return null;
    }
    if (skip(e.value())) {
      return null;
    }
    if (!(e.value() instanceof ListNode list)) {
      nodes.wrongType(
          e,
          "",
          "a list of tables",
          "write one entry per table, each starting with \"- table: <schema.table>\"");
      return null;
    }
    if (list.items().isEmpty()) {
      nodes.error(
          list.position(),
          q("renames") + " is empty",
          "list at least one table, e.g. \"- table: public.customer\" with \"to:\" or \"columns:\"");
      return null;
    }
    List<Item> items = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < list.items().size(); i++) {
      Item item = rename(list.items().get(i), "renames[" + i + "]");
      items.add(item);
      ok &= item.rename() != null;
    }
    ok &= crossChecks(items, transitionEntry, transition);
    if (!ok) {
      return null;
    }
    return items.stream().map(Item::rename).toList();
  }

  Item rename(Node node, String path) {
    Item broken = new Item(path, null, null, node.position(), null);
    if (skip(node)) {
      return broken;
    }
    if (!(node instanceof MapNode m)) {
      nodes.error(
          node.position(),
          path
              + " must be a map with \"table\" and \"to\" and/or \"columns\", found "
              + found(node),
          "write \"- table: <schema.table>\" and, indented below it, \"to:\" and/or \"columns:\"");
      return broken;
    }
    nodes.checkKeys(m, KEYS, path);
    boolean ok = true;

    QualifiedName table = null;
    Position tablePos = m.position();
    Entry t = m.get("table");
    if (t == null) {
      nodes.missing(m, "table", path, "add \"table: <schema.table>\" naming the table to rename");
      ok = false;
    } else {
      tablePos = valuePos(t);
      String raw = nodes.name(t, path, "public.customer");
      if (raw == null) {
        ok = false;
      } else {
        ParsedName p = parseTableName(raw);
        if (p.error() != null) {
          nodes.error(
              tablePos, "bad table name " + q(raw) + in(path) + ": " + p.error(), TABLE_HINT);
          ok = false;
        } else {
          boolean good = nodes.identifier("schema name", p.name().schema(), tablePos, path);
          good &= nodes.identifier("table name", p.name().name(), tablePos, path);
          if (good) {
            table = p.name();
          } else {
            ok = false;
          }
        }
      }
    }

    String to = null;
    Position toPos = Position.UNKNOWN;
    Entry toEntry = m.get("to");
    if (toEntry != null) {
      toPos = valuePos(toEntry);
      to = nodes.name(toEntry, path, "client");
      if (to == null) {
        ok = false;
      } else if (to.indexOf('.') >= 0) {
        nodes.error(
            toPos,
            q("to") + in(path) + " must be a table name without a schema, found " + q(to),
            "a renamed table stays in its schema"
                + (table == null ? "" : " (" + q(table.schema()) + ")")
                + "; write only the new name, e.g. to: "
                + (to.substring(to.lastIndexOf('.') + 1).isEmpty()
                    ? "client"
                    : to.substring(to.lastIndexOf('.') + 1)));
        to = null;
        ok = false;
      } else if (!nodes.identifier("new table name", to, toPos, path)) {
        to = null;
        ok = false;
      } else if (table != null && to.equals(table.name())) {
        nodes.error(
            toPos,
            "table " + table + in(path) + " is renamed to its own name " + q(to),
            "remove \"to:\" to rename only columns, or give the table a different name");
        ok = false;
      }
    }

    List<ColumnRename> columns = List.of();
    Entry c = m.get("columns");
    if (c != null) {
      columns = columns(c, path);
      if (columns == null) {
        ok = false;
      }
    }

    if (toEntry == null && (c == null || (columns != null && columns.isEmpty()))) {
      nodes.error(
          c == null ? m.position() : valuePos(c),
          path + " renames nothing: it has neither \"to\" nor any" + " \"columns\"",
          "add \"to: <new table name>\" and/or \"columns:\" with \"old_name: new_name\" lines");
      ok = false;
    }

    if (!ok || table == null) {
      return new Item(path, null, table, tablePos, toEntry == null ? null : toPos);
    }
    TableRename r = new TableRename(table, Optional.ofNullable(to), columns, tablePos, toPos);
    return new Item(path, r, table, tablePos, toEntry == null ? null : toPos);
  }

  List<ColumnRename> columns(Entry e, String tablePath) {
    String path = tablePath + ".columns";
    if (skip(e.value())) {
      return null;
    }
    if (!(e.value() instanceof MapNode m)) {
      if (e.value() instanceof Scalar s && s.kind() == Kind.NULL) {
        nodes.error(
            e.keyPosition(),
            "missing value for " + q("columns") + in(tablePath),
            "list the columns below it, one \"old_name: new_name\" per line, or remove \"columns:\"");
      } else {
        nodes.wrongType(
            e,
            tablePath,
            "a map of old column name to new column name",
            "write one \"old_name: new_name\" line per column, indented below \"columns:\"");
      }
      return null;
    }
    boolean ok = true;
    List<ColumnRename> result = new ArrayList<>();
    Map<String, Entry> byTarget = new HashMap<>();
    for (Entry col : m.entries()) {
      String from = col.key();
      Position fromPos = col.keyPosition();
      if (col.keyKind() != Kind.STRING) {
        nodes.error(
            fromPos,
            "column name "
                + from
                + in(path)
                + " is read by YAML as a "
                + (col.keyKind() == Kind.BOOLEAN
                    ? "boolean"
                    : col.keyKind() == Kind.NULL ? "null" : "number"),
            "quote it to use it as a name: \"" + from + "\": ...");
        ok = false;
        from = null;
      } else if (from.isEmpty()) {
        nodes.error(
            fromPos,
            "empty column name" + in(path),
            "write the column's current name before the colon");
        ok = false;
        from = null;
      } else if (!nodes.identifier("column name", from, fromPos, path)) {
        ok = false;
        from = null;
      }
      String to = columnTarget(col, path);
      if (to != null && !nodes.identifier("new column name", to, col.value().position(), path)) {
        to = null;
      }
      if (to == null) {
        ok = false;
        continue;
      }
      if (from != null && from.equals(to)) {
        nodes.error(
            col.value().position(),
            "column " + q(from) + in(tablePath) + " is renamed to its own name",
            "remove this line, or give the column a different new name");
        ok = false;
        continue;
      }
      Entry first = byTarget.putIfAbsent(to, col);
      if (first != null) {
        Position fp = first.value().position();
        nodes.error(
            col.value().position(),
            "columns "
                + q(first.key())
                + " and "
                + q(col.key())
                + in(tablePath)
                + " are both renamed to "
                + q(to),
            "new column names must be unique within a table; the first is at line "
                + fp.line()
                + ", column "
                + fp.column());
        ok = false;
        continue;
      }
      if (from != null) {
        result.add(new ColumnRename(from, to, fromPos));
      }
    }
    return ok ? result : null;
  }

  String columnTarget(Entry col, String path) {
    Node v = col.value();
    if (skip(v)) {
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.STRING) {
      if (s.text().isEmpty()) {
        nodes.error(
            s.position(),
            "new name of column " + q(col.key()) + in(path) + " is empty",
            "write the column's new name after the colon");
        return null;
      }
      return s.text();
    }
    if (v instanceof Scalar s && s.kind() == Kind.NULL) {
      nodes.error(
          col.keyPosition(),
          "missing new name for column " + q(col.key()) + in(path),
          "write the new name after the colon, e.g. " + col.key() + ": new_name");
    } else if (v instanceof Scalar s) {
      nodes.error(
          s.position(),
          "new name of column " + q(col.key()) + in(path) + " must be a name, found " + found(v),
          "YAML reads it as a "
              + (s.kind() == Kind.BOOLEAN ? "boolean" : "number")
              + "; quote it to use it as a name: "
              + col.key()
              + ": \""
              + s.text()
              + "\"");
    } else {
      nodes.error(
          v.position(),
          "new name of column " + q(col.key()) + in(path) + " must be a name, found " + found(v),
          "write \"old_name: new_name\" on one line");
    }
    return null;
  }

  /**
   * Checks between entries: one entry per table, distinct final names, and the transition schema.
   */
  boolean crossChecks(List<Item> items, Entry transitionEntry, String transition) {
    boolean ok = true;
    Map<QualifiedName, Item> bySource = new LinkedHashMap<>();
    for (Item it : items) {
      if (it.table() == null) {
        continue;
      }
      Item first = bySource.putIfAbsent(it.table(), it);
      if (first != null) {
        nodes.error(
            it.tablePos(),
            "table "
                + it.table()
                + " is listed twice in renames ("
                + first.path()
                + " and "
                + it.path()
                + ")",
            "merge the two entries: a table's new name and its column renames go in one entry");
        ok = false;
      }
    }
    Map<QualifiedName, Item> byTarget = new HashMap<>();
    for (Item it : items) {
      if (it.rename() == null || bySource.get(it.rename().table()) != it) {
        continue;
      }
      QualifiedName target = it.rename().renamedTable();
      Item first = byTarget.putIfAbsent(target, it);
      if (first != null) {
        Position pos = it.targetPos() != null ? it.targetPos() : it.tablePos();
        nodes.error(
            pos,
            "tables "
                + first.rename().table()
                + " ("
                + first.path()
                + ") and "
                + it.rename().table()
                + " ("
                + it.path()
                + ") would both be named "
                + target,
            "every table must end up with a distinct name; choose another \"to:\"");
        ok = false;
      }
    }
    for (Item it : items) {
      TableRename r = it.rename();
      if (r == null || r.renamesTable()) {
        continue;
      }
      if (transition != null && transition.equals(r.table().schema())) {
        nodes.error(
            transitionEntry.value().position(),
            "transition_schema "
                + q(transition)
                + " is the schema of "
                + r.table()
                + " ("
                + it.path()
                + "), which keeps its name",
            "the transitional view needs another schema; remove transition_schema to use "
                + q(r.table().schema() + "_next"));
        ok = false;
      } else if (transition == null && transitionEntry == null) {
        String def = r.table().schema() + "_next";
        int bytes = Identifiers.byteLength(def);
        if (bytes > Identifiers.MAX_BYTES) {
          nodes.error(
              it.tablePos(),
              "the default transition schema "
                  + q(def)
                  + " for "
                  + r.table()
                  + " is "
                  + bytes
                  + " bytes; PostgreSQL identifiers are at most "
                  + Identifiers.MAX_BYTES
                  + " bytes",
              "set transition_schema to a shorter name");
          ok = false;
        }
      }
    }
    return ok;
  }

  /** Result of splitting a {@code table:} value. */
  record ParsedName(QualifiedName name, String error) {}

  /**
   * Splits {@code schema.table} on its one unquoted dot. Parts may be double-quoted ({@code ""}
   * inside quotes is a quote); unquoted parts are taken exactly as written, never case-folded. A
   * bare name means {@code public}.
   */
  static ParsedName parseTableName(String s) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      StringBuilder part = new StringBuilder();
      if (i < n && s.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i);
          if (c == '"') {
            if (i + 1 < n && s.charAt(i + 1) == '"') {
              part.append('"');
              i += 2;
              continue;
            }
            closed = true;
            i++;
            break;
          }
          part.append(c);
          i++;
        }
        if (!closed) {
          return new ParsedName(null, "unbalanced double quote");
        }
        if (i < n && s.charAt(i) != '.') {
          return new ParsedName(null, "unexpected text after a closing double quote");
        }
      } else {
        while (i < n && s.charAt(i) != '.') {
          if (s.charAt(i) == '"') {
            return new ParsedName(null, "unbalanced double quote");
          }
          part.append(s.charAt(i));
          i++;
        }
      }
      if (part.length() == 0) {
        return new ParsedName(null, "empty name part");
      }
      parts.add(part.toString());
      if (i >= n) {
        break;
      }
      i++; // the dot
      if (i >= n) {
        return new ParsedName(null, "empty name part");
      }
    }
    if (parts.size() > 2) {
      return new ParsedName(
          null, "it has " + parts.size() + " dot-separated parts, at most 2 are allowed");
    }
    return parts.size() == 1
        ? new ParsedName(new QualifiedName("public", parts.get(0)), null)
        : new ParsedName(new QualifiedName(parts.get(0), parts.get(1)), null);
  }
}
