package io.viewswap.spec;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.ListNode;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import io.viewswap.text.DurationText;
import io.viewswap.text.EditDistance;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a rename spec from YAML. Every problem in the file is collected in one pass and thrown
 * together as a {@link SpecException}, each with the file, line and column of the node at fault.
 * Only the spec itself is checked here; whether the tables and columns exist is the catalog check's
 * business.
 */
public final class SpecReader {
  static final List<String> TOP_KEYS =
      List.of(
          "id",
          "description",
          "renames",
          "transition_schema",
          "options",
          "schemas",
          "sql",
          "accept");
  static final List<String> SQL_KEYS = List.of("forward", "inverse");
  static final List<String> RENAME_KEYS = List.of("table", "to", "columns");
  static final List<String> OPTION_KEYS =
      List.of(
          "lock_timeout",
          "statement_timeout",
          "retries",
          "backoff",
          "compat_view",
          "allow_publications",
          "rename_dependents",
          "release_role",
          "skip_missing",
          "synchronous_commit");

  static final int MAX_ID_LENGTH = 63;
  static final int MAX_RETRIES = 1000;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
  static final Pattern DURATION = DurationText.FORMAT;
  static final Pattern BACKOFF = Pattern.compile("(.*?)\\.\\.(.*)");
  private static final String DURATION_HINT =
      "write a whole number and a unit (ms, s or m), e.g. 200ms, 5s, 1m";
  private static final String TABLE_HINT =
      "write schema.table, or just table for schema \"public\"; double-quote a part that contains a dot or"
          + " a quote, e.g. '\"My Schema\".\"Odd.Name\"'";

  public SpecReader() {}

