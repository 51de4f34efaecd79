package io.viewswap.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A small YAML document tree that, unlike Jackson's, keeps every node's line and column. Built from
 * the streaming {@link YAMLParser}; duplicate keys and aliases are reported while building, syntax
 * errors end it.
 */
final class YamlTree {
  private YamlTree() {}

  /** What a scalar resolved to under YAML's implicit typing. */
  enum Kind {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    NULL,
    /** Already reported (an alias, a binary value): validation skips it silently. */
    INVALID
  }

  sealed interface Node permits Scalar, MapNode, ListNode {
    Position position();
  }

  record Scalar(Kind kind, String text, Position position) implements Node {}

  record Entry(String key, Kind keyKind, Position keyPosition, Node value) {}

  record MapNode(List<Entry> entries, Position position) implements Node {
    Entry get(String key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }
  }

  record ListNode(List<Node> items, Position position) implements Node {}

  /**
   * Parses one YAML document. On a syntax error returns null and leaves exactly one diagnostic (any
   * found before it are dropped, since they may be artefacts of the broken syntax). An empty
   * document is a NULL scalar.
   */
  static Node parse(String yaml, String file, List<Diagnostic> diagnostics) {
    Builder b = new Builder(file);
    try (PositionedParser p = (PositionedParser) FACTORY.createParser(new StringReader(yaml))) {
      JsonToken t = p.nextToken();
      if (t == null) {
        diagnostics.addAll(b.found);
        return new Scalar(Kind.NULL, "", new Position(1, 1));
      }
      Node root = b.value(p, t, "");
      JsonToken next = p.nextToken();
      if (next != null) {
        b.found.add(
            new Diagnostic(
                file,
                position(p.currentTokenLocation()),
                "the file holds more than one YAML document",
                "a spec file holds exactly one spec; remove the \"---\" line or split the file"));
      }
      diagnostics.addAll(b.found);
      return root;
    } catch (StreamReadException e) {
      diagnostics.add(syntaxError(file, e));
      return null;
    } catch (IOException e) {
      // Reading from a String cannot fail for I/O reasons; anything else is a parse problem.
      diagnostics.add(
          new Diagnostic(file, Position.UNKNOWN, "cannot read YAML: " + e.getMessage(), ""));
      return null;
    }
  }

