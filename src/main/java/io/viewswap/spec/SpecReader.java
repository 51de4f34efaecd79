package io.viewswap.spec;

import static io.viewswap.spec.NodeChecks.found;
import static io.viewswap.spec.NodeChecks.q;
import static io.viewswap.spec.NodeChecks.skip;

import io.viewswap.spec.YamlTree.Entry;
import io.viewswap.spec.YamlTree.Kind;
import io.viewswap.spec.YamlTree.MapNode;
import io.viewswap.spec.YamlTree.Node;
import io.viewswap.spec.YamlTree.Scalar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a rename spec from YAML. Every problem in the file is collected in one pass and thrown
 * together as a {@link SpecException}, each with the file, line and column of the node at fault.
 * Only the spec itself is checked here; whether the tables and columns exist is the catalog check's
 * business.
 *
 * <p>This class reads the top level and what ties the key groups together; each group has a reader
 * of its own ({@link RenamesReader}, {@link OptionsReader}, {@link SchemaSelectionReader}, {@link
 * SpecSqlReader}, {@link AcceptReader}) over the shared {@link NodeChecks}.
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

  static final int MAX_ID_LENGTH = 63;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

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
    Spec spec = spec(root, new NodeChecks(fileName, diagnostics));
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

  private static Spec spec(Node root, NodeChecks nodes) {
    if (root instanceof Scalar s && s.kind() == Kind.NULL) {
      nodes.error(
          new Position(1, 1),
          "the spec is empty",
          "a spec needs at least \"id\" and \"renames\"; see specs/examples/customer-to-client.yaml");
      return null;
    }
    if (!(root instanceof MapNode m)) {
      if (!skip(root)) {
        nodes.error(
            root.position(),
            "the spec must be a map of keys (id, renames, ...), found " + found(root),
            "start with \"id: <name>\" and \"renames:\"; see specs/examples/customer-to-client.yaml");
      }
      return null;
    }
    nodes.checkKeys(m, TOP_KEYS, "");

    String id = id(m, nodes);

    String description = "";
    Entry d = m.get("description");
    if (d != null && !skip(d.value())) {
      if (d.value() instanceof Scalar s) {
        description = s.kind() == Kind.NULL ? "" : s.text();
      } else {
        nodes.wrongType(
            d,
            "",
            "text",
            "write the description on one line, or use \"description: |\" for several");
      }
    }

    Entry ts = m.get("transition_schema");
    String transition = null;
    if (ts != null) {
      transition = nodes.name(ts, "", "public_next");
      if (transition != null
          && !nodes.identifier("transition schema", transition, ts.value().position(), "")) {
        transition = null;
      }
    }

    List<TableRename> renames = new RenamesReader(nodes).read(m, ts, transition);
    SpecOptions options = new OptionsReader(nodes).read(m);
    if (options != null
        && renames != null
        && options.releaseRole().isPresent()
        && renames.stream().allMatch(TableRename::renamesTable)) {
      Entry rr = ((MapNode) m.get("options").value()).get("release_role");
      nodes.error(
          rr.keyPosition(),
          q("release_role")
              + " in options is for tables that keep their name, but every"
              + " table of this spec is renamed",
          "new code reaches a renamed table by its new name, with no search_path; remove release_role");
      options = null;
    }
    Optional<SchemaSelection> schemas = new SchemaSelectionReader(nodes).read(m, transition);
    if (options != null
        && options.releaseRole().isPresent()
        && schemas != null
        && schemas.isPresent()) {
      // The release role's search_path is one setting per database (ALTER ROLE ... IN
      // DATABASE): every tenant of a database would overwrite the one before it, and the new
      // release would read one tenant's tables for all.
      Entry rr = ((MapNode) m.get("options").value()).get("release_role");
      nodes.error(
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
    List<SpecSql> sql = new SpecSqlReader(nodes).read(m);
    if (sql != null && !sql.isEmpty() && schemas != null && schemas.isPresent()) {
      nodes.error(
          m.get("sql").keyPosition(),
          q("sql") + " cannot be combined with " + q("schemas"),
          "the spec's SQL names its objects and would run once per tenant schema; write a spec"
              + " of named tables for the renames that need it");
      sql = null;
    }
    List<Acceptance> accept = new AcceptReader(nodes).read(m);

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
        nodes.file(),
        schemas,
        sql,
        accept);
  }

  private static String id(MapNode m, NodeChecks nodes) {
    Entry e = m.get("id");
    if (e == null) {
      nodes.missing(
          m, "id", "", "add a line \"id: <unique name>\", e.g. id: 2026-11-customer-to-client");
      return null;
    }
    String id = nodes.name(e, "", "2026-11-customer-to-client");
    if (id == null) {
      return null;
    }
    Position pos = e.value().position();
    if (!ID.matcher(id).matches()) {
      nodes.error(
          pos,
          "id " + q(id) + " may contain only letters, digits, \".\", \"_\" and \"-\"",
          "e.g. id: 2026-11-customer-to-client");
      return null;
    }
    if (id.length() > MAX_ID_LENGTH) {
      nodes.error(
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
}