  /** Reads a spec file; the file name in diagnostics is {@code file.toString()}. */
  public Spec read(Path file) throws SpecException, IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SpecException(
          List.of(
              new Diagnostic(
                  file.toString(),
                  Position.UNKNOWN,
                  "the file is not valid UTF-8",
                  "save the spec as UTF-8 text")));
    }
    return parse(text, file.toString());
  }

  /** Parses spec text; {@code fileName} is used in diagnostics and kept in {@link Spec#file()}. */
  public Spec parse(String yaml, String fileName) throws SpecException {
    if (!yaml.isEmpty() && yaml.charAt(0) == '\uFEFF') {
      yaml = yaml.substring(1);
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    Node root = YamlTree.parse(yaml, fileName, diagnostics);
    if (root == null) {
      throw new SpecException(diagnostics);
    }
    Spec spec = new Validator(fileName, diagnostics).spec(root);
    if (!diagnostics.isEmpty() || spec == null) {
      List<Diagnostic> sorted = new ArrayList<>(diagnostics);
      sorted.sort(
          Comparator.comparing((Diagnostic d) -> !d.position().known())
              .thenComparingInt(d -> d.position().line())
              .thenComparingInt(d -> d.position().column()));
      throw new SpecException(sorted);
    }
    return spec;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Message helpers, shared with YamlTree.

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
      // YAML's own escapes, so a message naming a hostile name stays on one line and shows what to
      // write
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

  private static String in(String path) {
    return path.isEmpty() ? "" : " in " + path;
  }

  /**
   * The allowed key {@code key} was probably meant to be (a dash written for an underscore), or
   * null.
   */
  static String suggest(String key, List<String> allowed) {
    return EditDistance.suggest(key.replace('-', '_'), allowed).orElse(null);
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

  // ---------------------------------------------------------------------------------------------------------

  private static final class Validator {
    private final String file;
    private final List<Diagnostic> out;

    Validator(String file, List<Diagnostic> out) {
      this.file = file;
      this.out = out;
    }

    private void error(Position pos, String message, String hint) {
      out.add(new Diagnostic(file, pos, message, hint));
    }

    private static String found(Node n) {
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

    private static boolean skip(Node n) {
      return n instanceof Scalar s && s.kind() == Kind.INVALID;
    }

    /**
     * Position for a problem with an entry's value: the value, or the key when the value is
     * missing.
     */
    private static Position valuePos(Entry e) {
      return e.value() instanceof Scalar s && s.kind() == Kind.NULL
          ? e.keyPosition()
          : e.value().position();
    }

    private void checkKeys(MapNode m, List<String> allowed, String path) {
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

    private void missing(MapNode m, String key, String path, String hint) {
      error(m.position(), "missing required key " + q(key) + in(path), hint);
    }

    private void wrongType(Entry e, String path, String expected, String hint) {
      error(
          valuePos(e),
          q(e.key()) + in(path) + " must be " + expected + ", found " + found(e.value()),
          hint);
    }

    /**
     * A name-valued entry: a non-empty YAML string. Numbers, booleans and missing values are
     * refused.
     */
    private String name(Entry e, String path, String example) {
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
    private boolean identifier(String what, String ident, Position pos, String path) {
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
        // meta-command or a
        // Liquibase directive in an exported script; invisible format characters make a name read
        // differently
        // from what runs. Real names never need them.
        int cp = ident.codePointAt(bad);
        error(
            pos,
            what
                + " "
                + q(ident)
                + in(path)
                + " contains the control or invisible character "
                + String.format(java.util.Locale.ROOT, "U+%04X", cp)
                + " at character "
                + (ident.codePointCount(0, bad) + 1),
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

    Spec spec(Node root) {
      if (root instanceof Scalar s && s.kind() == Kind.NULL) {
        error(
            new Position(1, 1),
            "the spec is empty",
            "a spec needs at least \"id\" and \"renames\"; see specs/examples/customer-to-client.yaml");
        return null;
      }
      if (!(root instanceof MapNode m)) {
        if (!skip(root)) {
          error(
              root.position(),
              "the spec must be a map of keys (id, renames, ...), found " + found(root),
              "start with \"id: <name>\" and \"renames:\"; see specs/examples/customer-to-client.yaml");
        }
        return null;
      }
      checkKeys(m, TOP_KEYS, "");

      String id = id(m);

      String description = "";
      Entry d = m.get("description");
      if (d != null && !skip(d.value())) {
        if (d.value() instanceof Scalar s) {
          description = s.kind() == Kind.NULL ? "" : s.text();
        } else {
          wrongType(
              d,
              "",
              "text",
              "write the description on one line, or use \"description: |\" for several");
        }
      }

      Entry ts = m.get("transition_schema");
      String transition = null;
      if (ts != null) {
        transition = name(ts, "", "public_next");
        if (transition != null
            && !identifier("transition schema", transition, ts.value().position(), "")) {
          transition = null;
        }
      }

      List<TableRename> renames = renames(m, ts, transition);
      SpecOptions options = options(m);
      if (options != null
          && renames != null
          && options.releaseRole().isPresent()
          && renames.stream().allMatch(TableRename::renamesTable)) {
        Entry rr = ((MapNode) m.get("options").value()).get("release_role");
        error(
            rr.keyPosition(),
            q("release_role")
                + " in options is for tables that keep their name, but every"
                + " table of this spec is renamed",
            "new code reaches a renamed table by its new name, with no search_path; remove release_role");
        options = null;
      }
      Optional<SchemaSelection> schemas = new SchemaSelectionReader(file, out).read(m, transition);
      if (options != null
          && options.releaseRole().isPresent()
          && schemas != null
          && schemas.isPresent()) {
        // The release role's search_path is one setting per database (ALTER ROLE ... IN
        // DATABASE): every tenant of a database would overwrite the one before it, and the new
        // release would read one tenant's tables for all.
        Entry rr = ((MapNode) m.get("options").value()).get("release_role");
        error(
            rr.keyPosition(),
            q("release_role")
                + " in options cannot be combined with "
                + q("schemas")
                + ": its search_path is one setting per database, and each tenant would"
                + " overwrite the one before",
            "give each tenant's release its own role and spec, or drop schemas: and name the"
                + " tables; a --targets fleet without schemas: may keep release_role");
        options = null;
      }
      List<SpecSql> sql = sql(m);
      if (sql != null && !sql.isEmpty() && schemas != null && schemas.isPresent()) {
        error(
            m.get("sql").keyPosition(),
            q("sql") + " cannot be combined with " + q("schemas"),
            "the spec's SQL names its objects and would run once per tenant schema; write a spec"
                + " of named tables for the renames that need it");
        sql = null;
      }
      List<Acceptance> accept = accept(m);

      if (id == null
          || accept == null
          || renames == null
          || options == null
          || (ts != null && transition == null)
          || schemas == null
          || sql == null) {
        return null;
      }
      return new Spec(
          id,
          description,
          renames,
          Optional.ofNullable(transition),
          options,
          file,
          schemas,
          sql,
          accept);
    }

    /**
     * {@code sql:}: per phase, one entry or a list of entries, each {@code forward:} and {@code
     * inverse:}, one statement apiece. Empty when absent, null (after reporting) when bad.
     */
    private List<SpecSql> sql(MapNode root) {
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
        wrongType(e, "", "a map of phase (expand, swap, contract) to statements", example);
        return null;
      }
      checkKeys(m, SpecSql.PHASES, "sql");
      int before = out.size();
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
          wrongType(p, "sql", "an entry with forward and inverse, or a list of them", example);
          continue;
        }
        for (int i = 0; i < items.size(); i++) {
          SpecSql x = sqlEntry(phase, i, items.get(i));
          if (x != null) {
            result.add(x);
          }
        }
      }
      return out.size() == before ? result : null;
    }

    private SpecSql sqlEntry(String phase, int index, Node node) {
      String path = "sql." + phase + "[" + index + "]";
      if (skip(node)) {
        return null;
      }
      if (!(node instanceof MapNode m)) {
        error(
            node.position(),
            path + " must be a map with \"forward\" and \"inverse\", found " + found(node),
            "write forward: <statement> and inverse: <the statement that undoes it>");
        return null;
      }
      checkKeys(m, SQL_KEYS, path);
      String forward = statement(m, "forward", path);
      String inverse = statement(m, "inverse", path);
      if (forward == null || inverse == null) {
        return null;
      }
      return new SpecSql(phase, index, forward, inverse, m.position());
    }

    /** One statement of spec SQL; null (after reporting) when missing or not exactly one. */
    private String statement(MapNode m, String key, String path) {
      Entry e = m.get(key);
      if (e == null) {
        missing(
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
        wrongType(
            e,
            path,
            "one SQL statement",
            "write it as text; for several lines use \""
                + key
                + ": |\" and indent the lines below");
        return null;
      }
      String text = s.text();
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        if (Identifiers.isUnsafe(cp) && cp != '\n' && cp != '\r' && cp != '\t') {
          error(
              s.position(),
              path
                  + "."
                  + key
                  + " contains the control or invisible character "
                  + String.format(java.util.Locale.ROOT, "U+%04X", cp)
                  + " at character "
                  + (text.codePointCount(0, i) + 1),
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
        error(
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

    private static final List<String> ACCEPT_KEYS = List.of("finding", "object", "reason");

    private static final String ACCEPT_HINT =
        "write each entry as {finding: function-body, object: \"public.audit(integer)\", reason: \"...\"},"
            + " with the code and the object as `viewswap check` names them";

    /**
     * The top-level {@code accept:} list; null after an error. Which codes may be accepted, and
     * whether each entry matches a finding, is decided by check against the catalog.
     */
    private List<Acceptance> accept(MapNode root) {
      Entry e = root.get("accept");
      if (e == null || skip(e.value())) {
        return List.of();
      }
      if (!(e.value() instanceof ListNode seq)) {
        wrongType(e, "", "a list", ACCEPT_HINT);
        return null;
      }
      List<Acceptance> out = new ArrayList<>();
      boolean ok = true;
      for (Node item : seq.items()) {
        if (!(item instanceof MapNode m)) {
          error(
              item.position(),
              "an entry of accept must be a map, found " + found(item),
              ACCEPT_HINT);
          ok = false;
          continue;
        }
        checkKeys(m, ACCEPT_KEYS, "accept");
        String[] values = new String[3];
        for (int i = 0; i < 3; i++) {
          Entry v = m.get(ACCEPT_KEYS.get(i));
          if (v == null) {
            missing(m, ACCEPT_KEYS.get(i), "accept", ACCEPT_HINT);
            ok = false;
          } else if (!(v.value() instanceof Scalar s)
              || s.kind() == Kind.NULL
              || s.text().isBlank()) {
            wrongType(v, "accept", "text", ACCEPT_HINT);
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

    private String id(MapNode m) {
      Entry e = m.get("id");
      if (e == null) {
        missing(
            m, "id", "", "add a line \"id: <unique name>\", e.g. id: 2026-11-customer-to-client");
        return null;
      }
      String id = name(e, "", "2026-11-customer-to-client");
      if (id == null) {
        return null;
      }
      Position pos = e.value().position();
      if (!ID.matcher(id).matches()) {
        error(
            pos,
            "id " + q(id) + " may contain only letters, digits, \".\", \"_\" and \"-\"",
            "e.g. id: 2026-11-customer-to-client");
        return null;
      }
      if (id.length() > MAX_ID_LENGTH) {
        error(
            pos,
            "id "
                + q(id)
                + " is "
                + id.length()
                + " characters long; at most "
                + MAX_ID_LENGTH
                + " are allowed",
            "shorten the id");
        return null;
      }
      return id;
    }

    // -------------------------------------------------------------------------------------------------------

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

    private List<TableRename> renames(MapNode m, Entry transitionEntry, String transition) {
      Entry e = m.get("renames");
      if (e == null) {
        missing(
            m,
            "renames",
            "",
            "add \"renames:\" with at least one entry \"- table: <schema.table>\"");
        return null;
      }
      if (skip(e.value())) {
        return null;
      }
      if (!(e.value() instanceof ListNode list)) {
        wrongType(
            e,
            "",
            "a list of tables",
            "write one entry per table, each starting with \"- table: <schema.table>\"");
        return null;
      }
      if (list.items().isEmpty()) {
        error(
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

    private Item rename(Node node, String path) {
      Item broken = new Item(path, null, null, node.position(), null);
      if (skip(node)) {
        return broken;
      }
      if (!(node instanceof MapNode m)) {
        error(
            node.position(),
            path
                + " must be a map with \"table\" and \"to\" and/or \"columns\", found "
                + found(node),
            "write \"- table: <schema.table>\" and, indented below it, \"to:\" and/or \"columns:\"");
        return broken;
      }
      checkKeys(m, RENAME_KEYS, path);
      boolean ok = true;

      QualifiedName table = null;
      Position tablePos = m.position();
      Entry t = m.get("table");
      if (t == null) {
        missing(m, "table", path, "add \"table: <schema.table>\" naming the table to rename");
        ok = false;
      } else {
        tablePos = valuePos(t);
        String raw = name(t, path, "public.customer");
        if (raw == null) {
          ok = false;
        } else {
          ParsedName p = parseTableName(raw);
          if (p.error() != null) {
            error(tablePos, "bad table name " + q(raw) + in(path) + ": " + p.error(), TABLE_HINT);
            ok = false;
          } else {
            boolean good = identifier("schema name", p.name().schema(), tablePos, path);
            good &= identifier("table name", p.name().name(), tablePos, path);
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
        to = name(toEntry, path, "client");
        if (to == null) {
          ok = false;
        } else if (to.indexOf('.') >= 0) {
          error(
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
        } else if (!identifier("new table name", to, toPos, path)) {
          to = null;
          ok = false;
        } else if (table != null && to.equals(table.name())) {
          error(
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
        error(
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

    private List<ColumnRename> columns(Entry e, String tablePath) {
      String path = tablePath + ".columns";
      if (skip(e.value())) {
        return null;
      }
      if (!(e.value() instanceof MapNode m)) {
        if (e.value() instanceof Scalar s && s.kind() == Kind.NULL) {
          error(
              e.keyPosition(),
              "missing value for " + q("columns") + in(tablePath),
              "list the columns below it, one \"old_name: new_name\" per line, or remove \"columns:\"");
        } else {
          wrongType(
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
          error(
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
          error(
              fromPos,
              "empty column name" + in(path),
              "write the column's current name before the colon");
          ok = false;
          from = null;
        } else if (!identifier("column name", from, fromPos, path)) {
          ok = false;
          from = null;
        }
        String to = columnTarget(col, path);
        if (to != null && !identifier("new column name", to, col.value().position(), path)) {
          to = null;
        }
        if (to == null) {
          ok = false;
          continue;
        }
        if (from != null && from.equals(to)) {
          error(
              col.value().position(),
              "column " + q(from) + in(tablePath) + " is renamed to its own name",
              "remove this line, or give the column a different new name");
          ok = false;
          continue;
        }
        Entry first = byTarget.putIfAbsent(to, col);
        if (first != null) {
          Position fp = first.value().position();
          error(
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

    private String columnTarget(Entry col, String path) {
      Node v = col.value();
      if (skip(v)) {
        return null;
      }
      if (v instanceof Scalar s && s.kind() == Kind.STRING) {
        if (s.text().isEmpty()) {
          error(
              s.position(),
              "new name of column " + q(col.key()) + in(path) + " is empty",
              "write the column's new name after the colon");
          return null;
        }
        return s.text();
      }
      if (v instanceof Scalar s && s.kind() == Kind.NULL) {
        error(
            col.keyPosition(),
            "missing new name for column " + q(col.key()) + in(path),
            "write the new name after the colon, e.g. " + col.key() + ": new_name");
      } else if (v instanceof Scalar s) {
        error(
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
        error(
            v.position(),
            "new name of column " + q(col.key()) + in(path) + " must be a name, found " + found(v),
            "write \"old_name: new_name\" on one line");
      }
      return null;
    }

    /**
     * Checks between entries: one entry per table, distinct final names, and the transition schema.
     */
    private boolean crossChecks(List<Item> items, Entry transitionEntry, String transition) {
      boolean ok = true;
      Map<QualifiedName, Item> bySource = new LinkedHashMap<>();
      for (Item it : items) {
        if (it.table() == null) {
          continue;
        }
        Item first = bySource.putIfAbsent(it.table(), it);
        if (first != null) {
          error(
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
          error(
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
          error(
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
            error(
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

    // -------------------------------------------------------------------------------------------------------

    private SpecOptions options(MapNode root) {
      SpecOptions def = SpecOptions.DEFAULTS;
      Entry e = root.get("options");
      if (e == null || (e.value() instanceof Scalar s0 && s0.kind() == Kind.NULL)) {
        return def;
      }
      if (skip(e.value())) {
        return null;
      }
      if (!(e.value() instanceof MapNode m)) {
        wrongType(
            e,
            "",
            "a map of option names to values",
            "write one \"name: value\" line per option, e.g." + " lock_timeout: 200ms");
        return null;
      }
      checkKeys(m, OPTION_KEYS, "options");
      int before = out.size();
      Duration lock = duration(m.get("lock_timeout"), def.lockTimeout());
      Duration statement = duration(m.get("statement_timeout"), def.statementTimeout());
      Integer retries = retries(m.get("retries"), def.retries());
      Duration[] backoff = backoff(m.get("backoff"), def.backoffMin(), def.backoffMax());
      Boolean compat = bool(m.get("compat_view"), def.compatView());
      Boolean publications = bool(m.get("allow_publications"), def.allowPublications());
      Boolean dependents = bool(m.get("rename_dependents"), def.renameDependents());
      Optional<String> releaseRole = releaseRole(m.get("release_role"));
      Boolean keepSyncCommit = synchronousCommit(m.get("synchronous_commit"));
      if (out.size() != before
          || keepSyncCommit == null
          || lock == null
          || statement == null
          || retries == null
          || backoff == null
          || compat == null
          || publications == null
          || dependents == null
          || releaseRole == null) {
        return null;
      }
      Entry rr = m.get("release_role");
      return new SpecOptions(
          lock,
          statement,
          retries,
          backoff[0],
          backoff[1],
          compat,
          publications,
          dependents,
          releaseRole,
          rr == null ? Position.UNKNOWN : rr.value().position(),
          keepSyncCommit);
    }

    /**
     * {@code synchronous_commit: local} (the default: the phase's COMMIT does not wait for
     * synchronous standbys while it holds its locks) or {@code configured} (it waits as the server
     * says); true for configured, null (after reporting) when bad.
     */
    private Boolean synchronousCommit(Entry e) {
      if (e == null) {
        return false;
      }
      if (skip(e.value())) {
        return null;
      }
      if (e.value() instanceof Scalar s && s.kind() != Kind.NULL) {
        switch (s.text()) {
          case "local":
            return false;
          case "configured":
            return true;
          default:
            break;
        }
      }
      error(
          e.value().position(),
          "synchronous_commit in options must be local or configured",
          "local (the default) commits the phase without waiting for synchronous standbys while it"
              + " holds its locks; configured waits as the server is configured, however long that is");
      return null;
    }

    /** {@code release_role: NAME}: empty when absent, null (after reporting) when bad. */
    private Optional<String> releaseRole(Entry e) {
      if (e == null) {
        return Optional.empty();
      }
      String role = name(e, "options", "app_next");
      if (role == null || !identifier("release role", role, e.value().position(), "options")) {
        return null;
      }
      if (role.equalsIgnoreCase("public") || role.startsWith("pg_")) {
        error(
            e.value().position(),
            "release role " + q(role) + " in options is reserved by PostgreSQL",
            "name the login role the new release connects as");
        return null;
      }
      return Optional.of(role);
    }

    /** Parses {@code 200ms}, {@code 5s}, {@code 1m}; null (after reporting) when bad. */
    private Duration parseDuration(String text, Position pos, String what, String path) {
      try {
        return DurationText.parse(text);
      } catch (DurationText.Invalid e) {
        switch (e.problem()) {
          case NOT_A_DURATION ->
              error(pos, "bad duration " + q(text) + " for " + what + in(path), DURATION_HINT);
          case ZERO ->
              error(
                  pos,
                  what + in(path) + " must be greater than zero, found " + q(text),
                  "use at least 1ms");
          case TOO_LONG ->
              error(
                  pos,
                  what + in(path) + " is too long: " + q(text),
                  "PostgreSQL accepts at most " + DurationText.MAX_MS + "ms (about 24 days)");
        }
        return null;
      }
    }

    private Duration duration(Entry e, Duration def) {
      if (e == null) {
        return def;
      }
      Node v = e.value();
      if (skip(v)) {
        return null;
      }
      if (v instanceof Scalar s && s.kind() == Kind.STRING) {
        return parseDuration(s.text(), s.position(), q(e.key()), "options");
      }
      if (v instanceof Scalar s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT)) {
        error(
            s.position(),
            q(e.key()) + " in options needs a unit, found the number " + s.text(),
            "write " + s.text() + "ms, " + s.text() + "s or " + s.text() + "m");
      } else if (v instanceof Scalar s && s.kind() == Kind.NULL) {
        error(
            e.keyPosition(),
            "missing value for " + q(e.key()) + " in options",
            "write a duration such as "
                + format(def)
                + ", or remove the line to use the default "
                + format(def));
      } else {
        wrongType(e, "options", "a duration", DURATION_HINT);
      }
      return null;
    }

    private Integer retries(Entry e, int def) {
      if (e == null) {
        return def;
      }
      Node v = e.value();
      if (skip(v)) {
        return null;
      }
      if (v instanceof Scalar s && s.kind() == Kind.INTEGER) {
        BigInteger n;
        try {
          n = new BigInteger(s.text().replace("_", ""));
        } catch (NumberFormatException ex) {
          n = null;
        }
        if (n != null && n.signum() >= 0 && n.compareTo(BigInteger.valueOf(MAX_RETRIES)) <= 0) {
          return n.intValue();
        }
        error(
            s.position(),
            q("retries")
                + " in options must be between 0 and "
                + MAX_RETRIES
                + ", found "
                + s.text(),
            "attempts = retries + 1; the default is " + def);
        return null;
      }
      if (v instanceof Scalar s && s.kind() == Kind.NULL) {
        error(
            e.keyPosition(),
            "missing value for " + q("retries") + " in options",
            "write a whole number, or remove the line to use the default " + def);
      } else {
        wrongType(
            e,
            "options",
            "a whole number between 0 and " + MAX_RETRIES,
            "write it without quotes, e.g. retries: " + def);
      }
      return null;
    }

    private Duration[] backoff(Entry e, Duration defMin, Duration defMax) {
      if (e == null) {
        return new Duration[] {defMin, defMax};
      }
      Node v = e.value();
      if (skip(v)) {
        return null;
      }
      if (!(v instanceof Scalar s) || s.kind() != Kind.STRING) {
        if (v instanceof Scalar s && s.kind() == Kind.NULL) {
          error(
              e.keyPosition(),
              "missing value for " + q("backoff") + " in options",
              "write min..max, e.g. backoff: 50ms..5s, or remove the line to use the default");
        } else {
          wrongType(
              e, "options", "a range min..max", "write it as min..max, e.g. backoff: 50ms..5s");
        }
        return null;
      }
      Matcher mt = BACKOFF.matcher(s.text());
      if (!mt.matches()) {
        error(
            s.position(),
            "bad backoff " + q(s.text()) + " in options",
            "write min..max with two durations, e.g. backoff: 50ms..5s");
        return null;
      }
      String what = "backoff " + q(s.text());
      Duration min = parseDuration(mt.group(1), s.position(), what, "options");
      Duration max = parseDuration(mt.group(2), s.position(), what, "options");
      if (min == null || max == null) {
        return null;
      }
      if (min.compareTo(max) > 0) {
        error(
            s.position(),
            "backoff "
                + q(s.text())
                + " in options has its minimum "
                + mt.group(1)
                + " above its maximum "
                + mt.group(2),
            "write the smaller duration first: " + mt.group(2) + ".." + mt.group(1));
        return null;
      }
      return new Duration[] {min, max};
    }

    private Boolean bool(Entry e, boolean def) {
      if (e == null) {
        return def;
      }
      Node v = e.value();
      if (skip(v)) {
        return null;
      }
      if (v instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
        return Boolean.valueOf(
            switch (s.text().toLowerCase(java.util.Locale.ROOT)) {
              case "true", "yes", "on", "y" -> true;
              default -> false;
            });
      }
      if (v instanceof Scalar s && s.kind() == Kind.NULL) {
        error(
            e.keyPosition(),
            "missing value for " + q(e.key()) + " in options",
            "write true or false, or remove the line to use the default " + def);
      } else {
        wrongType(
            e, "options", "true or false", "write " + e.key() + ": " + def + " (without quotes)");
      }
      return null;
    }

    private static String format(Duration d) {
      long ms = d.toMillis();
      if (ms % 60_000 == 0) {
        return ms / 60_000 + "m";
      } else if (ms % 1000 == 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
  }
}