  private static Diagnostic syntaxError(String file, StreamReadException e) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException m) {
      Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
      Position pos =
          mark != null
              ? new Position(mark.getLine() + 1, mark.getColumn() + 1)
              : position(e.getLocation());
      String problem = m.getProblem() != null ? m.getProblem() : String.valueOf(m.getContext());
      String hint;
      if (m.getContext() != null && m.getContextMark() != null) {
        Mark c = m.getContextMark();
        hint =
            m.getContext()
                + " that starts at line "
                + (c.getLine() + 1)
                + ", column "
                + (c.getColumn() + 1)
                + "; check the indentation and quoting there";
      } else if (m.getContext() != null) {
        hint = m.getContext() + "; check the indentation and quoting there";
      } else {
        hint = "check the indentation, and quote values that contain \": \" or \" #\"";
      }
      return new Diagnostic(file, pos, "invalid YAML: " + problem.strip(), hint);
    }
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf('\n');
    if (cut > 0) {
      msg = msg.substring(0, cut);
    }
    return new Diagnostic(
        file,
        position(e.getLocation()),
        "invalid YAML: " + msg.strip(),
        "check the indentation and quoting there");
  }

  static Position position(JsonLocation loc) {
    if (loc == null || loc.getLineNr() <= 0) {
      return Position.UNKNOWN;
    }
    return new Position(loc.getLineNr(), Math.max(1, loc.getColumnNr()));
  }

  private static final class Builder {
    final String file;
    final List<Diagnostic> found = new ArrayList<>();

    Builder(String file) {
      this.file = file;
    }

    Node value(PositionedParser p, JsonToken t, String path) throws IOException {
      Position pos = position(p.currentTokenLocation());
      switch (t) {
        case START_OBJECT:
          return map(p, pos, path);
        case START_ARRAY:
          return list(p, pos, path);
        default:
          break;
      }
      if (p.isCurrentAlias()) {
        found.add(
            new Diagnostic(
                file,
                pos,
                "YAML alias \"*" + p.getText() + "\" is not supported" + in(path),
                "write the value out in full"));
        return new Scalar(Kind.INVALID, p.getText(), pos);
      }
      String text = p.getText() == null ? "" : p.getText();
      return switch (t) {
        case VALUE_STRING -> new Scalar(Kind.STRING, text, pos);
        case VALUE_NUMBER_INT -> new Scalar(Kind.INTEGER, text, pos);
        case VALUE_NUMBER_FLOAT -> new Scalar(Kind.FLOAT, text, pos);
        case VALUE_TRUE, VALUE_FALSE -> new Scalar(Kind.BOOLEAN, text, pos);
        case VALUE_NULL -> new Scalar(Kind.NULL, text, pos);
        default -> {
          found.add(
              new Diagnostic(
                  file,
                  pos,
                  "unsupported YAML value" + in(path),
                  "use plain text, numbers or booleans"));
          yield new Scalar(Kind.INVALID, text, pos);
        }
      };
    }

    MapNode map(PositionedParser p, Position pos, String path) throws IOException {
      List<Entry> entries = new ArrayList<>();
      Map<String, Position> seen = new HashMap<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Kind keyKind = p.lastScalarKind();
        Position keyPos = position(p.currentTokenLocation());
        Node v = value(p, p.nextToken(), path.isEmpty() ? key : path + "." + key);
        Position first = seen.putIfAbsent(key, keyPos);
        if (first != null) {
          found.add(
              new Diagnostic(
                  file,
                  keyPos,
                  "duplicate key " + NodeChecks.q(key) + NodeChecks.where(path),
                  "it is already set at line "
                      + first.line()
                      + ", column "
                      + first.column()
                      + "; a key may appear only once in a map"));
        } else {
          entries.add(new Entry(key, keyKind, keyPos, v));
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new IllegalStateException("unexpected token " + t + " in a YAML map");
      }
      return new MapNode(List.copyOf(entries), pos);
    }

    ListNode list(PositionedParser p, Position pos, String path) throws IOException {
      List<Node> items = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new IllegalStateException("unexpected end of a YAML list");
        }
        items.add(value(p, t, path + "[" + items.size() + "]"));
      }
      return new ListNode(List.copyOf(items), pos);
    }

    private static String in(String path) {
      return path.isEmpty() ? "" : " in " + path;
    }
  }

  private static final YAMLFactory FACTORY = new PositionedFactory();

  /**
   * A factory whose parsers can tell a plain scalar ({@code 1e3}, {@code on}) from a quoted one.
   */
  private static final class PositionedFactory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
      return new PositionedParser(
          ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }
  }

  private static final class PositionedParser extends YAMLParser {
    private static final Resolver RESOLVER = new Resolver();

    PositionedParser(
        IOContext ctxt, int pf, int yf, LoaderOptions lo, ObjectCodec codec, Reader r) {
      super(ctxt, pf, yf, lo, codec, r);
    }

    /**
     * The implicit type of the scalar just read (used for map keys, which Jackson always reports as
     * text). Only plain, untagged scalars are typed; YAML 1.1 rules apply, so {@code on} and {@code
     * yes} are booleans.
     */
    Kind lastScalarKind() {
      if (!(_lastEvent instanceof ScalarEvent se) || !se.isPlain()) {
        return Kind.STRING;
      }
      if (se.getTag() != null && !"!".equals(se.getTag())) {
        return Kind.STRING; // an explicit tag is deliberate; the key's text is used as written
      }
      Tag tag = RESOLVER.resolve(NodeId.scalar, se.getValue(), true);
      if (Tag.BOOL.equals(tag)) {
        return Kind.BOOLEAN;
      } else if (Tag.INT.equals(tag)) {
        return Kind.INTEGER;
      } else if (Tag.FLOAT.equals(tag)) {
        return Kind.FLOAT;
      } else if (Tag.NULL.equals(tag)) {
        return Kind.NULL;
      }
      return Kind.STRING;
    }
  }
}
