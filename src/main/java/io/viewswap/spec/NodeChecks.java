package io.viewswap.spec;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.ListNode;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import io.viewswap.text.EditDistance;
import java.util.List;
import java.util.Locale;

/**
 * The checks every key group of the spec makes of its nodes (right type, known keys, a usable
 * name), and the words its messages share, so that each group's reader words a problem as every
 * other does. Problems go to one list of diagnostics for the whole file.
 */
final class NodeChecks {
  /**
   * A name or value as it would be written in YAML: double quotes, or single quotes when it holds a
   * '"'.
   */
  static String q(String s) {
    boolean unsafe = Identifiers.firstUnsafe(s) >= 0;
    if (s.indexOf('"') >= 0 && s.indexOf('\'') < 0 && !unsafe) {
      return "'" + s + "'";
    }
    String quoted = s.replace("\\", "\\\\").replace("\"", "\\\"");
    if (unsafe) {
      // YAML's own escapes, so a message naming a hostile name stays on one line and shows what
      // to write
      StringBuilder b = new StringBuilder();
      quoted
          .codePoints()
          .forEach(
              cp -> {
                switch (cp) {
                  case '\n' -> b.append("\\n");
                  case '\r' -> b.append("\\r");
                  case '\t' -> b.append("\\t");
                  default ->
                      b.append(
                          Identifiers.isUnsafe(cp)
                              ? String.format(java.util.Locale.ROOT, "\\u%04X", cp)
                              : Character.toString(cp));
                }
              });
      quoted = b.toString();
    }
    return '"' + quoted + '"';
  }

  /** Where an unknown or duplicate key sits, for messages. */
  static String where(String path) {
    return path.isEmpty() ? " at the top level" : " in " + path;
  }

  static String in(String path) {
    return path.isEmpty() ? "" : " in " + path;
  }

  /**
   * The allowed key {@code key} was probably meant to be (a dash written for an underscore), or
   * null.
   */
  static String suggest(String key, List<String> allowed) {
    return EditDistance.suggest(key.replace('-', '_'), allowed).orElse(null);
  }

  private final String file;
  private final List<Diagnostic> out;

  NodeChecks(String file, List<Diagnostic> out) {
    this.file = file;
    this.out = out;
  }

  void error(Position pos, String message, String hint) {
    out.add(new Diagnostic(file, pos, message, hint));
  }

  static String found(Node n) {
    if (n instanceof MapNode) {
      return "a map";
    } else if (n instanceof ListNode) {
      return "a list";
    }
    Scalar s = (Scalar) n;
    return switch (s.kind()) {
      case STRING -> "the text " + q(s.text());
      case INTEGER, FLOAT -> "the number " + s.text();
      case BOOLEAN -> "the boolean " + s.text();
      case NULL -> "no value";
      case INVALID -> "an unsupported value";
    };
  }

  static boolean skip(Node n) {
    return n instanceof Scalar s && s.kind() == Kind.INVALID;
  }

  /**
   * Position for a problem with an entry's value: the value, or the key when the value is missing.
   */
  static Position valuePos(Entry e) {
    return e.value() instanceof Scalar s && s.kind() == Kind.NULL
        ? e.keyPosition()
        : e.value().position();
  }

  void checkKeys(MapNode m, List<String> allowed, String path) {
    for (Entry e : m.entries()) {
      if (!allowed.contains(e.key())) {
        String s = suggest(e.key(), allowed);
        String list = "allowed: " + String.join(", ", allowed);
        error(
            e.keyPosition(),
            "unknown key " + q(e.key()) + where(path),
            s == null ? list : "did you mean " + q(s) + "? " + list);
      }
    }
  }

  void missing(MapNode m, String key, String path, String hint) {
    error(m.position(), "missing required key " + q(key) + in(path), hint);
  }

  void wrongType(Entry e, String path, String expected, String hint) {
    error(
        valuePos(e),
        q(e.key()) + in(path) + " must be " + expected + ", found " + found(e.value()),
        hint);
  }

  /**
   * A name-valued entry: a non-empty YAML string. Numbers, booleans and missing values are refused.
   */
  String name(Entry e, String path, String example) {
    Node v = e.value();
    if (skip(v)) {
      return null;
    }
    if (v instanceof Scalar s && s.kind() == Kind.STRING) {
      if (s.text().isEmpty()) {
        error(
            s.position(),
            q(e.key()) + in(path) + " is empty",
            "write a name, e.g. " + e.key() + ": " + example);
        return null;
      }
      return s.text();
    }
    if (v instanceof Scalar s && s.kind() == Kind.NULL) {
      error(
          e.keyPosition(),
          "missing value for " + q(e.key()) + in(path),
          "write a name after the colon, e.g. " + e.key() + ": " + example);
    } else if (v instanceof Scalar s && s.kind() != Kind.INVALID) {
      error(
          s.position(),
          q(e.key()) + in(path) + " must be a name, found " + found(v),
          "YAML reads it as a "
              + (s.kind() == Kind.BOOLEAN ? "boolean" : "number")
              + "; quote it to use it as a name: "
              + e.key()
              + ": \""
              + s.text()
              + "\"");
    } else {
      wrongType(e, path, "a name", "write a single name, e.g. " + e.key() + ": " + example);
    }
    return null;
  }

  /** Checks an exact identifier's length (and for NUL); true when it is usable. */
  boolean identifier(String what, String ident, Position pos, String path) {
    if (ident.indexOf('\0') >= 0) {
      error(
          pos,
          what + " " + q(ident.replace("\0", "\\0")) + in(path) + " contains a NUL character",
          "PostgreSQL identifiers cannot contain NUL");
      return false;
    }
    int bad = Identifiers.firstUnsafe(ident);
    if (bad >= 0) {
      // A newline in a name would end the comment line it is shown in and start a psql
      // meta-command or a Liquibase directive in an exported script; invisible format characters
      // make a name read differently from what runs. Real names never need them.
      error(
          pos,
          what + " " + q(ident) + in(path) + unsafeCharacter(ident, bad),
          "names in a spec may not contain control, format or line-separator characters; rename the object to"
              + " a printable name first");
      return false;
    }
    int bytes = Identifiers.byteLength(ident);
    if (bytes > Identifiers.MAX_BYTES) {
      error(
          pos,
          what
              + " "
              + q(ident)
              + in(path)
              + " is "
              + bytes
              + " bytes; PostgreSQL identifiers are at most "
              + Identifiers.MAX_BYTES
              + " bytes",
          "PostgreSQL would silently truncate it; choose a shorter name");
      return false;
    }
    return true;
  }

  /** The spec file as the user named it. */
  String file() {
    return file;
  }

  /** {@code contains the control or invisible character U+XXXX at character N}, for messages. */
  static String unsafeCharacter(String text, int index) {
    return " contains the control or invisible character "
        + String.format(Locale.ROOT, "U+%04X", text.codePointAt(index))
        + " at character "
        + (text.codePointCount(0, index) + 1);
  }

  /** How many problems have been reported so far, to tell whether a part read cleanly. */
  int count() {
    return out.size();
  }
}
