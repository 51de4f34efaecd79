package io.viewswap.spec;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec's top-level {@code schemas:}: which schemas of a database a schema-per-tenant spec runs
 * in. A bare {@code table:} in {@code renames} then means that table in each selected schema; a
 * qualified one stays the one table it names.
 *
 * @param patterns schema names and globs ({@code *} any run of characters, {@code ?} one character;
 *     everything else, case included, is literal), in spec order
 * @param positions where each pattern stands in the spec file
 * @param perSchema indexes into {@link Spec#renames()} of the renames whose table was written bare
 * @param skipMissing {@code options.skip_missing}: a selected schema without the table is skipped,
 *     not an error
 */
public record SchemaSelection(
    List<String> patterns, List<Position> positions, Set<Integer> perSchema, boolean skipMissing) {

  /** The placeholder in {@code transition_schema} that stands for each table's schema. */
  public static final String SCHEMA_PLACEHOLDER = "{schema}";

  public SchemaSelection {
    patterns = List.copyOf(patterns);
    positions = List.copyOf(positions);
    perSchema = Set.copyOf(perSchema);
    if (patterns.size() != positions.size()) {
      throw new IllegalArgumentException("one position per pattern");
    }
  }

  /** Whether any of the patterns selects this schema. */
  public boolean selects(String schema) {
    return patterns.stream().anyMatch(p -> glob(p).matcher(schema).matches());
  }

  /** Whether this one pattern selects the schema. */
  public static boolean matches(String pattern, String name) {
    return glob(pattern).matcher(name).matches();
  }

  /**
   * A glob as a Java regex: {@code *} and {@code ?} are wildcards, every other character literal.
   */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? "(?s:.*)" : "(?s:.)");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString());
  }

  /** Whether the pattern has a wildcard (a plain name must exist; a glob must match something). */
  public static boolean isGlob(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  /**
   * Whether a {@code table:} value names no schema: it has no dot outside double quotes. Such a
   * table is, with {@code schemas:}, the table in each selected schema.
   */
  static boolean bare(String raw) {
    boolean quoted = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return false;
      }
    }
    return true;
  }

  /**
   * The transition schema for a table in {@code schema}: the placeholder replaced, for messages and
   * plans.
   */
  public static String resolveTransition(String pattern, String schema) {
    return pattern.replace(SCHEMA_PLACEHOLDER, schema);
  }
}
